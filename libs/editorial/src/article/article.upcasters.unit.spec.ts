import { decider, stateOf } from '../testing/article.fixtures';
import type { ArticleEvent } from './article.events';
import { schemaVersionOf, UnknownSchemaVersionError, upcastArticleEvent } from './article.upcasters';

describe('upcasting stored article events', () => {
  const v1Drafted = {
    articleId: 'a-1',
    title: 'Written before languages were recorded',
    dek: '',
    body: 'Revenue grew 40% in 2024.',
    series: null,
    sensitive: false,
    author: { id: 'w', name: 'W' },
    at: '2024-05-01T08:00:00.000Z',
  };

  it('reads a version-1 ArticleDrafted as version 2, in English', () => {
    expect(schemaVersionOf('ArticleDrafted')).toBe(2);
    expect(upcastArticleEvent('ArticleDrafted', v1Drafted, 1)).toEqual({ type: 'ArticleDrafted', data: { ...v1Drafted, language: 'en' } });
    expect(upcastArticleEvent('ArticleDrafted', v1Drafted, undefined).data).toMatchObject({ language: 'en' });
  });

  it('leaves a current event as it is', () => {
    const v2 = { ...v1Drafted, language: 'de' };
    expect(upcastArticleEvent('ArticleDrafted', v2, 2)).toEqual({ type: 'ArticleDrafted', data: v2 });
    expect(upcastArticleEvent('DeadlineSet', { dueAt: null, by: { id: 'e', name: 'E' }, at: v1Drafted.at }, 1).type).toBe('DeadlineSet');
  });

  it('refuses an event from a newer Galley rather than misread it', () => {
    let thrown: unknown;
    try {
      upcastArticleEvent('ArticleDrafted', v1Drafted, 3);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownSchemaVersionError);
    expect(thrown).toMatchObject({ type: 'ArticleDrafted', version: 3 });
  });

  it('folds an upcast history like a current one', () => {
    const upcast: ArticleEvent = upcastArticleEvent('ArticleDrafted', v1Drafted, 1);
    expect(stateOf([upcast])).toMatchObject({ exists: true, language: 'en', title: v1Drafted.title });
    expect(decider.initialState().language).toBe('en');
  });
});
