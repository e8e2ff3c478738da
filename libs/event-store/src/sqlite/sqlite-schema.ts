/**
 * Schema of the embedded event store. `seq` is the `$all` order: AUTOINCREMENT never reuses a value
 * and SQLite has one writer at a time, so a smaller seq was always committed no later than a larger one.
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
  created    INTEGER NOT NULL,
  UNIQUE (stream_id, revision),
  UNIQUE (stream_id, event_id)
);

CREATE TABLE IF NOT EXISTS streams (
  stream_id     TEXT    PRIMARY KEY,
  last_revision INTEGER NOT NULL
) WITHOUT ROWID;
`;

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
