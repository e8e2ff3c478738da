import { stripInlineMarkdown } from '@galley/editorial';
import { ModelCallError } from './model-http.client';

/** The prompt asks for 60-120 words; past this the model ignored it and the answer is not a TL;DR. */
export const MAX_MODEL_SUMMARY_WORDS = 200;

const HEADING = /^\s*#{1,6}(?:\s|$)/;
const SETEXT_UNDERLINE = /^\s*(?:=+|-+)\s*$/;
const CODE_FENCE = /^\s*(?:```|~~~)/;
const PREAMBLE = /^\s*(?:here(?:'s| is| are)|sure|certainly|okay|ok|below is)\b.*:\s*$/i;
const LABEL = /^\s*(?:\*\*|__)?(?:tl;?dr|summary)(?:\*\*|__)?\s*[:：-]\s*(?:\*\*|__)?\s*/i;
const QUOTE_MARKER = /^\s*(?:>\s?)+/;
const LIST_MARKER = /^\s*(?:[-*+•]|\d+[.)])\s+/;
const WRAPPING_QUOTES = /^(["“])([\s\S]*)(["”])$/;

/**
 * Reader-facing text from a model's answer: headings, quote and list markers, preambles and inline
 * Markdown go; an empty or overlong answer is refused, so the fallback stands in for it.
 */
export function cleanModelSummary(raw: string): string {
  const all = raw.replace(/\r/g, '').split('\n');
  const isSetext = (i: number) => SETEXT_UNDERLINE.test(all[i] ?? '') && (all[i - 1] ?? '').trim() !== '';
  const lines = all.filter(
    (line, i) => !HEADING.test(line) && !CODE_FENCE.test(line) && !SETEXT_UNDERLINE.test(line) && !isSetext(i + 1),
  );
  while (lines.length > 0 && (lines[0].trim() === '' || PREAMBLE.test(lines[0]))) lines.shift();
  const joined = lines
    .map((line) => line.replace(QUOTE_MARKER, '').replace(LIST_MARKER, '').replace(LABEL, ''))
    .join('\n');
  let text = stripInlineMarkdown(joined);
  const wrapped = WRAPPING_QUOTES.exec(text);
  if (wrapped && !/["“”]/.test(wrapped[2])) text = wrapped[2].trim();

  if (text === '') throw new ModelCallError('MODEL_MALFORMED_OUTPUT', 'the model answered with no summary text');
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  if (words > MAX_MODEL_SUMMARY_WORDS) {
    throw new ModelCallError('MODEL_MALFORMED_OUTPUT', `the summary has ${words} words, over the ${MAX_MODEL_SUMMARY_WORDS}-word limit`);
  }
  return text;
}
