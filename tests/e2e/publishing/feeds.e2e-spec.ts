import { ARTICLE, withEditedMemphisSentence } from '../support/article.fixture';
import { approvedArticle, draft, must, type Article, type Desk } from '../support/article.flow';
import { newsroom, removeDataDir, startGalley, type Galley } from '../support/galley.harness';
import { publishedArticle } from './support/publishing.flow';

const PUBLIC_URL = 'https://review.example.org';
const ENV = { GALLEY_PUBLIC_URL: PUBLIC_URL, GALLEY_TIMEZONE: 'Europe/London', GALLEY_PUBLICATION_NAME: 'The Test Review' };

interface JsonFeed {
  version: string;
  title: string;
  feed_url: string;
  items: {
    id: string;
    url: string;
    title: string;
    summary: string;
    content_html: string;
    date_published: string;
    date_modified?: string;
    authors: { name: string }[];
    tags: string[];
  }[];
}

/** A word that appears only in one article, so that any trace of it in a feed is a leak. */
function canary(what: string): string {
  return `Canary${what}${Math.random().toString(36).slice(2, 8)}`;
}

function withCanary(marker: string): Record<string, unknown> {
  return { title: `${ARTICLE.title} ${marker}`, body: `${ARTICLE.body}\n\nThe ${marker} paragraph closes the piece.` };
}

describe('the public feeds', () => {
  let galley: Galley;
  let desk: Desk;
  const hidden: Record<string, string> = {};
  let first: Article;
  let corrected: Article;
  let hostile: Article;

  beforeAll(async () => {
    galley = await startGalley({ env: ENV });
    desk = newsroom();
    first = await publishedArticle(galley, desk, { title: 'The compute bill comes due, part one' });
    const second = await publishedArticle(galley, desk, { title: 'The compute bill comes due, part two' });
    corrected = await must(
      galley,
      'issueCorrection',
      { id: second.id, kind: 'CORRECTION', body: withEditedMemphisSentence(ARTICLE.body), note: 'An earlier version of this article understated the Memphis cluster.' },
      desk.editor,
    );
    hostile = await publishedArticle(galley, desk, {
      title: 'Markup that tries its luck <script>alert(1)</script>',
      body: `${ARTICLE.body}\n\n<script>alert('x')</script> <img src=x onerror=alert(1)> [a link](javascript:alert(1)) [fine](https://example.org/ok).`,
    });

    // Everything that must never appear: in the newsroom's hands, or withdrawn.
    hidden.draft = canary('Draft');
    await draft(galley, desk, withCanary(hidden.draft));
    hidden.approved = canary('Approved');
    await approvedArticle(galley, desk, withCanary(hidden.approved));
    hidden.scheduled = canary('Scheduled');
    const toSchedule = await approvedArticle(galley, desk, withCanary(hidden.scheduled));
    const scheduled = await must(galley, 'publishArticle', { id: toSchedule.id, at: new Date(Date.now() + 3_600_000).toISOString() }, desk.publisher);
    expect(scheduled.stage).toBe('SCHEDULED');
    hidden.retracted = canary('Retracted');
    const toRetract = await publishedArticle(galley, desk, withCanary(hidden.retracted));
    hidden.retractedSlug = toRetract.slug!;
    await must(galley, 'retractArticle', { id: toRetract.id, reason: 'The central figure could not be substantiated.' }, desk.editor);
    hidden.discarded = canary('Discarded');
    const toDiscard = await draft(galley, desk, withCanary(hidden.discarded));
    await must(galley, 'discardArticle', { id: toDiscard.id, reason: 'Overtaken by events.' }, desk.editor);
  });

  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  async function fetchFeed(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${galley.url}${path}`, { headers });
  }

  it('serves JSON Feed 1.1 without a token: published articles, newest first, with TL;DR, disclosure and corrections', async () => {
    const response = await fetchFeed('/feed.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = (await response.json()) as JsonFeed;
    expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', title: 'The Test Review', feed_url: `${PUBLIC_URL}/feed.json` });
    expect(feed.items.map((item) => item.id)).toEqual([hostile, corrected, first].map((a) => `urn:uuid:${a.id}`));

    const item = feed.items.find((i) => i.id === `urn:uuid:${first.id}`)!;
    expect(item.url).toBe(`${PUBLIC_URL}/articles/${first.slug}`);
    expect(item.title).toBe(first.title);
    expect(item.date_published).toBe(first.publishedAt);
    expect(item.date_published).toMatch(/Z$/);
    expect(item.date_modified).toBeUndefined();
    expect(item.authors).toEqual([{ name: 'Wanda Writer' }]);
    expect(item.tags).toEqual(['Compute Economics']);
    expect(item.summary).toContain(first.summary!.text);
    expect(item.summary).toContain(first.summary!.disclosure);
    expect(item.content_html).toContain('<h2>Where the money goes</h2>');
    expect(item.content_html).toContain('TL;DR');

    const correctedItem = feed.items.find((i) => i.id === `urn:uuid:${corrected.id}`)!;
    expect(correctedItem.date_modified).toEqual(expect.stringMatching(/Z$/));
    expect(Date.parse(correctedItem.date_modified!)).toBeGreaterThanOrEqual(Date.parse(correctedItem.date_published));
    expect(correctedItem.content_html).toContain('200,000 GPUs');
    expect(correctedItem.content_html).toMatch(/<strong>Correction<\/strong> \(\d{1,2} \w+ \d{4}, \d\d:\d\d \(Europe\/London\)\): An earlier version of this article understated the Memphis cluster\./);
    // The TL;DR was made from the text before the correction: it stays out until regenerated.
    expect(correctedItem.content_html).not.toContain('TL;DR');
  });

  it('serves Atom 1.0 with the same entries', async () => {
    const response = await fetchFeed('/feed.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(xml.match(/<entry[ >]/g)).toHaveLength(3);
    expect(xml).toContain(`<id>urn:uuid:${first.id}</id>`);
    expect(xml).toContain(`<link rel="alternate" type="text/html" href="${PUBLIC_URL}/articles/${first.slug}"/>`);
    expect(xml).toContain(`<published>${first.publishedAt}</published>`);
    expect(xml).toContain('<category term="Compute Economics" label="Compute Economics"/>');
    expect(xml).toContain('<author><name>Wanda Writer</name></author>');
    expect(xml).toContain('Correction&lt;/strong&gt;'); // the HTML content, escaped once inside the XML
    expect(xml.indexOf(`urn:uuid:${hostile.id}`)).toBeLessThan(xml.indexOf(`urn:uuid:${first.id}`));
    // The hostile title is text, escaped: no element of its own.
    expect(xml).not.toMatch(/<script/i);
  });

  it('never shows a draft, an approved, a scheduled, a retracted or a discarded article, in any form', async () => {
    const bodies = [await (await fetchFeed('/feed.json')).text(), await (await fetchFeed('/feed.xml')).text()];
    for (const body of bodies) {
      for (const [what, marker] of Object.entries(hidden)) {
        expect({ what, leaked: body.includes(marker) }).toEqual({ what, leaked: false });
      }
    }
  });

  it('renders the body as sanitized HTML: no script, no event handler, no javascript: URL', async () => {
    const feed = (await (await fetchFeed('/feed.json')).json()) as JsonFeed;
    const item = feed.items.find((i) => i.id === `urn:uuid:${hostile.id}`)!;
    expect(item.title).toBe(hostile.title); // the title is text in JSON: readers escape it
    expect(item.content_html).not.toMatch(/<script/i);
    expect(item.content_html).not.toMatch(/<img[^>]*onerror/i);
    expect(item.content_html).not.toMatch(/href="javascript:/i);
    expect(item.content_html).toContain('&lt;script&gt;');
    expect(item.content_html).toContain('<a href="https://example.org/ok">fine</a>');
  });

  it('answers 304 to a conditional GET, and 200 again once the feed changes', async () => {
    for (const path of ['/feed.json', '/feed.xml']) {
      const response = await fetchFeed(path);
      const etag = response.headers.get('etag')!;
      const lastModified = response.headers.get('last-modified')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(new Date(lastModified).toUTCString()).toBe(lastModified);
      const byTag = await fetchFeed(path, { 'if-none-match': etag });
      expect(byTag.status).toBe(304);
      expect(await byTag.text()).toBe('');
      const byDate = await fetchFeed(path, { 'if-modified-since': lastModified });
      expect(byDate.status).toBe(304);
      expect((await fetchFeed(path, { 'if-none-match': '"something-else"' })).status).toBe(200);
    }
    const before = await fetchFeed('/feed.json');
    const etag = before.headers.get('etag')!;
    await must(galley, 'issueCorrection', { id: first.id, kind: 'SILENT_FIX', title: 'The compute bill comes due, part 1' }, desk.editor);
    const after = await fetchFeed('/feed.json', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });
});
