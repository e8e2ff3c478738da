import type { ArticleEvent } from './article.events';
import { hashText } from './article.text';
import { VARIANT_KINDS, type ArticleState, type Claim, type Stage, type Summary, type SummaryEdit, type Variant, type VariantKind } from './article.types';

/** Bump when ArticleState's shape or evolve's meaning changes: snapshots of older states are then ignored. */
export const ARTICLE_STATE_VERSION = 5;

export function initialState(): ArticleState {
  return {
    exists: false,
    id: '',
    stage: 'DRAFT',
    stageEnteredAt: null,
    title: '',
    dek: '',
    body: '',
    bodyHash: hashText(''),
    series: null,
    sensitive: false,
    language: 'en',
    author: null,
    dueAt: null,
    factChecker: null,
    claims: [],
    nextClaimNumber: 1,
    claimsTracked: false,
    summary: null,
    pendingSummaryRequest: null,
    summaryRequests: 0,
    variants: [],
    unsupportedVariants: [],
    pendingVariantRequests: {},
    variantRequests: 0,
    approvals: [],
    reviews: [],
    edition: null,
    slug: null,
    readingTimeMinutes: null,
    scheduledFor: null,
    publishedAt: null,
    createdAt: null,
    updatedAt: null,
    corrections: [],
    correctionSuggested: false,
    retraction: null,
    discardReason: null,
  };
}

export function evolve(state: ArticleState, event: ArticleEvent): ArticleState {
  const touched = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'ArticleDrafted': {
      const { articleId, title, dek, body, series, sensitive, language, author, at } = event.data;
      return {
        ...touched,
        exists: true,
        id: articleId,
        title,
        dek,
        body,
        bodyHash: hashText(body),
        series,
        sensitive,
        language,
        author,
        createdAt: at,
        stageEnteredAt: at,
      };
    }
    case 'ArticleRevised':
    case 'CorrectionIssued': {
      const { title, dek, body, at } = event.data;
      const bodyHash = body === state.body ? state.bodyHash : hashText(body);
      const corrections =
        event.type === 'CorrectionIssued' && event.data.kind === 'CORRECTION'
          ? [...state.corrections, { kind: event.data.kind, note: event.data.note, at }]
          : state.corrections;
      // A correction answers a suggested one.
      const correctionSuggested = event.type === 'CorrectionIssued' ? false : state.correctionSuggested;
      const slug = event.type === 'CorrectionIssued' && event.data.slug ? event.data.slug : state.slug;
      return { ...touched, title, dek, body, bodyHash, corrections, correctionSuggested, slug };
    }
    case 'SubmittedForFactCheck':
      return { ...enter(touched, 'FACT_CHECK', event.data.at), claimsTracked: true };
    case 'ClaimExtracted':
    case 'ClaimAdded': {
      const { claimId, at, postPublication, text, field, start, end, kind, kinds, value, unit, score, interestedParty } = event.data;
      const claim: Claim = {
        id: claimId,
        text,
        field,
        start,
        end,
        kind,
        kinds,
        value,
        unit,
        score,
        interestedParty,
        origin: event.type === 'ClaimAdded' ? 'ADDED' : 'EXTRACTED',
        status: 'PENDING',
        evidence: [],
        note: null,
        checkedBy: null,
        checkedAt: null,
        supersedes: event.type === 'ClaimExtracted' ? event.data.supersedes : null,
        postPublication,
        since: at,
        assignee: null,
      };
      const number = Number(claimId.slice(1));
      return {
        ...touched,
        claims: [...state.claims, claim],
        nextClaimNumber: Math.max(state.nextClaimNumber, number + 1),
      };
    }
    case 'ClaimReanchored': {
      const { claimId, field, start, end } = event.data;
      return { ...touched, claims: updateClaim(state.claims, claimId, (c) => ({ ...c, field, start, end })) };
    }
    case 'ClaimDropped':
      return { ...touched, claims: state.claims.filter((c) => c.id !== event.data.claimId) };
    case 'VerdictRecorded': {
      const { claimId, status, evidence, note, by, at } = event.data;
      return {
        ...touched,
        claims: updateClaim(state.claims, claimId, (c) => ({ ...c, status, evidence, note, checkedBy: by, checkedAt: at })),
      };
    }
    case 'FactCheckCompleted':
      return enter(touched, 'SUMMARIZE', event.data.at);
    case 'FactCheckReopened':
      return { ...enter(touched, 'FACT_CHECK', event.data.at), approvals: [] };
    case 'ReturnedToSummarize':
      return { ...enter(touched, 'SUMMARIZE', event.data.at), approvals: [] };
    case 'ReturnedToReview':
      return { ...enter(touched, 'REVIEW', event.data.at), approvals: [] };
    case 'ApprovalsCleared':
      return { ...touched, approvals: [] };
    case 'SummaryRequested':
      return { ...touched, pendingSummaryRequest: event.data.requestId, summaryRequests: state.summaryRequests + 1 };
    case 'SummaryGenerated': {
      const { requestId: _requestId, ...generated } = event.data;
      return { ...touched, pendingSummaryRequest: null, summary: generatedText(generated) };
    }
    case 'SummaryEdited': {
      const { text, previousText, sourceHash, unsupportedFigures, by, at } = event.data;
      const summary = editedText(state.summary, { text, sourceHash, unsupportedFigures, edit: { by, at, previousText, text } });
      // A human edit settles the summary: a model answer still on its way no longer applies.
      return { ...touched, summary, pendingSummaryRequest: null };
    }
    case 'VariantRequested': {
      const { kind, requestId } = event.data;
      const v = variantsOf(state);
      return {
        ...touched,
        pendingVariantRequests: { ...v.pendingVariantRequests, [kind]: requestId },
        variantRequests: v.variantRequests + 1,
      };
    }
    case 'VariantGenerated': {
      const { requestId: _requestId, kind, ...generated } = event.data;
      const variant: Variant = { ...generatedText(generated), kind };
      return { ...touched, ...settleVariant(state, kind, variant) };
    }
    case 'VariantUnsupported': {
      const { kind, provider, reason, at } = event.data;
      const v = variantsOf(state);
      return {
        ...touched,
        pendingVariantRequests: withoutKind(v.pendingVariantRequests, kind),
        unsupportedVariants: inKindOrder([...v.unsupportedVariants.filter((u) => u.kind !== kind), { kind, provider, reason, at }]),
      };
    }
    case 'VariantEdited': {
      const { kind, text, previousText, sourceHash, unsupportedFigures, by, at } = event.data;
      const previous = variantsOf(state).variants.find((v) => v.kind === kind) ?? null;
      const variant: Variant = { ...editedText(previous, { text, sourceHash, unsupportedFigures, edit: { by, at, previousText, text } }), kind };
      // Like the summary's: the edit settles the variant, and a late answer no longer applies.
      return { ...touched, ...settleVariant(state, kind, variant) };
    }
    case 'SubmittedForReview':
      return enter(touched, 'REVIEW', event.data.at);
    case 'ChangesRequested': {
      const { comment, by, at } = event.data;
      return {
        ...enter(touched, 'DRAFT', at),
        approvals: [],
        reviews: [...state.reviews, { by, verdict: 'CHANGES_REQUESTED', comment, at }],
      };
    }
    case 'ApprovalGiven': {
      const review = { by: event.data.by, verdict: 'APPROVED' as const, comment: event.data.comment, at: event.data.at };
      return { ...touched, approvals: [...state.approvals, review], reviews: [...state.reviews, review] };
    }
    case 'ArticleApproved':
      return enter(touched, 'APPROVED', event.data.at);
    case 'PublicationScheduled':
      return { ...enter(touched, 'SCHEDULED', event.data.at), scheduledFor: event.data.scheduledFor };
    case 'ScheduleCancelled':
      return { ...enter(touched, 'APPROVED', event.data.at), scheduledFor: null };
    case 'ArticlePublished': {
      const { edition, slug, readingTimeMinutes, publishedAt, at } = event.data;
      return { ...enter(touched, 'PUBLISHED', at), edition, slug, readingTimeMinutes, publishedAt, scheduledFor: null };
    }
    case 'CorrectionSuggested':
      return { ...touched, correctionSuggested: true };
    case 'ArticleRetracted':
      return { ...enter(touched, 'RETRACTED', event.data.at), retraction: { reason: event.data.reason, at: event.data.at } };
    case 'ArticleDiscarded':
      return { ...enter(touched, 'DISCARDED', event.data.at), discardReason: event.data.reason };
    case 'ArticleAssigned':
      return { ...touched, factChecker: event.data.assignee };
    case 'ClaimAssigned': {
      const { claimId, assignee } = event.data;
      return { ...touched, claims: updateClaim(state.claims, claimId, (c) => ({ ...c, assignee })) };
    }
    case 'DeadlineSet':
      return { ...touched, dueAt: event.data.dueAt };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

function generatedText(data: Omit<Summary, 'generatedAt' | 'edits'> & { at: string }): Summary {
  const { text, provider, model, promptTemplateId, promptHash, parameters, sourceHash, sourceType, fallbackFrom, unsupportedFigures, at } = data;
  return { text, provider, model, promptTemplateId, promptHash, parameters, sourceHash, sourceType, fallbackFrom, generatedAt: at, edits: [], unsupportedFigures };
}

/** A human edit keeps the provenance of what it edits; with nothing before it, the text is human-written. */
function editedText(
  previous: Summary | null,
  change: { text: string; sourceHash: string; unsupportedFigures: readonly string[]; edit: SummaryEdit },
): Summary {
  const { text, sourceHash, unsupportedFigures, edit } = change;
  if (previous) return { ...previous, text, sourceHash, unsupportedFigures, edits: [...previous.edits, edit] };
  return {
    text,
    sourceHash,
    provider: 'human',
    model: null,
    promptTemplateId: null,
    promptHash: null,
    parameters: {},
    sourceType: null,
    fallbackFrom: null,
    generatedAt: null,
    edits: [edit],
    unsupportedFigures,
  };
}

/** States folded before variants existed (stored read models, snapshots) have none. */
function variantsOf(state: ArticleState): Pick<ArticleState, 'variants' | 'unsupportedVariants' | 'pendingVariantRequests' | 'variantRequests'> {
  return {
    variants: state.variants ?? [],
    unsupportedVariants: state.unsupportedVariants ?? [],
    pendingVariantRequests: state.pendingVariantRequests ?? {},
    variantRequests: state.variantRequests ?? 0,
  };
}

function settleVariant(state: ArticleState, kind: VariantKind, variant: Variant) {
  const v = variantsOf(state);
  return {
    variants: inKindOrder([...v.variants.filter((existing) => existing.kind !== kind), variant]),
    unsupportedVariants: v.unsupportedVariants.filter((u) => u.kind !== kind),
    pendingVariantRequests: withoutKind(v.pendingVariantRequests, kind),
  };
}

function withoutKind<T>(byKind: Readonly<Partial<Record<VariantKind, T>>>, kind: VariantKind): Partial<Record<VariantKind, T>> {
  const { [kind]: _dropped, ...rest } = byKind;
  return rest;
}

function inKindOrder<T extends { kind: VariantKind }>(items: T[]): T[] {
  return items.sort((a, b) => VARIANT_KINDS.indexOf(a.kind) - VARIANT_KINDS.indexOf(b.kind));
}

function enter(state: ArticleState, stage: Stage, at: string): ArticleState {
  return stage === state.stage ? state : { ...state, stage, stageEnteredAt: at };
}

function updateClaim(claims: readonly Claim[], id: string, change: (claim: Claim) => Claim): Claim[] {
  return claims.map((claim) => (claim.id === id ? change(claim) : claim));
}
