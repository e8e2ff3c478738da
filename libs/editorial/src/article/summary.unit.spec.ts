import { Forbidden, InvalidInput, InvalidTransition } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  ANALYSIS,
  AT,
  AT_STAGE,
  NOW,
  SYSTEM_ACTOR,
  ada,
  approvedOnceOfTwo,
  command,
  decider,
  eddie,
  erin,
  fay,
  history,
  inReview,
  inSummarize,
  pat,
  person,
  published,
  stateOf,
  summarized,
  summaryAnswer,
  twoApprovalsDecider,
  walt,
  wanda,
} from '../testing/article.fixtures';
import { summaryFresh } from './article.decider';

const spec = deciderSpecification(decider);
const REWORDED = ANALYSIS.body.replace('pays off is another question', 'pays off is another matter');
const HUMAN_TLDR = 'Big Tech is betting $40 billion a year that AI demand will show up.';

describe('generateSummary', () => {
  it('in SUMMARIZE, records a new request for the current body', () => {
    const given = summarized();
    spec
      .given(given)
      .when(command('GenerateSummary', wanda, {}))
      .then([{ type: 'SummaryRequested', data: { requestId: 'sr2', sourceHash: stateOf(given).bodyHash, trigger: 'COMMAND', by: person(wanda), at: AT } }]);
  });

  it('on a PUBLISHED article, regenerates the TL;DR', () => {
    spec.given(published()).when(command('GenerateSummary', eddie, {})).thenMatches([{ type: 'SummaryRequested', data: { trigger: 'COMMAND', by: person(eddie) } }]);
  });

  it('may be asked by the service itself', () => {
    spec.given(summarized()).when(command('GenerateSummary', SYSTEM_ACTOR, {})).thenMatches([{ type: 'SummaryRequested', data: { by: { id: 'system' } } }]);
  });

  it.each(['DRAFT', 'FACT_CHECK', 'REVIEW', 'APPROVED', 'SCHEDULED', 'RETRACTED', 'DISCARDED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('GenerateSummary', eddie, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([walt, fay, pat])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(summarized()).when(command('GenerateSummary', actor, {})).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});

describe('recordSummary', () => {
  it('records the summarizer’s answer with its provenance', () => {
    const given = inSummarize();
    const answer = summaryAnswer(given);
    expect(answer.data.requestId).toBe('sr1');
    spec
      .given(given)
      .when(answer)
      .then([
        {
          type: 'SummaryGenerated',
          data: {
            requestId: 'sr1',
            text: answer.data.text,
            provider: 'openai',
            model: 'llama-3.1-8b-instruct',
            promptTemplateId: 'tldr-v1',
            promptHash: 'prompt-hash',
            parameters: { temperature: 0 },
            sourceHash: stateOf(given).bodyHash,
            sourceType: 'trainedAlgorithmicMedia',
            fallbackFrom: null,
            unsupportedFigures: [],
            at: AT,
          },
        },
      ]);
    const state = spec.given(given).when(answer).thenState();
    expect(summaryFresh(state)).toBe(true);
    expect(state.pendingSummaryRequest).toBeNull();
    expect(state.summary).toMatchObject({ provider: 'openai', generatedAt: AT, edits: [] });
  });

  it.each([eddie, ada])('is done by the service only, not $name', (actor) => {
    const given = inSummarize();
    spec.given(given).when({ ...summaryAnswer(given), metadata: { actor, now: NOW } }).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('is refused when a newer request superseded it', () => {
    const given = inSummarize();
    const stale = summaryAnswer(given);
    const superseded = history(given).then(command('GenerateSummary', wanda, {})).events();
    spec.given(superseded).when(stale).thenThrows<InvalidTransition>(InvalidTransition, { rule: 'SUMMARY_REQUEST_SUPERSEDED', stage: 'SUMMARIZE' });
  });

  it('is refused when a human edit settled the summary first', () => {
    const given = inSummarize();
    const late = summaryAnswer(given);
    const edited = history(given).then(command('EditSummary', wanda, { text: HUMAN_TLDR })).events();
    spec.given(edited).when(late).thenThrows<InvalidTransition>(InvalidTransition, { rule: 'SUMMARY_REQUEST_SUPERSEDED' });
  });

  it('refuses an empty text', () => {
    const given = inSummarize();
    spec.given(given).when(summaryAnswer(given, '   ')).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
  });

  it('is refused on a closed article', () => {
    const given = history(inSummarize()).then(command('DiscardArticle', wanda, { reason: 'Spiked' })).events();
    spec.given(given).when(summaryAnswer(inSummarize())).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'DISCARDED' });
  });
});

describe('editSummary', () => {
  it('records the human edit against the current body', () => {
    const given = summarized();
    const before = stateOf(given);
    spec
      .given(given)
      .when(command('EditSummary', eddie, { text: HUMAN_TLDR }))
      .then([{ type: 'SummaryEdited', data: { text: HUMAN_TLDR, previousText: before.summary?.text ?? null, sourceHash: before.bodyHash, unsupportedFigures: [], by: person(eddie), at: AT } }]);
  });

  it('keeps the provenance of the generated summary and adds the edit', () => {
    const state = spec.given(summarized()).when(command('EditSummary', wanda, { text: HUMAN_TLDR })).thenState();
    expect(state.summary).toMatchObject({
      text: HUMAN_TLDR,
      provider: 'openai',
      model: 'llama-3.1-8b-instruct',
      sourceType: 'trainedAlgorithmicMedia',
      generatedAt: AT,
      edits: [{ by: person(wanda), at: AT }],
    });
  });

  it('keeps each edit’s text before and after, so that its diff can be shown', () => {
    const given = summarized();
    const generated = stateOf(given).summary!.text;
    const once = history(given).then(command('EditSummary', wanda, { text: HUMAN_TLDR })).events();
    const state = spec.given(once).when(command('EditSummary', eddie, { text: `${HUMAN_TLDR} It may not.` })).thenState();
    expect(state.summary?.edits).toEqual([
      { by: person(wanda), at: AT, previousText: generated, text: HUMAN_TLDR },
      { by: person(eddie), at: AT, previousText: HUMAN_TLDR, text: `${HUMAN_TLDR} It may not.` },
    ]);
  });

  it('written before any summary arrived, is a human summary and settles the pending request', () => {
    const given = inSummarize();
    expect(stateOf(given).pendingSummaryRequest).toBe('sr1');
    const state = spec.given(given).when(command('EditSummary', wanda, { text: HUMAN_TLDR })).thenState();
    expect(state.summary).toMatchObject({ provider: 'human', model: null, sourceType: null, generatedAt: null });
    expect(state.pendingSummaryRequest).toBeNull();
    expect(summaryFresh(state)).toBe(true);
  });

  it('in REVIEW, clears the approvals given so far', () => {
    const given = approvedOnceOfTwo();
    const events = deciderSpecification(twoApprovalsDecider)
      .given(given)
      .when(command('EditSummary', wanda, { text: HUMAN_TLDR }))
      .thenMatches([{ type: 'SummaryEdited' }, { type: 'ApprovalsCleared', data: { reason: 'SUMMARY_EDITED', at: AT } }]);
    expect(events.reduce(twoApprovalsDecider.evolve, stateOf(given))).toMatchObject({ stage: 'REVIEW', approvals: [] });
  });

  it('in REVIEW without approvals, records the edit only', () => {
    spec.given(inReview()).when(command('EditSummary', wanda, { text: HUMAN_TLDR })).thenMatches([{ type: 'SummaryEdited' }]);
  });

  it('on a PUBLISHED article made stale by a correction, makes the TL;DR fresh again', () => {
    const corrected = history(published()).then(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: REWORDED })).events();
    expect(summaryFresh(stateOf(corrected))).toBe(false);
    const state = spec.given(corrected).when(command('EditSummary', eddie, { text: HUMAN_TLDR })).thenState();
    expect(state.stage).toBe('PUBLISHED');
    expect(summaryFresh(state)).toBe(true);
  });

  it('refuses an empty or overlong text', () => {
    spec.given(summarized()).when(command('EditSummary', wanda, { text: ' ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
    spec.given(summarized()).when(command('EditSummary', wanda, { text: 't'.repeat(2001) })).thenThrows<InvalidInput>(InvalidInput, { field: 'text' });
  });

  it.each(['DRAFT', 'FACT_CHECK', 'APPROVED', 'SCHEDULED', 'RETRACTED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('EditSummary', eddie, { text: HUMAN_TLDR })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([walt, fay, pat])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(summarized()).when(command('EditSummary', actor, { text: HUMAN_TLDR })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});

describe('submitForReview', () => {
  it('moves a summarized article to REVIEW', () => {
    const given = summarized();
    spec.given(given).when(command('SubmitForReview', wanda, {})).then([{ type: 'SubmittedForReview', data: { by: person(wanda), at: AT } }]);
    expect(spec.given(given).when(command('SubmitForReview', eddie, {})).thenState().stage).toBe('REVIEW');
  });

  it('needs a summary', () => {
    spec.given(inSummarize()).when(command('SubmitForReview', wanda, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SUMMARIZE', rule: 'SUMMARY_REQUIRED' });
  });

  it('needs a fresh summary: one made from an earlier body is refused', () => {
    const stale = history(summarized()).then(command('ReviseArticle', wanda, { body: REWORDED })).events();
    expect(stateOf(stale).stage).toBe('SUMMARIZE');
    spec.given(stale).when(command('SubmitForReview', wanda, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SUMMARIZE', rule: 'SUMMARY_STALE' });
  });

  it('accepts the stale summary once a new one arrived', () => {
    const stale = history(summarized()).then(command('ReviseArticle', wanda, { body: REWORDED })).events();
    const refreshed = history(stale).then(summaryAnswer(stale)).events();
    spec.given(refreshed).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it.each(['DRAFT', 'FACT_CHECK', 'REVIEW', 'PUBLISHED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('SubmitForReview', eddie, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([walt, fay, pat])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(summarized()).when(command('SubmitForReview', actor, {})).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('a second editor may submit it too', () => {
    spec.given(summarized()).when(command('SubmitForReview', erin, {})).thenMatches([{ type: 'SubmittedForReview', data: { by: person(erin) } }]);
  });
});

describe('a summary stating a figure the article does not contain', () => {
  const INVENTED = 'Big Tech is betting $95 billion a year that AI demand will show up.';

  it('is recorded with the figure flagged, and blocks review until it is edited', () => {
    const given = inSummarize();
    const answer = summaryAnswer(given, INVENTED);
    spec.given(given).when(answer).thenMatches([{ type: 'SummaryGenerated', data: { unsupportedFigures: ['95'] } }]);
    const flagged = [...given, ...decider.decide(answer, stateOf(given))];
    spec
      .given(flagged)
      .when(command('SubmitForReview', wanda, {}))
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SUMMARIZE', rule: 'SUMMARY_UNSUPPORTED_FIGURE' });

    const edited = [...flagged, ...decider.decide(command('EditSummary', wanda, { text: HUMAN_TLDR }), stateOf(flagged))];
    expect(stateOf(edited).summary?.unsupportedFigures).toEqual([]);
    spec.given(edited).when(command('SubmitForReview', wanda, {})).thenMatches([{ type: 'SubmittedForReview' }]);
  });

  it('flags a human edit that brings in a figure of its own', () => {
    spec.given(summarized()).when(command('EditSummary', eddie, { text: INVENTED })).thenMatches([{ type: 'SummaryEdited', data: { unsupportedFigures: ['95'] } }]);
  });
});
