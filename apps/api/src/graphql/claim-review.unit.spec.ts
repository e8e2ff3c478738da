import {
  evolveArticle,
  initialArticleState,
  SYSTEM_ACTOR,
  type Actor,
  type ArticleCommand,
  type ArticleState,
  type ClaimStatus,
} from '@galley/editorial';
import { decider, eddie, fay, pat, wanda } from '../../../../libs/editorial/src/testing';
import { claimReviewProblems, claimReviews, CLAIM_REVIEW_REQUIRED, localDateTime, type Publication } from './claim-review';

const PUBLICATION: Publication = { name: 'The Compute Letter', url: 'https://news.example.org' };

const BODY = [
  'OpenAI says ChatGPT now has more than 300 million weekly users.',
  '',
  'Microsoft expects to spend $40 billion of capex in 2025, most of it on data centres.',
  '',
  'According to the company, its largest cluster holds 120,000 accelerators.',
  '',
  '"We are not building for this year\'s demand," said Satya Nadella, Microsoft\'s chief executive.',
  '',
  'Whether the spending pays off is another question.',
].join('\n');

const at = (minute: number) => new Date(Date.UTC(2025, 2, 10, 9, minute));

/** An article driven through the real decider, one command at a time. */
class Article {
  state: ArticleState = initialArticleState();
  run(type: ArticleCommand['type'], actor: Actor, data: Record<string, unknown>, minute: number): this {
    const command = { type, data: { ...data, articleId: 'claims-1' }, metadata: { actor, now: at(minute) } } as unknown as ArticleCommand;
    for (const event of decider.decide(command, this.state)) this.state = evolveArticle(this.state, event);
    return this;
  }
  claim(fragment: string) {
    const claim = this.state.claims.find((c) => c.text.includes(fragment));
    if (!claim) throw new Error(`no claim with ${fragment}`);
    return claim;
  }
  verdict(fragment: string, status: Exclude<ClaimStatus, 'PENDING'>, minute: number, note: string | null = null): this {
    return this.run('RecordVerdict', fay, { claimId: this.claim(fragment).id, status, evidence: [], note }, minute);
  }
}

/** Checked (the quote dismissed), published at minute 30, then one figure disputed at 40. */
function publishedArticle(): Article {
  const article = new Article()
    .run('DraftArticle', wanda, { title: 'The bill for the AI build-out', dek: 'Spending as if demand were guaranteed.', body: BODY, series: null }, 0)
    .run('SubmitForFactCheck', wanda, {}, 1)
    .verdict('300 million', 'VERIFIED', 5, 'OpenAI announced the figure on its blog.')
    .verdict('$40 billion', 'VERIFIED', 6)
    .verdict('120,000', 'ATTRIBUTED', 7, 'Company-reported; not independently confirmed.')
    .verdict('not building', 'DISMISSED', 8);
  const summary = article.state;
  return article
    .run('RecordSummary', SYSTEM_ACTOR, {
      requestId: summary.pendingSummaryRequest,
      text: 'Spending outpaces demand.',
      provider: 'extractive',
      model: null,
      promptTemplateId: null,
      promptHash: null,
      parameters: {},
      sourceHash: summary.bodyHash,
      sourceType: null,
      fallbackFrom: null,
    }, 10)
    .run('SubmitForReview', wanda, {}, 11)
    .run('ApproveArticle', eddie, { comment: null }, 12)
    .run('PublishArticle', pat, { slot: { edition: 15, slug: 'the-bill-for-the-ai-build-out' } }, 30)
    .verdict('300 million', 'DISPUTED', 40, 'OpenAI counts monthly, not weekly, users.');
}

const reviewsOf = (state: ArticleState, publication = PUBLICATION) => claimReviews(state, publication) as Record<string, any>[];

describe('claimReviews', () => {
  it('produces only documents that carry every required property, correctly typed', () => {
    const docs = reviewsOf(publishedArticle().state);
    expect(docs).toHaveLength(3);
    for (const doc of docs) expect(claimReviewProblems(doc)).toEqual([]);
  });

  it('describes a reviewed claim completely: the review, its rating and the claim where it appeared', () => {
    const article = publishedArticle();
    const users = article.claim('300 million');
    const url = 'https://news.example.org/articles/the-bill-for-the-ai-build-out';

    expect(reviewsOf(article.state).find((d) => d.claimReviewed.includes('300 million'))).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `${url}#claim-${users.id}`,
      claimReviewed: 'OpenAI says ChatGPT now has more than 300 million weekly users.',
      author: { '@type': 'Organization', name: 'The Compute Letter', url: 'https://news.example.org' },
      datePublished: at(40).toISOString(),
      reviewRating: {
        '@type': 'Rating',
        ratingValue: 1,
        bestRating: 5,
        worstRating: 1,
        alternateName: 'Disputed',
        ratingExplanation: 'OpenAI counts monthly, not weekly, users.',
      },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Organization', name: 'OpenAI' },
        datePublished: at(30).toISOString(),
        appearance: { '@type': 'CreativeWork', url, headline: 'The bill for the AI build-out' },
      },
    });
  });

  it('credits the claim to the publication unless it is an attribution or an interested party’s figure it can name', () => {
    const docs = reviewsOf(publishedArticle().state);
    const authorOf = (fragment: string) => docs.find((d) => d.claimReviewed.includes(fragment))!.itemReviewed.author;

    expect(authorOf('$40 billion')).toEqual({ '@type': 'Organization', name: 'The Compute Letter', url: 'https://news.example.org' });
    // "According to the company": the party is not named, so the publication stands behind the sentence.
    expect(authorOf('120,000')).toEqual({ '@type': 'Organization', name: 'The Compute Letter', url: 'https://news.example.org' });
    const attributed = docs.find((d) => d.claimReviewed.includes('120,000'))!;
    expect(attributed.reviewRating).toMatchObject({ ratingValue: 4, alternateName: 'Accurately attributed', ratingExplanation: 'Company-reported; not independently confirmed.' });
    expect(attributed.itemReviewed.description).toBe('Figure reported by an interested party');
  });

  it('names a person who is quoted as the claim’s author', () => {
    const article = publishedArticle().verdict('not building', 'VERIFIED', 45, 'Said on the earnings call.');
    const quote = reviewsOf(article.state).find((d) => d.claimReviewed.includes('not building'))!;
    expect(quote.itemReviewed.author).toEqual({ '@type': 'Person', name: 'Satya Nadella' });
    expect(claimReviewProblems(quote)).toEqual([]);
  });

  it('exports no unchecked and no dismissed claim', () => {
    const article = publishedArticle();
    const exported = reviewsOf(article.state).map((d) => d.claimReviewed as string);
    expect(exported.some((text) => text.includes('not building'))).toBe(false);

    // A correction brings in a new sentence: pending, it is not exported until checked.
    article.run(
      'IssueCorrection',
      eddie,
      { kind: 'CORRECTION', body: `${BODY}\n\nMeta says it has bought 350,000 H100 GPUs.`, note: 'Added Meta’s figure.' },
      50,
    );
    expect(article.claim('350,000').status).toBe('PENDING');
    expect(reviewsOf(article.state).some((d) => d.claimReviewed.includes('350,000'))).toBe(false);

    article.verdict('350,000', 'ATTRIBUTED', 55);
    const meta = reviewsOf(article.state).find((d) => d.claimReviewed.includes('350,000'))!;
    expect(meta.itemReviewed).toMatchObject({ author: { '@type': 'Organization', name: 'Meta' }, datePublished: at(50).toISOString() });
    expect(meta.reviewRating.ratingExplanation).toBeUndefined();
    expect(claimReviewProblems(meta)).toEqual([]);
  });

  it('exports nothing for an article that is not published', () => {
    const article = new Article()
      .run('DraftArticle', wanda, { title: 'Draft', dek: '', body: BODY, series: null }, 0)
      .run('SubmitForFactCheck', wanda, {}, 1)
      .verdict('300 million', 'VERIFIED', 5);
    expect(claimReviews(article.state, PUBLICATION)).toEqual([]);
  });

  it('dates the documents in the publication’s time zone when it has one', () => {
    const docs = reviewsOf(publishedArticle().state, { ...PUBLICATION, timeZone: 'Europe/Paris' });
    expect(docs[0].itemReviewed.datePublished).toBe('2025-03-10T10:30:00+01:00');
    for (const doc of docs) expect(claimReviewProblems(doc)).toEqual([]);
    expect(localDateTime('2025-07-01T12:00:00.000Z', 'America/New_York')).toBe('2025-07-01T08:00:00-04:00');
    expect(localDateTime('2025-07-01T12:00:00.000Z', undefined)).toBe('2025-07-01T12:00:00.000Z');
  });

  describe('the validator', () => {
    it('reports every missing required property', () => {
      expect(claimReviewProblems({})).toEqual(CLAIM_REVIEW_REQUIRED.map((path) => `missing ${path}`));
      const [doc] = reviewsOf(publishedArticle().state);
      const { alternateName: _dropped, ...rating } = doc.reviewRating;
      expect(claimReviewProblems({ ...doc, reviewRating: rating })).toEqual(['missing reviewRating.alternateName']);
    });

    it('reports wrong types, an out-of-scale rating, a relative URL and a date that is not ISO 8601', () => {
      const [doc] = reviewsOf(publishedArticle().state);
      expect(
        claimReviewProblems({
          ...doc,
          '@type': 'Review',
          url: '/articles/x',
          datePublished: '10 March 2025',
          reviewRating: { ...doc.reviewRating, ratingValue: 9 },
          itemReviewed: { ...doc.itemReviewed, '@type': 'CreativeWork', author: { '@type': 'Thing', name: 'x' } },
        }),
      ).toEqual([
        '@type is not ClaimReview',
        'itemReviewed is not a Claim',
        'itemReviewed.author is neither Person nor Organization',
        'ratingValue outside worstRating..bestRating',
        'url is not an absolute URL',
        'datePublished is not an ISO 8601 date-time',
      ]);
    });
  });
});
