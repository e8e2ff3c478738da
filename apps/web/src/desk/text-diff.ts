/** A word-level difference between two texts, for comparing two versions of an article. */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** Paragraph by paragraph first (cheap on long bodies), then word by word inside changed ones. */
export function diffText(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  const a = before.split(/(\n+)/);
  const b = after.split(/(\n+)/);
  const pairs = lcs(a, b);
  let pendingRemoved: string[] = [];
  let pendingAdded: string[] = [];
  const flush = () => {
    if (pendingRemoved.length && pendingAdded.length) parts.push(...diffWords(pendingRemoved.join(''), pendingAdded.join('')));
    else if (pendingRemoved.length) parts.push({ kind: 'removed', text: pendingRemoved.join('') });
    else if (pendingAdded.length) parts.push({ kind: 'added', text: pendingAdded.join('') });
    pendingRemoved = [];
    pendingAdded = [];
  };
  for (const step of pairs) {
    if (step.kind === 'same') {
      flush();
      parts.push({ kind: 'same', text: step.text });
    } else if (step.kind === 'removed') pendingRemoved.push(step.text);
    else pendingAdded.push(step.text);
  }
  flush();
  return merge(parts);
}

function diffWords(before: string, after: string): DiffPart[] {
  const a = before.split(/(\s+)/);
  const b = after.split(/(\s+)/);
  // Beyond this a word table gets expensive: show the paragraphs as replaced.
  if (a.length * b.length > 4_000_000) return [{ kind: 'removed', text: before }, { kind: 'added', text: after }];
  return lcs(a, b);
}

function lcs(a: string[], b: string[]): DiffPart[] {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * cols + j] = a[i] === b[j] ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: 'same', text: a[i] });
      i += 1;
      j += 1;
    } else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) parts.push({ kind: 'removed', text: a[i++] });
    else parts.push({ kind: 'added', text: b[j++] });
  }
  while (i < a.length) parts.push({ kind: 'removed', text: a[i++] });
  while (j < b.length) parts.push({ kind: 'added', text: b[j++] });
  return parts;
}

function merge(parts: DiffPart[]): DiffPart[] {
  const merged: DiffPart[] = [];
  for (const part of parts) {
    if (part.text === '') continue;
    const previous = merged[merged.length - 1];
    if (previous && previous.kind === part.kind) previous.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
