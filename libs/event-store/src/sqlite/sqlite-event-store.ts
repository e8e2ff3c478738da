import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
} from '../event-store.errors';
import type {
  AllFilter,
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import { EVENT_COLUMNS, type EventRow, SQLITE_SCHEMA } from './sqlite-schema';
import { SqliteSubscription, type SubscriptionBatch } from './sqlite-subscription';

export interface SqliteEventStoreOptions {
  /** Path of the SQLite file; its folder is created if missing. */
  file: string;
  /** FULL (default) fsyncs every commit, so an acknowledged event survives a power cut. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Largest serialized append, in bytes (ids, types, data and metadata). */
  maxAppendSize?: number;
  /** How often idle subscriptions look for writes made by another process on the same file. */
  pollIntervalMs?: number;
  /** Events a subscription holds in memory at most. */
  subscriptionBatchSize?: number;
}

const DEFAULT_MAX_APPEND_SIZE = 4 * 1024 * 1024;
const DEFAULT_POLL_INTERVAL_MS = 500;
const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 256;
/** Seqs a subscription examines per query, so a rarely-matching filter never scans the whole table at once. */
const SCAN_WINDOW = 10_000;
const NO_LIMIT = -1;
const ORIGIN: Position = { commit: 0n, prepare: 0n };

interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type AppendOutcome =
  | { readonly ok: true; readonly result: AppendResult; readonly wrote: boolean }
  | { readonly ok: false; readonly error: unknown };

interface FilterParams {
  readonly prefixes: string | null;
  readonly types: string | null;
}

/**
 * The embedded event store: one SQLite file in WAL mode. Appends made while a commit is pending share
 * one transaction (group commit), each checked on its own under a SAVEPOINT, so one fsync acknowledges many.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly maxAppendSize: number;
  private readonly pollIntervalMs: number;
  private readonly subscriptionBatchSize: number;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private queue: PendingAppend[] = [];
  private commits = 0;
  private committedAppends = 0;
  private flushScheduled = false;
  private closing: Promise<void> | null = null;

  private readonly stmt: {
    readonly streamRevision: Database.Statement<[string], { last_revision: number }>;
    readonly eventById: Database.Statement<[string, string], { revision: number; seq: number }>;
    readonly seqAtRevision: Database.Statement<[string, number], { seq: number }>;
    readonly insertEvent: Database.Statement<[string, number, string, string, string, string, number]>;
    readonly upsertStream: Database.Statement<[string, number]>;
    readonly readForwards: Database.Statement<[string, number, number], EventRow>;
    readonly readBackwards: Database.Statement<[string, number, number], EventRow>;
    readonly readAll: Database.Statement<
      [{ after: number; upto: number; prefixes: string | null; types: string | null; limit: number }],
      EventRow
    >;
    readonly headSeq: Database.Statement<[], { seq: number | null }>;
  };

  private readonly commitBatch: Database.Transaction<
    (batch: readonly PendingAppend[], created: number) => AppendOutcome[]
  >;
  private readonly appendOne: Database.Transaction<
    (append: PendingAppend, created: number) => { result: AppendResult; wrote: boolean }
  >;

  constructor(options: SqliteEventStoreOptions) {
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.subscriptionBatchSize = options.subscriptionBatchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;

    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    // Another process may hold the write lock for a moment; wait rather than fail.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SQLITE_SCHEMA);

    this.stmt = {
      streamRevision: this.db.prepare('SELECT last_revision FROM streams WHERE stream_id = ?'),
      eventById: this.db.prepare('SELECT revision, seq FROM events WHERE stream_id = ? AND event_id = ?'),
      seqAtRevision: this.db.prepare('SELECT seq FROM events WHERE stream_id = ? AND revision = ?'),
      insertEvent: this.db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertStream: this.db.prepare(
        'INSERT INTO streams (stream_id, last_revision) VALUES (?, ?) ' +
          'ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision',
      ),
      readForwards: this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      ),
      readBackwards: this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      // One statement for every filter shape: the lists arrive as JSON arrays, NULL meaning "no filter".
      readAll: this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE seq > @after AND seq <= @upto
           AND (@prefixes IS NULL OR EXISTS (
                 SELECT 1 FROM json_each(@prefixes) AS p
                 WHERE substr(events.stream_id, 1, length(p.value)) = p.value))
           AND (@types IS NULL OR events.type IN (SELECT value FROM json_each(@types)))
         ORDER BY seq ASC LIMIT @limit`,
      ),
      headSeq: this.db.prepare('SELECT MAX(seq) AS seq FROM events'),
    };

    this.appendOne = this.db.transaction((append: PendingAppend, created: number) =>
      this.writeAppend(append, created),
    );
    this.commitBatch = this.db.transaction((batch: readonly PendingAppend[], created: number) =>
      batch.map((append): AppendOutcome => {
        try {
          // Nested transaction = SAVEPOINT: a failing append rolls back alone.
          return { ok: true, ...this.appendOne(append, created) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  async appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    assertExpectedRevision(expected);
    const serialized = this.serialize(events);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: serialized, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate rather than a microtask: appends from several promise chains of this turn join the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.stmt.streamRevision.get(streamId);
    if (!stream) throw new StreamNotFoundError(streamId);
    const limit = options.maxCount ?? NO_LIMIT;
    const from = options.fromRevision;
    const rows =
      options.direction === 'backwards'
        ? this.stmt.readBackwards.all(
            streamId,
            from === undefined || from === 'end' ? stream.last_revision : from === 'start' ? 0 : from,
            limit,
          )
        : this.stmt.readForwards.all(
            streamId,
            from === undefined || from === 'start' ? 0 : from === 'end' ? stream.last_revision + 1 : from,
            limit,
          );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const rows = this.stmt.readAll.all({
      after: seqOf(options.fromPosition ?? 'start'),
      upto: Number.MAX_SAFE_INTEGER,
      ...filterParams(options.filter),
      limit: options.maxCount ?? NO_LIMIT,
    });
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const from = options.fromPosition ?? 'start';
    const filter = filterParams(options.filter);
    const subscription = new SqliteSubscription(options, {
      startAfter: from === 'end' ? this.headSeq() : seqOf(from),
      batchSize: this.subscriptionBatchSize,
      pollIntervalMs: this.pollIntervalMs,
      readBatch: (afterSeq, limit) => this.readBatch(afterSeq, filter, limit),
      onStopped: (stopped) => this.subscriptions.delete(stopped),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    const seq = this.headSeq();
    return seq === 0 ? null : positionOf(seq);
  }

  /** Counts since open: how many transactions carried how many appends (group commit at work). */
  get stats(): { readonly commits: number; readonly appends: number } {
    return { commits: this.commits, appends: this.committedAppends };
  }

  /** The connection's durability settings, as SQLite reports them. */
  storageSettings(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' } {
    this.assertOpen();
    const journalMode = String(this.db.pragma('journal_mode', { simple: true }));
    const levels = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
    const synchronous = levels[Number(this.db.pragma('synchronous', { simple: true }))];
    return { journalMode, synchronous };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Appends already handed to us were promised a commit.
      this.flush();
      await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
      this.db.close();
    })();
    return this.closing;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;

    let outcomes: AppendOutcome[];
    try {
      // IMMEDIATE takes the write lock up front, so a writer in another process cannot make us fail mid-way.
      outcomes = this.commitBatch.immediate(batch, Date.now());
    } catch (error) {
      const failure = new EventStoreUnavailableError(`Commit failed: ${errorMessage(error)}`, error);
      for (const append of batch) append.reject(failure);
      return;
    }

    this.commits += 1;
    this.committedAppends += batch.length;
    let wrote = false;
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) {
        wrote ||= outcome.wrote;
        batch[index].resolve(outcome.result);
      } else {
        batch[index].reject(outcome.error);
      }
    });
    if (wrote) for (const subscription of this.subscriptions) subscription.notify();
  }

  /** Runs inside the batch transaction: the idempotency check, the expected-revision check, then the writes. */
  private writeAppend(append: PendingAppend, created: number): { result: AppendResult; wrote: boolean } {
    const { streamId, events, expected } = append;
    const last = this.stmt.streamRevision.get(streamId)?.last_revision ?? -1;
    const actual = last === -1 ? 'no_stream' : last;

    const existing = events.map((event) => this.stmt.eventById.get(streamId, event.id));
    const found = existing.filter((row) => row !== undefined);
    if (found.length > 0) {
      if (found.length === events.length && isRepeatOf(found, expected)) {
        const lastFound = found[found.length - 1];
        const position = positionOf(lastFound.seq);
        return { result: { nextExpectedRevision: lastFound.revision, position }, wrote: false };
      }
      throw new ConcurrencyError(streamId, expected, actual);
    }

    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && last === -1) ||
      (expected === 'stream_exists' && last !== -1) ||
      expected === last;
    if (!matches) throw new ConcurrencyError(streamId, expected, actual);

    if (events.length === 0) {
      const seq = last === -1 ? undefined : this.stmt.seqAtRevision.get(streamId, last)?.seq;
      const position = seq === undefined ? ORIGIN : positionOf(seq);
      return { result: { nextExpectedRevision: last, position }, wrote: false };
    }

    let revision = last;
    let seq = 0;
    for (const event of events) {
      revision += 1;
      const { id, type, data, metadata } = event;
      const info = this.stmt.insertEvent.run(streamId, revision, id, type, data, metadata, created);
      seq = Number(info.lastInsertRowid);
    }
    this.stmt.upsertStream.run(streamId, revision);
    return { result: { nextExpectedRevision: revision, position: positionOf(seq) }, wrote: true };
  }

  private readBatch(afterSeq: number, filter: FilterParams, limit: number): SubscriptionBatch {
    const head = this.headSeq();
    const upto = Math.min(head, afterSeq + SCAN_WINDOW);
    const events = this.stmt.readAll.all({ after: afterSeq, upto, ...filter, limit }).map(toRecordedEvent);
    const full = events.length === limit;
    return {
      events,
      scannedTo: full ? Number(events[events.length - 1].position.commit) : upto,
      atHead: !full && upto >= head,
    };
  }

  private headSeq(): number {
    return this.stmt.headSeq.get()?.seq ?? 0;
  }

  /** Serializes up front: it copies the caller's objects and measures the append before it is queued. */
  private serialize(events: readonly EventData[]): SerializedEvent[] {
    const ids = new Set<string>();
    let size = 0;
    const serialized = events.map((event): SerializedEvent => {
      if (typeof event.id !== 'string' || event.id === '') throw new TypeError('Every event needs a string id');
      if (typeof event.type !== 'string' || event.type === '') throw new TypeError('Every event needs a string type');
      if (ids.has(event.id)) throw new TypeError(`Event id ${event.id} appears twice in one append`);
      ids.add(event.id);
      const data = JSON.stringify(event.data) ?? 'null';
      const metadata = JSON.stringify(event.metadata ?? {});
      size += Buffer.byteLength(event.id) + Buffer.byteLength(event.type);
      size += Buffer.byteLength(data) + Buffer.byteLength(metadata);
      return { id: event.id, type: event.type, data, metadata };
    });
    if (size > this.maxAppendSize) throw new MaxAppendSizeExceededError(this.maxAppendSize, size);
    return serialized;
  }

  private assertOpen(): void {
    if (this.closing) throw new EventStoreUnavailableError('The event store is closed');
  }
}

/** EventStoreDB's idempotency: the ids sit, in order, exactly where the expected revision puts them. */
function isRepeatOf(found: readonly { revision: number }[], expected: ExpectedRevision): boolean {
  const first = found[0].revision;
  if (!found.every((row, index) => row.revision === first + index)) return false;
  if (expected === 'any' || expected === 'stream_exists') return true;
  if (expected === 'no_stream') return first === 0;
  return first === expected + 1;
}

function assertExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new TypeError(`Invalid expected revision ${String(expected)}`);
  }
}

function filterParams(filter: AllFilter | undefined): FilterParams {
  // An empty list filters nothing out, like an absent one.
  const prefixes = filter?.streamNamePrefixes?.length ? JSON.stringify(filter.streamNamePrefixes) : null;
  const types = filter?.eventTypes?.length ? JSON.stringify(filter.eventTypes) : null;
  return { prefixes, types };
}

function seqOf(position: Position | 'start'): number {
  return position === 'start' ? 0 : Number(position.commit);
}

function positionOf(seq: number): Position {
  const value = BigInt(seq);
  return { commit: value, prepare: value };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: positionOf(row.seq),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
    created: new Date(row.created),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
