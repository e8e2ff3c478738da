/**
 * Inline Markdown helpers. Masking keeps every offset (markup becomes spaces) so that detectors can
 * run on readable text while spans still index the raw field; stripping produces reader-facing text.
 */

const LINK = /(!?)\[([^\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\)/g;
const AUTOLINK = /<(?:https?:\/\/|mailto:)[^>\s]*>/g;
const BARE_URL = /\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"’”]/g;
const INLINE_CODE = /(`+)[^`]*?\1/g;
const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const STRIKE = /~~/g;
/** `*` runs are always emphasis in prose; `_` only at a word edge (snake_case stays). */
const STAR = /\*+/g;
const UNDERSCORE = /(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;

function blank(length: number): string {
  return ' '.repeat(length);
}

/** The same text with inline markup (link targets, code, emphasis, tags) replaced by spaces. */
export function maskInlineMarkdown(text: string): string {
  return text
    .replace(INLINE_CODE, (m) => blank(m.length))
    .replace(LINK, (m: string, bang: string, label: string) => blank(bang.length + 1) + label + blank(m.length - bang.length - 1 - label.length))
    .replace(AUTOLINK, (m) => blank(m.length))
    .replace(BARE_URL, (m) => blank(m.length))
    .replace(HTML_TAG, (m) => blank(m.length))
    .replace(STRIKE, '  ')
    .replace(STAR, (m) => blank(m.length))
    .replace(UNDERSCORE, (m) => blank(m.length));
}

/** Reader-facing text of a Markdown fragment: link labels kept, markup and extra whitespace gone. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/\r/g, '')
    .replace(/\n[ \t]*(?:>[ \t]?)+/g, '\n')
    .replace(INLINE_CODE, (m) => m.replace(/`/g, ''))
    .replace(LINK, (_m: string, _bang: string, label: string) => label)
    .replace(AUTOLINK, (m) => m.slice(1, -1))
    .replace(HTML_TAG, '')
    .replace(STRIKE, '')
    .replace(STAR, '')
    .replace(UNDERSCORE, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
