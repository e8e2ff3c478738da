import {
  disclosureLine,
  summaryFresh,
  variantFresh,
  VARIANT_KINDS,
  wordDiff,
  type ArticleState,
  type Claim,
  type Summary,
  type SummaryEdit,
  type Variant,
} from '@galley/editorial';
import type { ArticleListing, ArticleRead } from '@galley/read-models';
import type { ArticleView, HistoryEntryView } from '../articles/article.view';
import type {
  ArticleModel,
  ClaimModel,
  HistoryEntryModel,
  SummaryEditModel,
  SummaryModel,
  UnsupportedVariantModel,
  VariantModel,
} from './models/article.model';

export type HistoryLoader = () => Promise<readonly HistoryEntryView[]>;

const UNKNOWN_AUTHOR = { id: 'unknown', name: 'Unknown' };

/**
 * The Article fields a listing (the article row's list columns) answers exactly as the folded state
 * does, with the field resolvers that need only the id. A selection of these alone reads no state.
 */
export const LISTING_FIELDS: ReadonlySet<string> = new Set([
  '__typename', 'id', 'version', 'stage', 'title', 'dek', 'slug', 'author', 'series', 'dueAt', 'edition', 'scheduledFor',
  'publishedAt', 'updatedAt', 'stageEnteredAt', 'correctionSuggested', 'history', 'previousArticle', 'nextArticle',
]);

/** The Article fields only the folded state answers (`view` is what the field resolvers read it from). */
const STATE_FIELDS = [
  'body', 'sensitive', 'language', 'factChecker', 'claims', 'summary', 'variants', 'pendingVariants', 'unsupportedVariants',
  'reviews', 'readingTimeMinutes', 'corrections', 'retractionReason', 'discardReason', 'view',
] as const;

/** How much of each article a list must read to answer the fields selected on its nodes. */
export function articleReadFor(fields: ReadonlySet<string>): ArticleRead {
  for (const field of fields) if (!LISTING_FIELDS.has(field)) return fields.has('body') ? 'stateAndBody' : 'state';
  return 'listing';
}

/** Builds the GraphQL Article from a view; history is read only if a client asks for it. */
export function toArticleModel(view: ArticleView, loadHistory: HistoryLoader): ArticleModel {
  const { state } = view;
  const history = memo(async () => view.history ?? (await loadHistory()));
  let claims: ClaimModel[] | undefined;
  return {
    id: state.id,
    version: view.version,
    stage: state.stage,
    title: state.title,
    dek: state.dek,
    slug: state.slug,
    author: state.author ?? UNKNOWN_AUTHOR,
    series: state.series,
    sensitive: state.sensitive,
    language: state.language,
    factChecker: state.factChecker ?? null,
    dueAt: date(state.dueAt),
    summary: state.summary ? toSummaryModel(state.summary, !summaryFresh(state)) : null,
    // Article states stored before variants existed have none.
    variants: (state.variants ?? []).map((variant) => toVariantModel(variant, state)),
    pendingVariants: VARIANT_KINDS.filter((kind) => (state.pendingVariantRequests ?? {})[kind] !== undefined),
    unsupportedVariants: (state.unsupportedVariants ?? []).map((u): UnsupportedVariantModel => ({ ...u, at: new Date(u.at) })),
    reviews: state.reviews.map((r) => ({ ...r, at: new Date(r.at) })),
    edition: state.edition,
    readingTimeMinutes: state.readingTimeMinutes,
    scheduledFor: date(state.scheduledFor),
    publishedAt: date(state.publishedAt),
    updatedAt: date(state.updatedAt),
    stageEnteredAt: date(state.stageEnteredAt),
    corrections: state.corrections.map((c) => ({ ...c, at: new Date(c.at) })),
    correctionSuggested: state.correctionSuggested,
    retractionReason: state.retraction?.reason ?? null,
    discardReason: state.discardReason,
    view,
    // Read when selected: a list asked for without bodies has none to give.
    get body() {
      return state.body;
    },
    // Built only when a client selects them: a mutation's answer is usually `{ id version stage }`.
    get claims() {
      return (claims ??= state.claims.map((claim) => toClaimModel(claim, history, state.id)));
    },
    get history() {
      return history().then((entries) => entries.map(toHistoryModel));
    },
  } as unknown as ArticleModel;
}

/**
 * The GraphQL Article from a listing: the LISTING_FIELDS as `toArticleModel` gives them from the state.
 * Any other field was not read: asking for one is a mistake in choosing the read (`articleReadFor`).
 */
export function toListingModel(listing: ArticleListing, loadHistory: HistoryLoader): ArticleModel {
  return new ListedArticle(listing, memo(loadHistory)) as unknown as ArticleModel;
}

/** A class, so that the refusing getters are defined once on its prototype, not on each of a page's articles. */
class ListedArticle {
  readonly id: string;
  readonly version: number;
  readonly stage: ArticleListing['stage'];
  readonly title: string;
  readonly dek: string;
  readonly slug: string | null;
  readonly author: { id: string; name: string };
  readonly series: string | null;
  readonly dueAt: Date | null;
  readonly edition: number | null;
  readonly scheduledFor: Date | null;
  readonly publishedAt: Date | null;
  readonly updatedAt: Date | null;
  readonly stageEnteredAt: Date | null;
  readonly correctionSuggested: boolean;

  constructor(
    listing: ArticleListing,
    private readonly loadHistory: HistoryLoader,
  ) {
    this.id = listing.id;
    this.version = listing.version;
    this.stage = listing.stage;
    this.title = listing.title;
    this.dek = listing.dek;
    this.slug = listing.slug;
    this.author = listing.author ?? UNKNOWN_AUTHOR;
    this.series = listing.series;
    this.dueAt = date(listing.dueAt);
    this.edition = listing.edition;
    this.scheduledFor = date(listing.scheduledFor);
    this.publishedAt = date(listing.publishedAt);
    this.updatedAt = date(listing.updatedAt);
    this.stageEnteredAt = date(listing.stageEnteredAt);
    this.correctionSuggested = listing.correctionSuggested;
  }

  get history(): Promise<HistoryEntryModel[]> {
    return this.loadHistory().then((entries) => entries.map(toHistoryModel));
  }
}

for (const field of STATE_FIELDS) {
  Object.defineProperty(ListedArticle.prototype, field, {
    get(this: ListedArticle) {
      throw new StateNotReadError(this.id, field);
    },
  });
}

export class StateNotReadError extends Error {
  constructor(
    readonly articleId: string,
    readonly field: string,
  ) {
    super(`${field} of ${articleId} was not read: the list read its listing only`);
    this.name = 'StateNotReadError';
  }
}

export function toHistoryModel(entry: HistoryEntryView): HistoryEntryModel {
  return {
    version: entry.version,
    type: entry.type,
    at: new Date(entry.at),
    actor: entry.actor,
    status: (entry.status as HistoryEntryModel['status']) ?? null,
    note: entry.note,
  };
}

export function toClaimModel(claim: Claim, history: HistoryLoader, articleId: string): ClaimModel {
  return {
    ...claim,
    articleId,
    kinds: [...claim.kinds],
    evidence: claim.evidence.map((e) => ({ ...e, retrievedAt: date(e.retrievedAt) })),
    checkedAt: date(claim.checkedAt),
    get history() {
      return history().then((entries) => entries.filter((entry) => entry.claimId === claim.id).map(toHistoryModel));
    },
  } as unknown as ClaimModel;
}

function toSummaryModel(summary: Summary, stale: boolean): SummaryModel {
  const edits = summary.edits ?? [];
  const lastEdit = edits[edits.length - 1];
  return {
    text: summary.text,
    stale,
    disclosure: disclosureLine(summary),
    provider: summary.provider,
    model: summary.model,
    promptTemplateId: summary.promptTemplateId,
    promptHash: summary.promptHash,
    fallbackFrom: summary.fallbackFrom,
    generatedAt: date(summary.generatedAt),
    unsupportedFigures: [...summary.unsupportedFigures],
    sourceType: summary.sourceType,
    editedBy: lastEdit?.by ?? null,
    edits: edits.map(toEditModel),
  };
}

function toVariantModel(variant: Variant, state: ArticleState): VariantModel {
  return { ...toSummaryModel(variant, !variantFresh(state, variant)), kind: variant.kind };
}

function toEditModel(edit: SummaryEdit): SummaryEditModel {
  // Edits folded before their texts were kept have nothing to compare.
  const diff = edit.text === undefined ? '' : wordDiff(edit.previousText, edit.text);
  return { by: edit.by, at: new Date(edit.at), diff };
}

function date(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function memo<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}
