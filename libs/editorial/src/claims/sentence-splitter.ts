import { stripInlineMarkdown } from './markdown-text';

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

export type BlockKind = 'paragraph' | 'heading' | 'list-item' | 'quote' | 'table-cell';

/** A sentence with the Markdown block it came from (headings are no summary material, quotes are quotes). */
export interface SegmentedSentence extends SentenceSpan {
  block: BlockKind;
  blockIndex: number;
}

interface Block {
  kind: BlockKind;
  start: number;
  end: number;
}

/** Titles and the like: a period after them never ends a sentence. */
const NEVER_FINAL = new Set(
  [
    'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'mt', 'ft', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'capt', 'sgt',
    'rev', 'hon', 'pres', 'supt', 'messrs', 'vs', 'v', 'e.g', 'i.e', 'cf', 'viz', 'approx', 'ca', 'c', 'esp', 'incl',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'nos', 'vol', 'fig',
    'figs', 'p', 'pp', 'sec', 'ch', 'art', 'op', 'dept', 'est', 'al',
  ],
);

/** Abbreviations that may also end a sentence: a break only before a typical sentence opener. */
const MAYBE_FINAL = new Set(['inc', 'corp', 'ltd', 'co', 'llc', 'plc', 'bros', 'etc', 'jr', 'sr', 'ag', 'sa', 'nv', 'bv']);

const OPENERS = new Set(
  [
    'the', 'a', 'an', 'it', 'its', 'this', 'that', 'these', 'those', 'he', 'she', 'they', 'we', 'i', 'you', 'but',
    'and', 'or', 'so', 'yet', 'in', 'on', 'at', 'for', 'with', 'as', 'if', 'when', 'while', 'after', 'before',
    'since', 'still', 'meanwhile', 'however', 'there', 'here', 'our', 'their', 'his', 'her', 'what', 'why', 'how',
    'who', 'not', 'no', 'some', 'most', 'many', 'all', 'one', 'both', 'each', 'by', 'last', 'next', 'then', 'now',
    'that’s', "that's", 'it’s', "it's", 'both', 'also', 'even', 'only', 'few', 'such',
  ],
);

const TERMINATORS = '.!?…';
const CLOSERS = '"\'”’)]*_»';
const HAS_CONTENT = /[\p{L}\p{N}]/u;

/** Sentences of English prose in Markdown, as spans of the original string. */
export function splitSentences(text: string): SentenceSpan[] {
  return segmentSentences(text).map(({ text: t, start, end }) => ({ text: t, start, end }));
}

/** Like splitSentences, with the kind of Markdown block each sentence belongs to. */
export function segmentSentences(text: string): SegmentedSentence[] {
  const { masked, blocks } = scanBlocks(text);
  const sentences: SegmentedSentence[] = [];
  blocks.forEach((block, blockIndex) => {
    for (const [start, end] of splitBlock(masked, block.start, block.end)) {
      sentences.push({ text: text.slice(start, end), start, end, block: block.kind, blockIndex });
    }
  });
  return sentences;
}

/** A sentence reduced to what a reader sees, for comparing sentences across revisions. */
export function normalizeSentence(sentence: string): string {
  return stripInlineMarkdown(sentence)
    .replace(/[“”„]/g, '"')
    .replace(/[‘’‚]/g, "'")
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Finds the blocks (paragraphs, headings, list items, quotes, table cells) of a Markdown text. The
 * returned mask is the text with block markup (`#`, list markers, `>`, fences, pipes) turned into
 * spaces, so that sentence detection never sees it and spans still index the original.
 */
function scanBlocks(text: string): { masked: string; blocks: Block[] } {
  const chars = text.split('');
  const blocks: Block[] = [];
  let current: Block | null = null;
  let fence: string | null = null;

  const mask = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  const close = () => {
    if (current !== null) blocks.push(current);
    current = null;
  };

  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const next = newline < 0 ? text.length + 1 : newline + 1;

    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null || fenceMatch) {
      if (fence === null && fenceMatch) fence = fenceMatch[1][0];
      else if (fenceMatch && fenceMatch[1][0] === fence) fence = null;
      mask(lineStart, lineEnd);
      close();
      lineStart = next;
      continue;
    }
    if (line.trim() === '') {
      close();
      lineStart = next;
      continue;
    }

    const heading = /^(\s{0,3}#{1,6})(?:\s+|$)/.exec(line);
    if (heading) {
      close();
      mask(lineStart, lineStart + heading[0].length);
      const closing = /\s+#+\s*$/.exec(line);
      const end = closing && closing.index >= heading[0].length ? lineStart + closing.index : lineEnd;
      mask(end, lineEnd);
      blocks.push({ kind: 'heading', start: lineStart, end: lineEnd });
      lineStart = next;
      continue;
    }

    const underline = /^\s{0,3}(?:=+|-+)\s*$/.test(line);
    const rule = /^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$/.test(line);
    if (underline || rule) {
      // A setext underline turns the paragraph above into a heading.
      if (underline && current !== null && (current as Block).kind === 'paragraph') (current as Block).kind = 'heading';
      mask(lineStart, lineEnd);
      close();
      lineStart = next;
      continue;
    }

    if (/^\s{0,3}</.test(line) && /^\s*<\/?[A-Za-z!][^>]*>\s*$/.test(line)) {
      mask(lineStart, lineEnd);
      close();
      lineStart = next;
      continue;
    }

    if (/^\s{0,3}\|/.test(line)) {
      close();
      let cellStart = lineStart;
      for (let i = lineStart; i <= lineEnd; i++) {
        if (i === lineEnd || (text[i] === '|' && text[i - 1] !== '\\')) {
          if (i > cellStart) blocks.push({ kind: 'table-cell', start: cellStart, end: i });
          if (i < lineEnd) mask(i, i + 1);
          cellStart = i + 1;
        }
      }
      lineStart = next;
      continue;
    }

    const quote = /^\s{0,3}(?:>\s?)+/.exec(line);
    if (quote) {
      mask(lineStart, lineStart + quote[0].length);
      if (current === null || (current as Block).kind !== 'quote') {
        close();
        current = { kind: 'quote', start: lineStart, end: lineEnd };
      } else {
        (current as Block).end = lineEnd;
      }
      lineStart = next;
      continue;
    }

    const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/.exec(line);
    if (item) {
      close();
      mask(lineStart, lineStart + item[0].length);
      current = { kind: 'list-item', start: lineStart, end: lineEnd };
      lineStart = next;
      continue;
    }

    if (current === null) current = { kind: 'paragraph', start: lineStart, end: lineEnd };
    else (current as Block).end = lineEnd;
    lineStart = next;
  }
  close();
  return { masked: chars.join('').replace(/\r/g, ' '), blocks };
}

/** Sentence spans inside one block, trimmed, as [start, end) pairs. */
function splitBlock(masked: string, from: number, to: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let sentenceStart = from;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(masked[start])) start++;
    while (end > start && /\s/.test(masked[end - 1])) end--;
    if (end > start && HAS_CONTENT.test(masked.slice(start, end))) spans.push([start, end]);
  };

  let i = from;
  while (i < to) {
    if (!TERMINATORS.includes(masked[i])) {
      i++;
      continue;
    }
    let p = i;
    while (p < to && TERMINATORS.includes(masked[p])) p++;
    let q = p;
    while (q < to && CLOSERS.includes(masked[q])) q++;
    if (q < to && !/\s/.test(masked[q])) {
      i = p;
      continue;
    }
    let n = q;
    while (n < to && /\s/.test(masked[n])) n++;
    if (n >= to) break;
    if (endsSentence(masked, i, p, n)) {
      push(sentenceStart, q);
      sentenceStart = q;
    }
    i = q;
  }
  push(sentenceStart, to);
  return spans;
}

/** Whether the terminator run masked[at, runEnd) ends a sentence, given the next visible char at `next`. */
function endsSentence(masked: string, at: number, runEnd: number, next: number): boolean {
  const run = masked.slice(at, runEnd);
  const following = masked[next];
  const nextWord = /^[“"‘'(\[]*([\p{L}\p{N}’']+)/u.exec(masked.slice(next, next + 40))?.[1] ?? '';
  const startsLower = /^\p{Ll}/u.test(nextWord) && !/^[“"‘'(\[]/.test(following);
  const startsUpper = /^\p{Lu}/u.test(nextWord);

  if (run.includes('?') || run.includes('!')) return !startsLower;
  if (run.length >= 3 || run.includes('…')) return startsUpper;
  if (startsLower) return false;

  const before = /([\p{L}\p{N}&.'’-]*)$/u.exec(masked.slice(Math.max(0, at - 30), at))?.[1] ?? '';
  const token = before.replace(/^[.'’-]+/, '');
  const lower = token.toLowerCase();
  const opener = OPENERS.has(nextWord.toLowerCase());
  if (/^\p{N}/u.test(following)) return !NEVER_FINAL.has(lower);
  if (NEVER_FINAL.has(lower)) return false;
  // An initial ("J. R. Smith") or a dotted acronym ("U.S.", "a.m."): only before a sentence opener.
  if (/^\p{Lu}$/u.test(token)) return opener;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(token)) return opener;
  if (MAYBE_FINAL.has(lower)) return opener;
  return true;
}
