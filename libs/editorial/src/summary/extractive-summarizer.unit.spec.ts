import { analysisArticle } from '../claims/analysis-article.fixture';
import { normalizeSentence, splitSentences } from '../claims/sentence-splitter';
import { EXTRACTIVE_SUMMARIZER_VERSION, summarizeExtractive } from './extractive-summarizer';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('summarizeExtractive', () => {
  const summary = summarizeExtractive(analysisArticle);
  const bodySentences = splitSentences(analysisArticle.body);

  it('picks three to five body sentences totalling 60-120 words, in article order', () => {
    expect(summary.sentences.length).toBeGreaterThanOrEqual(3);
    expect(summary.sentences.length).toBeLessThanOrEqual(5);
    expect(words(summary.text)).toBeGreaterThanOrEqual(60);
    expect(words(summary.text)).toBeLessThanOrEqual(120);
    expect([...summary.sentences].sort((a, b) => a - b)).toEqual(summary.sentences);
  });

  it('never invents text: the summary is the chosen body sentences, Markdown stripped', () => {
    const expected = summary.sentences.map((i) => normalizeSentence(bodySentences[i].text)).join(' ');
    expect(summary.text).toBe(expected);
    expect(summary.text).not.toMatch(/[*_#[\]]|\]\(|https?:/);
  });

  it('prefers the sentences carrying the story over headings, rhetoric and questions', () => {
    const chosen = summary.sentences.map((i) => bodySentences[i].text);
    expect(chosen.some((t) => t.includes('300 million weekly users'))).toBe(true);
    expect(chosen.some((t) => t.includes('$40 billion of capex'))).toBe(true);
    for (const weak of ['The lesson is obvious.', 'Two very different plays.', 'Is any of this sustainable?', 'Perhaps not.', 'Who pays']) {
      expect(chosen).not.toContain(weak);
    }
  });

  it('is deterministic and records its parameters', () => {
    expect(summarizeExtractive(analysisArticle)).toEqual(summary);
    expect(summary.parameters).toMatchObject({ algorithm: EXTRACTIVE_SUMMARIZER_VERSION, maxSentences: 5, targetWords: 90, maxWords: 120 });
  });

  it('honours a smaller budget', () => {
    const small = summarizeExtractive(analysisArticle, { maxSentences: 3, targetWords: 45 });
    expect(small.sentences.length).toBeLessThanOrEqual(3);
    expect(words(small.text)).toBeLessThanOrEqual(60);
    expect(small.parameters).toMatchObject({ maxSentences: 3, targetWords: 45, maxWords: 60 });
  });

  it('uses the title to break ties between otherwise similar sentences', () => {
    const body = [
      'Solar panels got cheaper across Europe this year, installers said in their survey.',
      'Wind turbines got cheaper across Europe this year, installers said in their survey.',
    ].join(' ');
    expect(summarizeExtractive({ title: 'Wind turbines', dek: '', body }).sentences).toEqual([1]);
    expect(summarizeExtractive({ title: 'Solar panels', dek: '', body }).sentences).toEqual([0]);
  });

  it('shrinks for a short article and stays within its sentences', () => {
    const body = 'Nvidia shipped 120,000 accelerators to one customer last quarter. The customer is widely believed to be Microsoft. Neither company would comment on the order.';
    const short = summarizeExtractive({ title: 'Nvidia’s biggest order', dek: '', body });
    expect(short.sentences.length).toBeGreaterThanOrEqual(1);
    expect(short.sentences.length).toBeLessThan(3);
    for (const index of short.sentences) expect(short.text).toContain(normalizeSentence(splitSentences(body)[index].text));
    expect(short.sentences).toContain(0);
  });

  it('returns an empty summary for an empty body', () => {
    expect(summarizeExtractive({ title: 'Nothing yet', dek: '', body: '' })).toMatchObject({ text: '', sentences: [] });
  });
});
