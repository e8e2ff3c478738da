import type { ArticleEvent } from './article.events';
import { hashText } from './article.text';
import type { ArticleState, Claim, Stage } from './article.types';

/** Bump when ArticleState's shape or evolve's meaning changes: snapshots of older states are then ignored. */
export const ARTICLE_STATE_VERSION = 3;

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
    claims: [],
    nextClaimNumber: 1,
    claimsTracked: false,
    summary: null,
    pendingSummaryRequest: null,
    summaryRequests: 0,
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
      return { ...touched, title, dek, body, bodyHash, corrections, correctionSuggested };
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
      const { text, provider, model, promptTemplateId, promptHash, parameters, sourceHash, sourceType, fallbackFrom, unsupportedFigures, at } = event.data;
      return {
        ...touched,
        pendingSummaryRequest: null,
        summary: {
          text,
          provider,
          model,
          promptTemplateId,
          promptHash,
          parameters,
          sourceHash,
          sourceType,
          fallbackFrom,
          generatedAt: at,
          edits: [],
          unsupportedFigures,
        },
      };
    }
    case 'SummaryEdited': {
      const { text, sourceHash, unsupportedFigures, by, at } = event.data;
      const previous = state.summary;
      const summary = previous
        ? { ...previous, text, sourceHash, unsupportedFigures, edits: [...previous.edits, { by, at }] }
        : {
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
            edits: [{ by, at }],
            unsupportedFigures,
          };
      // A human edit settles the summary: a model answer still on its way no longer applies.
      return { ...touched, summary, pendingSummaryRequest: null };
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
    case 'DeadlineSet':
      return { ...touched, dueAt: event.data.dueAt };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

function enter(state: ArticleState, stage: Stage, at: string): ArticleState {
  return stage === state.stage ? state : { ...state, stage, stageEnteredAt: at };
}

function updateClaim(claims: readonly Claim[], id: string, change: (claim: Claim) => Claim): Claim[] {
  return claims.map((claim) => (claim.id === id ? change(claim) : claim));
}
