import { comparePositions, type Position, type RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { CheckpointStore } from './checkpoint-store';
import type { Projection } from './projection';

/**
 * Where a projection runner's batches are written: the read-model file and the projections that
 * keep it, in this thread (`LocalProjectionTarget`) or in a worker thread (`WorkerProjectionTarget`).
 * A batch is applied with its checkpoint in one transaction, or not at all.
 */
export interface ProjectionTarget {
  /** The position the read models were last committed at, when the target was opened. */
  readonly checkpoint: Position | null;
  /**
   * Applies the batch and its checkpoint in one transaction, and answers when (ms) it committed.
   * Rejects (or throws) having written nothing, also when the read models are not at `after` (the
   * last event of the batch the runner sent before): a batch never applies past a failed one.
   */
  apply(events: readonly RecordedEvent[], after: Position | null): number | Promise<number>;
  /** Creates the indexes only reads need (idempotent). */
  createIndexes(): void | Promise<void>;
}

/**
 * The projections of one read-model file, applied in this thread. At open it creates their tables,
 * and, when the file already holds read models, the indexes reads need.
 */
export class LocalProjectionTarget implements ProjectionTarget {
  readonly checkpoint: Position | null;
  /** The last event committed. */
  private at: Position | null;
  private readonly transaction: Database.Transaction<(events: readonly RecordedEvent[]) => void>;

  constructor(
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    name: string,
  ) {
    const checkpoints = new CheckpointStore(db);
    for (const projection of projections) projection.migrate(db);
    this.checkpoint = checkpoints.read(name);
    this.at = this.checkpoint;
    if (this.checkpoint !== null) this.createIndexes();
    this.transaction = db.transaction((events: readonly RecordedEvent[]) => {
      for (const event of events) {
        for (const projection of projections) if (projection.handles(event)) projection.apply(db, event);
      }
      for (const projection of projections) projection.flush?.(db);
      checkpoints.write(name, events[events.length - 1].position);
    });
  }

  /** The last event committed to the read models. */
  get position(): Position | null {
    return this.at;
  }

  apply(events: readonly RecordedEvent[], after: Position | null): number {
    if (!samePosition(after, this.at)) {
      throw new Error(`A batch meant to follow ${describe(after)} reached read models at ${describe(this.at)}: not applied`);
    }
    try {
      // The write lock is taken at BEGIN: this thread's other connection writes to the file too (the
      // processes' checkpoints), and a deferred transaction that had read before such a write could no
      // longer write at all (SQLITE_BUSY at once, no wait): the batch would fail and the runner pause.
      this.transaction.immediate(events);
    } catch (error) {
      for (const projection of this.projections) projection.discarded?.();
      throw error;
    }
    const appliedAt = Date.now();
    this.at = events[events.length - 1].position;
    for (const projection of this.projections) projection.committed?.();
    return appliedAt;
  }

  createIndexes(): void {
    this.db.transaction(() => this.projections.forEach((projection) => projection.createIndexes?.(this.db)))();
  }
}

function samePosition(a: Position | null, b: Position | null): boolean {
  return a === null || b === null ? a === b : comparePositions(a, b) === 0;
}

function describe(position: Position | null): string {
  return position === null ? 'the start' : `${position.commit}/${position.prepare}`;
}
