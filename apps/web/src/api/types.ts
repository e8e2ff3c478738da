/** The shapes the desk reads from Galley's GraphQL API (see operations.ts for what is asked). */

export const STAGES = ['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'RETRACTED', 'DISCARDED'] as const;
export type Stage = (typeof STAGES)[number];

export const CLAIM_STATUSES = ['PENDING', 'VERIFIED', 'ATTRIBUTED', 'NEEDS_SOURCE', 'DISPUTED', 'DISMISSED'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export type Role = 'writer' | 'editor' | 'fact_checker' | 'publisher' | 'admin';
export type CorrectionKind = 'SILENT_FIX' | 'CORRECTION';

export interface Person {
  id: string;
  name: string;
}

export interface Me extends Person {
  roles: Role[];
}

export interface HistoryEntry {
  version: number;
  type: string;
  at: string;
  actor: Person | null;
  status: ClaimStatus | null;
  note: string | null;
}

export interface Evidence {
  url: string;
  title: string | null;
  quote: string | null;
  retrievedAt: string | null;
}

export interface Claim {
  id: string;
  text: string;
  status: ClaimStatus;
  kind: string;
  kinds: string[];
  value: number | null;
  unit: string | null;
  score: number;
  field: 'title' | 'dek' | 'body' | string;
  start: number;
  end: number;
  interestedParty: boolean;
  postPublication: boolean;
  supersedes: string | null;
  evidence: Evidence[];
  note: string | null;
  checkedBy: Person | null;
  checkedAt: string | null;
  history: HistoryEntry[];
}

export interface EquivalentClaim {
  articleId: string;
  articleTitle: string;
  articleStage: Stage;
  claimId: string;
  text: string;
  status: ClaimStatus;
  checkedBy: Person | null;
  checkedAt: string | null;
  note: string | null;
}

export interface SummaryEdit {
  by: Person;
  at: string;
  diff: string;
}

export interface GeneratedText {
  text: string;
  stale: boolean;
  disclosure: string;
  provider: string;
  model: string | null;
  generatedAt: string | null;
  sourceType: string | null;
  unsupportedFigures: string[];
  editedBy: Person | null;
  edits: SummaryEdit[];
}

export interface Variant extends Omit<GeneratedText, "edits"> {
  kind: string;
}

export interface Review {
  by: Person;
  verdict: 'APPROVED' | 'CHANGES_REQUESTED';
  comment: string | null;
  at: string;
}

export interface Correction {
  kind: CorrectionKind;
  note: string | null;
  at: string;
}

/** An article as the board shows it. */
export interface ArticleCard {
  id: string;
  version: number;
  stage: Stage;
  title: string;
  dek: string;
  series: string | null;
  author: Person;
  dueAt: string | null;
  stageEnteredAt: string | null;
  updatedAt: string | null;
  correctionSuggested: boolean;
  edition: number | null;
  scheduledFor: string | null;
}

/** An article as its own page shows it. */
export interface Article extends ArticleCard {
  body: string;
  slug: string | null;
  sensitive: boolean;
  readingTimeMinutes: number | null;
  publishedAt: string | null;
  factChecker: Person | null;
  claims: Claim[];
  summary: GeneratedText | null;
  variants: Variant[];
  pendingVariants: string[];
  unsupportedVariants: { kind: string; provider: string; reason: string; at: string }[];
  reviews: Review[];
  corrections: Correction[];
  retractionReason: string | null;
  discardReason: string | null;
  history: HistoryEntry[];
}

/** An article as it stood at one version (time travel). */
export interface ArticleAtVersion {
  id: string;
  version: number;
  stage: Stage;
  title: string;
  dek: string;
  body: string;
  updatedAt: string | null;
}

export interface Dashboard {
  articlesPerStage: { stage: Stage; count: number }[];
  medianTimeInStage: { stage: Stage; medianSeconds: number | null }[];
  pendingClaims: number;
  overdue: { id: string; title: string; dueAt: string | null; stage: Stage }[];
  correctionSuggested: { id: string; title: string; stage: Stage }[];
}

export interface ClaimQueueItem {
  articleId: string;
  articleTitle: string;
  waitingSince: string;
  postPublication: boolean;
  assignee: Person | null;
  claim: Pick<Claim, 'id' | 'text' | 'kind' | 'status'>;
}

export interface ClaimQueueCounts {
  unassigned: number;
  byKind: { kind: string; count: number }[];
}

export interface Connection<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
