import type { Person } from '../shared/actor';
import type { ClaimField, ClaimKind } from '../claims';

export const STAGES = [
  'DRAFT',
  'FACT_CHECK',
  'SUMMARIZE',
  'REVIEW',
  'APPROVED',
  'SCHEDULED',
  'PUBLISHED',
  'RETRACTED',
  'DISCARDED',
] as const;
export type Stage = (typeof STAGES)[number];

export const CLAIM_STATUSES = ['PENDING', 'VERIFIED', 'ATTRIBUTED', 'NEEDS_SOURCE', 'DISPUTED', 'DISMISSED'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Verdicts that let an article leave fact-checking. */
export const RESOLVED_STATUSES: readonly ClaimStatus[] = ['VERIFIED', 'ATTRIBUTED', 'DISMISSED'];

export const CORRECTION_KINDS = ['SILENT_FIX', 'CORRECTION'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export const UNPUBLISHED_STAGES: readonly Stage[] = ['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED'];

export interface Evidence {
  readonly url: string;
  readonly title: string | null;
  readonly quote: string | null;
  readonly retrievedAt: string | null;
}

/** Where a claim sits in the article's text. */
export interface ClaimAnchor {
  readonly text: string;
  readonly field: ClaimField;
  readonly start: number;
  readonly end: number;
}

export interface ClaimFacts extends ClaimAnchor {
  readonly kind: ClaimKind;
  readonly kinds: readonly ClaimKind[];
  readonly value: number | null;
  readonly unit: string | null;
  readonly score: number;
  readonly interestedParty: boolean;
}

export interface Claim extends ClaimFacts {
  readonly id: string;
  readonly origin: 'EXTRACTED' | 'ADDED';
  readonly status: ClaimStatus;
  readonly evidence: readonly Evidence[];
  readonly note: string | null;
  readonly checkedBy: Person | null;
  readonly checkedAt: string | null;
  /** The claim this one replaced when its sentence was edited. */
  readonly supersedes: string | null;
  /** Found or changed after publication: the claim queue flags it. */
  readonly postPublication: boolean;
  readonly since: string;
  /** Assigned to this fact-checker in particular (else the article's). */
  readonly assignee: Person | null;
}

export type SummarySourceType = 'trainedAlgorithmicMedia' | null;

export interface SummaryProvenance {
  readonly provider: string;
  readonly model: string | null;
  readonly promptTemplateId: string | null;
  readonly promptHash: string | null;
  readonly parameters: Record<string, unknown>;
  readonly sourceType: SummarySourceType;
  /** Set when a model failed and the extractive summarizer stood in. */
  readonly fallbackFrom: string | null;
}

/** A human edit of a summary or a variant: who, when, and the text before and after. */
export interface SummaryEdit {
  readonly by: Person;
  readonly at: string;
  /** Null when the human wrote it before any text existed. */
  readonly previousText: string | null;
  readonly text: string;
}

export interface Summary extends SummaryProvenance {
  readonly text: string;
  /** Hash of the body the summary was made from (or edited against). */
  readonly sourceHash: string;
  readonly generatedAt: string | null;
  readonly edits: readonly SummaryEdit[];
  /** Figures the summary states that the article does not contain: they block review. */
  readonly unsupportedFigures: readonly string[];
}

/** "Read it as…": the registers an article may be rewritten in, beside its TL;DR. */
export const VARIANT_KINDS = ['BRIEF', 'PLAIN_LANGUAGE', 'EXECUTIVE'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/** A rewrite of the article in one register, with the same provenance and rules as the TL;DR. */
export interface Variant extends Summary {
  readonly kind: VariantKind;
}

/** A summarizer's honest answer that it cannot write this kind of variant. */
export interface UnsupportedVariant {
  readonly kind: VariantKind;
  readonly provider: string;
  readonly reason: string;
  readonly at: string;
}

export interface Review {
  readonly by: Person;
  readonly verdict: 'APPROVED' | 'CHANGES_REQUESTED';
  readonly comment: string | null;
  readonly at: string;
}

export interface Correction {
  readonly kind: CorrectionKind;
  readonly note: string | null;
  readonly at: string;
}

export interface ArticleState {
  readonly exists: boolean;
  readonly id: string;
  readonly stage: Stage;
  readonly stageEnteredAt: string | null;
  readonly title: string;
  readonly dek: string;
  readonly body: string;
  readonly bodyHash: string;
  readonly series: string | null;
  readonly sensitive: boolean;
  readonly language: string;
  readonly author: Person | null;
  readonly dueAt: string | null;
  /** The fact-checker the article's claims are assigned to (a claim may have its own). */
  readonly factChecker: Person | null;
  /** Active claims in text order of their discovery; dropped claims leave this list. */
  readonly claims: readonly Claim[];
  readonly nextClaimNumber: number;
  /** True once the article has been submitted for fact-checking: revisions then re-anchor claims. */
  readonly claimsTracked: boolean;
  readonly summary: Summary | null;
  readonly pendingSummaryRequest: string | null;
  readonly summaryRequests: number;
  /** Variants that exist, in VARIANT_KINDS order; a kind never requested has none. */
  readonly variants: readonly Variant[];
  /** The kinds whose last request a summarizer declined, with its reason. */
  readonly unsupportedVariants: readonly UnsupportedVariant[];
  /** The request awaiting an answer, per kind. */
  readonly pendingVariantRequests: Readonly<Partial<Record<VariantKind, string>>>;
  readonly variantRequests: number;
  readonly approvals: readonly Review[];
  readonly reviews: readonly Review[];
  readonly edition: number | null;
  readonly slug: string | null;
  readonly readingTimeMinutes: number | null;
  readonly scheduledFor: string | null;
  readonly publishedAt: string | null;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  readonly corrections: readonly Correction[];
  readonly correctionSuggested: boolean;
  readonly retraction: { readonly reason: string; readonly at: string } | null;
  readonly discardReason: string | null;
}
