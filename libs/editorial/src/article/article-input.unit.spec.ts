import { InvalidInput } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import { ANALYSIS, command, decider, drafted, wanda } from '../testing/article.fixtures';

const spec = deciderSpecification(decider);

describe('text as the newsroom stores it', () => {
  it('refuses a lone surrogate in any text field, naming the field', () => {
    spec.given([]).when(command('DraftArticle', wanda, { title: 'Broken \uD800 title', body: ANALYSIS.body })).thenThrows<InvalidInput>(InvalidInput, { field: 'title' });
    spec.given([]).when(command('DraftArticle', wanda, { title: 'Fine', body: 'Text \uDC00 here.' })).thenThrows<InvalidInput>(InvalidInput, { field: 'body' });
    spec.given(drafted()).when(command('ReviseArticle', wanda, { dek: 'A \uDBFF dek' })).thenThrows<InvalidInput>(InvalidInput, { field: 'dek' });
  });

  it('keeps well-formed astral characters such as emoji', () => {
    spec.given([]).when(command('DraftArticle', wanda, { title: 'Rockets 🚀 and ledgers', body: ANALYSIS.body })).thenMatches([{ type: 'ArticleDrafted', data: { title: 'Rockets 🚀 and ledgers' } }]);
  });

  it('refuses control characters but keeps tabs and line breaks in the body', () => {
    spec.given([]).when(command('DraftArticle', wanda, { title: 'Bell\u0007', body: ANALYSIS.body })).thenThrows<InvalidInput>(InvalidInput, { field: 'title' });
    spec.given([]).when(command('DraftArticle', wanda, { title: 'Fine', body: 'Line one.\n\tLine two.\r\n' })).thenMatches([{ type: 'ArticleDrafted', data: { body: 'Line one.\n\tLine two.\r\n' } }]);
  });

  it('stores text composed (NFC), so the same words compare the same', () => {
    const decomposed = 'Cafe\u0301 economics';
    spec.given([]).when(command('DraftArticle', wanda, { title: decomposed, body: `The cafe\u0301 sold 300 cups.` })).thenMatches([
      { type: 'ArticleDrafted', data: { title: 'Caf\u00e9 economics', body: 'The caf\u00e9 sold 300 cups.' } },
    ]);
  });
});
