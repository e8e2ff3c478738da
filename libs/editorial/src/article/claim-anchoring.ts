import { extractClaims, normalizeSentence, type ClaimField, type ExtractedClaim } from '../claims';
import type { ClaimDropped, ClaimExtracted, ClaimReanchored } from './article.events';
import type { ArticleState, Claim, ClaimFacts } from './article.types';

export interface ArticleText {
  readonly title: string;
  readonly dek: string;
  readonly body: string;
}

export type AnchoringEvent = ClaimExtracted | ClaimReanchored | ClaimDropped;

const FIELDS: readonly ClaimField[] = ['title', 'dek', 'body'];
/** Two sentences whose words overlap at least this much (Dice coefficient) are one sentence, edited. */
const EDIT_SIMILARITY = 0.5;

export function claimId(number: number): string {
  return `c${number}`;
}

/**
 * Matches the article's claims to a new text: an unchanged sentence keeps its claim (re-anchored if
 * it moved), an edited one becomes a PENDING claim that supersedes the old, a removed one is dropped,
 * and new checkable sentences become new claims.
 */
export function anchorClaims(
  state: ArticleState,
  text: ArticleText,
  at: string,
  postPublication: boolean,
): AnchoringEvent[] {
  const candidates = extractClaims(text);
  const used = new Set<number>();
  const events: AnchoringEvent[] = [];
  const unmatched: Claim[] = [];

  for (const claim of state.claims) {
    const anchor = claim.origin === 'ADDED' ? findSpan(text, claim.text) : findSentence(candidates, used, claim.text);
    if (anchor === null) {
      unmatched.push(claim);
      continue;
    }
    if (anchor.field !== claim.field || anchor.start !== claim.start || anchor.end !== claim.end) {
      events.push({
        type: 'ClaimReanchored',
        data: { claimId: claim.id, field: anchor.field, start: anchor.start, end: anchor.end, reason: 'SENTENCE_MOVED', at },
      });
    }
  }

  let next = state.nextClaimNumber;
  for (const claim of unmatched) {
    const edited = mostSimilar(candidates, used, claim.text);
    if (edited === null) {
      events.push({ type: 'ClaimDropped', data: { claimId: claim.id, reason: 'SENTENCE_REMOVED', replacedBy: null, at } });
      continue;
    }
    const id = claimId(next++);
    events.push({ type: 'ClaimDropped', data: { claimId: claim.id, reason: 'SENTENCE_EDITED', replacedBy: id, at } });
    events.push(extracted(id, candidates[edited], 'SENTENCE_EDITED', claim.id, postPublication, at));
  }

  candidates.forEach((candidate, index) => {
    if (used.has(index)) return;
    events.push(extracted(claimId(next++), candidate, 'EXTRACTED', null, postPublication, at));
  });
  return events;
}

/** The facts of a span a fact-checker points at, or null when the span is not in the text. */
export function factsOfSpan(text: ArticleText, span: string): ClaimFacts | null {
  const anchor = findSpan(text, span);
  if (anchor === null) return null;
  const [found] = extractClaims({ title: '', dek: '', body: anchor.text });
  return {
    ...anchor,
    kind: found?.kind ?? 'FIGURE',
    kinds: found?.kinds ?? ['FIGURE'],
    value: found?.value ?? null,
    unit: found?.unit ?? null,
    score: found?.score ?? 0.5,
    interestedParty: found?.interestedParty ?? false,
  };
}

function extracted(
  id: string,
  candidate: ExtractedClaim,
  reason: 'EXTRACTED' | 'SENTENCE_EDITED',
  supersedes: string | null,
  postPublication: boolean,
  at: string,
): ClaimExtracted {
  return {
    type: 'ClaimExtracted',
    data: {
      claimId: id,
      text: candidate.text,
      field: candidate.field,
      start: candidate.start,
      end: candidate.end,
      kind: candidate.kind,
      kinds: [...candidate.kinds],
      value: candidate.value,
      unit: candidate.unit,
      score: candidate.score,
      interestedParty: candidate.interestedParty,
      reason,
      supersedes,
      postPublication,
      at,
    },
  };
}

function findSentence(candidates: readonly ExtractedClaim[], used: Set<number>, sentence: string) {
  const wanted = normalizeSentence(sentence);
  const index = candidates.findIndex((c, i) => !used.has(i) && normalizeSentence(c.text) === wanted);
  if (index < 0) return null;
  used.add(index);
  return candidates[index];
}

function findSpan(text: ArticleText, span: string) {
  for (const field of FIELDS) {
    const start = text[field].indexOf(span);
    if (span.length > 0 && start >= 0) return { text: span, field, start, end: start + span.length };
  }
  return null;
}

function mostSimilar(candidates: readonly ExtractedClaim[], used: Set<number>, sentence: string): number | null {
  const words = wordsOf(sentence);
  let best: number | null = null;
  let bestScore = EDIT_SIMILARITY;
  for (let index = 0; index < candidates.length; index++) {
    if (used.has(index)) continue;
    const score = dice(words, wordsOf(candidates[index].text));
    if (score >= bestScore) {
      best = index;
      bestScore = score;
    }
  }
  if (best !== null) used.add(best);
  return best;
}

function wordsOf(sentence: string): Set<string> {
  return new Set(normalizeSentence(sentence).toLowerCase().match(/[\p{L}\p{N}$%€£.,]+/gu) ?? []);
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return (2 * shared) / (a.size + b.size);
}
