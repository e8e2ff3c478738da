import { randomUUID } from 'node:crypto';
import { type ArticleCommand } from '@galley/editorial';
import { type EventStore } from '@galley/event-store';
import { CommandBus } from '@nestjs/cqrs';
import { ArticleSnapshots } from '../../apps/api/src/articles/article-snapshots';
import { ArticleRepository } from '../../apps/api/src/articles/article.repository';
import { ExecuteArticleCommand } from '../../apps/api/src/articles/commands/article-command.message';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/event-store.provider';
import { ARTICLE, withEditedMemphisSentence } from './support/article.fixture';
import { approvedArticle, checkAllClaims, draft, freshSummary, must, mutate, readArticle, type Desk } from './support/article.flow';
import { newsroom, removeDataDir, startGalley, type Galley } from './support/galley.harness';

describe('an article’s whole life through GraphQL', () => {
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

  it('goes from draft to published, every step an event, with claims checked one by one', async () => {
    const drafted = await draft(galley, desk);
    expect(drafted).toMatchObject({ stage: 'DRAFT', version: 1, title: ARTICLE.title, series: ARTICLE.series, author: { name: 'Wanda Writer' } });

    const submitted = await must(galley, 'submitForFactCheck', { id: drafted.id, expectedVersion: 1 }, desk.writer);
    expect(submitted.stage).toBe('FACT_CHECK');
    expect(submitted.claims.map((c) => c.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING', 'PENDING']);
    const capex = submitted.claims.find((c) => c.text.startsWith('Microsoft said'))!;
    expect(capex).toMatchObject({ kind: 'MONEY', value: 8e10, unit: 'USD' });

    // The queue shows the claims with their article, oldest first.
    const queue = await galley.gql(`{ claimQueue(first: 100) { totalCount edges { node { articleId articleTitle claim { id status } } } } }`, {}, desk.factChecker);
    const mine = queue.data!.claimQueue.edges.filter((e: any) => e.node.articleId === drafted.id);
    expect(mine).toHaveLength(5);

    const checked = await checkAllClaims(galley, desk, submitted);
    expect(checked.stage).toBe('SUMMARIZE');
    expect(checked.summary).toBeNull(); // the summary is asynchronous: it is not in the mutation's answer

    const summarized = await freshSummary(galley, drafted.id, desk.writer);
    expect(summarized.summary).toMatchObject({ provider: 'extractive', stale: false, disclosure: 'Extracted from the article' });
    expect(ARTICLE.body.replace(/\n/g, ' ')).toContain(summarized.summary!.text.split('. ')[0]);

    const inReview = await must(galley, 'submitForReview', { id: drafted.id }, desk.writer);
    expect(inReview.stage).toBe('REVIEW');
    const approved = await must(galley, 'approveArticle', { id: drafted.id, comment: 'Clear and fair.' }, desk.editor);
    expect(approved.stage).toBe('APPROVED');
    expect(approved.reviews).toEqual([expect.objectContaining({ verdict: 'APPROVED' })]);

    const beforePublication = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const published = await must(galley, 'publishArticle', { id: drafted.id }, desk.publisher);
    expect(published).toMatchObject({ stage: 'PUBLISHED', slug: 'the-compute-bill-comes-due' });
    expect(published.edition).toBeGreaterThanOrEqual(1);
    expect(published.readingTimeMinutes).toBeGreaterThanOrEqual(1);
    expect(published.publishedAt).not.toBeNull();
    expect(published.history.map((h) => h.type)).toContain('ArticlePublished');
    expect(published.history.map((h) => h.version)).toEqual(published.history.map((_, i) => i + 1));

    // Time travel: folded from the store as it stood before publication.
    const asOf = await readArticle(galley, drafted.id, desk.editor, `, asOf: "${beforePublication.toISOString()}"`);
    expect(asOf).toMatchObject({ stage: 'APPROVED', publishedAt: null });
    const atVersion = await readArticle(galley, drafted.id, desk.editor, ', version: 1');
    expect(atVersion).toMatchObject({ stage: 'DRAFT', version: 1 });

    // The public side, without a token.
    const publicView = await galley.gql(
      `query($slug: String!) { publishedArticle(slug: $slug) { slug title edition tldr { text disclosure } claimReviews } }`,
      { slug: published.slug },
    );
    expect(publicView.data!.publishedArticle).toMatchObject({ slug: published.slug, tldr: { disclosure: 'Extracted from the article' } });
    expect(publicView.data!.publishedArticle.claimReviews).toHaveLength(5);
    expect(publicView.data!.publishedArticle.claimReviews[0]).toMatchObject({ '@type': 'ClaimReview', reviewRating: { '@type': 'Rating' } });
  });

  it('re-anchors claims on a revision: only the edited sentence goes back to PENDING, and the summary goes stale', async () => {
    const approved = await approvedArticle(galley, desk);
    const before = await readArticle(galley, approved.id, desk.editor);
    const memphis = before!.claims.find((c) => c.text.includes('Memphis'))!;

    const revised = await must(
      galley,
      'reviseArticle',
      { id: approved.id, body: withEditedMemphisSentence(ARTICLE.body), expectedVersion: before!.version },
      desk.writer,
    );
    expect(revised.stage).toBe('FACT_CHECK');
    expect(revised.reviews.filter((r) => r.verdict === 'APPROVED')).toHaveLength(1); // the record of the review stays
    const pending = revised.claims.filter((c) => c.status === 'PENDING');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ supersedes: memphis.id, value: 2e5, unit: 'GPUs' });
    const kept = revised.claims.filter((c) => c.status !== 'PENDING').map((c) => [c.id, c.status]);
    expect(kept).toEqual(before!.claims.filter((c) => c.id !== memphis.id).map((c) => [c.id, c.status]));
    expect(revised.summary!.stale).toBe(true);
    expect(revised.history.map((h) => h.type)).toEqual(
      expect.arrayContaining(['ArticleRevised', 'ClaimDropped', 'ClaimExtracted', 'FactCheckReopened']),
    );

    // Checking the new claim moves the article on and a fresh summary follows.
    await must(galley, 'recordVerdict', { id: approved.id, claimId: pending[0].id, status: 'VERIFIED' }, desk.factChecker);
    const resummarized = await freshSummary(galley, approved.id, desk.writer);
    expect(resummarized.stage).toBe('SUMMARIZE');
  });

  it('flags a summary that states a figure the article does not contain, and holds it out of review until fixed', async () => {
    const drafted = await draft(galley, desk);
    await checkAllClaims(galley, desk, await must(galley, 'submitForFactCheck', { id: drafted.id }, desk.writer));
    await freshSummary(galley, drafted.id, desk.writer);
    const invented = await must(galley, 'editSummary', { id: drafted.id, text: 'Microsoft will spend $95 billion on data centres.' }, desk.writer);
    expect(invented.summary).toMatchObject({ unsupportedFigures: ['95'] });
    const refused = await mutate(galley, 'submitForReview', { id: drafted.id }, desk.writer);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', rule: 'SUMMARY_UNSUPPORTED_FIGURE' });
    await must(galley, 'editSummary', { id: drafted.id, text: 'Microsoft will spend about $80 billion on data centres.' }, desk.writer);
    expect((await must(galley, 'submitForReview', { id: drafted.id }, desk.writer)).stage).toBe('REVIEW');
  });

  it('keeps in memory, after each command, the article its stored events fold to', async () => {
    const approved = await approvedArticle(galley, desk);
    const revised = await must(galley, 'reviseArticle', { id: approved.id, body: withEditedMemphisSentence(ARTICLE.body) }, desk.writer);
    await checkAllClaims(galley, desk, revised);
    await freshSummary(galley, approved.id, desk.writer);
    await must(galley, 'setDeadline', { id: approved.id, dueAt: '2031-05-01T12:00:00.000Z' }, desk.editor);
    await must(galley, 'submitForReview', { id: approved.id }, desk.writer);
    await must(galley, 'approveArticle', { id: approved.id, comment: 'Still sharp.' }, desk.editor);
    await must(galley, 'publishArticle', { id: approved.id }, desk.publisher);
    await must(galley, 'issueCorrection', { id: approved.id, kind: 'CORRECTION', body: ARTICLE.body, note: 'The Memphis figure is back as first reported.' }, desk.editor);

    const store = galley.app.get<symbol, EventStore>(EVENT_STORE);
    const reads = jest.spyOn(store, 'readStream');
    const remembered = await galley.app.get(ArticleRepository).load(approved.id);
    // Only the event the remembered article stands on was read: no command's events were folded again.
    expect(await reads.mock.results[0].value).toHaveLength(1);
    expect(remembered.events).toHaveLength(0);
    reads.mockRestore();

    // The same article folded from the store by a repository that has nothing in memory.
    const folded = await new ArticleRepository(store, new ArticleSnapshots(store)).load(approved.id);
    expect(folded.events.length).toBeGreaterThan(20);
    expect(remembered.version).toBe(folded.version);
    expect(remembered.state).toStrictEqual(folded.state);
    expect(remembered.history).toStrictEqual(folded.history);
    expect([...remembered.commandIds].sort()).toEqual([...folded.commandIds].sort());
  });

  it('answers a stale expectedVersion with CONFLICT and the current version', async () => {
    const drafted = await draft(galley, desk);
    await must(galley, 'reviseArticle', { id: drafted.id, dek: 'A sharper standfirst.', expectedVersion: 1 }, desk.writer);
    const stale = await mutate(galley, 'reviseArticle', { id: drafted.id, dek: 'Another standfirst.', expectedVersion: 1 }, desk.writer);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect((await readArticle(galley, drafted.id, desk.writer))!.version).toBe(2);
  });

  it('writes a command once, however often it is sent with the same commandId', async () => {
    const commandId = randomUUID();
    const first = await must(galley, 'draftArticle', { ...ARTICLE, commandId }, desk.writer);
    const again = await must(galley, 'draftArticle', { ...ARTICLE, commandId }, desk.writer);
    expect(again.id).toBe(first.id);
    expect(again.version).toBe(1);

    const reviseId = randomUUID();
    await must(galley, 'reviseArticle', { id: first.id, title: 'The compute bill, itemised', commandId: reviseId }, desk.writer);
    const repeated = await must(galley, 'reviseArticle', { id: first.id, title: 'The compute bill, itemised', commandId: reviseId }, desk.writer);
    expect(repeated.version).toBe(2);
    expect(repeated.history.map((h) => h.type)).toEqual(['ArticleDrafted', 'ArticleRevised']);
  });

  it('writes a draft the server names without reading its stream; were that stream there, the store refuses and the command reads it', async () => {
    const loads = jest.spyOn(galley.app.get(ArticleRepository), 'load');
    const drafted = await must(galley, 'draftArticle', { ...ARTICLE }, desk.writer);
    expect(loads).not.toHaveBeenCalled();
    // Sent on the real CommandBus as the resolver sends a draft without a commandId, but under an id already taken.
    const command = {
      type: 'DraftArticle',
      data: { articleId: drafted.id, title: 'A second draft', dek: null, body: ARTICLE.body, series: null, sensitive: null },
      metadata: { actor: { id: 'wanda-bus', name: 'Wanda Writer', roles: ['writer'] }, now: new Date() },
    } as unknown as ArticleCommand;
    const sent = galley.app.get(CommandBus).execute(new ExecuteArticleCommand(command, { commandId: randomUUID(), newArticle: true }));
    await expect(sent).rejects.toMatchObject({ rule: 'ALREADY_EXISTS' });
    expect(loads).toHaveBeenCalledTimes(1);
    loads.mockRestore();
    const stream = await galley.app.get<symbol, EventStore>(EVENT_STORE).readStream(`article-${drafted.id}`);
    expect(stream.map((event) => event.type)).toEqual(['ArticleDrafted']);
    expect((await readArticle(galley, drafted.id, desk.writer))!.title).toBe(ARTICLE.title);
  });

  it('refuses an author approving their own article with FORBIDDEN', async () => {
    const author = newsroom();
    const editorAuthor = { ...author, writer: author.editor };
    const drafted = await draft(galley, editorAuthor);
    const submitted = await must(galley, 'submitForFactCheck', { id: drafted.id }, author.editor);
    await checkAllClaims(galley, author, submitted);
    await freshSummary(galley, drafted.id, author.editor);
    await must(galley, 'submitForReview', { id: drafted.id }, author.editor);

    const own = await mutate(galley, 'approveArticle', { id: drafted.id }, author.editor);
    expect(own.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'SEPARATION_OF_DUTIES' });
    const verdict = await mutate(galley, 'recordVerdict', { id: drafted.id, claimId: 'c1', status: 'VERIFIED' }, author.editor);
    expect(verdict.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a request without a token with UNAUTHENTICATED, and a forged one too', async () => {
    const anonymous = await mutate(galley, 'draftArticle', { ...ARTICLE }, null);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();
    const forged = await galley.gql('{ me { id } }', {}, `${desk.editor.slice(0, -4)}AAAA`);
    expect(forged.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an empty title with BAD_USER_INPUT and stores nothing', async () => {
    const before = (await galley.gql(`{ articles { totalCount } }`, {}, desk.editor)).data!.articles.totalCount;
    const empty = await mutate(galley, 'draftArticle', { ...ARTICLE, title: '   ' }, desk.writer);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const after = (await galley.gql(`{ articles { totalCount } }`, {}, desk.editor)).data!.articles.totalCount;
    expect(after).toBe(before);
  });

  it('refuses a step the stage does not allow with INVALID_TRANSITION, naming the stage and rule', async () => {
    const drafted = await draft(galley, desk);
    const early = await mutate(galley, 'publishArticle', { id: drafted.id }, desk.publisher);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', stage: 'DRAFT', rule: 'STAGE' });
  });

  it('answers NOT_FOUND for an article that does not exist', async () => {
    const missing = await mutate(galley, 'submitForFactCheck', { id: randomUUID() }, desk.writer);
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(await readArticle(galley, randomUUID(), desk.writer)).toBeNull();
  });

  it('schedules a publication for later and cancels it', async () => {
    const approved = await approvedArticle(galley, desk);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await must(galley, 'publishArticle', { id: approved.id, at }, desk.publisher);
    expect(scheduled).toMatchObject({ stage: 'SCHEDULED', scheduledFor: at, edition: null });
    const revise = await mutate(galley, 'reviseArticle', { id: approved.id, title: 'Changed' }, desk.writer);
    expect(revise.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', rule: 'CANCEL_SCHEDULE_FIRST' });
    const cancelled = await must(galley, 'cancelSchedule', { id: approved.id }, desk.publisher);
    expect(cancelled).toMatchObject({ stage: 'APPROVED', scheduledFor: null });
  });

  it('takes no edition number for a publication refused with CONFLICT: editions stay gap-free', async () => {
    const baseline = await must(galley, 'publishArticle', { id: (await approvedArticle(galley, desk, { title: `Baseline ${randomUUID()}` })).id }, desk.publisher);
    const refusedOne = await approvedArticle(galley, desk, { title: `Refused ${randomUUID()}` });
    const next = await approvedArticle(galley, desk, { title: `Next ${randomUUID()}` });
    const refused = await mutate(galley, 'publishArticle', { id: refusedOne.id, expectedVersion: refusedOne.version - 1 }, desk.publisher);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: refusedOne.version });
    const published = await must(galley, 'publishArticle', { id: next.id }, desk.publisher);
    expect(published.edition).toBe(baseline.edition! + 1);
  });
});
