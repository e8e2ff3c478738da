import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';

/**
 * A read model kept from `$all`. `apply` runs inside the runner's transaction, together with the
 * checkpoint, so an event is applied exactly once; it must also tolerate a replay of an event it
 * has already seen (the article projection skips revisions it has applied).
 */
export interface Projection {
  readonly name: string;
  /** Creates or migrates the projection's tables. */
  migrate(db: Database.Database): void;
  handles(event: RecordedEvent): boolean;
  apply(db: Database.Database, event: RecordedEvent): void;
}
