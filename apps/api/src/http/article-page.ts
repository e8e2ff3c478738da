import type { ArticleState } from '@galley/editorial';
import { feedEntry, humanDate, type FeedPublication } from '../feeds/feed-entry';
import { escapeHtml } from '../feeds/markdown-html';
import { newsArticleJsonLd, retractionNotice } from '../graphql/news-article.json-ld';

/** Where an article is read: the same address the feeds and the JSON-LD give. */
export function articlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}

/**
 * The reader's page of a published article — the text, its TL;DR with the disclosure line, its
 * corrections — or, once retracted, the record and the reason without the withdrawn text. Null
 * for anything never published.
 */
export function articlePage(state: ArticleState, publication: FeedPublication): string | null {
  const jsonLd = newsArticleJsonLd(state, { name: publication.name, url: publication.publicUrl, timeZone: publication.timezone });
  if (jsonLd === null || state.publishedAt === null) return null;
  const byline = [state.author ? `By ${escapeHtml(state.author.name)}` : null, escapeHtml(humanDate(state.publishedAt, publication.timezone))]
    .filter((part) => part !== null)
    .join(' · ');
  if (state.stage === 'RETRACTED' && state.retraction) {
    const notice = `<p class="notice" role="note"><strong>Retracted</strong> (${escapeHtml(humanDate(state.retraction.at, publication.timezone))}). ${escapeHtml(retractionNotice(state.retraction.reason))}</p>`;
    return document(state, publication, jsonLd, `<header><h1>${escapeHtml(state.title)}</h1><p class="byline">${byline}</p></header>\n${notice}`);
  }
  const entry = feedEntry(state, publication);
  if (entry === null) return null;
  const reading = `${state.readingTimeMinutes ?? 1} min read`;
  return document(state, publication, jsonLd, `<header><h1>${escapeHtml(state.title)}</h1><p class="byline">${byline} · ${reading}</p></header>\n${entry.contentHtml}`);
}

function document(state: ArticleState, publication: FeedPublication, jsonLd: Record<string, unknown>, article: string): string {
  // `</` cannot close the script element from inside the JSON.
  const ld = JSON.stringify(jsonLd).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(state.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(state.title)} — ${escapeHtml(publication.name)}</title>`,
    `<link rel="canonical" href="${escapeHtml(`${publication.publicUrl}${articlePath(state.slug ?? '')}`)}">`,
    `<link rel="alternate" type="application/feed+json" href="/feed.json" title="${escapeHtml(publication.name)}">`,
    `<script type="application/ld+json">${ld}</script>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<p class="publication"><a href="/feed.json">${escapeHtml(publication.name)}</a></p>`,
    `<article>\n${article}\n</article>`,
    '</body>',
    '</html>',
  ].join('\n');
}

const STYLE = [
  'body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.125rem/1.6 Georgia,serif;color:#1a1a1a}',
  'h1{font-size:2rem;line-height:1.2;margin:.5rem 0}',
  '.publication,.byline{font-family:system-ui,sans-serif;font-size:.9rem;color:#555}',
  'blockquote{margin:1.5rem 0;padding:.5rem 1rem;border-left:4px solid #999;background:#f6f6f6}',
  '.notice{padding:1rem;border:2px solid #a00;background:#fff4f4}',
].join('');
