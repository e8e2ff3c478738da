import type { ArticleState, ClaimStatus } from '@galley/editorial';

export interface Publication {
  readonly name: string;
  readonly url: string;
}

const RATINGS: Partial<Record<ClaimStatus, { value: number; name: string }>> = {
  VERIFIED: { value: 5, name: 'True' },
  ATTRIBUTED: { value: 4, name: 'Accurately attributed' },
  NEEDS_SOURCE: { value: 2, name: 'Unsupported' },
  DISPUTED: { value: 1, name: 'Disputed' },
};

export function articleUrl(publication: Publication, slug: string): string {
  return `${publication.url}/articles/${slug}`;
}

/** schema.org ClaimReview documents for a published article's checked claims. */
export function claimReviews(state: ArticleState, publication: Publication): object[] {
  if (state.stage !== 'PUBLISHED' || state.slug === null) return [];
  const url = articleUrl(publication, state.slug);
  return state.claims.flatMap((claim) => {
    const rating = RATINGS[claim.status];
    if (!rating || claim.checkedAt === null) return [];
    return [
      {
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `${url}#claim-${claim.id}`,
        claimReviewed: claim.text,
        datePublished: claim.checkedAt,
        author: { '@type': 'Organization', name: publication.name, url: publication.url },
        reviewRating: { '@type': 'Rating', ratingValue: rating.value, bestRating: 5, worstRating: 1, alternateName: rating.name },
        itemReviewed: {
          '@type': 'Claim',
          appearance: { '@type': 'CreativeWork', url, headline: state.title },
          ...(claim.interestedParty ? { description: 'Figure reported by an interested party' } : {}),
        },
      },
    ];
  });
}
