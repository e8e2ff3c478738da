import { segmentSentences } from '../claims/sentence-splitter';
import { stripInlineMarkdown } from '../claims/markdown-text';
import { countWords, summarizeExtractive } from './extractive-summarizer';
import { rouge1, rougeL } from './rouge';
import { summaryCorpus } from './testing/summary-corpus';

/** The baseline every news summarizer must beat: the first three sentences of the body. */
function lead3(body: string): string {
  return segmentSentences(body)
    .filter((sentence) => sentence.block !== 'heading' && sentence.block !== 'table-cell')
    .slice(0, 3)
    .map((sentence) => stripInlineMarkdown(sentence.text))
    .join(' ');
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const pct = (value: number) => (value * 100).toFixed(1).padStart(6);

describe('extractive summary quality (ROUGE against hand-written TL;DRs)', () => {
  const rows = summaryCorpus.map((entry) => {
    const extractive = summarizeExtractive(entry).text;
    const baseline = lead3(entry.body);
    return {
      id: entry.id,
      extractive: { r1: rouge1(extractive, entry.reference).f, rl: rougeL(extractive, entry.reference).f, words: countWords(extractive) },
      lead3: { r1: rouge1(baseline, entry.reference).f, rl: rougeL(baseline, entry.reference).f, words: countWords(baseline) },
    };
  });
  const means = {
    extractive: { r1: mean(rows.map((r) => r.extractive.r1)), rl: mean(rows.map((r) => r.extractive.rl)) },
    lead3: { r1: mean(rows.map((r) => r.lead3.r1)), rl: mean(rows.map((r) => r.lead3.rl)) },
  };

  beforeAll(() => {
    const line = (id: string, e: { r1: number; rl: number }, l: { r1: number; rl: number }) =>
      `${id.padEnd(20)} | ${pct(e.r1)} ${pct(e.rl)} | ${pct(l.r1)} ${pct(l.rl)}`;
    console.log(
      [
        'ROUGE F1 (%)         |  extractive   |    lead-3',
        'article              |  R-1    R-L   |  R-1    R-L',
        ...rows.map((r) => line(r.id, r.extractive, r.lead3)),
        line('mean', means.extractive, means.lead3),
      ].join('\n'),
    );
  });

  it('measures on articles of 400-900 words with TL;DRs of 60-120 words', () => {
    expect(summaryCorpus.length).toBeGreaterThanOrEqual(5);
    for (const entry of summaryCorpus) {
      expect(countWords(entry.body)).toBeGreaterThanOrEqual(400);
      expect(countWords(entry.body)).toBeLessThanOrEqual(900);
      expect(countWords(entry.reference)).toBeGreaterThanOrEqual(60);
      expect(countWords(entry.reference)).toBeLessThanOrEqual(120);
    }
  });

  it('beats the lead-3 baseline on mean ROUGE-1 and ROUGE-L', () => {
    expect(means.extractive.r1).toBeGreaterThan(means.lead3.r1);
    expect(means.extractive.rl).toBeGreaterThan(means.lead3.rl);
  });

  it('scores ROUGE on lower-cased word tokens', () => {
    expect(rouge1('The cat sat.', 'the CAT sat')).toEqual({ precision: 1, recall: 1, f: 1 });
    expect(rougeL('a b c d', 'a c b d').f).toBeCloseTo(0.75);
    expect(rouge1('the the the', 'the cat').precision).toBeCloseTo(1 / 3);
    expect(rouge1('', 'anything').f).toBe(0);
  });
});
