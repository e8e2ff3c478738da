import type { FeedEntry, FeedPublication } from './feed-entry';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for XML: escaped, and without the characters XML 1.0 cannot carry at all. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** The entries as an Atom 1.0 document (RFC 4287). */
export function atomFeed(entries: readonly FeedEntry[], publication: FeedPublication, updated: string): string {
  const home = `${publication.publicUrl}/`;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(home)}</id>`,
    `  <title>${xmlText(publication.name)}</title>`,
    `  <subtitle>${xmlText(`Times are UTC; dates in the text are given in ${publication.timezone}.`)}</subtitle>`,
    `  <updated>${xmlText(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(`${publication.publicUrl}/feed.xml`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(home)}"/>`,
    // Atom wants an author for every entry: the publication stands in where an article names none.
    `  <author><name>${xmlText(publication.name)}</name></author>`,
    '  <generator>Galley</generator>',
    ...entries.flatMap((entry) => atomEntry(entry)),
    '</feed>',
  ];
  return `${lines.join('\n')}\n`;
}

function atomEntry(entry: FeedEntry): string[] {
  return [
    `  <entry xml:lang="${xmlText(entry.language)}">`,
    `    <id>${xmlText(entry.id)}</id>`,
    `    <title type="text">${xmlText(entry.title)}</title>`,
    `    <link rel="alternate" type="text/html" href="${xmlText(entry.url)}"/>`,
    `    <published>${xmlText(entry.publishedAt)}</published>`,
    `    <updated>${xmlText(entry.modifiedAt ?? entry.publishedAt)}</updated>`,
    ...entry.authors.map((author) => `    <author><name>${xmlText(author.name)}</name></author>`),
    ...entry.tags.map((tag) => `    <category term="${xmlText(tag)}" label="${xmlText(tag)}"/>`),
    `    <summary type="text">${xmlText(entry.summary)}</summary>`,
    `    <content type="html">${xmlText(entry.contentHtml)}</content>`,
    '  </entry>',
  ];
}
