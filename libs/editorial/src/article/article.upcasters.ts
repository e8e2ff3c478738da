import type { ArticleEvent, ArticleEventType } from './article.events';

/**
 * The schema version each event type is written with now. Stored events carry the version they
 * were written with (metadata.schemaVersion, 1 when absent); upcasters bring older shapes up to
 * date on read, so the decider and the projections only ever see the current shape.
 */
export const ARTICLE_EVENT_SCHEMA_VERSIONS: Readonly<Partial<Record<ArticleEventType, number>>> = {
  ArticleDrafted: 2,
  SummaryGenerated: 2,
  SummaryEdited: 2,
};

export function schemaVersionOf(type: string): number {
  return ARTICLE_EVENT_SCHEMA_VERSIONS[type as ArticleEventType] ?? 1;
}

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Upcasters by event type, each taking version N to N + 1 (index 0: from version 1). */
const UPCASTERS: Readonly<Partial<Record<ArticleEventType, readonly Upcaster[]>>> = {
  // v2 records the article's language; Galley wrote English only before it did.
  ArticleDrafted: [(data) => ({ ...data, language: 'en' })],
  // v2 records figures the summary states that the article does not; v1 summaries were not checked.
  SummaryGenerated: [(data) => ({ ...data, unsupportedFigures: [] })],
  SummaryEdited: [(data) => ({ ...data, unsupportedFigures: [] })],
};

export class UnknownSchemaVersionError extends Error {
  constructor(
    readonly type: string,
    readonly version: number,
  ) {
    super(`${type} version ${version} is newer than this Galley understands (${schemaVersionOf(type)})`);
    this.name = 'UnknownSchemaVersionError';
  }
}

/** A stored article event, in the current shape. */
export function upcastArticleEvent(type: string, data: unknown, storedVersion: number | undefined): ArticleEvent {
  const from = storedVersion ?? 1;
  const current = schemaVersionOf(type);
  if (from > current) throw new UnknownSchemaVersionError(type, from);
  let shaped = data as Record<string, unknown>;
  const steps = UPCASTERS[type as ArticleEventType] ?? [];
  for (let version = from; version < current; version++) shaped = steps[version - 1](shaped);
  return { type, data: shaped } as unknown as ArticleEvent;
}
