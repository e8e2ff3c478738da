import { Forbidden, InvalidInput, InvalidTransition, NotFound } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  ANALYSIS,
  AT,
  AT_STAGE,
  CLAIMS,
  NOTE_WITHOUT_CLAIMS,
  TOMORROW,
  ada,
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
  pat,
  person,
  published,
  scheduled,
  stateOf,
  summarized,
  twoApprovalsDecider,
  verdictFor,
  walt,
  wanda,
} from '../testing/article.fixtures';
import type { ArticleEvent } from './article.events';
import type { ClaimStatus } from './article.types';

const spec = deciderSpecification(decider);
const EVIDENCE = [{ url: 'https://openai.com/index/chatgpt-usage', title: 'OpenAI usage update', quote: '300 million weekly users', retrievedAt: '2025-03-09T10:00:00.000Z' }];

/** Fay resolves every claim except those whose sentence contains one of `except`. */
function resolveAllBut(events: ArticleEvent[], ...except: string[]): ArticleEvent[] {
  const chain = history(events);
  for (const claim of stateOf(events).claims) {
    if (except.some((fragment) => claim.text.includes(fragment))) continue;
    chain.then(command('RecordVerdict', fay, { claimId: claim.id, status: verdictFor(claim), evidence: EVIDENCE, note: null }));
  }
  return chain.events();
}

describe('submitForFactCheck', () => {
  it('extracts the checkable sentences of the article as PENDING claims and stays in FACT_CHECK', () => {
    const state = spec.given(drafted()).when(command('SubmitForFactCheck', wanda, {})).thenState();
    expect(state.stage).toBe('FACT_CHECK');
    expect(state.claimsTracked).toBe(true);
    for (const fragment of [CLAIMS.users, CLAIMS.capex, CLAIMS.release, CLAIMS.companyReported, CLAIMS.quote]) {
      expect(state.claims).toContainEqual(expect.objectContaining({ status: 'PENDING', origin: 'EXTRACTED', field: 'body', text: expect.stringContaining(fragment) }));
    }
    // A claim's span indexes the field it came from.
    for (const claim of state.claims) expect(ANALYSIS[claim.field].slice(claim.start, claim.end)).toBe(claim.text);
    // "Whether the spending pays off" checks nothing.
    expect(state.claims.some((c) => c.text.includes('pays off'))).toBe(false);
  });

  it('records the submission, then one ClaimExtracted per claim, numbered in order', () => {
    const count = stateOf(inFactCheck()).claims.length;
    spec
      .given(drafted())
      .when(command('SubmitForFactCheck', wanda, {}))
      .thenMatches([
        { type: 'SubmittedForFactCheck', data: { by: person(wanda), at: AT } },
        ...Array.from({ length: count }, (_, i) => ({
          type: 'ClaimExtracted',
          data: { claimId: `c${i + 1}`, reason: 'EXTRACTED', supersedes: null, postPublication: false, at: AT },
        })),
      ]);
  });

  it('marks a company-reported figure as interested-party data', () => {
    expect(claimWith(inFactCheck(), CLAIMS.companyReported).interestedParty).toBe(true);
  });

  it('goes straight on to SUMMARIZE and requests a summary when there is nothing to check', () => {
    spec
      .given(drafted(NOTE_WITHOUT_CLAIMS))
      .when(command('SubmitForFactCheck', wanda, {}))
      .thenMatches([
        { type: 'SubmittedForFactCheck' },
        { type: 'FactCheckCompleted', data: { at: AT } },
        { type: 'SummaryRequested', data: { requestId: 'sr1', trigger: 'ENTERED_SUMMARIZE', sourceHash: stateOf(drafted(NOTE_WITHOUT_CLAIMS)).bodyHash } },
      ]);
  });

  it('lets an editor submit someone else’s article', () => {
    spec.given(drafted()).when(command('SubmitForFactCheck', eddie, {})).thenMatches([{ type: 'SubmittedForFactCheck', data: { by: person(eddie) } }, ...Array(stateOf(inFactCheck()).claims.length).fill({ type: 'ClaimExtracted' })]);
  });

  it.each([walt, fay, pat])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(drafted()).when(command('SubmitForFactCheck', actor, {})).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it.each(['FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'PUBLISHED'] as const)('refuses in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('SubmitForFactCheck', wanda, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it('keeps the verdicts of unchanged claims when resubmitted after changes were requested', () => {
    const sentBack = history(inReview()).then(command('RequestChanges', eddie, { comment: 'Tighten the ending' })).events();
    const before = stateOf(sentBack);
    expect(before.stage).toBe('DRAFT');
    // Nothing changed: every claim is still resolved, so the article goes on, and the summary is still fresh.
    const events = spec.given(sentBack).when(command('SubmitForFactCheck', wanda, {})).thenMatches([{ type: 'SubmittedForFactCheck' }, { type: 'FactCheckCompleted' }]);
    expect(events.reduce(decider.evolve, before).claims).toEqual(before.claims);
  });
});

describe('addClaim', () => {
  const span = 'set off a price war among the model makers';

  it('adds a span of the text the extractor missed as a PENDING claim', () => {
    const given = inFactCheck();
    const next = stateOf(given).nextClaimNumber;
    const start = ANALYSIS.body.indexOf(span);
    spec
      .given(given)
      .when(command('AddClaim', fay, { text: span }))
      .thenMatches([{ type: 'ClaimAdded', data: { claimId: `c${next}`, text: span, field: 'body', start, end: start + span.length, by: person(fay), postPublication: false, at: AT } }]);
  });

  it('lets an editor add a claim, and the claim is marked as added', () => {
    const state = spec.given(inFactCheck()).when(command('AddClaim', eddie, { text: 'hyperscalers are spending as if demand were guaranteed' })).thenState();
    expect(state.claims.at(-1)).toMatchObject({ origin: 'ADDED', status: 'PENDING', field: 'dek' });
  });

  it('refuses a span that is not in the text', () => {
    spec.given(inFactCheck()).when(command('AddClaim', fay, { text: 'Google spent $50 billion' })).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
  });

  it('refuses an empty span', () => {
    spec.given(inFactCheck()).when(command('AddClaim', fay, { text: ' ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
  });

  it('refuses a span that is already a claim', () => {
    const given = history(inFactCheck()).then(command('AddClaim', fay, { text: span })).events();
    spec.given(given).when(command('AddClaim', fay, { text: span })).thenThrows<InvalidTransition>(InvalidTransition, { rule: 'CLAIM_EXISTS' });
  });

  it.each(['DRAFT', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'PUBLISHED'] as const)('refuses in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('AddClaim', fay, { text: span })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([wanda, pat])('refuses $name', (actor) => {
    spec.given(inFactCheck()).when(command('AddClaim', actor, { text: span })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});

describe('recordVerdict', () => {
  const users = () => claimWith(inFactCheck(), CLAIMS.users);

  it('records the verdict with its evidence, note, checker and time', () => {
    const claim = users();
    spec
      .given(inFactCheck())
      .when(command('RecordVerdict', fay, { claimId: claim.id, status: 'VERIFIED', evidence: EVIDENCE, note: 'Matches the company blog' }))
      .then([
        {
          type: 'VerdictRecorded',
          data: { claimId: claim.id, status: 'VERIFIED', previousStatus: 'PENDING', evidence: EVIDENCE, note: 'Matches the company blog', by: person(fay), at: AT },
        },
      ]);
  });

  it('folds the verdict into the claim', () => {
    const claim = users();
    const state = spec.given(inFactCheck()).when(command('RecordVerdict', fay, { claimId: claim.id, status: 'ATTRIBUTED', evidence: EVIDENCE })).thenState();
    expect(state.claims.find((c) => c.id === claim.id)).toMatchObject({ status: 'ATTRIBUTED', evidence: EVIDENCE, note: null, checkedBy: person(fay), checkedAt: AT });
    expect(state.stage).toBe('FACT_CHECK');
  });

  describe('separation of duties', () => {
    it('refuses the author, even an admin', () => {
      const adminsArticle = history(drafted(ANALYSIS, ada)).then(command('SubmitForFactCheck', ada, {})).events();
      const claim = claimWith(adminsArticle, CLAIMS.users);
      spec.given(adminsArticle).when(command('RecordVerdict', ada, { claimId: claim.id, status: 'VERIFIED' })).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
    });

    it('refuses an author who is also a fact-checker', () => {
      const both = { ...wanda, roles: ['writer', 'fact_checker'] as const };
      const claim = users();
      spec.given(inFactCheck()).when(command('RecordVerdict', both, { claimId: claim.id, status: 'VERIFIED' })).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
    });

    it('lets an admin who is not the author fact-check', () => {
      const claim = users();
      spec.given(inFactCheck()).when(command('RecordVerdict', ada, { claimId: claim.id, status: 'VERIFIED' })).thenMatches([{ type: 'VerdictRecorded', data: { by: person(ada) } }]);
    });

    it.each([eddie, pat, walt])('refuses $name, who is not a fact-checker', (actor) => {
      spec.given(inFactCheck()).when(command('RecordVerdict', actor, { claimId: users().id, status: 'VERIFIED' })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
    });
  });

  describe('input', () => {
    it('refuses PENDING as a verdict', () => {
      spec.given(inFactCheck()).when(command('RecordVerdict', fay, { claimId: users().id, status: 'PENDING' })).thenThrows<InvalidInput>(InvalidInput, { field: 'status' });
    });

    it('refuses an unknown status', () => {
      spec.given(inFactCheck()).when(command('RecordVerdict', fay, { claimId: users().id, status: 'PLAUSIBLE' as ClaimStatus })).thenThrows<InvalidInput>(InvalidInput, { field: 'status' });
    });

    it.each(['DISPUTED', 'NEEDS_SOURCE'] as const)('requires a note for %s', (status) => {
      spec.given(inFactCheck()).when(command('RecordVerdict', fay, { claimId: users().id, status, note: '  ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'note' });
    });

    it.each(['VERIFIED', 'ATTRIBUTED', 'DISMISSED'] as const)('needs no note for %s', (status) => {
      spec.given(inFactCheck()).when(command('RecordVerdict', fay, { claimId: users().id, status })).thenMatches([{ type: 'VerdictRecorded', data: { status, note: null } }]);
    });

    it.each([
      ['not a URL', 'openai.com/blog'],
      ['not http(s)', 'javascript:alert(1)'],
      ['empty', ''],
    ])('refuses an evidence URL that is %s', (_case, url) => {
      spec
        .given(inFactCheck())
        .when(command('RecordVerdict', fay, { claimId: users().id, status: 'VERIFIED', evidence: [EVIDENCE[0], { ...EVIDENCE[0], url }] }))
        .thenThrows<InvalidInput>(InvalidInput, { field: 'evidence[1].url' });
    });

    it('refuses an evidence retrievedAt that is not an instant', () => {
      spec
        .given(inFactCheck())
        .when(command('RecordVerdict', fay, { claimId: users().id, status: 'VERIFIED', evidence: [{ ...EVIDENCE[0], retrievedAt: 'last Tuesday' }] }))
        .thenThrows<InvalidInput>(InvalidInput, { field: 'evidence[0].retrievedAt' });
    });

    it('answers NotFound for an unknown claim', () => {
      spec.given(inFactCheck()).when(command('RecordVerdict', fay, { claimId: 'c999', status: 'VERIFIED' })).thenThrows<NotFound>(NotFound, { entity: 'Claim', id: 'c999' });
    });
  });

  it('refuses a verdict on a draft or a closed article', () => {
    // After changes were requested the article is a DRAFT again, with its claims.
    const sentBack = history(inReview()).then(command('RequestChanges', eddie, { comment: 'Rework' })).events();
    const claim = claimWith(sentBack, CLAIMS.users);
    spec.given(sentBack).when(command('RecordVerdict', fay, { claimId: claim.id, status: 'VERIFIED' })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'DRAFT', rule: 'STAGE' });
    spec.given(AT_STAGE.RETRACTED()).when(command('RecordVerdict', fay, { claimId: claim.id, status: 'VERIFIED' })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'RETRACTED', rule: 'STAGE' });
  });

  describe('in FACT_CHECK', () => {
    it('completes the fact-check and requests a summary with the last resolving verdict', () => {
      const given = resolveAllBut(inFactCheck(), CLAIMS.capex);
      const claim = claimWith(given, CLAIMS.capex);
      spec
        .given(given)
        .when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISMISSED' }))
        .thenMatches([
          { type: 'VerdictRecorded', data: { claimId: claim.id, status: 'DISMISSED' } },
          { type: 'FactCheckCompleted', data: { at: AT } },
          { type: 'SummaryRequested', data: { requestId: 'sr1', trigger: 'ENTERED_SUMMARIZE', sourceHash: stateOf(given).bodyHash, by: person(fay) } },
        ]);
    });

    it('does not complete while another claim is pending', () => {
      const given = resolveAllBut(inFactCheck(), CLAIMS.capex, CLAIMS.release);
      spec.given(given).when(command('RecordVerdict', fay, { claimId: claimWith(given, CLAIMS.capex).id, status: 'VERIFIED' })).thenMatches([{ type: 'VerdictRecorded' }]);
    });

    it.each(['NEEDS_SOURCE', 'DISPUTED'] as const)('stays in FACT_CHECK when the last open claim is %s', (status) => {
      const given = resolveAllBut(inFactCheck(), CLAIMS.capex);
      const state = spec.given(given).when(command('RecordVerdict', fay, { claimId: claimWith(given, CLAIMS.capex).id, status, note: 'Which filing?' })).thenState();
      expect(state.stage).toBe('FACT_CHECK');
      expect(state.pendingSummaryRequest).toBeNull();
    });

    it('moves on once a NEEDS_SOURCE claim is resolved', () => {
      const open = resolveAllBut(inFactCheck(), CLAIMS.capex);
      const capex = claimWith(open, CLAIMS.capex);
      const given = history(open).then(command('RecordVerdict', fay, { claimId: capex.id, status: 'NEEDS_SOURCE', note: 'Which filing?' })).events();
      spec
        .given(given)
        .when(command('RecordVerdict', fay, { claimId: capex.id, status: 'VERIFIED', evidence: EVIDENCE }))
        .thenMatches([{ type: 'VerdictRecorded', data: { previousStatus: 'NEEDS_SOURCE' } }, { type: 'FactCheckCompleted' }, { type: 'SummaryRequested' }]);
    });
  });

  describe('revised later', () => {
    it.each([
      ['SUMMARIZE', summarized],
      ['REVIEW', inReview],
    ] as const)('in %s, a DISPUTED verdict sends the article back to FACT_CHECK', (_stage, at) => {
      const given = at();
      const claim = claimWith(given, CLAIMS.users);
      const state = spec
        .given(given)
        .when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISPUTED', note: 'The figure is monthly, not weekly' }))
        .thenState();
      expect(state.stage).toBe('FACT_CHECK');
      spec
        .given(given)
        .when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISPUTED', note: 'The figure is monthly, not weekly' }))
        .thenMatches([
          { type: 'VerdictRecorded', data: { previousStatus: 'VERIFIED', status: 'DISPUTED' } },
          { type: 'FactCheckReopened', data: { reason: 'VERDICT_REVISED', claimIds: [claim.id], at: AT } },
        ]);
    });

    it('in APPROVED, a NEEDS_SOURCE verdict reopens the fact-check and clears the approvals', () => {
      const given = approved();
      expect(stateOf(given).approvals).toHaveLength(1);
      const claim = claimWith(given, CLAIMS.release);
      const state = spec.given(given).when(command('RecordVerdict', fay, { claimId: claim.id, status: 'NEEDS_SOURCE', note: 'Link the announcement' })).thenState();
      expect(state).toMatchObject({ stage: 'FACT_CHECK', approvals: [] });
    });

    it('with two approvals required, a disputed claim in REVIEW clears the approval given so far', () => {
      const given = approvedOnceOfTwo();
      expect(stateOf(given)).toMatchObject({ stage: 'REVIEW', approvals: [expect.objectContaining({ by: person(eddie) })] });
      const claim = claimWith(given, CLAIMS.users);
      const state = deciderSpecification(twoApprovalsDecider)
        .given(given)
        .when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISPUTED', note: 'Monthly figure' }))
        .thenState();
      expect(state).toMatchObject({ stage: 'FACT_CHECK', approvals: [] });
    });

    it('in APPROVED, a resolving verdict changes nothing else', () => {
      const given = approved();
      const claim = claimWith(given, CLAIMS.users);
      spec.given(given).when(command('RecordVerdict', fay, { claimId: claim.id, status: 'ATTRIBUTED', evidence: EVIDENCE })).thenMatches([{ type: 'VerdictRecorded' }]);
    });

    it('in SCHEDULED, an unresolving verdict cancels the schedule and reopens the fact-check', () => {
      const given = scheduled();
      expect(stateOf(given).scheduledFor).toBe(TOMORROW.toISOString());
      const claim = claimWith(given, CLAIMS.capex);
      spec
        .given(given)
        .when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISPUTED', note: 'The filing says $35 billion' }))
        .thenMatches([
          { type: 'VerdictRecorded' },
          { type: 'ScheduleCancelled', data: { reason: 'CLAIM_UNRESOLVED', by: person(fay) } },
          { type: 'FactCheckReopened', data: { reason: 'VERDICT_REVISED', claimIds: [claim.id] } },
        ]);
      const state = spec.given(given).when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISPUTED', note: 'The filing says $35 billion' })).thenState();
      expect(state).toMatchObject({ stage: 'FACT_CHECK', scheduledFor: null, approvals: [] });
    });

    it('on a PUBLISHED article, suggests a correction and the article stays published', () => {
      const given = published();
      const claim = claimWith(given, CLAIMS.capex);
      spec
        .given(given)
        .when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISPUTED', note: 'The filing says $35 billion' }))
        .thenMatches([{ type: 'VerdictRecorded' }, { type: 'CorrectionSuggested', data: { claimId: claim.id, status: 'DISPUTED', at: AT } }]);
      const state = spec.given(given).when(command('RecordVerdict', fay, { claimId: claim.id, status: 'DISPUTED', note: 'The filing says $35 billion' })).thenState();
      expect(state).toMatchObject({ stage: 'PUBLISHED', correctionSuggested: true });
    });

    it('on a PUBLISHED article, a resolving verdict suggests nothing', () => {
      const given = published();
      spec.given(given).when(command('RecordVerdict', fay, { claimId: claimWith(given, CLAIMS.capex).id, status: 'VERIFIED', evidence: EVIDENCE })).thenMatches([{ type: 'VerdictRecorded' }]);
    });
  });
});

