import type { FeedEntry, FeedPublication } from './feed-entry';

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';

/** The entries as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). */
export function jsonFeed(entries: readonly FeedEntry[], publication: FeedPublication): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: publication.name,
    home_page_url: `${publication.publicUrl}/`,
    feed_url: `${publication.publicUrl}/feed.json`,
    description: `The latest published articles of ${publication.name}. Times are UTC; dates in the text are given in ${publication.timezone}.`,
    items: entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      summary: entry.summary,
      content_html: entry.contentHtml,
      date_published: entry.publishedAt,
      ...(entry.modifiedAt ? { date_modified: entry.modifiedAt } : {}),
      authors: entry.authors,
      tags: entry.tags,
      language: entry.language,
      // JSON Feed's extension convention: a key that starts with an underscore.
      _galley: {
        edition: entry.edition,
        dek: entry.dek,
        tldr: entry.tldr,
        corrections: entry.corrections,
      },
    })),
  };
  return JSON.stringify(feed);
}
