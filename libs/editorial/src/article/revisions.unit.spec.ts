import { Forbidden, InvalidInput, InvalidTransition } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  ANALYSIS,
  AT,
  AT_STAGE,
  CLAIMS,
  approved,
  approvedOnceOfTwo,
  claimWith,
  command,
  decider,
  drafted,
  eddie,
  fay,
  history,
  inFactCheck,
  inReview,
  person,
  stateOf,
  summarized,
  twoApprovalsDecider,
  verdictFor,
  walt,
  wanda,
} from '../testing/article.fixtures';
import { summaryFresh } from './article.decider';
import type { ArticleEvent } from './article.events';

const spec = deciderSpecification(decider);

const CLOSING = 'Whether the spending pays off is another question.';

/** The body with its last, claim-free paragraph moved to the top: every claim sentence moves. */
const MOVED = [CLOSING, '', ANALYSIS.body.replace(`\n\n${CLOSING}`, '')].join('\n');
/** The capex figure edited. */
const EDITED = ANALYSIS.body.replace('$40 billion', '$45 billion');
/** The release-date sentence removed. */
const REMOVED = ANALYSIS.body.replace('Claude 3 was released in March 2024 and set off a price war among the model makers.\n\n', '');
/** Only the claim-free sentence reworded. */
const REWORDED = ANALYSIS.body.replace(CLOSING, 'Whether the spending pays off is another matter.');

/** FACT_CHECK with every claim resolved except the ones containing `except`. */
function resolvedBut(...except: string[]): ArticleEvent[] {
  const events = inFactCheck();
  const chain = history(events);
  for (const claim of stateOf(events).claims) {
    if (except.some((fragment) => claim.text.includes(fragment))) continue;
    chain.then(command('RecordVerdict', fay, { claimId: claim.id, status: verdictFor(claim) }));
  }
  return chain.events();
}

describe('reviseArticle', () => {
  it('records the new text and which fields changed', () => {
    spec
      .given(drafted())
      .when(command('ReviseArticle', wanda, { title: 'Who pays for the AI build-out', body: REWORDED }))
      .then([
        {
          type: 'ArticleRevised',
          data: { title: 'Who pays for the AI build-out', dek: ANALYSIS.dek, body: REWORDED, changed: ['title', 'body'], by: person(wanda), at: AT },
        },
      ]);
  });

  it('decides nothing when the text is unchanged', () => {
    spec.given(summarized()).when(command('ReviseArticle', wanda, { title: ANALYSIS.title, dek: ANALYSIS.dek, body: ANALYSIS.body })).thenNothing();
    spec.given(inFactCheck()).when(command('ReviseArticle', wanda, {})).thenNothing();
  });

  it('validates the fields it is given', () => {
    spec.given(drafted()).when(command('ReviseArticle', wanda, { title: 'x'.repeat(201) })).thenThrows<InvalidInput>(InvalidInput, { field: 'title' });
    spec.given(drafted()).when(command('ReviseArticle', wanda, { title: ' ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'title' });
    spec.given(drafted()).when(command('ReviseArticle', wanda, { dek: 'd'.repeat(401) })).thenThrows<InvalidInput>(InvalidInput, { field: 'dek' });
    spec.given(drafted()).when(command('ReviseArticle', wanda, { body: 'b'.repeat(200 * 1024 + 1) })).thenThrows<InvalidInput>(InvalidInput, { field: 'body' });
  });

  it('lets an editor revise someone else’s article', () => {
    spec.given(drafted()).when(command('ReviseArticle', eddie, { body: REWORDED })).thenMatches([{ type: 'ArticleRevised', data: { by: person(eddie) } }]);
  });

  it.each([walt, fay])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(drafted()).when(command('ReviseArticle', actor, { body: REWORDED })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  describe('re-anchoring claims', () => {
    it('keeps the verdict of an unchanged sentence that moved, with a ClaimReanchored', () => {
      const given = resolvedBut(CLAIMS.capex);
      const before = stateOf(given);
      const events = spec.given(given).when(command('ReviseArticle', wanda, { body: MOVED })).thenMatches([
        { type: 'ArticleRevised' },
        ...before.claims.map((claim) => ({ type: 'ClaimReanchored', data: { claimId: claim.id, field: 'body', start: MOVED.indexOf(claim.text), reason: 'SENTENCE_MOVED' } })),
      ]);
      const after = events.reduce(decider.evolve, before);
      expect(after.claims.map((c) => [c.id, c.status])).toEqual(before.claims.map((c) => [c.id, c.status]));
      for (const claim of after.claims) expect(MOVED.slice(claim.start, claim.end)).toBe(claim.text);
      expect(after.stage).toBe('FACT_CHECK');
    });

    it('does not re-anchor a sentence that did not move', () => {
      const given = inFactCheck();
      spec.given(given).when(command('ReviseArticle', wanda, { body: REWORDED })).thenMatches([{ type: 'ArticleRevised' }]);
    });

    it('replaces the claim of an edited sentence with a PENDING claim linked to the old one', () => {
      const given = resolvedBut(CLAIMS.release);
      const old = claimWith(given, CLAIMS.capex);
      expect(old.status).toBe('VERIFIED');
      const replacement = `c${stateOf(given).nextClaimNumber}`;
      const start = EDITED.indexOf('Microsoft expects');
      const events = spec
        .given(given)
        .when(command('ReviseArticle', wanda, { body: EDITED }))
        .thenMatches([
          { type: 'ArticleRevised', data: { changed: ['body'] } },
          { type: 'ClaimDropped', data: { claimId: old.id, reason: 'SENTENCE_EDITED', replacedBy: replacement, at: AT } },
          {
            type: 'ClaimExtracted',
            data: { claimId: replacement, reason: 'SENTENCE_EDITED', supersedes: old.id, postPublication: false, field: 'body', start, text: expect.stringContaining('$45 billion') },
          },
        ]);
      const after = events.reduce(decider.evolve, stateOf(given));
      expect(after.claims.find((c) => c.id === old.id)).toBeUndefined();
      expect(after.claims.find((c) => c.id === replacement)).toMatchObject({ status: 'PENDING', supersedes: old.id, origin: 'EXTRACTED' });
    });

    it('drops the claim of a removed sentence', () => {
      const given = inFactCheck();
      const gone = claimWith(given, CLAIMS.release);
      const events = spec.given(given).when(command('ReviseArticle', wanda, { body: REMOVED })).thenMatches([
        { type: 'ArticleRevised' },
        // The sentences after the removed one moved up.
        ...[CLAIMS.companyReported, CLAIMS.quote].map((fragment) => ({ type: 'ClaimReanchored', data: { claimId: claimWith(given, fragment).id } })),
        { type: 'ClaimDropped', data: { claimId: gone.id, reason: 'SENTENCE_REMOVED', replacedBy: null } },
      ]);
      expect(events.reduce(decider.evolve, stateOf(given)).claims.map((c) => c.id)).not.toContain(gone.id);
    });

    it('extracts a new checkable sentence as a new claim', () => {
      const body = `${ANALYSIS.body}\n\nAlphabet guided to $75 billion of spending for 2025.`;
      spec
        .given(inFactCheck())
        .when(command('ReviseArticle', wanda, { body }))
        .thenMatches([{ type: 'ArticleRevised' }, { type: 'ClaimExtracted', data: { reason: 'EXTRACTED', supersedes: null, text: expect.stringContaining('$75 billion') } }]);
    });

    it('does not track claims before the first submission', () => {
      spec.given(drafted()).when(command('ReviseArticle', wanda, { body: EDITED })).thenMatches([{ type: 'ArticleRevised' }]);
    });
  });

  describe('by stage', () => {
    it('DRAFT (sent back by a reviewer): claims are re-anchored and nothing else changes', () => {
      const given = history(inReview()).then(command('RequestChanges', eddie, { comment: 'Check the capex figure again' })).events();
      const state = spec
        .given(given)
        .when(command('ReviseArticle', wanda, { body: EDITED }))
        .thenMatches([{ type: 'ArticleRevised' }, { type: 'ClaimDropped', data: { reason: 'SENTENCE_EDITED' } }, { type: 'ClaimExtracted', data: { reason: 'SENTENCE_EDITED' } }]);
      expect(state.reduce(decider.evolve, stateOf(given)).stage).toBe('DRAFT');
    });

    it('FACT_CHECK: stays while a claim is unresolved', () => {
      const state = spec.given(resolvedBut(CLAIMS.capex)).when(command('ReviseArticle', wanda, { body: REWORDED })).thenState();
      expect(state.stage).toBe('FACT_CHECK');
    });

    it('FACT_CHECK: moves on to SUMMARIZE when the revision removes the last unresolved claim', () => {
      const given = resolvedBut(CLAIMS.release);
      const events = spec.given(given).when(command('ReviseArticle', wanda, { body: REMOVED })).thenMatches([
        { type: 'ArticleRevised' },
        { type: 'ClaimReanchored' },
        { type: 'ClaimReanchored' },
        { type: 'ClaimDropped', data: { reason: 'SENTENCE_REMOVED' } },
        { type: 'FactCheckCompleted', data: { at: AT } },
        { type: 'SummaryRequested', data: { trigger: 'ENTERED_SUMMARIZE', sourceHash: stateOf(drafted({ ...ANALYSIS, body: REMOVED })).bodyHash } },
      ]);
      expect(events.reduce(decider.evolve, stateOf(given)).stage).toBe('SUMMARIZE');
    });

    it('SUMMARIZE: a body change makes the summary stale and requests a new one', () => {
      const given = summarized();
      expect(summaryFresh(stateOf(given))).toBe(true);
      const events = spec.given(given).when(command('ReviseArticle', wanda, { body: REWORDED })).thenMatches([
        { type: 'ArticleRevised' },
        { type: 'SummaryRequested', data: { requestId: 'sr2', trigger: 'BODY_REVISED', sourceHash: stateOf(drafted({ ...ANALYSIS, body: REWORDED })).bodyHash, by: person(wanda) } },
      ]);
      const after = events.reduce(decider.evolve, stateOf(given));
      expect(after.stage).toBe('SUMMARIZE');
      expect(summaryFresh(after)).toBe(false);
      expect(after.pendingSummaryRequest).toBe('sr2');
    });

    it('SUMMARIZE: an edited claim sends the article back to FACT_CHECK', () => {
      const given = summarized();
      const state = spec.given(given).when(command('ReviseArticle', wanda, { body: EDITED })).thenState();
      expect(state.stage).toBe('FACT_CHECK');
      expect(summaryFresh(state)).toBe(false);
    });

    it('REVIEW: a body change returns the article to SUMMARIZE with a new summary requested', () => {
      const given = inReview();
      const events = spec.given(given).when(command('ReviseArticle', wanda, { body: REWORDED })).thenMatches([
        { type: 'ArticleRevised' },
        { type: 'ReturnedToSummarize', data: { reason: 'BODY_REVISED', at: AT } },
        { type: 'SummaryRequested', data: { trigger: 'BODY_REVISED' } },
      ]);
      const after = events.reduce(decider.evolve, stateOf(given));
      expect(after).toMatchObject({ stage: 'SUMMARIZE', approvals: [] });
      expect(summaryFresh(after)).toBe(false);
    });

    it('REVIEW: a body change clears the approvals given so far', () => {
      const given = approvedOnceOfTwo();
      const state = deciderSpecification(twoApprovalsDecider).given(given).when(command('ReviseArticle', wanda, { body: REWORDED })).thenState();
      expect(state).toMatchObject({ stage: 'SUMMARIZE', approvals: [] });
    });

    it('APPROVED: a body change with every claim still resolved returns to SUMMARIZE, approvals cleared, summary stale', () => {
      const given = approved();
      expect(stateOf(given).approvals).toHaveLength(1);
      const events = spec.given(given).when(command('ReviseArticle', eddie, { body: REWORDED })).thenMatches([
        { type: 'ArticleRevised' },
        { type: 'ReturnedToSummarize' },
        { type: 'SummaryRequested', data: { trigger: 'BODY_REVISED' } },
      ]);
      const after = events.reduce(decider.evolve, stateOf(given));
      expect(after).toMatchObject({ stage: 'SUMMARIZE', approvals: [] });
      expect(summaryFresh(after)).toBe(false);
    });

    it('APPROVED: a body change that leaves a claim unresolved goes to FACT_CHECK, approvals cleared, summary stale', () => {
      const given = approved();
      const old = claimWith(given, CLAIMS.capex);
      const replacement = `c${stateOf(given).nextClaimNumber}`;
      const events = spec.given(given).when(command('ReviseArticle', wanda, { body: EDITED })).thenMatches([
        { type: 'ArticleRevised' },
        { type: 'ClaimDropped', data: { claimId: old.id, replacedBy: replacement } },
        { type: 'ClaimExtracted', data: { claimId: replacement, supersedes: old.id } },
        { type: 'FactCheckReopened', data: { reason: 'REVISION', claimIds: [replacement], at: AT } },
      ]);
      const after = events.reduce(decider.evolve, stateOf(given));
      expect(after).toMatchObject({ stage: 'FACT_CHECK', approvals: [] });
      expect(summaryFresh(after)).toBe(false);
    });

    it('APPROVED: a title-only change clears approvals and returns to REVIEW', () => {
      const given = approved();
      const events = spec
        .given(given)
        .when(command('ReviseArticle', wanda, { title: 'Who pays for the AI build-out' }))
        .thenMatches([{ type: 'ArticleRevised', data: { changed: ['title'] } }, { type: 'ReturnedToReview', data: { reason: 'TITLE_OR_DEK_REVISED', at: AT } }]);
      const after = events.reduce(decider.evolve, stateOf(given));
      expect(after).toMatchObject({ stage: 'REVIEW', approvals: [] });
      expect(summaryFresh(after)).toBe(true);
    });

    it('APPROVED: a dek-only change returns to REVIEW too', () => {
      spec
        .given(approved())
        .when(command('ReviseArticle', wanda, { dek: 'The hyperscalers are spending as if demand were certain.' }))
        .thenMatches([{ type: 'ArticleRevised', data: { changed: ['dek'] } }, { type: 'ReturnedToReview' }]);
    });

    it('APPROVED: a dek-only change that brings a new figure goes to FACT_CHECK, since the figure must be checked first', () => {
      const given = approved();
      const dek = 'The hyperscalers will spend more than $200 billion this year as if demand were guaranteed.';
      const next = `c${stateOf(given).nextClaimNumber}`;
      const events = spec
        .given(given)
        .when(command('ReviseArticle', wanda, { dek }))
        .thenMatches([
          { type: 'ArticleRevised', data: { changed: ['dek'] } },
          { type: 'ClaimExtracted', data: { claimId: next, field: 'dek', reason: 'EXTRACTED' } },
          { type: 'FactCheckReopened', data: { reason: 'REVISION', claimIds: [next] } },
        ]);
      expect(events.reduce(decider.evolve, stateOf(given))).toMatchObject({ stage: 'FACT_CHECK', approvals: [] });
    });

    it('REVIEW: a dek-only change clears the approvals given so far and stays in REVIEW', () => {
      const given = approvedOnceOfTwo();
      const events = deciderSpecification(twoApprovalsDecider)
        .given(given)
        .when(command('ReviseArticle', wanda, { dek: 'The hyperscalers are spending as if demand were certain.' }))
        .thenMatches([{ type: 'ArticleRevised' }, { type: 'ApprovalsCleared', data: { reason: 'REVISION', at: AT } }]);
      expect(events.reduce(twoApprovalsDecider.evolve, stateOf(given))).toMatchObject({ stage: 'REVIEW', approvals: [] });
    });

    it('REVIEW without approvals, SUMMARIZE: a title-only change changes nothing else', () => {
      spec.given(inReview()).when(command('ReviseArticle', wanda, { title: 'Who pays' })).thenMatches([{ type: 'ArticleRevised' }]);
      spec.given(summarized()).when(command('ReviseArticle', wanda, { title: 'Who pays' })).thenMatches([{ type: 'ArticleRevised' }]);
    });

    it('SCHEDULED: refused until the schedule is cancelled', () => {
      spec.given(AT_STAGE.SCHEDULED()).when(command('ReviseArticle', wanda, { body: REWORDED })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SCHEDULED', rule: 'CANCEL_SCHEDULE_FIRST' });
    });

    it('PUBLISHED: refused, corrections go through issueCorrection', () => {
      spec.given(AT_STAGE.PUBLISHED()).when(command('ReviseArticle', eddie, { body: REWORDED })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'PUBLISHED', rule: 'USE_ISSUE_CORRECTION' });
    });

    it.each(['RETRACTED', 'DISCARDED'] as const)('%s: refused', (stage) => {
      spec.given(AT_STAGE[stage]()).when(command('ReviseArticle', eddie, { body: REWORDED })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
    });
  });
});
