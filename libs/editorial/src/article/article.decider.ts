import { personOf, type Person } from '../shared/actor';
import { fold, type Decider } from '../shared/decider';
import { Forbidden, InvalidInput, InvalidTransition, NewSlugRequired, NotFound, PublicationSlotRequired } from '../shared/domain.errors';
import type { ArticleCommand } from './article.commands';
import type { ArticleEvent, SummaryRequested, SummaryTrigger, TextField, VariantRequested } from './article.events';
import { evolve, initialState } from './article.evolve';
import { articleText, evidenceList, LIMITS, optionalText, requiredText } from './article.input';
import { authorize } from './article.permissions';
import { readingTimeMinutes, slugify } from './article.text';
import {
  CLAIM_STATUSES,
  CORRECTION_KINDS,
  RESOLVED_STATUSES,
  UNPUBLISHED_STAGES,
  VARIANT_KINDS,
  type ArticleState,
  type ClaimStatus,
  type CorrectionKind,
  type Stage,
  type Variant,
  type VariantKind,
} from './article.types';
import { unsupportedFigures } from '../summary';
import { anchorClaims, factsOfSpan } from './claim-anchoring';

export interface ArticlePolicy {
  /** GALLEY_REQUIRED_APPROVALS: approvals that move an article from REVIEW to APPROVED. */
  readonly requiredApprovals: number;
}

export type ArticleDecider = Decider<ArticleState, ArticleCommand, ArticleEvent>;

export function articleDecider(policy: ArticlePolicy): ArticleDecider {
  return { decide: (command, state) => decide(command, state, policy), evolve, initialState };
}

const REVISABLE: readonly Stage[] = ['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED'];
const CHECKED: readonly Stage[] = ['FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED'];
const ASSIGNABLE: readonly Stage[] = [...UNPUBLISHED_STAGES, 'PUBLISHED'];

/**
 * Refusals come in DESIGN §1's order: the article must exist, then role and separation of duties,
 * then the input, then the stage and the rules.
 */
function decide(command: ArticleCommand, state: ArticleState, policy: ArticlePolicy): ArticleEvent[] {
  const { actor, now } = command.metadata;
  const at = now.toISOString();
  const by = personOf(actor);
  if (command.type !== 'DraftArticle' && !state.exists) throw new NotFound('Article', command.data.articleId);
  authorize(command.type, actor, state);

  switch (command.type) {
    case 'DraftArticle': {
      const { title, dek, body } = articleText(
        { title: command.data.title ?? '', dek: command.data.dek, body: command.data.body ?? '' },
        { title: '', dek: '', body: '' },
      );
      const series = optionalText('series', command.data.series, LIMITS.series);
      if (state.exists) throw new InvalidTransition(state.stage, 'ALREADY_EXISTS', 'This article already exists');
      return [
        {
          type: 'ArticleDrafted',
          data: { articleId: command.data.articleId, title, dek, body, series, sensitive: command.data.sensitive === true, language: 'en', author: by, at },
        },
      ];
    }

    case 'ReviseArticle': {
      const text = articleText(command.data, state);
      if (state.stage === 'SCHEDULED') throw transition(state, 'CANCEL_SCHEDULE_FIRST', 'A scheduled article is pinned: cancel the schedule to revise it');
      if (state.stage === 'PUBLISHED') throw transition(state, 'USE_ISSUE_CORRECTION', 'A published article changes only through issueCorrection');
      requireStage(state, REVISABLE);
      const changed = changedFields(state, text);
      if (changed.length === 0) return [];
      const events: ArticleEvent[] = [{ type: 'ArticleRevised', data: { ...text, changed, by, at } }];
      if (state.claimsTracked) events.push(...anchorClaims(state, text, at, false));
      return [...events, ...afterRevision(state, fold(stateFrom(state), events), changed, by, at)];
    }

    case 'SubmitForFactCheck': {
      requireStage(state, ['DRAFT']);
      const events: ArticleEvent[] = [{ type: 'SubmittedForFactCheck', data: { by, at } }, ...anchorClaims(state, state, at, false)];
      return [...events, ...leaveFactCheckIfResolved(fold(stateFrom(state), events), by, at)];
    }

    case 'AddClaim': {
      const span = requiredText('text', command.data.text, LIMITS.claimText);
      const facts = factsOfSpan(state, span);
      if (facts === null) throw new InvalidInput('text', 'A claim must be a span of the article’s title, dek or body');
      requireStage(state, ['FACT_CHECK']);
      if (state.claims.some((c) => c.field === facts.field && c.start === facts.start && c.end === facts.end)) {
        throw transition(state, 'CLAIM_EXISTS', 'That span is already a claim');
      }
      return [{ type: 'ClaimAdded', data: { ...facts, claimId: `c${state.nextClaimNumber}`, by, postPublication: state.stage === 'PUBLISHED', at } }];
    }

    case 'RecordVerdict': {
      const { claimId, status } = command.data;
      if (!CLAIM_STATUSES.includes(status) || status === 'PENDING') {
        throw new InvalidInput('status', 'A verdict is VERIFIED, ATTRIBUTED, NEEDS_SOURCE, DISPUTED or DISMISSED');
      }
      const evidence = evidenceList(command.data.evidence);
      const note = optionalText('note', command.data.note, LIMITS.note);
      if (note === null && (status === 'DISPUTED' || status === 'NEEDS_SOURCE')) {
        throw new InvalidInput('note', `A ${status} verdict needs a note for the author`);
      }
      const claim = state.claims.find((c) => c.id === claimId);
      if (claim === undefined) throw new NotFound('Claim', claimId);
      requireStage(state, CHECKED);
      const events: ArticleEvent[] = [
        { type: 'VerdictRecorded', data: { claimId, status, previousStatus: claim.status, evidence, note, by, at } },
      ];
      return [...events, ...afterVerdict(state, fold(stateFrom(state), events), claimId, status, by, at)];
    }

    case 'GenerateSummary':
      requireStage(state, ['SUMMARIZE', 'PUBLISHED']);
      return [summaryRequest(state, 'COMMAND', by, at)];

    case 'RecordSummary': {
      const text = requiredText('text', command.data.text, LIMITS.summary * 4);
      requireOpen(state);
      if (state.pendingSummaryRequest !== command.data.requestId) {
        throw transition(state, 'SUMMARY_REQUEST_SUPERSEDED', 'A newer summary request or a human edit replaced this one');
      }
      // The command names the article; the event, recorded in the article's stream, does not.
      const { articleId: _articleId, ...answer } = command.data;
      return [{ type: 'SummaryGenerated', data: { ...answer, text, unsupportedFigures: unsupportedFigures(text, sourceText(state)), at } }];
    }

    case 'EditSummary': {
      const text = requiredText('text', command.data.text, LIMITS.summary);
      requireStage(state, ['SUMMARIZE', 'REVIEW', 'PUBLISHED']);
      const events: ArticleEvent[] = [
        {
          type: 'SummaryEdited',
          data: { text, previousText: state.summary?.text ?? null, sourceHash: state.bodyHash, unsupportedFigures: unsupportedFigures(text, sourceText(state)), by, at },
        },
      ];
      if (state.stage === 'REVIEW' && state.approvals.length > 0) {
        events.push({ type: 'ApprovalsCleared', data: { reason: 'SUMMARY_EDITED', at } });
      }
      return events;
    }

    case 'GenerateVariant': {
      const kind = variantKind(command.data.kind);
      requireStage(state, ['SUMMARIZE', 'PUBLISHED']);
      return [variantRequest(state, kind, 'COMMAND', by, at)];
    }

    case 'RecordVariant': {
      const kind = variantKind(command.data.kind);
      const text = requiredText('text', command.data.text, LIMITS.variant * 2);
      requireOpen(state);
      requirePendingVariant(state, kind, command.data.requestId);
      const { articleId: _articleId, ...answer } = command.data;
      return [{ type: 'VariantGenerated', data: { ...answer, kind, text, unsupportedFigures: unsupportedFigures(text, sourceText(state)), at } }];
    }

    case 'ReportVariantUnsupported': {
      const kind = variantKind(command.data.kind);
      const provider = requiredText('provider', command.data.provider, LIMITS.series);
      const reason = requiredText('reason', command.data.reason, LIMITS.reason);
      requireOpen(state);
      requirePendingVariant(state, kind, command.data.requestId);
      return [{ type: 'VariantUnsupported', data: { requestId: command.data.requestId, kind, provider, reason, at } }];
    }

    case 'EditVariant': {
      const kind = variantKind(command.data.kind);
      const text = requiredText('text', command.data.text, LIMITS.variant);
      requireStage(state, ['SUMMARIZE', 'REVIEW', 'PUBLISHED']);
      const previous = variantsOf(state).find((v) => v.kind === kind);
      const events: ArticleEvent[] = [
        {
          type: 'VariantEdited',
          data: { kind, text, previousText: previous?.text ?? null, sourceHash: state.bodyHash, unsupportedFigures: unsupportedFigures(text, sourceText(state)), by, at },
        },
      ];
      if (state.stage === 'REVIEW' && state.approvals.length > 0) {
        events.push({ type: 'ApprovalsCleared', data: { reason: 'VARIANT_EDITED', at } });
      }
      return events;
    }

    case 'SubmitForReview':
      requireStage(state, ['SUMMARIZE']);
      requireReadyToPublish(state);
      return [{ type: 'SubmittedForReview', data: { by, at } }];

    case 'RequestChanges': {
      const comment = requiredText('comment', command.data.comment, LIMITS.comment);
      requireStage(state, ['REVIEW', 'APPROVED']);
      return [{ type: 'ChangesRequested', data: { comment, by, at } }];
    }

    case 'ApproveArticle': {
      const comment = optionalText('comment', command.data.comment, LIMITS.comment);
      requireStage(state, ['REVIEW']);
      if (state.approvals.some((a) => a.by.id === actor.id)) throw transition(state, 'ALREADY_APPROVED', 'One approval per person');
      const approvals = state.approvals.length + 1;
      const events: ArticleEvent[] = [{ type: 'ApprovalGiven', data: { comment, by, at } }];
      if (approvals >= policy.requiredApprovals) events.push({ type: 'ArticleApproved', data: { approvals, at } });
      return events;
    }

    case 'PublishArticle': {
      const { at: when, slot } = command.data;
      if (when !== undefined && when !== null && Number.isNaN(when.getTime())) throw new InvalidInput('at', 'at must be an instant');
      if (slot && (!Number.isInteger(slot.edition) || slot.edition < 1 || slot.slug.length === 0)) {
        throw new InvalidInput('slot', 'An edition is a positive integer and a slug is not empty');
      }
      if (actor.system && state.stage !== 'SCHEDULED') {
        throw transition(state, 'STAGE', 'The service publishes scheduled articles only');
      }
      if (state.stage === 'SCHEDULED' && actor.system) {
        if (state.scheduledFor !== null && Date.parse(state.scheduledFor) > now.getTime()) {
          throw transition(state, 'NOT_DUE', 'The schedule is not due yet');
        }
      } else {
        requireStage(state, ['APPROVED']);
      }
      requireReadyToPublish(state);
      if (when && when.getTime() > now.getTime() && state.stage === 'APPROVED') {
        return [{ type: 'PublicationScheduled', data: { scheduledFor: when.toISOString(), by, at } }];
      }
      if (!slot) throw new PublicationSlotRequired(state.title);
      return [
        {
          type: 'ArticlePublished',
          data: { edition: slot.edition, slug: slot.slug, readingTimeMinutes: readingTimeMinutes(state.body), publishedAt: at, by, at },
        },
      ];
    }

    case 'CompletePublication': {
      const { edition, slug, publishedBy } = command.data;
      if (!Number.isInteger(edition) || edition < 1 || slug.length === 0) {
        throw new InvalidInput('slot', 'An edition is a positive integer and a slug is not empty');
      }
      if (state.edition === edition) return [];
      requireStage(state, ['APPROVED', 'SCHEDULED']);
      requireReadyToPublish(state);
      return [
        {
          type: 'ArticlePublished',
          data: { edition, slug, readingTimeMinutes: readingTimeMinutes(state.body), publishedAt: at, by: publishedBy, at },
        },
      ];
    }

    case 'CancelSchedule':
      requireStage(state, ['SCHEDULED']);
      return [{ type: 'ScheduleCancelled', data: { by, reason: 'CANCELLED', at } }];

    case 'IssueCorrection': {
      const { kind } = command.data;
      if (!CORRECTION_KINDS.includes(kind)) throw new InvalidInput('kind', 'kind is SILENT_FIX or CORRECTION');
      const text = articleText(command.data, state);
      const note = optionalText('note', command.data.note, LIMITS.note);
      if (kind === 'CORRECTION' && note === null) throw new InvalidInput('note', 'A correction needs a public note');
      if (kind === 'SILENT_FIX' && note !== null) throw new InvalidInput('note', 'A silent fix has no public note');
      const changed = changedFields(state, text);
      if (kind === 'SILENT_FIX' && changed.length === 0) throw new InvalidInput('input', 'A silent fix must change the text');
      requireStage(state, ['PUBLISHED']);
      const slug = renamedSlug(state, kind, text.title, command.data.slug);
      const events: ArticleEvent[] = [{ type: 'CorrectionIssued', data: { kind, note, ...text, changed, by, at, ...(slug ? { slug } : {}) } }];
      if (changed.length > 0) events.push(...anchorClaims(state, text, at, true));
      return events;
    }

    case 'RetractArticle': {
      const reason = requiredText('reason', command.data.reason, LIMITS.reason);
      requireStage(state, ['PUBLISHED']);
      return [{ type: 'ArticleRetracted', data: { reason, by, at } }];
    }

    case 'DiscardArticle': {
      const reason = requiredText('reason', command.data.reason, LIMITS.reason);
      requireStage(state, UNPUBLISHED_STAGES);
      return [{ type: 'ArticleDiscarded', data: { reason, by, at } }];
    }

    case 'AssignFactChecker': {
      const { claimId } = command.data;
      const assignee = { id: requiredText('assignee.id', command.data.assignee?.id, LIMITS.personField), name: requiredText('assignee.name', command.data.assignee?.name, LIMITS.personField) };
      if (state.author?.id === assignee.id) {
        throw new Forbidden('SEPARATION_OF_DUTIES', 'Nobody fact-checks their own article');
      }
      const handsOut = actor.roles.includes('editor') || actor.roles.includes('admin');
      if (!handsOut && assignee.id !== actor.id) throw new Forbidden('ROLE', 'A fact-checker may take work, not hand it out');
      if (claimId !== undefined && claimId !== null && !state.claims.some((c) => c.id === claimId)) throw new NotFound('Claim', claimId);
      requireStage(state, ASSIGNABLE);
      return claimId === undefined || claimId === null
        ? [{ type: 'ArticleAssigned', data: { assignee, by, at } }]
        : [{ type: 'ClaimAssigned', data: { claimId, assignee, by, at } }];
    }

    case 'SetDeadline': {
      const { dueAt } = command.data;
      if (dueAt !== null && Number.isNaN(dueAt.getTime())) throw new InvalidInput('dueAt', 'dueAt must be an instant');
      requireStage(state, UNPUBLISHED_STAGES);
      return [{ type: 'DeadlineSet', data: { dueAt: dueAt === null ? null : dueAt.toISOString(), by, at } }];
    }

    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** What a revision does beyond the text and its claims, by stage (DESIGN §1, "Revisions"). */
function afterRevision(before: ArticleState, after: ArticleState, changed: TextField[], by: Person, at: string): ArticleEvent[] {
  switch (before.stage) {
    case 'FACT_CHECK':
      return leaveFactCheckIfResolved(after, by, at);
    case 'SUMMARIZE':
    case 'REVIEW':
    case 'APPROVED': {
      const unresolved = unresolvedClaims(after);
      if (unresolved.length > 0) return [{ type: 'FactCheckReopened', data: { reason: 'REVISION', claimIds: unresolved, at } }];
      if (changed.includes('body')) {
        const events: ArticleEvent[] = [];
        if (before.stage !== 'SUMMARIZE') events.push({ type: 'ReturnedToSummarize', data: { reason: 'BODY_REVISED', at } });
        if (!summaryFresh(after)) events.push(summaryRequest(after, 'BODY_REVISED', by, at));
        return [...events, ...variantRefreshes(after, 'BODY_REVISED', by, at)];
      }
      if (before.stage === 'APPROVED') return [{ type: 'ReturnedToReview', data: { reason: 'TITLE_OR_DEK_REVISED', at } }];
      if (before.approvals.length > 0) return [{ type: 'ApprovalsCleared', data: { reason: 'REVISION', at } }];
      return [];
    }
    default:
      return [];
  }
}

/** What a verdict does to the article, by stage (DESIGN §1, "Verdicts"). */
function afterVerdict(before: ArticleState, after: ArticleState, claimId: string, status: ClaimStatus, by: Person, at: string): ArticleEvent[] {
  const unresolving = !RESOLVED_STATUSES.includes(status);
  switch (before.stage) {
    case 'FACT_CHECK':
      return leaveFactCheckIfResolved(after, by, at);
    case 'SUMMARIZE':
    case 'REVIEW':
    case 'APPROVED':
      return unresolving ? [{ type: 'FactCheckReopened', data: { reason: 'VERDICT_REVISED', claimIds: [claimId], at } }] : [];
    case 'SCHEDULED':
      // A disputed figure must not go out on a timer: the schedule is cancelled and checking resumes.
      return unresolving
        ? [
            { type: 'ScheduleCancelled', data: { by, reason: 'CLAIM_UNRESOLVED', at } },
            { type: 'FactCheckReopened', data: { reason: 'VERDICT_REVISED', claimIds: [claimId], at } },
          ]
        : [];
    case 'PUBLISHED':
      return unresolving ? [{ type: 'CorrectionSuggested', data: { claimId, status, at } }] : [];
    default:
      return [];
  }
}

function leaveFactCheckIfResolved(after: ArticleState, by: Person, at: string): ArticleEvent[] {
  if (unresolvedClaims(after).length > 0) return [];
  const events: ArticleEvent[] = [{ type: 'FactCheckCompleted', data: { at } }];
  if (!summaryFresh(after)) events.push(summaryRequest(after, 'ENTERED_SUMMARIZE', by, at));
  return [...events, ...variantRefreshes(after, 'ENTERED_SUMMARIZE', by, at)];
}

function summaryRequest(state: ArticleState, trigger: SummaryTrigger, by: Person, at: string): SummaryRequested {
  return { type: 'SummaryRequested', data: { requestId: `sr${state.summaryRequests + 1}`, sourceHash: state.bodyHash, trigger, by, at } };
}

function variantRequest(state: ArticleState, kind: VariantKind, trigger: SummaryTrigger, by: Person, at: string, offset = 0): VariantRequested {
  const requestId = `vr${(state.variantRequests ?? 0) + 1 + offset}`;
  return { type: 'VariantRequested', data: { requestId, kind, sourceHash: state.bodyHash, trigger, by, at } };
}

/**
 * A variant that exists, or is on its way, follows the body as the TL;DR does: when it no longer
 * matches, it is asked for again. A kind nobody requested is never generated on its own.
 */
function variantRefreshes(state: ArticleState, trigger: SummaryTrigger, by: Person, at: string): VariantRequested[] {
  const pending = state.pendingVariantRequests ?? {};
  const due = VARIANT_KINDS.filter((kind) => {
    const variant = variantsOf(state).find((v) => v.kind === kind);
    return pending[kind] !== undefined || (variant !== undefined && !variantFresh(state, variant));
  });
  return due.map((kind, index) => variantRequest(state, kind, trigger, by, at, index));
}

export function unresolvedClaims(state: ArticleState): string[] {
  return state.claims.filter((c) => !RESOLVED_STATUSES.includes(c.status)).map((c) => c.id);
}

export function summaryFresh(state: ArticleState): boolean {
  return state.summary !== null && state.summary.sourceHash === state.bodyHash;
}

/** A variant is fresh while it was made from (or edited against) the current body. */
export function variantFresh(state: ArticleState, variant: Variant): boolean {
  return variant.sourceHash === state.bodyHash;
}

/** States folded before variants existed have none. */
function variantsOf(state: ArticleState): readonly Variant[] {
  return state.variants ?? [];
}

function requireReadyToPublish(state: ArticleState): void {
  if (unresolvedClaims(state).length > 0) throw transition(state, 'CLAIMS_UNRESOLVED', 'Every claim must be resolved');
  if (state.summary === null) throw transition(state, 'SUMMARY_REQUIRED', 'The article needs a summary');
  if (!summaryFresh(state)) throw transition(state, 'SUMMARY_STALE', 'The summary was made from an earlier body');
  if (state.summary.unsupportedFigures.length > 0) {
    throw transition(
      state,
      'SUMMARY_UNSUPPORTED_FIGURE',
      `The summary states figures the article does not contain (${state.summary.unsupportedFigures.join(', ')}): edit or regenerate it`,
    );
  }
  // A variant nobody asked for does not exist and blocks nothing; one that exists is held to the summary's rules.
  for (const variant of variantsOf(state)) {
    if (!variantFresh(state, variant)) {
      throw transition(state, 'VARIANT_STALE', `The ${variant.kind} version was made from an earlier body: edit or regenerate it`);
    }
    if (variant.unsupportedFigures.length > 0) {
      throw transition(
        state,
        'VARIANT_UNSUPPORTED_FIGURE',
        `The ${variant.kind} version states figures the article does not contain (${variant.unsupportedFigures.join(', ')}): edit or regenerate it`,
      );
    }
  }
}

function variantKind(kind: string): VariantKind {
  if (!VARIANT_KINDS.includes(kind as VariantKind)) throw new InvalidInput('kind', `kind is one of ${VARIANT_KINDS.join(', ')}`);
  return kind as VariantKind;
}

function requireOpen(state: ArticleState): void {
  if (state.stage === 'RETRACTED' || state.stage === 'DISCARDED') throw transition(state, 'STAGE', 'The article is closed');
}

function requirePendingVariant(state: ArticleState, kind: VariantKind, requestId: string): void {
  if ((state.pendingVariantRequests ?? {})[kind] !== requestId) {
    throw transition(state, 'VARIANT_REQUEST_SUPERSEDED', `A newer ${kind} request or a human edit replaced this one`);
  }
}

/** What a summary may draw its figures from. */
function sourceText(state: ArticleState): string {
  return `${state.title}\n${state.dek}\n${state.body}`;
}

function requireStage(state: ArticleState, allowed: readonly Stage[]): void {
  if (!allowed.includes(state.stage)) {
    throw transition(state, 'STAGE', `Not allowed in ${state.stage} (allowed in ${allowed.join(', ')})`);
  }
}

function transition(state: ArticleState, rule: string, message: string): InvalidTransition {
  return new InvalidTransition(state.stage, rule, message);
}

/**
 * A slug stays as published through silent fixes and corrections of the text. A correction whose
 * headline no longer reads as the slug (a wrong name in it, say) renames the article: the new slug
 * is reserved by the application, and the old one goes on leading to the article.
 */
function renamedSlug(state: ArticleState, kind: CorrectionKind, title: string, reserved: string | null | undefined): string | null {
  if (kind !== 'CORRECTION' || slugify(title) === slugify(state.title)) return null;
  if (reserved === undefined || reserved === null) throw new NewSlugRequired(title);
  if (reserved.trim().length === 0) throw new InvalidInput('slug', 'A slug is not empty');
  return reserved === state.slug ? null : reserved;
}

function changedFields(state: ArticleState, text: { title: string; dek: string; body: string }): TextField[] {
  return (['title', 'dek', 'body'] as const).filter((field) => state[field] !== text[field]);
}

/** Folding continues from the current state rather than from nothing. */
function stateFrom(state: ArticleState) {
  return { evolve, initialState: () => state };
}
