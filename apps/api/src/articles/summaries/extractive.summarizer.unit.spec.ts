import { ExtractiveSummarizer } from './extractive.summarizer';
import { testArticle } from './testing/model-summarizer.contract';

describe('ExtractiveSummarizer rewrites', () => {
  const summarizer = new ExtractiveSummarizer();

  it('makes a BRIEF of the article’s one or two most central sentences, word for word', async () => {
    const answer = await summarizer.rewrite(testArticle, 'BRIEF');
    if (!answer.supported) throw new Error('BRIEF should be supported');
    const sentences = answer.draft.text.match(/[^.!?]+[.!?]+/g) ?? [];
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(2);
    for (const sentence of sentences) expect(testArticle.body).toContain(sentence.trim());
    expect(answer.draft).toMatchObject({ provider: 'extractive', model: 'extractive-centroid-v1', sourceType: null, promptTemplateId: null, fallbackFrom: null });
    expect(answer.draft.parameters).toMatchObject({ maxSentences: 2 });
    expect(answer.draft.text.length).toBeLessThan((await summarizer.summarize(testArticle)).text.length);
  });

  it('is deterministic', async () => {
    expect(await summarizer.rewrite(testArticle, 'BRIEF')).toEqual(await summarizer.rewrite(testArticle, 'BRIEF'));
  });

  it.each(['PLAIN_LANGUAGE', 'EXECUTIVE'] as const)('declines %s honestly rather than pass sentences off as one', async (kind) => {
    expect(await summarizer.rewrite(testArticle, kind)).toEqual({
      supported: false,
      provider: 'extractive',
      reason: `The extractive summarizer only selects the article's own sentences; it cannot write a ${kind} version without a model`,
    });
  });
});
