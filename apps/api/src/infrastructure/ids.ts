import { createHash } from 'node:crypto';

/** Galley's namespace for name-based (v5) UUIDs. */
const GALLEY_NAMESPACE = '5b0c9c52-3c1e-4c43-9b4e-6f3d2a9e8f10';

/** A UUID v5 (RFC 9562): the same name always gives the same id, so retries write nothing new. */
export function uuidV5(name: string, namespace: string = GALLEY_NAMESPACE): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** draftArticle derives the article's id from its command id (DESIGN §5). */
export function articleIdFor(commandId: string): string {
  return uuidV5(`article:${commandId}`);
}

export function eventIdFor(commandId: string, index: number): string {
  return uuidV5(`${commandId}:${index}`);
}

export const ARTICLE_STREAM = 'article-';

export function articleStream(articleId: string): string {
  return `${ARTICLE_STREAM}${articleId}`;
}
