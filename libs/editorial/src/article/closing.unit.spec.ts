import { Forbidden, InvalidInput, InvalidTransition } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  AT,
  AT_STAGE,
  TOMORROW,
  command,
  decider,
  eddie,
  fay,
  history,
  pat,
  person,
  published,
  walt,
  wanda,
} from '../testing/article.fixtures';

const spec = deciderSpecification(decider);
const UNPUBLISHED = ['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED'] as const;
const CLOSED_OR_PUBLISHED = ['PUBLISHED', 'RETRACTED', 'DISCARDED'] as const;

describe('retractArticle', () => {
  const reason = 'The central capex figure was wrong and the argument does not stand without it.';

  it('retracts a PUBLISHED article with a public reason', () => {
    spec.given(published()).when(command('RetractArticle', eddie, { reason })).then([{ type: 'ArticleRetracted', data: { reason, by: person(eddie), at: AT } }]);
    const state = spec.given(published()).when(command('RetractArticle', pat, { reason })).thenState();
    expect(state).toMatchObject({ stage: 'RETRACTED', retraction: { reason, at: AT } });
  });

  it.each(['', '  '])('requires a reason (%p)', (blank) => {
    spec.given(published()).when(command('RetractArticle', eddie, { reason: blank })).thenThrows<InvalidInput>(InvalidInput, { field: 'reason' });
  });

  it.each([...UNPUBLISHED, 'RETRACTED', 'DISCARDED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('RetractArticle', eddie, { reason })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([wanda, fay])('refuses $name, who is neither editor nor publisher', (actor) => {
    spec.given(published()).when(command('RetractArticle', actor, { reason })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});

describe('discardArticle', () => {
  const reason = 'Overtaken by the earnings calls';

  it.each(UNPUBLISHED)('discards an article in %s, keeping its history', (stage) => {
    const given = AT_STAGE[stage]();
    spec.given(given).when(command('DiscardArticle', eddie, { reason })).then([{ type: 'ArticleDiscarded', data: { reason, by: person(eddie), at: AT } }]);
    const state = spec.given(given).when(command('DiscardArticle', eddie, { reason })).thenState();
    expect(state).toMatchObject({ stage: 'DISCARDED', discardReason: reason, exists: true });
  });

  it('lets the author discard their own article', () => {
    spec.given(AT_STAGE.DRAFT()).when(command('DiscardArticle', wanda, { reason })).thenMatches([{ type: 'ArticleDiscarded', data: { by: person(wanda) } }]);
  });

  it('requires a reason', () => {
    spec.given(AT_STAGE.DRAFT()).when(command('DiscardArticle', wanda, { reason: ' ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'reason' });
  });

  it.each(CLOSED_OR_PUBLISHED)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('DiscardArticle', eddie, { reason })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([walt, fay, pat])('refuses $name, who is neither author nor editor', (actor) => {
    spec.given(AT_STAGE.DRAFT()).when(command('DiscardArticle', actor, { reason })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('a discarded article takes no more work', () => {
    spec.given(AT_STAGE.DISCARDED()).when(command('SubmitForFactCheck', wanda, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'DISCARDED', rule: 'STAGE' });
  });
});

describe('setDeadline', () => {
  it.each(UNPUBLISHED)('sets a deadline on an article in %s', (stage) => {
    const given = AT_STAGE[stage]();
    spec.given(given).when(command('SetDeadline', eddie, { dueAt: TOMORROW })).then([{ type: 'DeadlineSet', data: { dueAt: TOMORROW.toISOString(), by: person(eddie), at: AT } }]);
    const state = spec.given(given).when(command('SetDeadline', eddie, { dueAt: TOMORROW })).thenState();
    expect(state.dueAt).toBe(TOMORROW.toISOString());
    expect(state.stage).toBe(stage);
  });

  it('clears the deadline with null', () => {
    const given = history(AT_STAGE.DRAFT()).then(command('SetDeadline', eddie, { dueAt: TOMORROW })).events();
    const state = spec.given(given).when(command('SetDeadline', eddie, { dueAt: null })).thenState();
    expect(state.dueAt).toBeNull();
  });

  it('refuses a dueAt that is not an instant', () => {
    spec.given(AT_STAGE.DRAFT()).when(command('SetDeadline', eddie, { dueAt: new Date('next week') })).thenThrows<InvalidInput>(InvalidInput, { field: 'dueAt' });
  });

  it.each(CLOSED_OR_PUBLISHED)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('SetDeadline', eddie, { dueAt: TOMORROW })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it.each([wanda, fay, pat])('refuses $name: only an editor sets deadlines, the author included', (actor) => {
    spec.given(AT_STAGE.DRAFT()).when(command('SetDeadline', actor, { dueAt: TOMORROW })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });
});
