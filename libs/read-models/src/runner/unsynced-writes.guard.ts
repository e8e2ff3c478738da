import type Database from 'better-sqlite3';
import { uptime } from 'node:os';

/** When this machine last booted (ms): a file left open since another boot lived through a restart. */
export function bootTime(): number {
  return Date.now() - uptime() * 1000;
}

/** Two readings of the boot time differ by rounding only; a restart moves it by far more. */
const SAME_BOOT_MS = 60_000;

/** The guard's own table: it describes the file, not the read models (a rebuild does not have it). */
export const READ_MODEL_OPENED_TABLE = 'read_model_opened';

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${READ_MODEL_OPENED_TABLE} (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  booted INTEGER NOT NULL,
  clean INTEGER NOT NULL
)`;

/**
 * The projection worker writes the read models without fsync (synchronous=OFF, ADR 0019): their
 * commits and checkpoints never wait for the disk, nor make the event store's fsyncs wait. A process
 * that dies loses nothing (the writes are in the operating system's cache); a power loss or an
 * operating-system crash while the file is open can leave it torn. So the file says, durably, that
 * it is open, and that it was closed cleanly; a file found open since an earlier boot is not trusted:
 * its read models are rebuilt from the events (the process checkpoints are kept, as at a version
 * change).
 */
export class UnsyncedWritesGuard {
  constructor(
    private readonly db: Database.Database,
    private readonly booted: number = bootTime(),
  ) {
    db.exec(SCHEMA);
  }

  /** Whether the file was left open by a machine that has restarted since. */
  lostWritesPossible(): boolean {
    const row = this.db.prepare(`SELECT booted, clean FROM ${READ_MODEL_OPENED_TABLE} WHERE id = 1`).get() as { booted: number; clean: number } | undefined;
    return row !== undefined && row.clean === 0 && Math.abs(row.booted - this.booted) > SAME_BOOT_MS;
  }

  /** Marks the file open, on disk, before any unsynced write. */
  markOpen(): void {
    this.durably(`INSERT INTO ${READ_MODEL_OPENED_TABLE} (id, booted, clean) VALUES (1, ${Math.round(this.booted)}, 0)
      ON CONFLICT(id) DO UPDATE SET booted = excluded.booted, clean = 0`);
  }

  /** Marks the file closed cleanly: call once the writer has synced its last batch. */
  markClosed(): void {
    this.durably(`UPDATE ${READ_MODEL_OPENED_TABLE} SET clean = 1 WHERE id = 1`);
  }

  private durably(sql: string): void {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = FULL');
    try {
      // Created again: a version change may have emptied the file since the constructor ran.
      this.db.exec(SCHEMA);
      this.db.exec(sql);
    } finally {
      this.db.pragma(`synchronous = ${level}`);
    }
  }
}
