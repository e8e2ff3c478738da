import { Forbidden, InvalidInput, InvalidTransition, NotFound } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  ANALYSIS,
  ARTICLE_ID,
  AT,
  AT_STAGE,
  ada,
  command,
  decider,
  drafted,
  eddie,
  erin,
  fay,
  inFactCheck,
  pat,
  person,
  wanda,
} from '../testing/article.fixtures';

const spec = deciderSpecification(decider);

describe('draftArticle', () => {
  it('records the draft with the caller as author', () => {
    spec
      .given([])
      .when(command('DraftArticle', wanda, { title: ANALYSIS.title, dek: ANALYSIS.dek, body: ANALYSIS.body, series: 'Compute Wars' }))
      .then([
        {
          type: 'ArticleDrafted',
          data: {
            articleId: ARTICLE_ID,
            title: ANALYSIS.title,
            dek: ANALYSIS.dek,
            body: ANALYSIS.body,
            series: 'Compute Wars',
            sensitive: false,
            language: 'en',
            author: person(wanda),
            at: AT,
          },
        },
      ]);
  });

  it('lets an editor draft, and the editor becomes the author', () => {
    const state = spec.given([]).when(command('DraftArticle', eddie, { title: ANALYSIS.title, body: ANALYSIS.body })).thenState();
    expect(state).toMatchObject({ exists: true, stage: 'DRAFT', author: person(eddie), dek: '', series: null });
  });

  it('keeps the sensitive mark', () => {
    spec
      .given([])
      .when(command('DraftArticle', wanda, { title: 'Embargoed: the chip export rules', body: 'Draft.', sensitive: true }))
      .thenMatches([{ type: 'ArticleDrafted', data: { sensitive: true } }]);
  });

  it('lets an admin draft', () => {
    spec.given([]).when(command('DraftArticle', ada, { title: ANALYSIS.title, body: ANALYSIS.body })).thenMatches([{ type: 'ArticleDrafted' }]);
  });

  it.each([
    ['fact_checker', fay],
    ['publisher', pat],
  ])('refuses a %s', (_role, actor) => {
    spec.given([]).when(command('DraftArticle', actor, { title: ANALYSIS.title, body: ANALYSIS.body })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  describe('title', () => {
    it.each([
      ['empty', ''],
      ['whitespace only', '   \t '],
      ['201 characters', 'x'.repeat(201)],
    ])('refuses a title that is %s', (_case, title) => {
      spec.given([]).when(command('DraftArticle', wanda, { title, body: ANALYSIS.body })).thenThrows<InvalidInput>(InvalidInput, { field: 'title' });
    });

    it('accepts 1 and 200 characters', () => {
      spec.given([]).when(command('DraftArticle', wanda, { title: 'x', body: '' })).thenMatches([{ data: { title: 'x' } }]);
      spec.given([]).when(command('DraftArticle', wanda, { title: 'y'.repeat(200), body: '' })).thenMatches([{ data: { title: 'y'.repeat(200) } }]);
    });

    it('is stored without surrounding whitespace', () => {
      spec.given([]).when(command('DraftArticle', wanda, { title: '  The bill  ', body: '' })).thenMatches([{ data: { title: 'The bill' } }]);
    });
  });

  it('refuses a dek over 400 characters and accepts 400', () => {
    spec.given([]).when(command('DraftArticle', wanda, { title: 'T', dek: 'd'.repeat(401), body: '' })).thenThrows<InvalidInput>(InvalidInput, { field: 'dek' });
    spec.given([]).when(command('DraftArticle', wanda, { title: 'T', dek: 'd'.repeat(400), body: '' })).thenMatches([{ data: { dek: 'd'.repeat(400) } }]);
  });

  it('measures the 200 KB body limit in bytes', () => {
    const limit = 200 * 1024;
    spec.given([]).when(command('DraftArticle', wanda, { title: 'T', body: 'a'.repeat(limit) })).thenMatches([{ type: 'ArticleDrafted' }]);
    spec.given([]).when(command('DraftArticle', wanda, { title: 'T', body: 'a'.repeat(limit + 1) })).thenThrows<InvalidInput>(InvalidInput, { field: 'body' });
    // "é" is two bytes in UTF-8: fewer characters than the limit, more bytes.
    spec.given([]).when(command('DraftArticle', wanda, { title: 'T', body: 'é'.repeat(limit / 2 + 1) })).thenThrows<InvalidInput>(InvalidInput, { field: 'body' });
  });

  it('refuses a series name over 120 characters', () => {
    spec.given([]).when(command('DraftArticle', wanda, { title: 'T', body: '', series: 's'.repeat(121) })).thenThrows<InvalidInput>(InvalidInput, { field: 'series' });
  });

  it('refuses to draft an article that already exists', () => {
    spec.given(drafted()).when(command('DraftArticle', wanda, { title: 'Again', body: '' })).thenThrows<InvalidTransition>(InvalidTransition, { rule: 'ALREADY_EXISTS', stage: 'DRAFT' });
  });
});

describe('precedence of refusals', () => {
  it('answers NotFound for every command on an article that does not exist', () => {
    spec.given([]).when(command('SubmitForFactCheck', wanda, {})).thenThrows<NotFound>(NotFound, { entity: 'Article', id: ARTICLE_ID });
    // Even a caller with no right to the command learns only that the article is missing.
    spec.given([]).when(command('ApproveArticle', fay, { comment: 'x'.repeat(6000) })).thenThrows(NotFound);
  });

  it('refuses the role before looking at the input', () => {
    spec.given(drafted()).when(command('SetDeadline', wanda, { dueAt: new Date('not a date') })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('refuses the author approving their own article before looking at the input', () => {
    const ownArticle = drafted(ANALYSIS, eddie);
    spec.given(ownArticle).when(command('ApproveArticle', eddie, { comment: 'x'.repeat(6000) })).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it('refuses the input before the stage', () => {
    // A comment is required, and DRAFT is the wrong stage too: the input is reported first.
    spec.given(drafted()).when(command('RequestChanges', eddie, { comment: '  ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'comment' });
    spec.given(inFactCheck()).when(command('ApproveArticle', erin, { comment: 'x'.repeat(6000) })).thenThrows<InvalidInput>(InvalidInput, { field: 'comment' });
  });

  it('reports the stage once role and input are fine', () => {
    spec.given(AT_STAGE.FACT_CHECK()).when(command('ApproveArticle', erin, { comment: 'Fine' })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'FACT_CHECK', rule: 'STAGE' });
  });
});
