import { Forbidden, InvalidInput, InvalidTransition } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  AT,
  AT_STAGE,
  ada,
  approved,
  approvedOnceOfTwo,
  command,
  decider,
  eddie,
  erin,
  fay,
  history,
  inReview,
  pat,
  person,
  stateOf,
  twoApprovalsDecider,
  walt,
} from '../testing/article.fixtures';

const spec = deciderSpecification(decider);
const strict = deciderSpecification(twoApprovalsDecider);

/** Eddie's own article, in REVIEW. */
function eddiesArticleInReview() {
  return inReview(eddie);
}

describe('requestChanges', () => {
  it('sends an article in REVIEW back to DRAFT with the reviewer’s comment', () => {
    const given = inReview();
    spec
      .given(given)
      .when(command('RequestChanges', eddie, { comment: 'The capex figure needs a source.' }))
      .then([{ type: 'ChangesRequested', data: { comment: 'The capex figure needs a source.', by: person(eddie), at: AT } }]);
    const state = spec.given(given).when(command('RequestChanges', eddie, { comment: 'The capex figure needs a source.' })).thenState();
    expect(state.stage).toBe('DRAFT');
    expect(state.reviews).toEqual([{ by: person(eddie), verdict: 'CHANGES_REQUESTED', comment: 'The capex figure needs a source.', at: AT }]);
  });

  it('sends an APPROVED article back to DRAFT and clears its approvals', () => {
    const given = approved();
    const state = spec.given(given).when(command('RequestChanges', erin, { comment: 'Legal wants another look.' })).thenState();
    expect(state).toMatchObject({ stage: 'DRAFT', approvals: [] });
    // The approval stays in the review history.
    expect(state.reviews.map((r) => r.verdict)).toEqual(['APPROVED', 'CHANGES_REQUESTED']);
  });

  it.each(['', '   '])('requires a comment (%p)', (comment) => {
    spec.given(inReview()).when(command('RequestChanges', eddie, { comment })).thenThrows<InvalidInput>(InvalidInput, { field: 'comment' });
  });

  it('refuses the author, even when an editor', () => {
    spec.given(eddiesArticleInReview()).when(command('RequestChanges', eddie, { comment: 'Hmm' })).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it.each([walt, fay, pat])('refuses $name, who is not an editor', (actor) => {
    spec.given(inReview()).when(command('RequestChanges', actor, { comment: 'Hmm' })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it.each(['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'SCHEDULED', 'PUBLISHED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('RequestChanges', eddie, { comment: 'Hmm' })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });
});

describe('approveArticle', () => {
  it('approves with one editor’s approval by default', () => {
    const given = inReview();
    spec
      .given(given)
      .when(command('ApproveArticle', eddie, { comment: 'Sharp piece' }))
      .then([
        { type: 'ApprovalGiven', data: { comment: 'Sharp piece', by: person(eddie), at: AT } },
        { type: 'ArticleApproved', data: { approvals: 1, at: AT } },
      ]);
    const state = spec.given(given).when(command('ApproveArticle', eddie, {})).thenState();
    expect(state.stage).toBe('APPROVED');
    expect(state.approvals).toEqual([{ by: person(eddie), verdict: 'APPROVED', comment: null, at: AT }]);
  });

  it('lets an admin who is not the author approve', () => {
    spec.given(inReview()).when(command('ApproveArticle', ada, {})).thenMatches([{ type: 'ApprovalGiven' }, { type: 'ArticleApproved' }]);
  });

  describe('with two approvals required', () => {
    it('waits in REVIEW after the first approval', () => {
      const state = strict.given(inReview()).when(command('ApproveArticle', eddie, {})).thenState();
      expect(state.stage).toBe('REVIEW');
      strict.given(inReview()).when(command('ApproveArticle', eddie, {})).thenMatches([{ type: 'ApprovalGiven' }]);
    });

    it('approves with a second editor', () => {
      strict
        .given(approvedOnceOfTwo())
        .when(command('ApproveArticle', erin, {}))
        .thenMatches([{ type: 'ApprovalGiven', data: { by: person(erin) } }, { type: 'ArticleApproved', data: { approvals: 2 } }]);
    });

    it('counts one approval per person', () => {
      strict.given(approvedOnceOfTwo()).when(command('ApproveArticle', eddie, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'REVIEW', rule: 'ALREADY_APPROVED' });
    });

    it('forgets the approvals when changes are requested: the article must earn two again', () => {
      const sentBack = history(approvedOnceOfTwo(), twoApprovalsDecider).then(command('RequestChanges', erin, { comment: 'One more pass' })).events();
      expect(stateOf(sentBack)).toMatchObject({ stage: 'DRAFT', approvals: [] });
    });
  });

  it('refuses the author, even when an editor', () => {
    spec.given(eddiesArticleInReview()).when(command('ApproveArticle', eddie, {})).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it('refuses the author, even when an admin', () => {
    const adminsArticle = inReview(ada);
    spec.given(adminsArticle).when(command('ApproveArticle', ada, {})).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it.each([fay, pat])('refuses $name, who is not an editor', (actor) => {
    spec.given(inReview()).when(command('ApproveArticle', actor, {})).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('refuses an overlong comment', () => {
    spec.given(inReview()).when(command('ApproveArticle', eddie, { comment: 'c'.repeat(5001) })).thenThrows<InvalidInput>(InvalidInput, { field: 'comment' });
  });

  it.each(['DRAFT', 'SUMMARIZE', 'APPROVED', 'PUBLISHED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('ApproveArticle', erin, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it('works on an article an editor wrote, approved by another editor', () => {
    spec.given(eddiesArticleInReview()).when(command('ApproveArticle', erin, {})).thenMatches([{ type: 'ApprovalGiven' }, { type: 'ArticleApproved' }]);
  });
});
