import Database from 'better-sqlite3';
import type { Position } from '../event-store.port';
import type { SerializedRecordedEvent } from '../serialized-events';
import { EVENT_COLUMNS, type EventRow, VISIBLE } from './sqlite-schema';

/** A page of `$all`, its events still JSON text. */
export interface AllPage {
  readonly events: SerializedRecordedEvent[];
  /** The seq up to which the table has been examined, visible events or not. */
  readonly scannedTo: number;
  /** True when nothing committed is left to examine. */
  readonly atHead: boolean;
}

export interface AllPageQuery {
  /** Exclusive seq to read after. */
  readonly after: number;
  /** Inclusive seq to read up to; the head when absent. */
  readonly upTo?: number;
  readonly limit: number;
  /** JSON arrays, null meaning "no filter". */
  readonly prefixes?: string | null;
  readonly types?: string | null;
}

/** How many seqs a page examines at most: a filter that matches little still returns in bounded time. */
export const SCAN_WINDOW = 10_000;

/**
 * `$all` as the embedded store's file holds it: events in commit order, with the stream metadata's
 * read rules applied (truncation, max count and age, deletes). The store reads through one on its
 * own connection; another thread reads through one on a read-only connection of its own
 * (`openEventsFileReader`), and sees what the store's readers see.
 */
export class SqliteAllReader {
  private readonly page: Database.Statement<
    [{ after: number; upto: number; prefixes: string | null; types: string | null; limit: number; now: number }],
    EventRow
  >;
  private readonly head: Database.Statement<[], { seq: number | null }>;

  constructor(private readonly db: Database.Database) {
    // One statement for every filter shape: the lists arrive as JSON arrays, NULL meaning "no filter".
    this.page = db.prepare(
      `SELECT ${qualified(EVENT_COLUMNS)} FROM events JOIN streams AS s ON s.stream_id = events.stream_id
       WHERE seq > @after AND seq <= @upto
         AND (@prefixes IS NULL OR EXISTS (
               SELECT 1 FROM json_each(@prefixes) AS p
               WHERE substr(events.stream_id, 1, length(p.value)) = p.value))
         AND (@types IS NULL OR events.type IN (SELECT value FROM json_each(@types)))
         AND ${VISIBLE}
       ORDER BY seq ASC LIMIT +@limit`,
    );
    this.head = db.prepare('SELECT MAX(seq) AS seq FROM events');
  }

  /** The seq of the last event committed, 0 for an empty store. */
  headSeq(): number {
    return this.head.get()?.seq ?? 0;
  }

  /** Up to `limit` visible events after `after` (a negative limit: no limit), unparsed. */
  read(query: AllPageQuery): SerializedRecordedEvent[] {
    return this.page
      .all({
        after: query.after,
        upto: query.upTo ?? Number.MAX_SAFE_INTEGER,
        prefixes: query.prefixes ?? null,
        types: query.types ?? null,
        limit: query.limit,
        now: Date.now(),
      })
      .map(toSerializedEvent);
  }

  /**
   * The next page after `after`, examining at most `window` seqs: a page of invisible or filtered-out
   * events still moves the reader on (`scannedTo`) instead of reading them again.
   */
  nextPage(query: AllPageQuery & { readonly window: number }): AllPage {
    const head = this.headSeq();
    const upTo = Math.min(head, query.after + query.window);
    const events = this.read({ ...query, upTo });
    const full = events.length === query.limit;
    return {
      events,
      scannedTo: full ? seqOf(events[events.length - 1].position) : upTo,
      atHead: !full && upTo >= head,
    };
  }

  /** Closes the reader's connection: for a reader of its own (`openEventsFileReader`), never the store's. */
  close(): void {
    this.db.close();
  }
}

/**
 * A reader of `$all` on a read-only connection of its own to an embedded store's file, for a thread
 * that follows the store while the store writes (the read-model worker, ADR 0019). It never writes,
 * so it never checkpoints; the store's last connection to close still does.
 */
export function openEventsFileReader(file: string): SqliteAllReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  // The store or its checkpointer may hold a lock for a moment; wait rather than fail.
  db.pragma('busy_timeout = 5000');
  return new SqliteAllReader(db);
}

export function seqOf(position: Position | 'start'): number {
  return position === 'start' ? 0 : Number(position.commit);
}

export function positionOf(seq: number): Position {
  const value = BigInt(seq);
  return { commit: value, prepare: value };
}

export function toSerializedEvent(row: EventRow): SerializedRecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: positionOf(row.seq),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    created: row.created,
  };
}

/** Prefixes the event columns with their table, for queries that join `streams`. */
export function qualified(columns: string): string {
  return columns
    .split(',')
    .map((column) => `events.${column.trim()}`)
    .join(', ');
}
