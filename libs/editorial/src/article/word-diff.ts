/** Unchanged words kept on each side of a change; longer unchanged stretches are elided. */
export const DIFF_CONTEXT_WORDS = 3;
/** Past this many comparisons the changed middle is shown as replaced whole rather than aligned. */
const MAX_ALIGNMENT_CELLS = 1_000_000;

export type DiffOp = { readonly op: 'same' | 'removed' | 'added'; readonly words: readonly string[] };

/**
 * What a human edit changed, word by word: `[-removed words-]{+added words+}` in the flow of the
 * unchanged ones, which are cut to a few words of context around each change ("…" marks a cut).
 * Empty when nothing changed; a text written from nothing is all `{+…+}`.
 */
export function wordDiff(before: string | null, after: string): string {
  return renderDiff(diffWords(before ?? '', after));
}

/** The word-level alignment of two texts (longest common subsequence), as runs. */
export function diffWords(before: string, after: string): DiffOp[] {
  const a = words(before);
  const b = words(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const ops: DiffOp[] = [];
  push(ops, 'same', a.slice(0, prefix));
  for (const op of alignMiddle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix))) push(ops, op.op, op.words);
  push(ops, 'same', a.slice(a.length - suffix));
  return ops;
}

function alignMiddle(a: readonly string[], b: readonly string[]): DiffOp[] {
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_ALIGNMENT_CELLS) {
    return [
      { op: 'removed', words: a },
      { op: 'added', words: b },
    ];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  // Removals are gathered before additions so that a replacement reads [-old-]{+new+}.
  const ops: DiffOp[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    push(ops, 'removed', removed);
    push(ops, 'added', added);
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      push(ops, 'same', [a[i]]);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j])) {
      added.push(b[j++]);
    } else {
      removed.push(a[i++]);
    }
  }
  flush();
  return ops;
}

export function renderDiff(ops: readonly DiffOp[]): string {
  if (!ops.some((op) => op.op !== 'same')) return '';
  let out = '';
  ops.forEach((run, index) => {
    const part =
      run.op === 'removed'
        ? `[-${run.words.join(' ')}-]`
        : run.op === 'added'
          ? `{+${run.words.join(' ')}+}`
          : context(run.words, index === 0, index === ops.length - 1);
    // A replacement reads as one unit: [-old-]{+new+}.
    const glued = run.op === 'added' && ops[index - 1]?.op === 'removed';
    out += out === '' || glued ? part : ` ${part}`;
  });
  return out;
}

/** Unchanged words around the changes; a cut is made only where it saves at least two words. */
function context(same: readonly string[], first: boolean, last: boolean): string {
  const n = DIFF_CONTEXT_WORDS;
  if (first && last) return same.join(' ');
  if (first && same.length > n + 1) return `… ${same.slice(-n).join(' ')}`;
  if (last && same.length > n + 1) return `${same.slice(0, n).join(' ')} …`;
  if (!first && !last && same.length > 2 * n + 1) return `${same.slice(0, n).join(' ')} … ${same.slice(-n).join(' ')}`;
  return same.join(' ');
}

function push(ops: DiffOp[], op: DiffOp['op'], more: readonly string[]): void {
  if (more.length === 0) return;
  const last = ops[ops.length - 1];
  if (last && last.op === op) ops[ops.length - 1] = { op, words: [...last.words, ...more] };
  else ops.push({ op, words: more });
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}
