import { extractClaims, type ExtractedClaim } from './claim-extractor';
import { normalizeSentence, segmentSentences } from './sentence-splitter';
import { labelledArticles, labelledSentences, sourceOf, type LabelledArticle, type LabelledSentence } from './testing/labelled-articles';

interface Score {
  name: string;
  words: number;
  sentences: number;
  claims: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  valued: number;
  valueHits: number;
  unitised: number;
  unitHits: number;
  kinded: number;
  kindHits: number;
  partyHits: number;
  misses: string[];
  extras: string[];
  wrongValues: string[];
  wrongParties: string[];
}

function wordsOf(article: LabelledArticle): number {
  const { title, dek, body } = sourceOf(article);
  return `${title} ${dek} ${body}`.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const key = (field: string, text: string) => `${field}|${normalizeSentence(text)}`;

/** Relative tolerance: 1.2e10 written as "$12 billion" must equal 12 * 1e9 however it is computed. */
const sameValue = (a: number | null, b: number | null) => a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

function scoreArticle(article: LabelledArticle): Score {
  const labels = new Map<string, LabelledSentence>(labelledSentences(article).map((s) => [key(s.field, s.text), s]));
  const extracted = new Map<string, ExtractedClaim>(extractClaims(sourceOf(article)).map((c) => [key(c.field, c.text), c]));
  const score: Score = {
    name: article.name, words: wordsOf(article), sentences: labels.size, claims: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0,
    valued: 0, valueHits: 0, unitised: 0, unitHits: 0, kinded: 0, kindHits: 0, partyHits: 0, misses: [], extras: [], wrongValues: [], wrongParties: [],
  };
  for (const [k, claim] of extracted) {
    const label = labels.get(k);
    if (!label?.claim) {
      score.falsePositives++;
      score.extras.push(`${label ? '' : '(unlabelled) '}${claim.text} [${claim.kinds.join(', ')}]`);
    }
  }
  for (const [k, label] of labels) {
    if (!label.claim) continue;
    score.claims++;
    const claim = extracted.get(k);
    if (!claim) {
      score.falseNegatives++;
      score.misses.push(label.text);
      continue;
    }
    score.truePositives++;
    if (label.kind !== null) {
      score.kinded++;
      if (claim.kind === label.kind) score.kindHits++;
    }
    if (claim.interestedParty === label.interestedParty) score.partyHits++;
    else score.wrongParties.push(`${label.text} → ${claim.interestedParty ? 'interested' : 'independent'}`);
    if (label.value !== null) {
      score.valued++;
      if (sameValue(claim.value, label.value)) score.valueHits++;
    }
    if (label.unit !== null) {
      score.unitised++;
      if (claim.unit === label.unit) score.unitHits++;
    }
    if ((label.value !== null && !sameValue(claim.value, label.value)) || (label.unit !== null && claim.unit !== label.unit)) {
      score.wrongValues.push(`${label.text} → ${claim.value} ${claim.unit} (expected ${label.value} ${label.unit})`);
    }
  }
  return score;
}

function total(scores: readonly Score[]): Score {
  const sum = (f: (s: Score) => number) => scores.reduce((n, s) => n + f(s), 0);
  return {
    name: 'overall', words: sum((s) => s.words), sentences: sum((s) => s.sentences), claims: sum((s) => s.claims), truePositives: sum((s) => s.truePositives),
    falsePositives: sum((s) => s.falsePositives), falseNegatives: sum((s) => s.falseNegatives), valued: sum((s) => s.valued),
    valueHits: sum((s) => s.valueHits), unitised: sum((s) => s.unitised), unitHits: sum((s) => s.unitHits), kinded: sum((s) => s.kinded),
    kindHits: sum((s) => s.kindHits), partyHits: sum((s) => s.partyHits), misses: scores.flatMap((s) => s.misses),
    extras: scores.flatMap((s) => s.extras), wrongValues: scores.flatMap((s) => s.wrongValues),
    wrongParties: scores.flatMap((s) => s.wrongParties),
  };
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
const precision = (s: Score) => ratio(s.truePositives, s.truePositives + s.falsePositives);
const recall = (s: Score) => ratio(s.truePositives, s.truePositives + s.falseNegatives);
const valueAccuracy = (s: Score) => ratio(s.valueHits, s.valued);

function table(scores: readonly Score[]): string {
  const header = ['set', 'words', 'sentences', 'claims', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', 'value', 'unit', 'kind', 'party'];
  const pct = (x: number) => x.toFixed(3);
  const rows = scores.map((s) => {
    const p = precision(s);
    const r = recall(s);
    return [
      s.name, String(s.words), String(s.sentences), String(s.claims), String(s.truePositives), String(s.falsePositives), String(s.falseNegatives),
      pct(p), pct(r), pct(p + r === 0 ? 0 : (2 * p * r) / (p + r)),
      `${s.valueHits}/${s.valued}`, `${s.unitHits}/${s.unitised}`, `${s.kindHits}/${s.kinded}`, `${s.partyHits}/${s.truePositives}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

describe('claim extraction quality on the labelled set', () => {
  const perArticle = labelledArticles.map(scoreArticle);
  const overall = total(perArticle);
  const tuned = { ...total(perArticle.filter((_, i) => !labelledArticles[i].heldOut)), name: 'tuned on' };
  const heldOut = { ...total(perArticle.filter((_, i) => labelledArticles[i].heldOut)), name: 'held out' };

  beforeAll(() => {
    const detail = [
      ...overall.misses.map((t) => `  missed:      ${t}`),
      ...overall.extras.map((t) => `  not a claim: ${t}`),
      ...overall.wrongValues.map((t) => `  wrong value: ${t}`),
      ...overall.wrongParties.map((t) => `  wrong party: ${t}`),
    ];
    console.log(`Claim extraction on the labelled set\n\n${table([...perArticle, tuned, heldOut, overall])}\n\n${detail.join('\n')}`);
  });

  it('is a set worth measuring: three or more original articles, 80+ sentences, 35%+ of them not claims', () => {
    expect(labelledArticles.length).toBeGreaterThanOrEqual(3);
    for (const { name, words } of perArticle) {
      expect({ name, words: words >= 600 && words <= 1200 }).toEqual({ name, words: true });
    }
    expect(overall.sentences).toBeGreaterThanOrEqual(80);
    expect(1 - overall.claims / overall.sentences).toBeGreaterThanOrEqual(0.35);
  });

  it('labels exactly the sentences the splitter finds, so matching by sentence text is sound', () => {
    for (const article of labelledArticles) {
      const source = sourceOf(article);
      const split = (['title', 'dek', 'body'] as const).flatMap((field) => segmentSentences(source[field]).map((s) => key(field, s.text)));
      expect(split).toEqual(labelledSentences(article).map((s) => key(s.field, s.text)));
    }
  });

  it('reaches recall >= 0.85 and precision >= 0.8 overall', () => {
    expect(recall(overall)).toBeGreaterThanOrEqual(0.85);
    expect(precision(overall)).toBeGreaterThanOrEqual(0.8);
  });

  it('normalises the value of at least 80% of the matched claims that have one', () => {
    expect(valueAccuracy(overall)).toBeGreaterThanOrEqual(0.8);
  });
});
