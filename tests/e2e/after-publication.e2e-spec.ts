import { ARTICLE, withEditedMemphisSentence } from './support/article.fixture';
import { approvedArticle, draft, freshSummary, must, mutate, type Article, type Desk } from './support/article.flow';
import { newsroom, removeDataDir, startGalley, type Galley } from './support/galley.harness';

describe('after publication: corrections, suggested corrections, retraction; and discarding before', () => {
  let galley: Galley;
  let desk: Desk;

  beforeAll(async () => {
    galley = await startGalley();
  });
  beforeEach(() => {
    desk = newsroom();
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  async function published(): Promise<Article> {
    const approved = await approvedArticle(galley, desk, { title: `Published ${Math.random().toString(36).slice(2)}` });
    return must(galley, 'publishArticle', { id: approved.id }, desk.publisher);
  }

  it('issues a correction: the changed claim goes back to the queue flagged post-publication, the TL;DR goes stale', async () => {
    const article = await published();
    const corrected = await must(
      galley,
      'issueCorrection',
      { id: article.id, kind: 'CORRECTION', body: withEditedMemphisSentence(ARTICLE.body), note: 'An earlier version of this article understated the Memphis cluster.' },
      desk.editor,
    );
    expect(corrected).toMatchObject({ stage: 'PUBLISHED', slug: article.slug, edition: article.edition });
    expect(corrected.summary!.stale).toBe(true);
    const queue = await galley.gql(`{ claimQueue(first: 100) { edges { node { articleId postPublication claim { text status } } } } }`, {}, desk.factChecker);
    const flagged = queue.data!.claimQueue.edges.filter((e: any) => e.node.articleId === article.id);
    expect(flagged).toHaveLength(1);
    expect(flagged[0].node).toMatchObject({ postPublication: true, claim: { status: 'PENDING' } });
    expect(flagged[0].node.claim.text).toContain('200,000 GPUs');

    const publicView = await galley.gql(`query($slug: String!) { publishedArticle(slug: $slug) { body corrections { kind note } updatedAt } }`, { slug: article.slug });
    expect(publicView.data!.publishedArticle.body).toContain('200,000 GPUs');
    expect(publicView.data!.publishedArticle.corrections).toEqual([{ kind: 'CORRECTION', note: expect.stringContaining('understated') }]);
    expect(publicView.data!.publishedArticle.updatedAt).not.toBeNull();

    // The TL;DR is regenerated on request and is fresh again.
    await must(galley, 'generateSummary', { id: article.id }, desk.writer);
    await freshSummary(galley, article.id, desk.writer);
  });

  it('refuses a correction without a public note, and a silent fix with one', async () => {
    const article = await published();
    const noNote = await mutate(galley, 'issueCorrection', { id: article.id, kind: 'CORRECTION', title: 'New title' }, desk.editor);
    expect(noNote.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const noisyFix = await mutate(galley, 'issueCorrection', { id: article.id, kind: 'SILENT_FIX', title: 'Typo fixed', note: 'x' }, desk.editor);
    expect(noisyFix.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const writerFix = await mutate(galley, 'issueCorrection', { id: article.id, kind: 'SILENT_FIX', title: 'Typo fixed' }, desk.writer);
    expect(writerFix.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('flags "correction suggested" when a published claim is disputed, and shows it on the dashboard', async () => {
    const article = await published();
    const disputed = await must(
      galley,
      'recordVerdict',
      { id: article.id, claimId: article.claims[0].id, status: 'DISPUTED', note: 'The filing says $75 billion.' },
      desk.factChecker,
    );
    expect(disputed.stage).toBe('PUBLISHED');
    const { dashboard } = (await galley.gql(`{ dashboard { correctionSuggested { id } } }`, {}, desk.editor)).data!;
    expect(dashboard.correctionSuggested.map((a: { id: string }) => a.id)).toContain(article.id);
  });

  it('retracts with a public reason and keeps the record', async () => {
    const article = await published();
    const retracted = await must(galley, 'retractArticle', { id: article.id, reason: 'The central figure could not be substantiated.' }, desk.editor);
    expect(retracted.stage).toBe('RETRACTED');
    expect(retracted.history.length).toBe(article.version + 1);
    const publicView = await galley.gql(`query($slug: String!) { publishedArticle(slug: $slug) { title body retraction { reason } } }`, { slug: article.slug });
    expect(publicView.data!.publishedArticle).toEqual({ title: article.title, body: '', retraction: { reason: 'The central figure could not be substantiated.' } });
  });

  it('discards an unpublished article with a reason, keeping its history', async () => {
    const drafted = await draft(galley, desk);
    const discarded = await must(galley, 'discardArticle', { id: drafted.id, reason: 'Overtaken by events.' }, desk.writer);
    expect(discarded.stage).toBe('DISCARDED');
    const again = await mutate(galley, 'reviseArticle', { id: drafted.id, title: 'Back from the dead' }, desk.writer);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', stage: 'DISCARDED' });
  });
});
