import type { ArticleState } from '@galley/editorial';
import { articleUrl, type Publication } from './claim-review';

/**
 * The schema.org NewsArticle document for an article's public page: null for anything never
 * published. A retracted article keeps its record (headline, dates, author) and states the
 * retraction in place of its description; its text is not described at all.
 */
export function newsArticleJsonLd(state: ArticleState, publication: Publication): Record<string, unknown> | null {
  const published = state.stage === 'PUBLISHED' || state.stage === 'RETRACTED';
  if (!published || state.slug === null || state.publishedAt === null) return null;
  const url = articleUrl(publication, state.slug);
  const organisation = { '@type': 'Organization', name: publication.name, url: publication.url };
  // Silent fixes leave no public trace; only a CORRECTION with its note is shown to readers.
  const corrections = state.corrections
    .filter((correction) => correction.kind === 'CORRECTION' && correction.note)
    .map((correction) => ({ '@type': 'CorrectionComment', text: correction.note!, datePublished: utc(correction.at) }));
  const retraction = state.stage === 'RETRACTED' ? state.retraction : null;
  const notices = retraction
    ? [...corrections, { '@type': 'CorrectionComment', text: retractionNotice(retraction.reason), datePublished: utc(retraction.at) }]
    : corrections;
  const lastChange = retraction?.at ?? corrections.at(-1)?.datePublished ?? state.publishedAt;
  const description = retraction ? retractionNotice(retraction.reason) : state.dek;
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: state.title,
    ...(description ? { description } : {}),
    ...(retraction ? { creativeWorkStatus: 'Retracted' } : {}),
    datePublished: utc(state.publishedAt),
    dateModified: utc(lastChange),
    author: state.author ? { '@type': 'Person', name: state.author.name } : organisation,
    publisher: organisation,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    inLanguage: state.language,
    ...(state.series ? { isPartOf: { '@type': 'CreativeWorkSeries', name: state.series } } : {}),
    ...(notices.length > 0 ? { correction: notices } : {}),
  };
}

export function retractionNotice(reason: string): string {
  return `This article has been retracted. ${reason}`;
}

function utc(iso: string): string {
  return new Date(iso).toISOString();
}

/** The properties a NewsArticle must carry for search engines and readers' tools, as dotted paths. */
export const NEWS_ARTICLE_REQUIRED: readonly string[] = [
  '@context',
  '@type',
  'headline',
  'datePublished',
  'dateModified',
  'author.@type',
  'author.name',
  'publisher.@type',
  'publisher.name',
  'publisher.url',
  'url',
  'mainEntityOfPage.@type',
  'mainEntityOfPage.@id',
];

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** What a document lacks or gets wrong against NEWS_ARTICLE_REQUIRED and the types' rules; empty when valid. */
export function newsArticleProblems(doc: unknown): string[] {
  const missing = NEWS_ARTICLE_REQUIRED.filter((path) => {
    const value = valueAt(doc, path);
    return value === undefined || value === null || value === '';
  }).map((path) => `missing ${path}`);
  if (missing.length > 0) return missing;
  const article = doc as Record<string, any>;
  const problems: string[] = [];
  if (article['@context'] !== 'https://schema.org') problems.push('@context is not https://schema.org');
  if (article['@type'] !== 'NewsArticle') problems.push('@type is not NewsArticle');
  if (!['Person', 'Organization'].includes(article.author['@type'])) problems.push('author is neither Person nor Organization');
  if (article.publisher['@type'] !== 'Organization') problems.push('publisher is not an Organization');
  if (article.mainEntityOfPage['@type'] !== 'WebPage') problems.push('mainEntityOfPage is not a WebPage');
  for (const path of ['url', 'publisher.url', 'mainEntityOfPage.@id']) {
    if (!/^https?:\/\//.test(String(valueAt(article, path)))) problems.push(`${path} is not an absolute URL`);
  }
  const dates: [string, unknown][] = [
    ['datePublished', article.datePublished],
    ['dateModified', article.dateModified],
  ];
  if (article.isPartOf !== undefined && (article.isPartOf['@type'] !== 'CreativeWorkSeries' || !article.isPartOf.name)) {
    problems.push('isPartOf is not a named CreativeWorkSeries');
  }
  if (article.correction !== undefined) {
    if (!Array.isArray(article.correction)) problems.push('correction is not a list');
    else {
      article.correction.forEach((comment: Record<string, unknown>, index: number) => {
        if (comment['@type'] !== 'CorrectionComment') problems.push(`correction.${index} is not a CorrectionComment`);
        if (typeof comment.text !== 'string' || comment.text === '') problems.push(`correction.${index} has no text`);
        dates.push([`correction.${index}.datePublished`, comment.datePublished]);
      });
    }
  }
  for (const [path, date] of dates) {
    if (typeof date !== 'string' || !ISO_UTC.test(date) || Number.isNaN(Date.parse(date))) problems.push(`${path} is not an ISO 8601 UTC date-time`);
  }
  if (problems.length === 0 && Date.parse(article.dateModified) < Date.parse(article.datePublished)) problems.push('dateModified is before datePublished');
  return problems;
}

function valueAt(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
}
