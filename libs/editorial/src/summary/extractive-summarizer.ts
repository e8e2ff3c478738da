import { stripInlineMarkdown } from '../claims/markdown-text';
import { segmentSentences, type SegmentedSentence } from '../claims/sentence-splitter';

/** Recorded as the summary's model: changing the algorithm or its defaults means a new id. */
export const EXTRACTIVE_SUMMARIZER_VERSION = 'extractive-centroid-v1';

export interface ExtractiveSummaryInput {
  title: string;
  dek: string;
  body: string;
}

export interface ExtractiveSummaryOptions {
  /** At most this many sentences (default 5). */
  maxSentences?: number;
  /** Aim for about this many words (default 90); the summary stays under a third more than that. */
  targetWords?: number;
}

export interface ExtractiveSummary {
  /** The chosen body sentences in their original order, Markdown stripped, joined with spaces. */
  text: string;
  /** Indexes of the chosen sentences in `splitSentences(body)`, ascending. */
  sentences: number[];
  /** Everything that shaped the result, for the summary's provenance. */
  parameters: Record<string, number | string>;
}

const DEFAULT_MAX_SENTENCES = 5;
const DEFAULT_TARGET_WORDS = 90;
const MIN_SENTENCES = 3;
const TITLE_WEIGHT = 0.35;
const POSITION_WEIGHT = 0.15;
const REDUNDANCY_WEIGHT = 0.5;
const MIN_CANDIDATE_WORDS = 6;
/** Below this many candidate sentences an article is short: the summary shrinks with it. */
const SHORT_ARTICLE_SENTENCES = 10;

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
  between both but by can can't could did didn't do does doesn't doing don't down during each even few for from
  further had has have having he her here hers herself him himself his how i if in into is isn't it it's its itself
  just let's like may me might more most much must my myself no nor not now of off on once one only or other ought
  our ours ourselves out over own per same she should so some still such than that that's the their theirs them
  themselves then there there's these they they're this those through to too under until up upon us very was we
  were what when where which while who whom why will with would yet you your yours yourself yourselves said says
  new just many next last`.split(/\s+/),
);

interface Candidate {
  index: number;
  text: string;
  words: number;
  vector: Map<string, number>;
  score: number;
}

/**
 * A deterministic TL;DR made only of body sentences: each sentence is scored by its TF-IDF cosine
 * to the article's centroid, its overlap with the title and dek and a mild lead bias; sentences are
 * then picked greedily (penalising redundancy) until the word budget is met.
 */
export function summarizeExtractive(doc: ExtractiveSummaryInput, options: ExtractiveSummaryOptions = {}): ExtractiveSummary {
  const requestedMax = Math.max(1, Math.floor(options.maxSentences ?? DEFAULT_MAX_SENTENCES));
  const requestedTarget = Math.max(10, Math.floor(options.targetWords ?? DEFAULT_TARGET_WORDS));
  const all = segmentSentences(doc.body ?? '');
  const candidates = candidatesOf(all, doc);

  const bodyWords = candidates.reduce((sum, c) => sum + c.words, 0);
  const short = candidates.length < SHORT_ARTICLE_SENTENCES;
  const maxSentences = short ? Math.min(requestedMax, Math.max(1, Math.ceil(candidates.length / 2))) : requestedMax;
  const minSentences = Math.min(MIN_SENTENCES, maxSentences);
  const targetWords = short ? Math.min(requestedTarget, Math.max(20, Math.round(bodyWords * 0.4))) : requestedTarget;
  const maxWords = Math.round(Math.max(requestedTarget, targetWords) * (4 / 3));

  const chosen = pick(candidates, { maxSentences, minSentences, targetWords, maxWords });
  chosen.sort((a, b) => a.index - b.index);
  return {
    text: chosen.map((c) => c.text).join(' '),
    sentences: chosen.map((c) => c.index),
    parameters: {
      algorithm: EXTRACTIVE_SUMMARIZER_VERSION,
      maxSentences,
      minSentences,
      targetWords,
      maxWords,
      titleWeight: TITLE_WEIGHT,
      positionWeight: POSITION_WEIGHT,
      redundancyWeight: REDUNDANCY_WEIGHT,
      candidates: candidates.length,
    },
  };
}

function candidatesOf(all: readonly SegmentedSentence[], doc: ExtractiveSummaryInput): Candidate[] {
  const eligible = all
    .map((sentence, index) => ({ index, sentence, text: stripInlineMarkdown(sentence.text) }))
    .filter(({ sentence, text }) => sentence.block !== 'heading' && sentence.block !== 'table-cell' && countWords(text) > 0);
  // Fragments only stand in when the article has nothing longer.
  const long = eligible.filter(({ text }) => countWords(text) >= MIN_CANDIDATE_WORDS);
  const pool = long.length > 0 ? long : eligible;

  const terms = pool.map(({ text }) => termsOf(text));
  const documentFrequency = new Map<string, number>();
  for (const list of terms) for (const term of new Set(list)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log(1 + pool.length / (documentFrequency.get(term) ?? 0.5));
  const weigh = (list: readonly string[]) => {
    const vector = new Map<string, number>();
    for (const term of list) vector.set(term, (vector.get(term) ?? 0) + 1);
    for (const [term, count] of vector) vector.set(term, (1 + Math.log(count)) * idf(term));
    return vector;
  };

  const vectors = terms.map(weigh);
  const centroid = new Map<string, number>();
  for (const vector of vectors) for (const [term, weight] of vector) centroid.set(term, (centroid.get(term) ?? 0) + weight);
  const heading = weigh(termsOf(`${stripInlineMarkdown(doc.title ?? '')} ${stripInlineMarkdown(doc.dek ?? '')}`));

  return pool.map(({ index, text }, position) => {
    const vector = vectors[position];
    const words = countWords(text);
    let score =
      cosine(vector, centroid) + TITLE_WEIGHT * cosine(vector, heading) + POSITION_WEIGHT / Math.sqrt(1 + position);
    if (words < 8) score *= 0.7;
    if (words > 40) score *= 0.85;
    if (/\?["'”’)]*$/.test(text)) score *= 0.6;
    // A sentence leaning on the one before reads badly out of context.
    if (/^(?:But|And|So|Or|Yet|Still|This|That|These|Those|It|They|He|She|Also|Instead|Meanwhile)\b/.test(text)) score *= 0.85;
    return { index, text, words, vector, score };
  });
}

interface Budget {
  maxSentences: number;
  minSentences: number;
  targetWords: number;
  maxWords: number;
}

function pick(candidates: readonly Candidate[], budget: Budget): Candidate[] {
  const chosen: Candidate[] = [];
  let words = 0;
  while (chosen.length < budget.maxSentences) {
    if (chosen.length >= budget.minSentences && words >= budget.targetWords) break;
    let best: Candidate | null = null;
    let bestValue = -Infinity;
    for (const candidate of candidates) {
      if (chosen.includes(candidate) || words + candidate.words > budget.maxWords) continue;
      const redundancy = Math.max(0, ...chosen.map((c) => cosine(candidate.vector, c.vector)));
      const value = candidate.score - REDUNDANCY_WEIGHT * redundancy;
      // Ties go to the earlier sentence, so the result never depends on iteration quirks.
      if (value > bestValue + 1e-12) {
        best = candidate;
        bestValue = value;
      }
    }
    if (best === null) break;
    chosen.push(best);
    words += best.words;
  }
  if (chosen.length === 0 && candidates.length > 0) {
    // Every sentence is over budget on its own: one long sentence beats an empty summary.
    const best = [...candidates].sort((a, b) => b.score - a.score || a.index - b.index)[0];
    chosen.push(best);
  }
  return chosen;
}

function termsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}$€£%]+(?:['’.,][\p{L}\p{N}]+)*/gu) ?? [])
    .map((token) => token.replace(/['’]s$/, ''))
    .filter((token) => !STOPWORDS.has(token) && token.length > 1)
    .map(stem);
}

/** A light suffix stripper: enough for "users"/"user" and "spending"/"spend" to meet. */
function stem(token: string): string {
  if (/^[\d$€£]/.test(token)) return token;
  if (token.length > 4 && token.endsWith('ies')) return `${token.slice(0, -3)}y`;
  if (token.length > 5 && token.endsWith('ing')) return token.slice(0, -3);
  if (token.length > 4 && token.endsWith('ed')) return token.slice(0, -2);
  if (token.length > 3 && token.endsWith('s') && !token.endsWith('ss')) return token.slice(0, -1);
  return token;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(vector: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}
