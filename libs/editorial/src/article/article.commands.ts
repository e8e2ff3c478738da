import type { Actor, Person } from '../shared/actor';
import type { ClaimStatus, CorrectionKind, Evidence, SummarySourceType, VariantKind } from './article.types';

/** Who asks, and when: the clock and the caller arrive with the command, never read inside. */
export interface CommandMetadata {
  readonly actor: Actor;
  readonly now: Date;
}

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data & { readonly articleId: string };
  readonly metadata: CommandMetadata;
};

export type DraftArticle = Command<
  'DraftArticle',
  { title: string; dek?: string | null; body: string; series?: string | null; sensitive?: boolean | null }
>;
export type ReviseArticle = Command<'ReviseArticle', { title?: string | null; dek?: string | null; body?: string | null }>;
export type SubmitForFactCheck = Command<'SubmitForFactCheck', Record<string, never>>;
export type AddClaim = Command<'AddClaim', { text: string }>;
export type RecordVerdict = Command<
  'RecordVerdict',
  { claimId: string; status: ClaimStatus; evidence?: readonly Evidence[] | null; note?: string | null }
>;
export type GenerateSummary = Command<'GenerateSummary', Record<string, never>>;
/** Issued by the service when a summarizer has answered a request. */
export type RecordSummary = Command<'RecordSummary', SummarizerAnswer>;
/** A summarizer's text and its provenance, as the service records it. */
export interface SummarizerAnswer {
  requestId: string;
  text: string;
  provider: string;
  model: string | null;
  promptTemplateId: string | null;
  promptHash: string | null;
  parameters: Record<string, unknown>;
  sourceHash: string;
  sourceType: SummarySourceType;
  fallbackFrom: string | null;
}
export type EditSummary = Command<'EditSummary', { text: string }>;
export type GenerateVariant = Command<'GenerateVariant', { kind: VariantKind }>;
/** Issued by the service when a summarizer has written a requested variant. */
export type RecordVariant = Command<'RecordVariant', SummarizerAnswer & { kind: VariantKind }>;
/** Issued by the service when a summarizer declines a requested variant. */
export type ReportVariantUnsupported = Command<
  'ReportVariantUnsupported',
  { requestId: string; kind: VariantKind; provider: string; reason: string }
>;
export type EditVariant = Command<'EditVariant', { kind: VariantKind; text: string }>;
export type SubmitForReview = Command<'SubmitForReview', Record<string, never>>;
export type RequestChanges = Command<'RequestChanges', { comment: string }>;
export type ApproveArticle = Command<'ApproveArticle', { comment?: string | null }>;
export type PublishArticle = Command<
  'PublishArticle',
  { at?: Date | null; slot?: { edition: number; slug: string } | null }
>;
export type CancelSchedule = Command<'CancelSchedule', Record<string, never>>;
export type IssueCorrection = Command<
  'IssueCorrection',
  {
    kind: CorrectionKind;
    title?: string | null;
    dek?: string | null;
    body?: string | null;
    note?: string | null;
    /** Filled in by the application when a correction renames the article (see NewSlugRequired). */
    slug?: string | null;
  }
>;
export type RetractArticle = Command<'RetractArticle', { reason: string }>;
export type DiscardArticle = Command<'DiscardArticle', { reason: string }>;
export type SetDeadline = Command<'SetDeadline', { dueAt: Date | null }>;
/**
 * Issued by the service when an edition number was reserved for an article (the publication's
 * fact, in the sequence stream) but the article's own side was not written, e.g. after a crash.
 */
export type CompletePublication = Command<'CompletePublication', { edition: number; slug: string; publishedBy: Person }>;
/** Hands the article's claims (or one claim) to a fact-checker; a fact-checker may take them. */
export type AssignFactChecker = Command<'AssignFactChecker', { claimId?: string | null; assignee: Person }>;

export type ArticleCommand =
  | DraftArticle
  | ReviseArticle
  | SubmitForFactCheck
  | AddClaim
  | RecordVerdict
  | GenerateSummary
  | RecordSummary
  | EditSummary
  | GenerateVariant
  | RecordVariant
  | ReportVariantUnsupported
  | EditVariant
  | SubmitForReview
  | RequestChanges
  | ApproveArticle
  | PublishArticle
  | CancelSchedule
  | IssueCorrection
  | RetractArticle
  | DiscardArticle
  | SetDeadline
  | AssignFactChecker
  | CompletePublication;

export type ArticleCommandType = ArticleCommand['type'];
