import type { Person } from '../shared/actor';
import type {
  ClaimFacts,
  ClaimStatus,
  CorrectionKind,
  Evidence,
  SummarySourceType,
  VariantKind,
} from './article.types';
import type { ClaimField } from '../claims';

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Data };

/** Every event's data says when it happened (the instant the command was decided). */
interface At {
  readonly at: string;
}

export type TextField = 'title' | 'dek' | 'body';

export type ArticleDrafted = Event<
  'ArticleDrafted',
  At & {
    articleId: string;
    title: string;
    dek: string;
    body: string;
    series: string | null;
    sensitive: boolean;
    /** BCP 47 language of the text (schema version 2; version 1 articles were all English). */
    language: string;
    author: Person;
  }
>;
export type ArticleRevised = Event<
  'ArticleRevised',
  At & { title: string; dek: string; body: string; changed: TextField[]; by: Person }
>;
export type SubmittedForFactCheck = Event<'SubmittedForFactCheck', At & { by: Person }>;
export type ClaimExtracted = Event<
  'ClaimExtracted',
  At &
    ClaimFacts & {
      claimId: string;
      /** EXTRACTED: a new checkable sentence; SENTENCE_EDITED: replaces `supersedes`. */
      reason: 'EXTRACTED' | 'SENTENCE_EDITED';
      supersedes: string | null;
      postPublication: boolean;
    }
>;
export type ClaimAdded = Event<'ClaimAdded', At & ClaimFacts & { claimId: string; by: Person; postPublication: boolean }>;
export type ClaimReanchored = Event<
  'ClaimReanchored',
  At & { claimId: string; field: ClaimField; start: number; end: number; reason: 'SENTENCE_MOVED' }
>;
export type ClaimDropped = Event<
  'ClaimDropped',
  At & { claimId: string; reason: 'SENTENCE_REMOVED' | 'SENTENCE_EDITED'; replacedBy: string | null }
>;
export type VerdictRecorded = Event<
  'VerdictRecorded',
  At & {
    claimId: string;
    status: ClaimStatus;
    previousStatus: ClaimStatus;
    evidence: Evidence[];
    note: string | null;
    by: Person;
  }
>;
export type FactCheckCompleted = Event<'FactCheckCompleted', At>;
export type FactCheckReopened = Event<
  'FactCheckReopened',
  At & { reason: 'VERDICT_REVISED' | 'REVISION'; claimIds: string[] }
>;
export type ReturnedToSummarize = Event<'ReturnedToSummarize', At & { reason: 'BODY_REVISED' }>;
export type ReturnedToReview = Event<'ReturnedToReview', At & { reason: 'TITLE_OR_DEK_REVISED' }>;
export type ApprovalsCleared = Event<
  'ApprovalsCleared',
  At & { reason: 'REVISION' | 'SUMMARY_EDITED' | 'VARIANT_EDITED' | 'VERDICT_REVISED' }
>;
export type SummaryTrigger = 'COMMAND' | 'ENTERED_SUMMARIZE' | 'BODY_REVISED';
export type SummaryRequested = Event<
  'SummaryRequested',
  At & { requestId: string; sourceHash: string; trigger: SummaryTrigger; by: Person }
>;
/** What a summarizer answered, with the provenance recorded for it. */
interface GeneratedText {
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
  /** Figures the text states that the article does not contain (SummaryGenerated since schema version 2). */
  unsupportedFigures: string[];
}
export type SummaryGenerated = Event<'SummaryGenerated', At & GeneratedText>;
export type SummaryEdited = Event<
  'SummaryEdited',
  At & { text: string; previousText: string | null; sourceHash: string; unsupportedFigures: string[]; by: Person }
>;
export type VariantRequested = Event<
  'VariantRequested',
  At & { requestId: string; kind: VariantKind; sourceHash: string; trigger: SummaryTrigger; by: Person }
>;
export type VariantGenerated = Event<'VariantGenerated', At & GeneratedText & { kind: VariantKind }>;
/** The summarizer cannot honestly write this kind (the extractive one offers no plain-language rewrite). */
export type VariantUnsupported = Event<
  'VariantUnsupported',
  At & { requestId: string; kind: VariantKind; provider: string; reason: string }
>;
export type VariantEdited = Event<
  'VariantEdited',
  At & { kind: VariantKind; text: string; previousText: string | null; sourceHash: string; unsupportedFigures: string[]; by: Person }
>;
export type SubmittedForReview = Event<'SubmittedForReview', At & { by: Person }>;
export type ChangesRequested = Event<'ChangesRequested', At & { comment: string; by: Person }>;
export type ApprovalGiven = Event<'ApprovalGiven', At & { comment: string | null; by: Person }>;
export type ArticleApproved = Event<'ArticleApproved', At & { approvals: number }>;
export type PublicationScheduled = Event<'PublicationScheduled', At & { scheduledFor: string; by: Person }>;
export type ScheduleCancelled = Event<
  'ScheduleCancelled',
  At & { by: Person; reason: 'CANCELLED' | 'CLAIM_UNRESOLVED' }
>;
export type ArticlePublished = Event<
  'ArticlePublished',
  At & { edition: number; slug: string; readingTimeMinutes: number; publishedAt: string; by: Person }
>;
export type CorrectionIssued = Event<
  'CorrectionIssued',
  At & {
    kind: CorrectionKind;
    note: string | null;
    title: string;
    dek: string;
    body: string;
    changed: TextField[];
    by: Person;
    /** The article's new slug, present only when a correction of its title renamed it; the old one redirects. */
    slug?: string;
  }
>;
export type CorrectionSuggested = Event<'CorrectionSuggested', At & { claimId: string; status: ClaimStatus }>;
export type ArticleRetracted = Event<'ArticleRetracted', At & { reason: string; by: Person }>;
export type ArticleDiscarded = Event<'ArticleDiscarded', At & { reason: string; by: Person }>;
export type DeadlineSet = Event<'DeadlineSet', At & { dueAt: string | null; by: Person }>;
export type ArticleAssigned = Event<'ArticleAssigned', At & { assignee: Person; by: Person }>;
export type ClaimAssigned = Event<'ClaimAssigned', At & { claimId: string; assignee: Person; by: Person }>;

export type ArticleEvent =
  | ArticleDrafted
  | ArticleRevised
  | SubmittedForFactCheck
  | ClaimExtracted
  | ClaimAdded
  | ClaimReanchored
  | ClaimDropped
  | VerdictRecorded
  | FactCheckCompleted
  | FactCheckReopened
  | ReturnedToSummarize
  | ReturnedToReview
  | ApprovalsCleared
  | SummaryRequested
  | SummaryGenerated
  | SummaryEdited
  | VariantRequested
  | VariantGenerated
  | VariantUnsupported
  | VariantEdited
  | SubmittedForReview
  | ChangesRequested
  | ApprovalGiven
  | ArticleApproved
  | PublicationScheduled
  | ScheduleCancelled
  | ArticlePublished
  | CorrectionIssued
  | CorrectionSuggested
  | ArticleRetracted
  | ArticleDiscarded
  | DeadlineSet
  | ArticleAssigned
  | ClaimAssigned;

export type ArticleEventType = ArticleEvent['type'];

export const ARTICLE_EVENT_TYPES: readonly ArticleEventType[] = [
  'ArticleDrafted', 'ArticleRevised', 'SubmittedForFactCheck', 'ClaimExtracted', 'ClaimAdded',
  'ClaimReanchored', 'ClaimDropped', 'VerdictRecorded', 'FactCheckCompleted', 'FactCheckReopened',
  'ReturnedToSummarize', 'ReturnedToReview', 'ApprovalsCleared', 'SummaryRequested', 'SummaryGenerated',
  'SummaryEdited', 'SubmittedForReview', 'ChangesRequested', 'ApprovalGiven', 'ArticleApproved',
  'PublicationScheduled', 'ScheduleCancelled', 'ArticlePublished', 'CorrectionIssued',
  'CorrectionSuggested', 'ArticleRetracted', 'ArticleDiscarded', 'DeadlineSet', 'VariantRequested',
  'VariantGenerated', 'VariantUnsupported', 'VariantEdited', 'ArticleAssigned', 'ClaimAssigned',
];
