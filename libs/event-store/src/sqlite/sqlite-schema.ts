/**
 * Schema of the embedded event store. `seq` is the `$all` order: AUTOINCREMENT never reuses a value
 * and SQLite has one writer at a time, so a smaller seq was always committed no later than a larger one.
 *
 * One index serves a stream's reads and its event-id lookups (ADR 0013, group commit): a commit writes
 * about one page of each stream index per stream it touches, so a second index keyed by stream doubled
 * those writes. Revisions stay unique because an append moves its `streams` row from the revision it
 * checked to the one it wrote, or writes nothing (see SqliteEventStore.advanceHead).
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id  TEXT    NOT NULL,
  revision   INTEGER NOT NULL,
  event_id   TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  data       TEXT    NOT NULL,
  metadata   TEXT    NOT NULL,
  created    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS streams (
  stream_id     TEXT    PRIMARY KEY,
  last_revision INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Files written before the single index (ADR 0013) declared `UNIQUE (stream_id, revision)` and
 * `UNIQUE (stream_id, event_id)` on `events`. Those constraints cannot be dropped without rewriting the
 * table (minutes for a large file), so such a file keeps them, which serve the same reads and lookups,
 * and gets no third index; a new file gets the one index.
 */
export function migrateEventsIndexes(db: { prepare(sql: string): { all(): unknown[]; run(): unknown } }): void {
  const indexes = db.prepare('PRAGMA index_list(events)').all() as { origin: string }[];
  if (indexes.some((index) => index.origin === 'u')) return;
  db.prepare('CREATE INDEX IF NOT EXISTS events_stream ON events (stream_id, revision, event_id)').run();
}

/**
 * Columns added to `streams` after the first release, so appends and reads learn a stream's metadata and
 * deletion from the row they already fetch. `last_revision` is -1 for a stream with metadata but no events;
 * `truncate_before` at SOFT_DELETED_TRUNCATE_BEFORE marks a soft delete; `meta_revision` is that of `$$<stream>`.
 */
const STREAM_COLUMNS: readonly (readonly [name: string, definition: string])[] = [
  ['tombstoned', 'INTEGER NOT NULL DEFAULT 0'],
  ['truncate_before', 'INTEGER'],
  ['max_count', 'INTEGER'],
  ['max_age', 'INTEGER'],
  ['meta_revision', 'INTEGER NOT NULL DEFAULT -1'],
];

/** Brings a file created by an earlier version up to date; a no-op on a current one. */
export function migrateStreamsTable(db: { prepare(sql: string): { all(): unknown[]; run(): unknown } }): void {
  const present = new Set((db.prepare('PRAGMA table_info(streams)').all() as { name: string }[]).map((c) => c.name));
  for (const [name, definition] of STREAM_COLUMNS) {
    if (!present.has(name)) db.prepare(`ALTER TABLE streams ADD COLUMN ${name} ${definition}`).run();
  }
}

export interface StreamRow {
  last_revision: number;
  tombstoned: number;
  truncate_before: number | null;
  max_count: number | null;
  max_age: number | null;
  meta_revision: number;
}

/**
 * The read-time rules of stream metadata, for a query joining `events` to `streams AS s`, with `@now`
 * in milliseconds. A soft delete needs no rule of its own: its truncate_before is past every revision.
 * `+events.revision` keeps these bounds out of the index: left as index terms, SQLite chose the
 * truncation bound (usually 0) as the range of a stream read, which then walked the stream from its
 * first event (a 10,000-event stream's last event took 720 µs to read instead of 30).
 */
export const VISIBLE = `s.tombstoned = 0
  AND +events.revision >= COALESCE(s.truncate_before, 0)
  AND (s.max_count IS NULL OR +events.revision > s.last_revision - s.max_count)
  AND (s.max_age IS NULL OR events.created >= @now - s.max_age * 1000)`;

/** Columns every read selects, in the shape `toRecordedEvent` expects. */
export const EVENT_COLUMNS = 'seq, stream_id, revision, event_id, type, data, metadata, created';

export interface EventRow {
  seq: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  created: number;
}
