import { slugify } from '@galley/editorial';
import { newsArticleProblems } from '../../../apps/api/src/graphql/news-article.json-ld';
import { ARTICLE, withEditedMemphisSentence } from '../support/article.fixture';
import { checkAllClaims, draft, freshSummary, must, type Desk } from '../support/article.flow';
import { newsroom, removeDataDir, startGalley, type Galley } from '../support/galley.harness';
import { publishedArticle } from './support/publishing.flow';

const PUBLIC_URL = 'https://review.example.org';
const ENV = { GALLEY_PUBLIC_URL: PUBLIC_URL, GALLEY_PUBLICATION_NAME: 'The Test Review', GALLEY_TIMEZONE: 'Europe/London' };
const REASON = 'The central figure could not be substantiated.';
const PUBLIC_FIELDS = `slug title dek body author { name } series edition readingTimeMinutes publishedAt updatedAt
  tldr { text disclosure } readItAs { kind text } corrections { kind note at } claimReviews retraction { reason at } jsonLd`;

describe('the public article: what readers may see, and how search engines read it', () => {
  let galley: Galley;
  let desk: Desk;

  beforeAll(async () => {
    galley = await startGalley({ env: ENV });
  });
  beforeEach(() => {
    desk = newsroom();
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  const unique = (title: string) => `${title} ${Math.random().toString(36).slice(2, 8)}`;

  async function readPublic(slug: string): Promise<Record<string, any> | null> {
    const response = await galley.gql(`query($slug: String!) { publishedArticle(slug: $slug) { ${PUBLIC_FIELDS} } }`, { slug });
    if (response.errors?.length) throw new Error(`publishedArticle failed: ${JSON.stringify(response.errors)}`);
    return response.data!.publishedArticle;
  }

  it('publishes NewsArticle JSON-LD whose corrections are the public ones only, dated by the last of them', async () => {
    const title = unique('The compute bill comes due');
    const article = await publishedArticle(galley, desk, { title });
    await must(galley, 'issueCorrection', { id: article.id, kind: 'SILENT_FIX', body: ARTICLE.body.replace('data centres', 'data centers') }, desk.editor);
    const note = 'An earlier version of this article understated the Memphis cluster.';
    const corrected = await must(
      galley,
      'issueCorrection',
      { id: article.id, kind: 'CORRECTION', body: withEditedMemphisSentence(ARTICLE.body.replace('data centres', 'data centers')), note },
      desk.editor,
    );
    await must(galley, 'issueCorrection', { id: article.id, kind: 'SILENT_FIX', body: corrected.body.replace('very different', 'quite different') }, desk.editor);

    const view = (await readPublic(article.slug!))!;
    expect(view.retraction).toBeNull();
    expect(view.corrections).toEqual([{ kind: 'CORRECTION', note, at: expect.any(String) }]);
    const correctedAt = view.corrections[0].at;
    expect(view.updatedAt).toBe(correctedAt);

    const url = `${PUBLIC_URL}/articles/${article.slug}`;
    expect(newsArticleProblems(view.jsonLd)).toEqual([]);
    expect(view.jsonLd).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: title,
      description: ARTICLE.dek,
      datePublished: article.publishedAt,
      dateModified: correctedAt,
      author: { '@type': 'Person', name: 'Wanda Writer' },
      publisher: { '@type': 'Organization', name: 'The Test Review', url: PUBLIC_URL },
      url,
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      inLanguage: 'en',
      isPartOf: { '@type': 'CreativeWorkSeries', name: ARTICLE.series },
      correction: [{ '@type': 'CorrectionComment', text: note, datePublished: correctedAt }],
    });
    // UTC instants, whatever the publication's time zone.
    expect(view.jsonLd.datePublished).toMatch(/Z$/);
  });

  it('keeps a retracted article’s record and gives the reason, withholding its text, summaries and claims', async () => {
    const title = unique('Retracted with a reason');
    const article = await publishedArticle(galley, desk, { title });
    const before = (await readPublic(article.slug!))!;
    expect(before.body).toContain('Memphis');
    expect(before.claimReviews.length).toBeGreaterThan(0);
    await must(galley, 'retractArticle', { id: article.id, reason: REASON }, desk.editor);

    const view = (await readPublic(article.slug!))!;
    expect(view).toMatchObject({
      slug: article.slug,
      title,
      author: { name: 'Wanda Writer' },
      edition: article.edition,
      publishedAt: article.publishedAt,
      dek: '',
      body: '',
      tldr: null,
      readItAs: [],
      claimReviews: [],
      retraction: { reason: REASON, at: expect.any(String) },
    });
    expect(Date.parse(view.retraction.at)).toBeGreaterThanOrEqual(Date.parse(article.publishedAt!));
    expect(view.updatedAt).toBe(view.retraction.at);

    expect(newsArticleProblems(view.jsonLd)).toEqual([]);
    expect(view.jsonLd).toMatchObject({ '@type': 'NewsArticle', headline: title, creativeWorkStatus: 'Retracted', dateModified: view.retraction.at });
    expect(view.jsonLd.description).toContain(REASON);
    expect(view.jsonLd.correction).toEqual([{ '@type': 'CorrectionComment', text: expect.stringContaining(REASON), datePublished: view.retraction.at }]);
    // Nothing of the withdrawn text comes back with the notice.
    for (const fragment of ['Memphis', 'Hyperscalers', before.tldr.text]) expect(JSON.stringify(view)).not.toContain(fragment);
  });

  it('returns nothing for an article in any stage before publication, nor for one discarded', async () => {
    const title = unique('Never seen in public');
    const slug = slugify(title);
    const stages: string[] = [];
    const expectHidden = async (stage: string) => {
      stages.push(stage);
      expect({ stage, view: await readPublic(slug) }).toEqual({ stage, view: null });
    };

    const drafted = await draft(galley, desk, { title });
    await expectHidden(drafted.stage);
    const submitted = await must(galley, 'submitForFactCheck', { id: drafted.id }, desk.writer);
    await expectHidden(submitted.stage);
    const checked = await checkAllClaims(galley, desk, submitted);
    await expectHidden(checked.stage);
    await freshSummary(galley, drafted.id, desk.writer);
    await expectHidden((await must(galley, 'submitForReview', { id: drafted.id }, desk.writer)).stage);
    await expectHidden((await must(galley, 'approveArticle', { id: drafted.id, comment: 'Ready.' }, desk.editor)).stage);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    await expectHidden((await must(galley, 'publishArticle', { id: drafted.id, at: inAnHour }, desk.publisher)).stage);
    await must(galley, 'cancelSchedule', { id: drafted.id }, desk.editor);
    await expectHidden((await must(galley, 'discardArticle', { id: drafted.id, reason: 'Overtaken by events.' }, desk.editor)).stage);

    expect(stages).toEqual(['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'DISCARDED']);
  });
});
