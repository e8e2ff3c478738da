/** Precision, recall and their harmonic mean (F1) of a candidate summary against a reference. */
export interface RougeScore {
  precision: number;
  recall: number;
  f: number;
}

/** Lower-cased runs of letters and digits: punctuation, Markdown and case never count. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** ROUGE-1: unigram overlap, each reference word matched at most as often as it occurs. */
export function rouge1(candidate: string, reference: string): RougeScore {
  const candidateTokens = rougeTokens(candidate);
  const referenceTokens = rougeTokens(reference);
  const remaining = new Map<string, number>();
  for (const token of referenceTokens) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let overlap = 0;
  for (const token of candidateTokens) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      overlap += 1;
      remaining.set(token, left - 1);
    }
  }
  return score(overlap, candidateTokens.length, referenceTokens.length);
}

/** ROUGE-L: the longest common subsequence of tokens, so word order counts but gaps do not. */
export function rougeL(candidate: string, reference: string): RougeScore {
  const a = rougeTokens(candidate);
  const b = rougeTokens(reference);
  return score(longestCommonSubsequence(a, b), a.length, b.length);
}

function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  // One row of the dynamic-programming table at a time: O(|b|) memory.
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    previous = current;
  }
  return previous[b.length];
}

function score(overlap: number, candidateLength: number, referenceLength: number): RougeScore {
  const precision = candidateLength === 0 ? 0 : overlap / candidateLength;
  const recall = referenceLength === 0 ? 0 : overlap / referenceLength;
  const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f };
}
