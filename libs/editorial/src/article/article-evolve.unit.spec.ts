import { fold } from '../shared/decider';
import {
  AT_STAGE,
  CLAIMS,
  ANALYSIS,
  claimWith,
  command,
  eddie,
  fay,
  history,
  minutesAfterNow,
  published,
  stateOf,
} from '../testing/article.fixtures';
import type { ArticleEvent } from './article.events';
import { evolve, initialState } from './article.evolve';

/** A long life: published, disputed, corrected, re-checked, retracted. */
function longHistory(): ArticleEvent[] {
  const given = published();
  const capex = claimWith(given, CLAIMS.capex);
  const corrected = history(given)
    .then(command('RecordVerdict', fay, { claimId: capex.id, status: 'DISPUTED', note: 'The filing says $35 billion' }, minutesAfterNow(60)))
    .then(
      command(
        'IssueCorrection',
        eddie,
        { kind: 'CORRECTION', body: ANALYSIS.body.replace('$40 billion', '$35 billion'), note: 'Capex was $35 billion, not $40 billion.' },
        minutesAfterNow(90),
      ),
    )
    .events();
  const replacement = claimWith(corrected, '$35 billion');
  return history(corrected)
    .then(command('RecordVerdict', fay, { claimId: replacement.id, status: 'VERIFIED' }, minutesAfterNow(120)))
    .then(command('RetractArticle', eddie, { reason: 'The thesis no longer holds' }, minutesAfterNow(180)))
    .events();
}

describe('evolve', () => {
  it.each([...Object.keys(AT_STAGE), 'a long history'])('replays %s deterministically: the same events fold to equal states', (name) => {
    const events = name === 'a long history' ? longHistory() : AT_STAGE[name as keyof typeof AT_STAGE]();
    const first = fold({ evolve, initialState }, events);
    const second = fold({ evolve, initialState }, events);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('folds a long history to the article a reader would expect', () => {
    const state = stateOf(longHistory());
    expect(state).toMatchObject({
      stage: 'RETRACTED',
      retraction: { reason: 'The thesis no longer holds', at: minutesAfterNow(180).toISOString() },
      corrections: [{ kind: 'CORRECTION', note: 'Capex was $35 billion, not $40 billion.', at: minutesAfterNow(90).toISOString() }],
      correctionSuggested: false,
      edition: 15,
      updatedAt: minutesAfterNow(180).toISOString(),
      stageEnteredAt: minutesAfterNow(180).toISOString(),
    });
    expect(state.claims.find((c) => c.text.includes('$35 billion'))).toMatchObject({ status: 'VERIFIED', postPublication: true });
    expect(state.claims.some((c) => c.text.includes('$40 billion'))).toBe(false);
  });

  it('never changes the state it is given', () => {
    const events = longHistory();
    let state = initialState();
    for (const event of events) {
      const before = structuredClone(state);
      const next = evolve(state, event);
      expect(state).toEqual(before);
      state = next;
    }
  });

  it('starts every fold from a fresh initial state', () => {
    expect(initialState()).toEqual(initialState());
    expect(initialState()).not.toBe(initialState());
    expect(initialState()).toMatchObject({ exists: false, stage: 'DRAFT', claims: [], approvals: [] });
  });

  it('keeps stageEnteredAt when an event leaves the stage as it was', () => {
    const given = AT_STAGE.FACT_CHECK();
    const entered = stateOf(given).stageEnteredAt;
    const claim = stateOf(given).claims[0];
    const later = history(given).then(command('RecordVerdict', fay, { claimId: claim.id, status: 'NEEDS_SOURCE', note: 'Source?' }, minutesAfterNow(30))).events();
    expect(stateOf(later)).toMatchObject({ stage: 'FACT_CHECK', stageEnteredAt: entered, updatedAt: minutesAfterNow(30).toISOString() });
  });
});
