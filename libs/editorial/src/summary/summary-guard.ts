import { stripInlineMarkdown } from '../claims';

/** Numbers as written: 80, 1,200, 3.5, 2025 (thousands separators removed). */
const NUMBER = /\d+(?:[.,]\d+)*/g;

function numbersIn(text: string): string[] {
  return (stripInlineMarkdown(text).match(NUMBER) ?? []).map(normalizeNumber);
}

function normalizeNumber(raw: string): string {
  const withoutThousands = raw.replace(/,(?=\d{3}(?!\d))/g, '');
  return withoutThousands.replace(/[.,]$/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/**
 * The figures a summary states that the article's text does not contain: a summary must never
 * introduce a number of its own. Compared as written numbers (so "80" in "$80bn" is found in
 * "$80 billion"); numbers spelled out in words are not checked.
 */
export function unsupportedFigures(summary: string, sourceText: string): string[] {
  const source = new Set(numbersIn(sourceText));
  return [...new Set(numbersIn(summary).filter((n) => !source.has(n)))];
}
