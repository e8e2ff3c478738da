import { Forbidden, InvalidInput, InvalidTransition, NotFound } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import { AT, command, decider, discarded, drafted, eddie, fay, inFactCheck, pat, person, stateOf, walt, wanda } from '../testing/article.fixtures';

const spec = deciderSpecification(decider);
const FAY = person(fay);

describe('assignFactChecker', () => {
  it('lets an editor assign an article’s claims to a fact-checker', () => {
    spec.given(inFactCheck()).when(command('AssignFactChecker', eddie, { assignee: FAY })).then([{ type: 'ArticleAssigned', data: { assignee: FAY, by: person(eddie), at: AT } }]);
    const state = spec.given(inFactCheck()).when(command('AssignFactChecker', eddie, { assignee: FAY })).thenState();
    expect(state.factChecker).toEqual(FAY);
  });

  it('lets an editor assign a single claim', () => {
    const given = inFactCheck();
    const claimId = stateOf(given).claims[1].id;
    spec.given(given).when(command('AssignFactChecker', eddie, { claimId, assignee: FAY })).then([{ type: 'ClaimAssigned', data: { claimId, assignee: FAY, by: person(eddie), at: AT } }]);
    const state = spec.given(given).when(command('AssignFactChecker', eddie, { claimId, assignee: FAY })).thenState();
    expect(state.claims.find((c) => c.id === claimId)?.assignee).toEqual(FAY);
    expect(state.claims.filter((c) => c.id !== claimId).every((c) => c.assignee === null)).toBe(true);
  });

  it('lets a fact-checker take work, but not hand it to someone else', () => {
    spec.given(inFactCheck()).when(command('AssignFactChecker', fay, { assignee: FAY })).thenMatches([{ type: 'ArticleAssigned' }]);
    spec
      .given(inFactCheck())
      .when(command('AssignFactChecker', fay, { assignee: person(walt) }))
      .thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('never assigns the author to check their own article', () => {
    spec
      .given(inFactCheck())
      .when(command('AssignFactChecker', eddie, { assignee: person(wanda) }))
      .thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it('refuses writers and publishers', () => {
    spec.given(inFactCheck()).when(command('AssignFactChecker', walt, { assignee: FAY })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
    spec.given(inFactCheck()).when(command('AssignFactChecker', pat, { assignee: FAY })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('needs an assignee with an id and a name', () => {
    spec
      .given(inFactCheck())
      .when(command('AssignFactChecker', eddie, { assignee: { id: ' ', name: 'Nobody' } }))
      .thenThrows<InvalidInput>(InvalidInput, { field: 'assignee.id' });
  });

  it('answers NOT_FOUND for a claim the article does not have', () => {
    spec.given(inFactCheck()).when(command('AssignFactChecker', eddie, { claimId: 'c999', assignee: FAY })).thenThrows<NotFound>(NotFound, { entity: 'Claim', id: 'c999' });
  });

  it('may assign ahead of fact-checking, but not on a closed article', () => {
    spec.given(drafted()).when(command('AssignFactChecker', eddie, { assignee: FAY })).thenMatches([{ type: 'ArticleAssigned' }]);
    spec
      .given(discarded())
      .when(command('AssignFactChecker', eddie, { assignee: FAY }))
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'DISCARDED', rule: 'STAGE' });
  });
});
