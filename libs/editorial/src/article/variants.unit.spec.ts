import { Forbidden, InvalidInput, InvalidTransition } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  ANALYSIS,
  AT,
  AT_STAGE,
  NOW,
  SLOT,
  SYSTEM_ACTOR,
  ada,
  approved,
  command,
  decider,
  eddie,
  erin,
  fay,
  history,
  inReview,
  pat,
  person,
  published,
  stateOf,
  summarized,
  summaryAnswer,
  twoApprovalsDecider,
  variantAnswer,
  variantDeclined,
  verdictFor,
  walt,
  wanda,
  withVariants,
} from '../testing/article.fixtures';
import type { ArticleEvent, VariantRequested } from './article.events';
import { variantFresh } from './article.decider';
import type { VariantKind } from './article.types';
import { disclosureLine } from './summary-disclosure';

const spec = deciderSpecification(decider);
const INVENTED = 'Big Tech is betting $95 billion a year that AI demand will show up.';
const PLAIN = 'Big tech firms are spending huge sums on computers for AI. Nobody knows yet if it will pay off.';
const REWORDED = ANALYSIS.body.replace('pays off is another question', 'pays off is another matter');
const CAPEX_CHANGED = ANALYSIS.body.replace('$40 billion of capex in 2025', '$45 billion of capex in 2025');

function variantRequests(events: readonly ArticleEvent[]): VariantRequested['data'][] {
  return events.filter((e): e is VariantRequested => e.type === 'VariantRequested').map((e) => e.data);
}

function after(events: readonly ArticleEvent[], ...commands: Parameters<ReturnType<typeof history>['then']>[0][]): ArticleEvent[] {
  const chain = history(events);
  for (const next of commands) chain.then(next);
  return chain.events();
}

describe('generateVariant', () => {
  it('in SUMMARIZE, records a request for that kind against the current body', () => {
    const given = summarized();
    spec
      .given(given)
      .when(command('GenerateVariant', wanda, { kind: 'PLAIN_LANGUAGE' }))
      .then([
        {
          type: 'VariantRequested',
          data: { requestId: 'vr1', kind: 'PLAIN_LANGUAGE', sourceHash: stateOf(given).bodyHash, trigger: 'COMMAND', by: person(wanda), at: AT },
        },
      ]);
  });

  it('numbers requests across kinds, and keeps one pending request per kind', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }), command('GenerateVariant', eddie, { kind: 'EXECUTIVE' }));
    const state = spec.given(given).when(command('GenerateVariant', wanda, { kind: 'BRIEF' })).thenState();
    expect(state.pendingVariantRequests).toEqual({ BRIEF: 'vr3', EXECUTIVE: 'vr2' });
    expect(state.variants).toEqual([]);
  });

  it('on a PUBLISHED article, may add a variant after the fact', () => {
    spec.given(published()).when(command('GenerateVariant', eddie, { kind: 'EXECUTIVE' })).thenMatches([{ type: 'VariantRequested', data: { kind: 'EXECUTIVE', trigger: 'COMMAND' } }]);
  });

  it('may be asked by the service itself, as a summary may', () => {
    spec.given(summarized()).when(command('GenerateVariant', SYSTEM_ACTOR, { kind: 'BRIEF' })).thenMatches([{ type: 'VariantRequested', data: { by: { id: 'system' } } }]);
  });

  it('refuses a kind it does not know, before looking at the stage', () => {
    const unknown = command('GenerateVariant', wanda, { kind: 'HAIKU' as VariantKind });
    spec.given(summarized()).when(unknown).thenThrows<InvalidInput>(InvalidInput, { field: 'kind' });
    spec.given(AT_STAGE.DRAFT()).when(unknown).thenThrows<InvalidInput>(InvalidInput, { field: 'kind' });
  });

  it.each(['DRAFT', 'FACT_CHECK', 'REVIEW', 'APPROVED', 'SCHEDULED', 'RETRACTED', 'DISCARDED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('GenerateVariant', eddie, { kind: 'BRIEF' })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([walt, fay, pat])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(summarized()).when(command('GenerateVariant', actor, { kind: 'BRIEF' })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});

describe('recordVariant', () => {
  it('records the summarizer’s rewrite with its full provenance', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'EXECUTIVE' }));
    const answer = variantAnswer(given, 'EXECUTIVE');
    spec
      .given(given)
      .when(answer)
      .then([
        {
          type: 'VariantGenerated',
          data: {
            requestId: 'vr1',
            kind: 'EXECUTIVE',
            text: answer.data.text,
            provider: 'openai-compatible',
            model: 'llama3.3:70b',
            promptTemplateId: 'executive-v1',
            promptHash: 'variant-prompt-hash',
            parameters: { temperature: 0.2 },
            sourceHash: stateOf(given).bodyHash,
            sourceType: 'trainedAlgorithmicMedia',
            fallbackFrom: null,
            unsupportedFigures: [],
            at: AT,
          },
        },
      ]);
    const state = spec.given(given).when(answer).thenState();
    expect(state.pendingVariantRequests).toEqual({});
    expect(state.variants).toEqual([
      expect.objectContaining({ kind: 'EXECUTIVE', provider: 'openai-compatible', generatedAt: AT, edits: [], sourceHash: state.bodyHash }),
    ]);
    expect(variantFresh(state, state.variants[0])).toBe(true);
  });

  it('keeps one variant per kind, in BRIEF, PLAIN_LANGUAGE, EXECUTIVE order; a regeneration replaces it', () => {
    const three = withVariants(['EXECUTIVE', 'BRIEF', 'PLAIN_LANGUAGE']);
    expect(stateOf(three).variants.map((v) => v.kind)).toEqual(['BRIEF', 'PLAIN_LANGUAGE', 'EXECUTIVE']);
    const edited = after(three, command('EditVariant', eddie, { kind: 'BRIEF', text: 'AI spending outruns demand.' }));
    const asked = after(edited, command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const state = spec.given(asked).when(variantAnswer(asked, 'BRIEF', 'The AI build-out is a bet on demand.')).thenState();
    expect(state.variants).toHaveLength(3);
    expect(state.variants[0]).toMatchObject({ kind: 'BRIEF', text: 'The AI build-out is a bet on demand.', edits: [] });
  });

  it('answers the request of its own kind only: another kind asked meanwhile does not supersede it', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const answer = variantAnswer(given, 'BRIEF');
    const meanwhile = after(given, command('GenerateVariant', wanda, { kind: 'EXECUTIVE' }));
    const state = spec.given(meanwhile).when(answer).thenState();
    expect(state.variants.map((v) => v.kind)).toEqual(['BRIEF']);
    expect(state.pendingVariantRequests).toEqual({ EXECUTIVE: 'vr2' });
  });

  it('is refused when a newer request of that kind superseded it', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const late = variantAnswer(given, 'BRIEF');
    spec
      .given(after(given, command('GenerateVariant', eddie, { kind: 'BRIEF' })))
      .when(late)
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SUMMARIZE', rule: 'VARIANT_REQUEST_SUPERSEDED' });
  });

  it('is refused when a human edit settled the variant first', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const late = variantAnswer(given, 'BRIEF');
    spec
      .given(after(given, command('EditVariant', wanda, { kind: 'BRIEF', text: 'AI spending outruns demand.' })))
      .when(late)
      .thenThrows<InvalidTransition>(InvalidTransition, { rule: 'VARIANT_REQUEST_SUPERSEDED' });
  });

  it('is refused when nothing of that kind was requested', () => {
    spec.given(summarized()).when(variantAnswer(summarized(), 'BRIEF')).thenThrows<InvalidTransition>(InvalidTransition, { rule: 'VARIANT_REQUEST_SUPERSEDED' });
  });

  it('flags a figure the article does not contain', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    spec.given(given).when(variantAnswer(given, 'BRIEF', INVENTED)).thenMatches([{ type: 'VariantGenerated', data: { kind: 'BRIEF', unsupportedFigures: ['95'] } }]);
  });

  it('refuses an empty text and an unknown kind', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    spec.given(given).when(variantAnswer(given, 'BRIEF', '  ')).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
    const answer = variantAnswer(given, 'BRIEF');
    spec.given(given).when({ ...answer, data: { ...answer.data, kind: 'LIMERICK' as VariantKind } }).thenThrows<InvalidInput>(InvalidInput, { field: 'kind' });
  });

  it('is refused on a closed article', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const answer = variantAnswer(given, 'BRIEF');
    spec
      .given(after(given, command('DiscardArticle', wanda, { reason: 'Spiked' })))
      .when(answer)
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'DISCARDED', rule: 'STAGE' });
  });

  it.each([eddie, ada])('is done by the service only, not $name', (actor) => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    spec.given(given).when({ ...variantAnswer(given, 'BRIEF'), metadata: { actor, now: NOW } }).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});

describe('reportVariantUnsupported', () => {
  const asked = () => after(summarized(), command('GenerateVariant', wanda, { kind: 'PLAIN_LANGUAGE' }));

  it('records that the summarizer declined, and why, without inventing a variant', () => {
    const given = asked();
    const declined = variantDeclined(given, 'PLAIN_LANGUAGE');
    spec
      .given(given)
      .when(declined)
      .then([{ type: 'VariantUnsupported', data: { requestId: 'vr1', kind: 'PLAIN_LANGUAGE', provider: 'extractive', reason: declined.data.reason, at: AT } }]);
    const state = spec.given(given).when(declined).thenState();
    expect(state.variants).toEqual([]);
    expect(state.pendingVariantRequests).toEqual({});
    expect(state.unsupportedVariants).toEqual([{ kind: 'PLAIN_LANGUAGE', provider: 'extractive', reason: declined.data.reason, at: AT }]);
  });

  it('does not block review: a variant that does not exist holds nothing up', () => {
    const given = asked();
    const declined = after(given, variantDeclined(given, 'PLAIN_LANGUAGE'));
    spec.given(declined).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it('is cleared when a later request of that kind is answered, or a human writes it', () => {
    const given = asked();
    const declined = after(given, variantDeclined(given, 'PLAIN_LANGUAGE'));
    const again = after(declined, command('GenerateVariant', wanda, { kind: 'PLAIN_LANGUAGE' }));
    expect(stateOf(again).unsupportedVariants).toHaveLength(1);
    expect(spec.given(again).when(variantAnswer(again, 'PLAIN_LANGUAGE', PLAIN)).thenState().unsupportedVariants).toEqual([]);
    expect(spec.given(declined).when(command('EditVariant', wanda, { kind: 'PLAIN_LANGUAGE', text: PLAIN })).thenState().unsupportedVariants).toEqual([]);
  });

  it('is refused when superseded, and when not from the service', () => {
    const given = asked();
    const late = variantDeclined(given, 'PLAIN_LANGUAGE');
    spec
      .given(after(given, command('GenerateVariant', wanda, { kind: 'PLAIN_LANGUAGE' })))
      .when(late)
      .thenThrows<InvalidTransition>(InvalidTransition, { rule: 'VARIANT_REQUEST_SUPERSEDED' });
    spec.given(given).when({ ...late, metadata: { actor: eddie, now: NOW } }).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('needs a reason', () => {
    const given = asked();
    const declined = variantDeclined(given, 'PLAIN_LANGUAGE');
    spec.given(given).when({ ...declined, data: { ...declined.data, reason: ' ' } }).thenThrows<InvalidInput>(InvalidInput, { field: 'reason' });
  });
});

describe('editVariant', () => {
  it('records the human edit with the text it replaced, against the current body', () => {
    const given = withVariants(['BRIEF']);
    const before = stateOf(given);
    spec
      .given(given)
      .when(command('EditVariant', eddie, { kind: 'BRIEF', text: 'AI spending outruns demand.' }))
      .then([
        {
          type: 'VariantEdited',
          data: { kind: 'BRIEF', text: 'AI spending outruns demand.', previousText: before.variants[0].text, sourceHash: before.bodyHash, unsupportedFigures: [], by: person(eddie), at: AT },
        },
      ]);
  });

  it('keeps the provenance of the generated variant and adds the edit with both texts', () => {
    const given = withVariants(['BRIEF']);
    const generated = stateOf(given).variants[0].text;
    const state = spec.given(given).when(command('EditVariant', eddie, { kind: 'BRIEF', text: 'AI spending outruns demand.' })).thenState();
    expect(state.variants[0]).toMatchObject({
      kind: 'BRIEF',
      text: 'AI spending outruns demand.',
      provider: 'openai-compatible',
      model: 'llama3.3:70b',
      sourceType: 'trainedAlgorithmicMedia',
      generatedAt: AT,
      edits: [{ by: person(eddie), at: AT, previousText: generated, text: 'AI spending outruns demand.' }],
    });
  });

  it('written before any variant of that kind arrived, is human-written and settles the pending request', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'EXECUTIVE' }));
    const state = spec.given(given).when(command('EditVariant', wanda, { kind: 'EXECUTIVE', text: PLAIN })).thenState();
    expect(state.variants[0]).toMatchObject({ kind: 'EXECUTIVE', provider: 'human', model: null, sourceType: null, generatedAt: null });
    expect(state.variants[0].edits).toEqual([{ by: person(wanda), at: AT, previousText: null, text: PLAIN }]);
    expect(state.pendingVariantRequests).toEqual({});
  });

  it('in REVIEW, clears the approvals given so far', () => {
    const inReviewWithBrief = history(withVariants(['BRIEF']), twoApprovalsDecider)
      .then(command('SubmitForReview', wanda, {}))
      .then(command('ApproveArticle', eddie, {}))
      .events();
    deciderSpecification(twoApprovalsDecider)
      .given(inReviewWithBrief)
      .when(command('EditVariant', wanda, { kind: 'BRIEF', text: 'AI spending outruns demand.' }))
      .thenMatches([{ type: 'VariantEdited' }, { type: 'ApprovalsCleared', data: { reason: 'VARIANT_EDITED', at: AT } }]);
  });

  it('in REVIEW without approvals, records the edit only', () => {
    spec.given(inReview()).when(command('EditVariant', erin, { kind: 'BRIEF', text: 'AI spending outruns demand.' })).thenMatches([{ type: 'VariantEdited' }]);
  });

  it('flags a human edit that brings in a figure of its own', () => {
    spec.given(withVariants(['BRIEF'])).when(command('EditVariant', eddie, { kind: 'BRIEF', text: INVENTED })).thenMatches([{ type: 'VariantEdited', data: { unsupportedFigures: ['95'] } }]);
  });

  it('refuses an empty or overlong text, and an unknown kind', () => {
    spec.given(summarized()).when(command('EditVariant', wanda, { kind: 'BRIEF', text: ' ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
    spec.given(summarized()).when(command('EditVariant', wanda, { kind: 'BRIEF', text: 't'.repeat(4001) })).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
    spec.given(summarized()).when(command('EditVariant', wanda, { kind: 'SONNET' as VariantKind, text: PLAIN })).thenThrows<InvalidInput>(InvalidInput, { field: 'kind' });
  });

  it.each(['DRAFT', 'FACT_CHECK', 'APPROVED', 'SCHEDULED', 'RETRACTED', 'DISCARDED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('EditVariant', eddie, { kind: 'BRIEF', text: PLAIN })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([walt, fay, pat])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(summarized()).when(command('EditVariant', actor, { kind: 'BRIEF', text: PLAIN })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});

describe('variants under the summary’s review rules', () => {
  it('a kind never requested blocks nothing', () => {
    spec.given(summarized()).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it('a request still on its way blocks nothing: there is no text to review yet', () => {
    const given = after(summarized(), command('GenerateVariant', wanda, { kind: 'EXECUTIVE' }));
    spec.given(given).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it('a fresh, supported variant lets the article through', () => {
    spec.given(withVariants(['BRIEF', 'PLAIN_LANGUAGE', 'EXECUTIVE'])).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it('a variant stating a figure the article does not contain blocks review until edited or regenerated', () => {
    const asked = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const flagged = after(asked, variantAnswer(asked, 'BRIEF', INVENTED));
    spec
      .given(flagged)
      .when(command('SubmitForReview', wanda, {}))
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SUMMARIZE', rule: 'VARIANT_UNSUPPORTED_FIGURE' });

    const edited = after(flagged, command('EditVariant', wanda, { kind: 'BRIEF', text: 'Big Tech is betting $40 billion a year on AI demand.' }));
    spec.given(edited).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);

    const again = after(flagged, command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const regenerated = after(again, variantAnswer(again, 'BRIEF'));
    spec.given(regenerated).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it('a stale variant blocks review until a new one arrives, even with a fresh summary', () => {
    const revised = after(withVariants(['BRIEF']), command('ReviseArticle', wanda, { body: REWORDED }));
    const summaryOnly = after(revised, summaryAnswer(revised));
    const state = stateOf(summaryOnly);
    expect(variantFresh(state, state.variants[0])).toBe(false);
    spec
      .given(summaryOnly)
      .when(command('SubmitForReview', wanda, {}))
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SUMMARIZE', rule: 'VARIANT_STALE' });

    const refreshed = after(summaryOnly, variantAnswer(summaryOnly, 'BRIEF'));
    spec.given(refreshed).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it('a flagged variant that arrived after approval blocks publication', () => {
    const asked = after(summarized(), command('GenerateVariant', wanda, { kind: 'EXECUTIVE' }));
    const approvedMeanwhile = after(asked, command('SubmitForReview', wanda, {}), command('ApproveArticle', eddie, {}));
    expect(stateOf(approvedMeanwhile).stage).toBe('APPROVED');
    const arrived = after(approvedMeanwhile, variantAnswer(approvedMeanwhile, 'EXECUTIVE', INVENTED));
    spec
      .given(arrived)
      .when(command('PublishArticle', pat, { slot: SLOT }))
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'APPROVED', rule: 'VARIANT_UNSUPPORTED_FIGURE' });
    spec.given(approved()).when(command('PublishArticle', pat, { slot: SLOT })).thenMatches([{ type: 'ArticlePublished' }]);
  });
});

describe('variants follow the body, as the TL;DR does', () => {
  it('a body revision asks again for the variants that exist or are on their way, and for no other kind', () => {
    const given = after(withVariants(['BRIEF']), command('GenerateVariant', wanda, { kind: 'EXECUTIVE' }));
    const events = decider.decide(command('ReviseArticle', wanda, { body: REWORDED }), stateOf(given));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ArticleRevised', 'SummaryRequested']));
    expect(variantRequests(events)).toEqual([
      { requestId: 'vr3', kind: 'BRIEF', sourceHash: stateOf([...given, ...events]).bodyHash, trigger: 'BODY_REVISED', by: person(wanda), at: AT },
      { requestId: 'vr4', kind: 'EXECUTIVE', sourceHash: stateOf([...given, ...events]).bodyHash, trigger: 'BODY_REVISED', by: person(wanda), at: AT },
    ]);
  });

  it('a title-only revision leaves the variants as they are', () => {
    const events = decider.decide(command('ReviseArticle', wanda, { title: 'The AI bill' }), stateOf(withVariants(['BRIEF'])));
    expect(variantRequests(events)).toEqual([]);
  });

  it('a declined kind is not asked again on its own', () => {
    const asked = after(summarized(), command('GenerateVariant', wanda, { kind: 'PLAIN_LANGUAGE' }));
    const declined = after(asked, variantDeclined(asked, 'PLAIN_LANGUAGE'));
    expect(variantRequests(decider.decide(command('ReviseArticle', wanda, { body: REWORDED }), stateOf(declined)))).toEqual([]);
  });

  it('back from fact-checking, a stale variant is asked for again with the summary', () => {
    const reopened = after(withVariants(['EXECUTIVE']), command('ReviseArticle', wanda, { body: CAPEX_CHANGED }));
    expect(stateOf(reopened).stage).toBe('FACT_CHECK');
    expect(variantRequests(reopened.slice(withVariants(['EXECUTIVE']).length))).toEqual([]);
    const pending = stateOf(reopened).claims.find((c) => c.status === 'PENDING')!;
    const events = decider.decide(command('RecordVerdict', fay, { claimId: pending.id, status: verdictFor(pending), evidence: [], note: null }), stateOf(reopened));
    expect(events.map((e) => e.type)).toEqual(['VerdictRecorded', 'FactCheckCompleted', 'SummaryRequested', 'VariantRequested']);
    expect(variantRequests(events)).toMatchObject([{ kind: 'EXECUTIVE', trigger: 'ENTERED_SUMMARIZE' }]);
  });

  it('on a PUBLISHED article, a correction makes a variant stale until it is edited', () => {
    const withBrief = after(withVariants(['BRIEF']), command('SubmitForReview', wanda, {}), command('ApproveArticle', eddie, {}), command('PublishArticle', pat, { slot: SLOT }));
    const corrected = after(withBrief, command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: REWORDED }));
    const stale = stateOf(corrected);
    expect(variantFresh(stale, stale.variants[0])).toBe(false);
    const state = spec.given(corrected).when(command('EditVariant', eddie, { kind: 'BRIEF', text: 'AI spending outruns demand.' })).thenState();
    expect(state.stage).toBe('PUBLISHED');
    expect(variantFresh(state, state.variants[0])).toBe(true);
  });
});

describe('the disclosure of a variant', () => {
  it('says which model wrote it and who edited it, as the TL;DR’s does', () => {
    const edited = after(withVariants(['EXECUTIVE']), command('EditVariant', eddie, { kind: 'EXECUTIVE', text: PLAIN }));
    expect(disclosureLine(stateOf(edited).variants[0])).toBe('Summarized with llama3.3:70b at publish time; edited by Eddie Editor');
  });

  it('says a human wrote it when one did', () => {
    const written = after(summarized(), command('EditVariant', wanda, { kind: 'PLAIN_LANGUAGE', text: PLAIN }));
    expect(disclosureLine(stateOf(written).variants[0])).toBe('Written by Wanda Writer');
  });

  it('says it was extracted when the extractive summarizer chose its sentences', () => {
    const asked = after(summarized(), command('GenerateVariant', wanda, { kind: 'BRIEF' }));
    const answer = variantAnswer(asked, 'BRIEF', 'OpenAI says ChatGPT now has more than 300 million weekly users.');
    const extracted = after(asked, { ...answer, data: { ...answer.data, provider: 'extractive', model: 'extractive-centroid-v1', promptTemplateId: null, promptHash: null, sourceType: null } });
    expect(disclosureLine(stateOf(extracted).variants[0])).toBe('Extracted from the article');
  });
});

describe('folding variants onto a state stored before they existed', () => {
  it('starts from no variants rather than failing', () => {
    const { variants: _v, unsupportedVariants: _u, pendingVariantRequests: _p, variantRequests: _n, ...older } = stateOf(summarized());
    const state = decider.evolve(older as never, { type: 'VariantRequested', data: { requestId: 'vr1', kind: 'BRIEF', sourceHash: 'h', trigger: 'COMMAND', by: person(wanda), at: AT } });
    expect(state).toMatchObject({ pendingVariantRequests: { BRIEF: 'vr1' }, variantRequests: 1 });
  });
});
