import { createHash } from 'node:crypto';

/** The hash a summary keeps of the body it was made from: a mismatch makes it stale. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const WORDS_PER_MINUTE = 230;

export function readingTimeMinutes(markdown: string): number {
  const words = markdown.replace(/[#>*_`[\]()!-]/g, ' ').match(/\S+/g)?.length ?? 0;
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

const MAX_SLUG_LENGTH = 80;

/** A URL slug from a title: lower-case ASCII words joined by hyphens. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'article';
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
