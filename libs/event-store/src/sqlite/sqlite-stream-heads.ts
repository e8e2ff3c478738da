import type { StreamRow } from './sqlite-schema';

/** Streams whose head is remembered at most; the oldest are forgotten first. */
const DEFAULT_CAPACITY = 50_000;

/**
 * The `streams` rows an append checks its expected revision against, kept in memory so an append to a
 * known stream costs no lookup. Exact by construction: a transaction reads and writes through `staged`,
 * which joins `committed` only once the transaction has committed and is dropped when it rolls back;
 * a write that bypasses the appends (delete, tombstone, metadata) forgets its stream; and a commit made by
 * another connection to the same file (PRAGMA data_version moved) forgets everything.
 */
export class SqliteStreamHeads {
  private readonly committed = new Map<string, StreamRow | null>();
  private readonly staged = new Map<string, StreamRow | null>();

  constructor(
    private readonly read: (streamId: string) => StreamRow | undefined,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The stream's row as this transaction sees it (undefined: no row). */
  get(streamId: string): StreamRow | undefined {
    const staged = this.staged.get(streamId);
    if (staged !== undefined) return staged ?? undefined;
    const committed = this.committed.get(streamId);
    if (committed !== undefined) return committed ?? undefined;
    const row = this.read(streamId) ?? null;
    this.staged.set(streamId, row);
    return row ?? undefined;
  }

  /** The row this transaction wrote. */
  stage(streamId: string, row: StreamRow): void {
    this.staged.set(streamId, row);
  }

  /** The next `get` reads the row again (inside a transaction: as that transaction sees it). */
  forget(streamId: string): void {
    this.staged.delete(streamId);
    this.committed.delete(streamId);
  }

  /** The transaction committed: what it saw and wrote is now true for everyone. */
  commit(): void {
    for (const [streamId, row] of this.staged) {
      // Re-inserted at the end, so the least recently written streams are forgotten first.
      this.committed.delete(streamId);
      this.committed.set(streamId, row);
    }
    this.staged.clear();
    for (const streamId of this.committed.keys()) {
      if (this.committed.size <= this.capacity) break;
      this.committed.delete(streamId);
    }
  }

  /** The transaction rolled back: only what was committed before stays. */
  rollback(): void {
    this.staged.clear();
  }

  clear(): void {
    this.staged.clear();
    this.committed.clear();
  }

  get size(): number {
    return this.committed.size;
  }
}
