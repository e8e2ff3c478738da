import { initialArticleState, type ArticleState } from '@galley/editorial';
import type { ArticleListing } from '@galley/read-models';
import { discarded, drafted, published, scheduled, stateOf, TOMORROW } from '../../../../libs/editorial/src/testing';
import type { HistoryEntryView } from '../articles/article.view';
import { articleReadFor, LISTING_FIELDS, StateNotReadError, toArticleModel, toListingModel } from './article.mapper';

/** A listing as the article row's columns hold it (the read model's specs prove it matches the state). */
const listingOf = (state: ArticleState, version: number): ArticleListing => {
  const { id, stage, title, dek, author, series, updatedAt, stageEnteredAt, dueAt, slug, edition, publishedAt, scheduledFor, correctionSuggested } = state;
  return { id, version, stage, title, dek, author, series, updatedAt, stageEnteredAt, dueAt, slug, edition, publishedAt, scheduledFor, correctionSuggested };
};

const HISTORY: HistoryEntryView[] = [{ version: 1, type: 'ArticleDrafted', at: '2025-03-10T09:00:00.000Z', actor: null, claimId: null, status: null, note: null }];
const loadHistory = async () => HISTORY;
/** Answered by the field resolvers from the model's id, or by GraphQL itself. */
const RESOLVED_ELSEWHERE = new Set(['__typename', 'previousArticle', 'nextArticle']);

describe('toListingModel', () => {
  const withDeadline = { ...stateOf(drafted()), dueAt: TOMORROW.toISOString(), series: 'Compute Wars' };
  const cases: [string, ArticleState, number][] = [
    ['a draft with a deadline and a series', withDeadline, 2],
    ['a scheduled article', stateOf(scheduled()), scheduled().length],
    ['a published article with an edition and a slug', stateOf(published()), published().length],
    ['a discarded article', stateOf(discarded()), discarded().length],
    ['a published article with a correction suggested', { ...stateOf(published()), correctionSuggested: true }, 40],
    ['an article without an author', { ...initialArticleState(), id: 'orphan', title: 'Orphan', author: null }, 1],
  ];

  it.each(cases)('answers every listing field of %s as the state’s model does', async (_name, state, version) => {
    const fromState = toArticleModel({ state, version }, loadHistory) as unknown as Record<string, unknown>;
    const fromListing = toListingModel(listingOf(state, version), loadHistory) as unknown as Record<string, unknown>;

    for (const field of LISTING_FIELDS) {
      if (RESOLVED_ELSEWHERE.has(field)) continue;
      const [expected, actual] = field === 'history' ? await Promise.all([fromState.history, fromListing.history]) : [fromState[field], fromListing[field]];
      expect({ field, value: actual }).toEqual({ field, value: expected });
    }
  });

  it('refuses, with StateNotReadError, every field it did not read', () => {
    const state = stateOf(published());
    const model = toListingModel(listingOf(state, 9), loadHistory) as unknown as Record<string, unknown>;
    for (const field of ['body', 'claims', 'summary', 'reviews', 'corrections', 'readingTimeMinutes', 'sensitive', 'language', 'view']) {
      let error: unknown;
      try {
        void model[field];
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(StateNotReadError);
      expect(error).toMatchObject({ articleId: state.id, field });
    }
  });
});

describe('articleReadFor', () => {
  it.each<[string, string[], string]>([
    ['nothing on the nodes (a count, cursors)', [], 'listing'],
    ['the benchmark’s list', ['id', 'title', 'stage', 'version'], 'listing'],
    ['the desk’s board card', ['id', 'version', 'stage', 'title', 'dek', 'series', 'dueAt', 'stageEnteredAt', 'updatedAt', 'correctionSuggested', 'edition', 'scheduledFor', 'author'], 'listing'],
    ['the timeline and the neighbours (read by id)', ['__typename', 'id', 'history', 'previousArticle', 'nextArticle', 'slug', 'publishedAt'], 'listing'],
    ['claims among listing fields', ['id', 'title', 'claims'], 'state'],
    ['ClaimReview JSON-LD (read from the state)', ['id', 'claimReviews'], 'state'],
    ['the reading time', ['readingTimeMinutes'], 'state'],
    ['a field added later that it does not know', ['somethingNew'], 'state'],
    ['the body', ['id', 'body'], 'stateAndBody'],
  ])('reads %s as %s', (_name, fields, read) => {
    expect(articleReadFor(new Set(fields))).toBe(read);
  });
});
