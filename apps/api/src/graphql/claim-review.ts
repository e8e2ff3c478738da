import { stripInlineMarkdown, type ArticleState, type Claim, type ClaimStatus } from '@galley/editorial';
import { claimSpeaker } from '@galley/read-models';

export interface Publication {
  readonly name: string;
  readonly url: string;
  /** IANA time zone the publication dates its documents in (GALLEY_TIMEZONE); UTC when absent. */
  readonly timeZone?: string;
}

/** The rating scale: 5 is true, 1 is false; alternateName is the verdict in words (Google shows it). */
const RATINGS: Partial<Record<ClaimStatus, { value: number; name: string }>> = {
  VERIFIED: { value: 5, name: 'True' },
  ATTRIBUTED: { value: 4, name: 'Accurately attributed' },
  NEEDS_SOURCE: { value: 2, name: 'Unsupported' },
  DISPUTED: { value: 1, name: 'Disputed' },
};
const BEST_RATING = 5;
const WORST_RATING = 1;

export function articleUrl(publication: Publication, slug: string): string {
  return `${publication.url}/articles/${slug}`;
}

/**
 * schema.org ClaimReview documents for a published article's checked claims (DESIGN §2, issue 4
 * item 5). A claim still PENDING has not been reviewed and a DISMISSED one is not a claim: neither
 * is exported.
 */
export function claimReviews(state: ArticleState, publication: Publication): object[] {
  if (state.stage !== 'PUBLISHED' || state.slug === null || state.publishedAt === null) return [];
  const url = articleUrl(publication, state.slug);
  const organisation = { '@type': 'Organization', name: publication.name, url: publication.url };
  const date = (iso: string) => localDateTime(iso, publication.timeZone);
  return state.claims.flatMap((claim) => {
    const rating = RATINGS[claim.status];
    if (!rating || claim.checkedAt === null) return [];
    const text = stripInlineMarkdown(claim.text);
    return [
      {
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `${url}#claim-${claim.id}`,
        claimReviewed: text,
        author: organisation,
        datePublished: date(claim.checkedAt),
        reviewRating: {
          '@type': 'Rating',
          ratingValue: rating.value,
          bestRating: BEST_RATING,
          worstRating: WORST_RATING,
          alternateName: rating.name,
          ...(claim.note ? { ratingExplanation: claim.note } : {}),
        },
        itemReviewed: {
          '@type': 'Claim',
          author: claimant(claim, text, organisation),
          // A claim a correction brought in appeared when the correction did.
          datePublished: date(claim.postPublication ? claim.since : state.publishedAt!),
          appearance: { '@type': 'CreativeWork', url, headline: state.title },
          ...(claim.interestedParty ? { description: 'Figure reported by an interested party' } : {}),
        },
      },
    ];
  });
}

/**
 * Who made the claim: the party the sentence names when the claim is an attribution or an
 * interested party's figure ("according to OpenAI", "said Satya Nadella"); otherwise — or when the
 * sentence names nobody ("the company said") — the publication, which states it.
 */
function claimant(claim: Claim, text: string, publication: { '@type': string; name: string; url: string }): object {
  if (!claim.kinds.includes('ATTRIBUTION') && !claim.kinds.includes('QUOTE') && !claim.interestedParty) return publication;
  const speaker = claimSpeaker(text);
  if (speaker === null) return publication;
  // Two or more capitalised words read as a person's name ("Satya Nadella"), one as an organisation.
  const person = /^\p{Lu}[\p{Ll}'-]+( \p{Lu}[\p{Ll}'-]+)+$/u.test(speaker);
  return { '@type': person ? 'Person' : 'Organization', name: speaker };
}

/** ISO 8601 with the offset of the publication's time zone ("2025-03-10T10:00:00+01:00"), or UTC. */
export function localDateTime(iso: string, timeZone: string | undefined): string {
  const instant = new Date(iso);
  if (!timeZone || timeZone === 'UTC') return instant.toISOString();
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMinutes = Math.round((Date.parse(`${local}Z`) - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The properties a ClaimReview must have, as Google's fact-check markup guidance and schema.org
 * describe them (required and recommended alike: Galley exports both), as dotted paths.
 */
export const CLAIM_REVIEW_REQUIRED: readonly string[] = [
  '@context',
  '@type',
  'url',
  'claimReviewed',
  'author.@type',
  'author.name',
  'datePublished',
  'reviewRating.@type',
  'reviewRating.ratingValue',
  'reviewRating.bestRating',
  'reviewRating.worstRating',
  'reviewRating.alternateName',
  'itemReviewed.@type',
  'itemReviewed.author.@type',
  'itemReviewed.author.name',
  'itemReviewed.datePublished',
  'itemReviewed.appearance.@type',
  'itemReviewed.appearance.url',
  'itemReviewed.appearance.headline',
];

/** What a document lacks or gets wrong against CLAIM_REVIEW_REQUIRED and the types' rules; empty when valid. */
export function claimReviewProblems(doc: unknown): string[] {
  const problems = CLAIM_REVIEW_REQUIRED.filter((path) => {
    const value = path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
    return value === undefined || value === null || value === '';
  }).map((path) => `missing ${path}`);
  if (problems.length > 0) return problems;
  const review = doc as {
    '@type': string;
    url: string;
    datePublished: string;
    reviewRating: { '@type': string; ratingValue: number; bestRating: number; worstRating: number };
    itemReviewed: { '@type': string; datePublished: string; author: { '@type': string }; appearance: { url: string } };
  };
  const { ratingValue, bestRating, worstRating } = review.reviewRating;
  if (review['@type'] !== 'ClaimReview') problems.push('@type is not ClaimReview');
  if (review.reviewRating['@type'] !== 'Rating') problems.push('reviewRating is not a Rating');
  if (review.itemReviewed['@type'] !== 'Claim') problems.push('itemReviewed is not a Claim');
  if (!['Person', 'Organization'].includes(review.itemReviewed.author['@type'])) problems.push('itemReviewed.author is neither Person nor Organization');
  if (!(worstRating <= ratingValue && ratingValue <= bestRating)) problems.push('ratingValue outside worstRating..bestRating');
  for (const [path, url] of [['url', review.url], ['itemReviewed.appearance.url', review.itemReviewed.appearance.url]]) {
    if (!/^https?:\/\//.test(url)) problems.push(`${path} is not an absolute URL`);
  }
  for (const [path, date] of [['datePublished', review.datePublished], ['itemReviewed.datePublished', review.itemReviewed.datePublished]]) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(date) || Number.isNaN(Date.parse(date))) {
      problems.push(`${path} is not an ISO 8601 date-time`);
    }
  }
  return problems;
}
