import { InvalidInput } from '../shared/domain.errors';
import { utf8Length } from './article.text';
import type { Evidence } from './article.types';

/** The limits of DESIGN §1 and the ones a newsroom would expect where it is silent. */
export const LIMITS = {
  title: 200,
  dek: 400,
  bodyBytes: 200 * 1024,
  series: 120,
  comment: 5_000,
  reason: 2_000,
  note: 5_000,
  summary: 2_000,
  /** A "read it as…" variant: a plain-language rewrite runs longer than a TL;DR. */
  variant: 4_000,
  claimText: 2_000,
  evidenceItems: 20,
  evidenceTitle: 500,
  evidenceQuote: 5_000,
  personField: 200,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * `String.prototype.isWellFormed` where the runtime has it (Node 20, current browsers): on text with
 * any character past Latin-1 (a curly quote will do) the regex's lookbehind made it about 7× slower.
 */
const isWellFormed: (value: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (value) => (value as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (value) => !LONE_SURROGATE.test(value);
/** C0 controls and DEL, but tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Text as the newsroom stores it: well-formed Unicode (a lone surrogate cannot be stored or
 * rendered faithfully), no control characters, composed (NFC) so that the same words compare,
 * search and anchor claims the same way however a keyboard produced them.
 */
export function cleanText(field: string, value: string): string {
  if (!isWellFormed(value)) throw new InvalidInput(field, `${field} contains an invalid character (a lone surrogate)`);
  if (CONTROL.test(value)) throw new InvalidInput(field, `${field} contains a control character`);
  return value.normalize('NFC');
}

export function requiredText(field: string, value: string | null | undefined, max: number): string {
  const text = cleanText(field, value ?? '').trim();
  if (text.length === 0) throw new InvalidInput(field, `${field} is required`);
  if (text.length > max) throw new InvalidInput(field, `${field} must be at most ${max} characters`);
  return text;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  const text = cleanText(field, value ?? '').trim();
  if (text.length > max) throw new InvalidInput(field, `${field} must be at most ${max} characters`);
  return text.length > 0 ? text : null;
}

export interface ArticleTextInput {
  title?: string | null;
  dek?: string | null;
  body?: string | null;
}

/** Validates whichever of title, dek and body are given; absent ones keep the current text. */
export function articleText(input: ArticleTextInput, current: { title: string; dek: string; body: string }) {
  const title = input.title === undefined || input.title === null ? current.title : requiredText('title', input.title, LIMITS.title);
  const dek = input.dek === undefined || input.dek === null ? current.dek : (optionalText('dek', input.dek, LIMITS.dek) ?? '');
  const body = input.body === undefined || input.body === null ? current.body : cleanText('body', input.body);
  if (utf8Length(body) > LIMITS.bodyBytes) {
    throw new InvalidInput('body', `body must be at most ${LIMITS.bodyBytes / 1024} KB`);
  }
  return { title, dek, body };
}

export function evidenceList(items: readonly Evidence[] | null | undefined): Evidence[] {
  const list = items ?? [];
  if (list.length > LIMITS.evidenceItems) {
    throw new InvalidInput('evidence', `at most ${LIMITS.evidenceItems} pieces of evidence`);
  }
  return list.map((item, index) => {
    const field = `evidence[${index}]`;
    if (!isHttpUrl(item.url)) throw new InvalidInput(`${field}.url`, 'evidence needs an http(s) URL');
    if (item.retrievedAt !== null && item.retrievedAt !== undefined && Number.isNaN(Date.parse(item.retrievedAt))) {
      throw new InvalidInput(`${field}.retrievedAt`, 'retrievedAt must be an ISO 8601 instant');
    }
    return {
      url: item.url,
      title: optionalText(`${field}.title`, item.title, LIMITS.evidenceTitle),
      quote: optionalText(`${field}.quote`, item.quote, LIMITS.evidenceQuote),
      retrievedAt: item.retrievedAt ?? null,
    };
  });
}

function isHttpUrl(value: string | undefined): boolean {
  if (typeof value !== 'string') return false;
  return /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value);
}
