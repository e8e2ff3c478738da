import { slugify } from '@galley/editorial';
import { newsroom, removeDataDir, startGalley, type Galley } from '../support/galley.harness';
import { must, type Desk } from '../support/article.flow';
import { publishedArticle } from './support/publishing.flow';

const ENV = { GALLEY_PUBLIC_URL: 'https://review.example.org', GALLEY_PUBLICATION_NAME: 'The Test Review', GALLEY_TIMEZONE: 'Europe/London' };
const NOTE = 'An earlier version of this headline named the wrong company.';

describe('article pages and slugs: stable once published, renamed only by a correction of the headline, old links redirect', () => {
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
  const page = (slug: string) => fetch(`${galley.url}/articles/${encodeURIComponent(slug)}`, { redirect: 'manual' });

  async function readPublic(slug: string): Promise<Record<string, any> | null> {
    const response = await galley.gql(`query($slug: String!) { publishedArticle(slug: $slug) { slug movedFrom title publishedAt publishedAtLocal } }`, { slug });
    if (response.errors?.length) throw new Error(`publishedArticle failed: ${JSON.stringify(response.errors)}`);
    return response.data!.publishedArticle;
  }

  it('serves the article page at the address the feeds give, with its JSON-LD and dates in the publication’s time zone', async () => {
    const title = unique('Rates held as inflation cools');
    const article = await publishedArticle(galley, desk, { title });
    const response = await page(article.slug!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`<link rel="canonical" href="https://review.example.org/articles/${article.slug}">`);
    expect(html).toContain('(Europe/London)');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*)<\/script>/.exec(html)![1]);
    expect(ld).toMatchObject({ '@type': 'NewsArticle', headline: title, url: `https://review.example.org/articles/${article.slug}` });

    const read = (await readPublic(article.slug!))!;
    expect(read.movedFrom).toBeNull();
    // The instant is UTC; the local form is the same instant, to the second, with London's offset.
    expect(read.publishedAt).toMatch(/Z$/);
    expect(read.publishedAtLocal).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(Date.parse(read.publishedAtLocal)).toBe(Math.floor(Date.parse(read.publishedAt) / 1000) * 1000);
  });

  it('answers 404 for a slug nobody published, and never shows an unpublished article', async () => {
    expect((await page('no-such-article')).status).toBe(404);
    expect((await page('../graphql')).status).toBe(404);
    const draft = await must(galley, 'draftArticle', { title: unique('Not yet'), dek: 'd', body: 'A sentence.', series: null }, desk.writer);
    expect((await page(slugify(draft.title))).status).toBe(404);
  });

  it('keeps the slug through a silent fix of the headline', async () => {
    const title = unique('Port strike enters second week');
    const article = await publishedArticle(galley, desk, { title });
    const fixed = await must(galley, 'issueCorrection', { id: article.id, kind: 'SILENT_FIX', title: `${title}!` }, desk.editor);
    expect(fixed.slug).toBe(article.slug);
    expect((await page(article.slug!)).status).toBe(200);
  });

  it('renames the article when a correction changes its headline; the old slug redirects and stays its own', async () => {
    const title = unique('Acme to buy rival for $2bn');
    const article = await publishedArticle(galley, desk, { title });
    const correctedTitle = title.replace('Acme', 'Apex');
    const corrected = await must(galley, 'issueCorrection', { id: article.id, kind: 'CORRECTION', title: correctedTitle, note: NOTE }, desk.editor);
    expect(corrected.slug).toBe(slugify(correctedTitle));
    expect(corrected.slug).not.toBe(article.slug);

    const redirect = await page(article.slug!);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`/articles/${corrected.slug}`);
    const current = await page(corrected.slug!);
    expect(current.status).toBe(200);
    expect(await current.text()).toContain(NOTE);

    expect(await readPublic(article.slug!)).toMatchObject({ slug: corrected.slug, movedFrom: article.slug, title: correctedTitle });
    expect(await readPublic(corrected.slug!)).toMatchObject({ slug: corrected.slug, movedFrom: null });

    // The old slug is never handed to another article: a namesake gets a suffix instead.
    const namesake = await publishedArticle(galley, desk, { title });
    expect(namesake.slug).toBe(`${article.slug}-2`);
    expect((await page(article.slug!)).status).toBe(301);
  });

  it('gives the article its first slug back when the headline is corrected back', async () => {
    const title = unique('Council approves budget');
    const article = await publishedArticle(galley, desk, { title });
    const renamed = await must(galley, 'issueCorrection', { id: article.id, kind: 'CORRECTION', title: `${title} after late vote`, note: NOTE }, desk.editor);
    const back = await must(galley, 'issueCorrection', { id: article.id, kind: 'CORRECTION', title, note: NOTE }, desk.editor);
    expect(back.slug).toBe(article.slug);
    expect((await page(article.slug!)).status).toBe(200);
    expect((await page(renamed.slug!)).headers.get('location')).toBe(`/articles/${article.slug}`);
  });

  it('redirects the old slug of a retracted article to its notice', async () => {
    const title = unique('Minister to resign');
    const article = await publishedArticle(galley, desk, { title });
    const renamed = await must(galley, 'issueCorrection', { id: article.id, kind: 'CORRECTION', title: `Deputy ${title}`, note: NOTE }, desk.editor);
    await must(galley, 'retractArticle', { id: article.id, reason: 'The resignation did not happen.' }, desk.editor);
    expect((await page(article.slug!)).headers.get('location')).toBe(`/articles/${renamed.slug}`);
    const notice = await (await page(renamed.slug!)).text();
    expect(notice).toContain('The resignation did not happen.');
    expect(notice).not.toContain('<blockquote>');
  });

  it('tells clients the publication’s time zone', async () => {
    const response = await galley.gql('{ publication { name url timeZone } }');
    expect(response.data).toEqual({ publication: { name: 'The Test Review', url: 'https://review.example.org', timeZone: 'Europe/London' } });
  });
});
