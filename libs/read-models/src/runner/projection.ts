import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';

/**
 * A read model kept from `$all`. `apply` runs inside the runner's transaction, together with the
 * checkpoint, so an event is applied exactly once; it must also tolerate a replay of an event it
 * has already seen (the article projections skip revisions they have applied).
 *
 * A projection may keep what a batch changes in memory and write it in `flush`, which the runner
 * calls once per batch, inside the same transaction, after the batch's last `apply`. `committed`
 * follows a successful commit, `discarded` a failed batch (its writes rolled back): memory must
 * then forget what the batch did.
 */
export interface Projection {
  readonly name: string;
  /** Creates or migrates the projection's tables, with the indexes its own writes need. */
  migrate(db: Database.Database): void;
  /**
   * Creates the indexes only reads need (idempotent). The runner creates them after catching up
   * into an empty file, since building an index once is far cheaper than keeping it through every
   * insert of a rebuild; and at once when the file already holds read models.
   */
  createIndexes?(db: Database.Database): void;
  handles(event: RecordedEvent): boolean;
  apply(db: Database.Database, event: RecordedEvent): void;
  flush?(db: Database.Database): void;
  committed?(): void;
  discarded?(): void;
}

/** Applies events to projections as one batch would, without a runner or a checkpoint (tests, tools). */
export function applyBatch(db: Database.Database, projections: readonly Projection[], events: readonly RecordedEvent[]): void {
  for (const projection of projections) projection.createIndexes?.(db);
  try {
    db.transaction(() => {
      for (const event of events) for (const projection of projections) if (projection.handles(event)) projection.apply(db, event);
      for (const projection of projections) projection.flush?.(db);
    })();
  } catch (error) {
    for (const projection of projections) projection.discarded?.();
    throw error;
  }
  for (const projection of projections) projection.committed?.();
}
