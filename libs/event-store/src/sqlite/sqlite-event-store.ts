import Database from 'better-sqlite3';
import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ConcurrencyError,
  EventStoreError,
  EventStoreUnavailableError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
} from '../event-store.errors';
import {
  metastreamOf,
  SOFT_DELETED_TRUNCATE_BEFORE,
  type AllFilter,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SetStreamMetadataResult,
  type StreamMetadata,
  type StreamMetadataResult,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../event-store.port';
import {
  parseRecordedEvent,
  type FollowableEventsFile,
  type ReadAllSerializedOptions,
  type SerializedReads,
  type SerializedRecordedEvent,
} from '../serialized-events';
import { validStreamMetadata } from '../stream-metadata';
import {
  EVENT_COLUMNS,
  type EventRow,
  migrateEventsIndexes,
  migrateStreamsTable,
  SQLITE_SCHEMA,
  type StreamRow,
  VISIBLE,
} from './sqlite-schema';
import { positionOf, qualified, SCAN_WINDOW, seqOf, SqliteAllReader, toSerializedEvent } from './sqlite-all-reader';
import { SqliteStreamHeads } from './sqlite-stream-heads';
import { SqliteSubscription, type SubscriptionBatch } from './sqlite-subscription';
import { WalCheckpointer } from './sqlite-wal-checkpointer';

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
  /**
   * Where the WAL is copied back into the database file: on a thread of its own (default), or, as
   * SQLite does by itself, inside the commit that crosses the threshold.
   */
  checkpoints?: 'thread' | 'commit';
}

const DEFAULT_MAX_APPEND_SIZE = 4 * 1024 * 1024;
const DEFAULT_POLL_INTERVAL_MS = 500;
const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 256;
/** EventStoreDB's default: a checkpoint every 32 events examined. */
const DEFAULT_CHECKPOINT_INTERVAL = 32;
const NO_LIMIT = -1;
/** About 40 MB of WAL: where commits checkpoint, or past which the checkpointer thread restarts the WAL (ADR 0013). */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/** The checkpointer thread's shortest time between two checkpoints (ADR 0013). */
const CHECKPOINT_INTERVAL_MS = 250;
/** How far ahead of SQLite's writes the WAL file is extended at a time (ADR 0013). */
const WAL_GROWTH_BYTES = 4 * 1024 * 1024;
const ZEROS = Buffer.alloc(1024 * 1024);
const ORIGIN: Position = { commit: 0n, prepare: 0n };
/** A `streams` row as the schema's defaults make it, before its first event. */
const NEW_STREAM: StreamRow = { last_revision: -1, tombstoned: 0, truncate_before: null, max_count: null, max_age: null, meta_revision: -1 };

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

type StreamCommand =
  | { readonly kind: 'delete' | 'tombstone'; readonly expected: ExpectedRevision }
  | { readonly kind: 'metadata'; readonly expected: ExpectedRevision; readonly metadata: StreamMetadata };

interface FilterParams {
  readonly prefixes: string | null;
  readonly types: string | null;
}

/**
 * The embedded event store: one SQLite file in WAL mode. Appends made while a commit is pending share
 * one transaction (group commit), so one fsync acknowledges many; each append succeeds or fails on its own
 * (ADR 0013: expected revisions checked against stream heads kept in memory and made safe by a
 * compare-and-set on the stream's row, event ids looked up only where a repeat can hide, one index by
 * stream, a SAVEPOINT only around appends of several events).
 */
export class SqliteEventStore implements EventStore, SerializedReads, FollowableEventsFile {
  readonly eventsFile: string;
  private readonly db: Database.Database;
  private readonly maxAppendSize: number;
  private readonly pollIntervalMs: number;
  private readonly subscriptionBatchSize: number;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly commitListeners = new Set<() => void>();
  private queue: PendingAppend[] = [];
  private commits = 0;
  private committedAppends = 0;
  private flushScheduled = false;
  private closing: Promise<void> | null = null;
  private readonly heads: SqliteStreamHeads;
  private readonly walFile: string;
  /** The WAL file's size once it wraps: it is extended up to there ahead of the commits. */
  private walTarget: number;
  private walFd: number | null = null;
  /** PRAGMA data_version when this connection last wrote: it moves when another connection commits. */
  private dataVersion = -1;
  /** Null when the commits checkpoint, as SQLite does by itself. */
  private checkpointer: WalCheckpointer | null = null;

  private readonly stmt: {
    readonly streamState: Database.Statement<[string], StreamRow>;
    readonly eventById: Database.Statement<[string, string], { revision: number; seq: number; created: number }>;
    readonly eventAtRevision: Database.Statement<[string, number], { seq: number; event_id: string }>;
    readonly insertEvent: Database.Statement<[string, number, string, string, string, string, number]>;
    readonly createHead: Database.Statement<[string, number]>;
    readonly advanceHead: Database.Statement<[number, string, number]>;
    readonly restoreHead: Database.Statement<[number, string]>;
    readonly removeHead: Database.Statement<[string]>;
    readonly recreateStream: Database.Statement<[number, string]>;
    readonly softDeleteStream: Database.Statement<[string, number]>;
    readonly tombstoneStream: Database.Statement<[string]>;
    readonly writeMetadata: Database.Statement<
      [{ stream: string; maxCount: number | null; maxAge: number | null; truncateBefore: number | null }]
    >;
    readonly readForwards: Database.Statement<[string, number, number, number], EventRow>;
    readonly readBackwards: Database.Statement<[string, number, number, number, number], EventRow>;
    readonly readStreamAfter: Database.Statement<[{ stream: string; after: number; limit: number; now: number }], EventRow>;
    readonly dataVersion: Database.Statement<[], number>;
  };

  private readonly commitBatch: Database.Transaction<
    (batch: readonly PendingAppend[], created: number) => AppendOutcome[]
  >;
  private readonly appendInSavepoint: Database.Transaction<
    (append: PendingAppend, created: number) => { result: AppendResult; wrote: boolean }
  >;
  private readonly streamCommand: Database.Transaction<(streamId: string, command: StreamCommand) => number>;
  private readonly all: SqliteAllReader;

  constructor(options: SqliteEventStoreOptions) {
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.subscriptionBatchSize = options.subscriptionBatchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;

    this.eventsFile = options.file;
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    // Another process may hold the write lock for a moment; wait rather than fail.
    this.db.pragma('busy_timeout = 5000');
    if (options.checkpoints === 'commit') {
      this.checkpointOnCommit();
    } else {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer({
        file: options.file,
        intervalMs: CHECKPOINT_INTERVAL_MS,
        restartFrames: WAL_AUTOCHECKPOINT_PAGES,
        onFailure: (error) => {
          // The store goes on as SQLite would on its own, and says so once.
          this.checkpointer = null;
          if (!this.closing) this.checkpointOnCommit();
          process.emitWarning(`${error.message}; the event store checkpoints its WAL on commit from now on`, 'GalleyWarning');
        },
      });
    }
    this.walFile = `${options.file}-wal`;
    const pageSize = Number(this.db.pragma('page_size', { simple: true }));
    this.walTarget = 32 + WAL_AUTOCHECKPOINT_PAGES * (pageSize + 24);
    // A burst can grow the WAL past that before it starts over; it then shrinks back to it.
    this.db.pragma(`journal_size_limit = ${this.walTarget}`);
    this.db.exec(SQLITE_SCHEMA);
    migrateEventsIndexes(this.db);
    migrateStreamsTable(this.db);

    this.stmt = {
      // Everything an append or a read needs to know about a stream, in the one lookup it always made.
      streamState: this.db.prepare(
        'SELECT last_revision, tombstoned, truncate_before, max_count, max_age, meta_revision FROM streams WHERE stream_id = ?',
      ),
      eventById: this.db.prepare('SELECT revision, seq, created FROM events WHERE stream_id = ? AND event_id = ?'),
      eventAtRevision: this.db.prepare('SELECT seq, event_id FROM events WHERE stream_id = ? AND revision = ?'),
      insertEvent: this.db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      // An append's compare-and-set on its stream head: what keeps revisions unique (see advanceHead).
      createHead: this.db.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, ?) ON CONFLICT (stream_id) DO NOTHING'),
      advanceHead: this.db.prepare('UPDATE streams SET last_revision = ? WHERE stream_id = ? AND last_revision = ?'),
      restoreHead: this.db.prepare('UPDATE streams SET last_revision = ? WHERE stream_id = ?'),
      removeHead: this.db.prepare('DELETE FROM streams WHERE stream_id = ?'),
      // EventStoreDB recreates a soft-deleted stream on its next append by truncating before the new events.
      recreateStream: this.db.prepare(
        'UPDATE streams SET truncate_before = ?, meta_revision = meta_revision + 1 WHERE stream_id = ?',
      ),
      softDeleteStream: this.db.prepare(
        'INSERT INTO streams (stream_id, last_revision, truncate_before, meta_revision) VALUES (?, -1, ?, 0) ' +
          'ON CONFLICT (stream_id) DO UPDATE SET truncate_before = excluded.truncate_before, ' +
          'meta_revision = meta_revision + 1',
      ),
      tombstoneStream: this.db.prepare(
        'INSERT INTO streams (stream_id, last_revision, tombstoned) VALUES (?, -1, 1) ' +
          'ON CONFLICT (stream_id) DO UPDATE SET tombstoned = 1',
      ),
      writeMetadata: this.db.prepare(
        `INSERT INTO streams (stream_id, last_revision, max_count, max_age, truncate_before, meta_revision)
         VALUES (@stream, -1, @maxCount, @maxAge, @truncateBefore, 0)
         ON CONFLICT (stream_id) DO UPDATE SET max_count = @maxCount, max_age = @maxAge,
           truncate_before = @truncateBefore, meta_revision = meta_revision + 1`,
      ),
      // Stream reads get the metadata's lowest visible revision and oldest visible time from the caller.
      readForwards: this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND created >= ?
         ORDER BY revision ASC LIMIT +?`,
      ),
      readBackwards: this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? AND created >= ?
         ORDER BY revision DESC LIMIT +?`,
      ),
      readStreamAfter: this.db.prepare(
        `SELECT ${qualified(EVENT_COLUMNS)} FROM events JOIN streams AS s ON s.stream_id = events.stream_id
         WHERE events.stream_id = @stream AND events.revision > @after AND ${VISIBLE}
         ORDER BY events.revision ASC LIMIT +@limit`,
      ),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.all = new SqliteAllReader(this.db);
    this.heads = new SqliteStreamHeads((streamId) => this.stmt.streamState.get(streamId));

    // Nested in the batch's transaction, this is a SAVEPOINT: a failing append rolls back alone.
    this.appendInSavepoint = this.db.transaction((append: PendingAppend, created: number) =>
      this.writeAppend(append, created),
    );
    this.streamCommand = this.db.transaction((streamId: string, command: StreamCommand) =>
      this.writeStreamCommand(streamId, command),
    );
    this.commitBatch = this.db.transaction((batch: readonly PendingAppend[], created: number) => {
      this.forgetHeadsIfAnotherConnectionWrote();
      this.extendWal();
      return batch.map((append) => this.tryAppend(append, created));
    });
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
    const limit = options.maxCount ?? NO_LIMIT;
    const from = options.fromRevision;
    // A forward read that finds events takes one statement, the stream's metadata applied in SQL: each
    // statement outside a transaction takes and releases the file's locks. Finding nothing, the stream's
    // row says why (absent, deleted, or nothing visible there).
    if (options.direction !== 'backwards' && from !== 'end') {
      const after = typeof from === 'number' ? from - 1 : -1;
      const rows = this.stmt.readStreamAfter.all({ stream: streamId, after, limit, now: Date.now() });
      if (rows.length > 0) return rows.map(toRecordedEvent);
    }
    const stream = this.stmt.streamState.get(streamId);
    if (stream?.tombstoned) throw new StreamDeletedError(streamId);
    if (!stream || stream.last_revision < 0 || isSoftDeleted(stream)) throw new StreamNotFoundError(streamId);
    const last = stream.last_revision;
    const { lowest, since } = visibleRange(stream, Date.now());
    const rows =
      options.direction === 'backwards'
        ? this.stmt.readBackwards.all(
            streamId,
            from === undefined || from === 'end' ? last : from === 'start' ? 0 : from,
            lowest,
            since,
            limit,
          )
        : this.stmt.readForwards.all(
            streamId,
            Math.max(lowest, from === undefined || from === 'start' ? 0 : from === 'end' ? last + 1 : from),
            since,
            limit,
          );
    return rows.map(toRecordedEvent);
  }

  async containsEvent(streamId: string, eventId: string): Promise<boolean> {
    this.assertOpen();
    const stream = this.stmt.streamState.get(streamId);
    if (stream?.tombstoned) throw new StreamDeletedError(streamId);
    if (!stream || stream.last_revision < 0 || isSoftDeleted(stream)) return false;
    const found = this.stmt.eventById.get(streamId, eventId);
    if (!found) return false;
    const { lowest, since } = visibleRange(stream, Date.now());
    return found.revision >= lowest && found.created >= since;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events = this.all.read({
      after: seqOf(options.fromPosition ?? 'start'),
      ...filterParams(options.filter),
      limit: options.maxCount ?? NO_LIMIT,
    });
    return events.map(parseRecordedEvent);
  }

  /** `readAll` without the parsing, bounded above: the read-model rebuild's catch-up, parsed in its worker. */
  async readAllSerialized(options: ReadAllSerializedOptions): Promise<SerializedRecordedEvent[]> {
    this.assertOpen();
    return this.all.read({ after: options.after === null ? 0 : seqOf(options.after), upTo: seqOf(options.upTo), limit: options.maxCount });
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const from = options.fromPosition ?? 'start';
    const filter = filterParams(options.filter);
    const { onCheckpoint } = options;
    const interval = Math.max(1, options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL);
    // With checkpoints wanted, a rarely-matching filter must still report progress every interval seqs.
    const window = onCheckpoint ? Math.min(SCAN_WINDOW, interval) : SCAN_WINDOW;
    const subscription = new SqliteSubscription(options, {
      startAfter: from === 'end' ? this.headSeq() : seqOf(from),
      batchSize: this.subscriptionBatchSize,
      pollIntervalMs: this.pollIntervalMs,
      readBatch: (afterSeq, limit) => this.readBatch(afterSeq, filter, limit, window),
      cursorOf: (event) => Number(event.position.commit),
      ...(onCheckpoint ? { checkpoint: { interval, report: (seq: number) => onCheckpoint(positionOf(seq)) } } : {}),
      onStopped: (stopped) => this.subscriptions.delete(stopped),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  subscribeToStream(streamId: string, options: SubscribeToStreamOptions): Subscription {
    this.assertOpen();
    const from = options.fromRevision ?? 'start';
    const subscription = new SqliteSubscription(options, {
      startAfter: from === 'start' ? -1 : from === 'end' ? (this.stmt.streamState.get(streamId)?.last_revision ?? -1) : from,
      batchSize: this.subscriptionBatchSize,
      pollIntervalMs: this.pollIntervalMs,
      readBatch: (afterRevision, limit) => this.readStreamBatch(streamId, afterRevision, limit),
      cursorOf: (event) => event.revision,
      onStopped: (stopped) => this.subscriptions.delete(stopped),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    this.runStreamCommand(streamId, { kind: 'delete', expected: options.expectedRevision ?? 'any' });
  }

  async tombstoneStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    this.runStreamCommand(streamId, { kind: 'tombstone', expected: options.expectedRevision ?? 'any' });
    // A subscriber to the stream learns of it from its next read.
    for (const subscription of this.subscriptions) subscription.notify();
  }

  async setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<SetStreamMetadataResult> {
    const valid = validStreamMetadata(metadata);
    const expected = options.expectedRevision ?? 'any';
    const nextExpectedRevision = this.runStreamCommand(streamId, { kind: 'metadata', expected, metadata: valid });
    return { nextExpectedRevision };
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    this.assertOpen();
    const stream = this.stmt.streamState.get(streamId);
    if (stream?.tombstoned) throw new StreamDeletedError(streamId);
    if (!stream || stream.meta_revision < 0) return { metadata: {}, metastreamRevision: 'no_stream' };
    const metadata: StreamMetadata = {
      ...(stream.max_count === null ? {} : { maxCount: stream.max_count }),
      ...(stream.max_age === null ? {} : { maxAge: stream.max_age }),
      ...(stream.truncate_before === null ? {} : { truncateBefore: stream.truncate_before }),
    };
    return { metadata, metastreamRevision: stream.meta_revision };
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

  /** Resolves once what was committed so far is copied into the database file by the checkpointer thread. */
  async checkpointed(): Promise<void> {
    await this.checkpointer?.idle();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Appends already handed to us were promised a commit.
      this.flush();
      await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
      await this.checkpointer?.close();
      // The last connection to close checkpoints what is left and removes the WAL.
      this.db.close();
      // Closed only now: closing a descriptor drops the process's POSIX locks on that file.
      if (this.walFd !== null) closeSync(this.walFd);
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
      this.heads.commit();
    } catch (error) {
      this.heads.rollback();
      const failure = new EventStoreUnavailableError(`Commit failed: ${errorMessage(error)}`, error);
      for (const append of batch) append.reject(failure);
      return;
    }

    this.commits += 1;
    this.committedAppends += batch.length;
    // Told first: a follower in another thread starts reading while this one answers the appends.
    if (outcomes.some((outcome) => outcome.ok && outcome.wrote)) {
      for (const listener of this.commitListeners) listener();
      this.checkpointer?.committed();
      for (const subscription of this.subscriptions) subscription.notify();
    }
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) batch[index].resolve(outcome.result);
      else batch[index].reject(outcome.error);
    });
  }

  /** Calls `listener` after every commit that wrote events, before the appends are answered; returns the detach. */
  onCommitted(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /**
   * SQLite's own checkpoints, every 10,000 pages rather than 1,000: a group commit of many streams
   * rewrites one index page per stream, and a rarer checkpoint copies each such page once per many
   * commits instead of after nearly each.
   */
  private checkpointOnCommit(): void {
    this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  }

  /** Deletes and metadata writes go after the appends already queued, in a transaction of their own. */
  private runStreamCommand(streamId: string, command: StreamCommand): number {
    this.assertOpen();
    assertExpectedRevision(command.expected);
    this.flush();
    try {
      const revision = this.streamCommand.immediate(streamId, command);
      this.checkpointer?.committed();
      return revision;
    } catch (error) {
      // Rolled back or not, the next append reads this stream's row again.
      this.heads.forget(streamId);
      if (sqliteCode(error)) throw new EventStoreUnavailableError(`Commit failed: ${errorMessage(error)}`, error);
      throw error;
    }
  }

  /** Returns the metadata stream's revision after the command. */
  private writeStreamCommand(streamId: string, command: StreamCommand): number {
    this.heads.forget(streamId);
    const stream = this.stmt.streamState.get(streamId);
    if (stream?.tombstoned) throw new StreamDeletedError(streamId);
    const metaRevision = stream?.meta_revision ?? -1;
    switch (command.kind) {
      case 'delete':
        checkExpectedRevision(streamId, command.expected, stream);
        this.stmt.softDeleteStream.run(streamId, SOFT_DELETED_TRUNCATE_BEFORE);
        return metaRevision + 1;
      case 'tombstone':
        checkExpectedRevision(streamId, command.expected, stream);
        this.stmt.tombstoneStream.run(streamId);
        return metaRevision;
      case 'metadata': {
        const { expected, metadata } = command;
        const actual = metaRevision < 0 ? 'no_stream' : metaRevision;
        if (!revisionMatches(expected, metaRevision)) throw new ConcurrencyError(metastreamOf(streamId), expected, actual);
        let truncateBefore = metadata.truncateBefore ?? null;
        // New metadata on a soft-deleted stream keeps its old events hidden, as EventStoreDB's does.
        if (stream && isSoftDeleted(stream) && stream.last_revision >= 0) {
          truncateBefore = Math.max(truncateBefore ?? 0, stream.last_revision + 1);
        }
        this.stmt.writeMetadata.run({
          stream: streamId,
          maxCount: metadata.maxCount ?? null,
          maxAge: metadata.maxAge ?? null,
          truncateBefore,
        });
        return metaRevision + 1;
      }
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  }

  /**
   * One event is one INSERT, atomic by itself, so its refusal leaves nothing to undo and needs no SAVEPOINT;
   * any other failure (I/O, a full disk) fails the whole batch. An append of several events can fail after
   * writing some of them: it runs in a SAVEPOINT, and whatever it throws is its own.
   */
  private tryAppend(append: PendingAppend, created: number): AppendOutcome {
    if (append.events.length > 1) {
      try {
        return { ok: true, ...this.appendInSavepoint(append, created) };
      } catch (error) {
        return { ok: false, error };
      }
    }
    try {
      return { ok: true, ...this.writeAppend(append, created) };
    } catch (error) {
      if (error instanceof EventStoreError) return { ok: false, error };
      throw error;
    }
  }

  /**
   * Runs inside the batch transaction: the expected-revision check, the stream head moved by compare-and-set,
   * then the events. Event ids are compared with the stream only where a repeat can hide: when the revision
   * refuses (a retry finds its events after the revision it expected) and for 'any' and 'stream_exists',
   * which name no revision. An append at the stream's exact head writes straight away, as EventStoreDB does.
   */
  private writeAppend(append: PendingAppend, created: number, reread = false): { result: AppendResult; wrote: boolean } {
    const { streamId, events, expected } = append;
    const stream = this.heads.get(streamId);
    if (stream?.tombstoned) throw new StreamDeletedError(streamId);
    const last = stream?.last_revision ?? -1;

    const refusal = expectedRevisionRefusal(streamId, expected, stream);
    if (refusal) return this.repeatOrThrow(append, last, refusal);

    if (events.length === 0) {
      const seq = last === -1 ? undefined : this.stmt.eventAtRevision.get(streamId, last)?.seq;
      const position = seq === undefined ? ORIGIN : positionOf(seq);
      return { result: { nextExpectedRevision: last, position }, wrote: false };
    }
    if ((expected === 'any' || expected === 'stream_exists') && last >= 0) {
      const repeat = this.repeatOf(append, last);
      if (repeat) return repeat;
    }

    const revision = last + events.length;
    if (!this.advanceHead(streamId, stream, revision)) {
      // The remembered head was behind the file: never expected (see SqliteStreamHeads), but read the row and decide again.
      if (reread) throw new Error(`The head of stream ${streamId} moved while its batch held the write lock`);
      this.heads.forget(streamId);
      return this.writeAppend(append, created, true);
    }
    let seq = 0;
    for (let index = 0; index < events.length; index++) {
      const { id, type, data, metadata } = events[index];
      try {
        seq = Number(this.stmt.insertEvent.run(streamId, last + 1 + index, id, type, data, metadata, created).lastInsertRowid);
      } catch (error) {
        // A file written before the single stream index refuses an id already in the stream (never a repeat:
        // the revision matched). Several events run in a SAVEPOINT that undoes the head; one event undoes it here.
        if (!isEventIdViolation(error)) throw error;
        if (events.length === 1) {
          if (stream) this.stmt.restoreHead.run(last, streamId);
          else this.stmt.removeHead.run(streamId);
        }
        throw new ConcurrencyError(streamId, expected, last === -1 ? 'no_stream' : last);
      }
    }
    if (stream && isSoftDeleted(stream)) {
      this.stmt.recreateStream.run(last + 1, streamId);
      this.heads.forget(streamId);
    } else {
      this.heads.stage(streamId, { ...(stream ?? NEW_STREAM), last_revision: revision });
    }
    return { result: { nextExpectedRevision: revision, position: positionOf(seq) }, wrote: true };
  }

  /**
   * Moves the stream's row from the head this append checked to the revision it writes, or answers false
   * if the row is not where the check saw it: two appends can never both write one revision.
   */
  private advanceHead(streamId: string, stream: StreamRow | undefined, revision: number): boolean {
    const moved = stream
      ? this.stmt.advanceHead.run(revision, streamId, stream.last_revision)
      : this.stmt.createHead.run(streamId, revision);
    return moved.changes === 1;
  }

  /** EventStoreDB's idempotency: the same ids, already in the stream where the expected revision puts them, answer as the first time. */
  private repeatOrThrow(append: PendingAppend, last: number, refusal: EventStoreError): { result: AppendResult; wrote: false } {
    const repeat = this.repeatOf(append, last);
    if (repeat) return repeat;
    throw refusal;
  }

  /**
   * The first answer again if the append is a repeat, else null. A revision (or 'no_stream') puts the ids
   * at the revisions after it, which are read by revision; 'any' and 'stream_exists' find them wherever they
   * are, and ids found anywhere else than consecutively there make a ConcurrencyError.
   */
  private repeatOf(append: PendingAppend, last: number): { result: AppendResult; wrote: false } | null {
    const { streamId, events, expected } = append;
    const repeated = (row: { revision: number; seq: number }) => ({
      result: { nextExpectedRevision: row.revision, position: positionOf(row.seq) },
      wrote: false as const,
    });
    if (typeof expected === 'number' || expected === 'no_stream') {
      const first = expected === 'no_stream' ? 0 : expected + 1;
      let seq = 0;
      for (let index = 0; index < events.length; index++) {
        const row = this.stmt.eventAtRevision.get(streamId, first + index);
        if (row?.event_id !== events[index].id) return null;
        seq = row.seq;
      }
      return repeated({ revision: first + events.length - 1, seq });
    }
    const found = events.map((event) => this.stmt.eventById.get(streamId, event.id)).filter((row) => row !== undefined);
    if (found.length === 0) return null;
    if (found.length === events.length && isRepeatOf(found)) return repeated(found[found.length - 1]);
    throw new ConcurrencyError(streamId, expected, last === -1 ? 'no_stream' : last);
  }

  /**
   * Runs with the write lock held. A commit that grows the WAL file makes its fsync write the file's new
   * size to the filesystem journal too, an extra flush; SQLite grows it frame by frame until the first
   * checkpoint wraps it, i.e. for the first ~40 MB after every start. Extending the file with zeros ahead
   * of the writes, a few MB at a time, makes those commits overwrite instead. Zeros past the last frame
   * are what SQLite's recovery already stops at (an invalid frame), and nobody else can write the WAL
   * while we hold the lock. An optimisation only: if it fails, the store stops trying.
   */
  private extendWal(): void {
    if (this.walTarget === 0) return;
    try {
      this.walFd ??= openSync(this.walFile, 'r+');
      const size = fstatSync(this.walFd).size;
      const end = Math.min(this.walTarget, size + WAL_GROWTH_BYTES);
      for (let at = size; at < end; at += ZEROS.length) writeSync(this.walFd, ZEROS, 0, Math.min(ZEROS.length, end - at), at);
    } catch {
      this.walTarget = 0;
    }
  }

  /** Another process may append to the same file: its commits make every remembered head suspect. */
  private forgetHeadsIfAnotherConnectionWrote(): void {
    const version = this.stmt.dataVersion.get() ?? -1;
    if (version !== this.dataVersion) {
      this.heads.clear();
      this.dataVersion = version;
    }
  }

  private readBatch(afterSeq: number, filter: FilterParams, limit: number, window: number): SubscriptionBatch {
    const page = this.all.nextPage({ after: afterSeq, ...filter, limit, window });
    return { ...page, events: page.events.map(parseRecordedEvent) };
  }

  private readStreamBatch(streamId: string, afterRevision: number, limit: number): SubscriptionBatch {
    if (this.stmt.streamState.get(streamId)?.tombstoned) throw new StreamDeletedError(streamId);
    const events = this.stmt.readStreamAfter
      .all({ stream: streamId, after: afterRevision, limit, now: Date.now() })
      .map(toRecordedEvent);
    const full = events.length === limit;
    return { events, scannedTo: full ? events[events.length - 1].revision : afterRevision, atHead: !full };
  }

  private headSeq(): number {
    return this.all.headSeq();
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

function isSoftDeleted(stream: StreamRow): boolean {
  return stream.truncate_before !== null && stream.truncate_before >= SOFT_DELETED_TRUNCATE_BEFORE;
}

/** The lowest revision and the oldest commit time (ms) the stream's metadata lets a reader see. */
function visibleRange(stream: StreamRow, now: number): { lowest: number; since: number } {
  const byCount = stream.max_count === null ? 0 : stream.last_revision - stream.max_count + 1;
  return {
    lowest: Math.max(0, stream.truncate_before ?? 0, byCount),
    since: stream.max_age === null ? 0 : now - stream.max_age * 1000,
  };
}

function revisionMatches(expected: ExpectedRevision, last: number): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && last === -1) ||
    (expected === 'stream_exists' && last !== -1) ||
    expected === last
  );
}

/**
 * EventStoreDB's check, deletions included: a soft-deleted stream takes 'any', 'no_stream' or its last
 * revision (and is recreated), refuses 'stream_exists' as deleted; a stream with only metadata exists.
 */
function expectedRevisionRefusal(
  streamId: string,
  expected: ExpectedRevision,
  stream: StreamRow | undefined,
): ConcurrencyError | StreamDeletedError | null {
  const last = stream?.last_revision ?? -1;
  if (stream && isSoftDeleted(stream)) {
    if (expected === 'stream_exists') return new StreamDeletedError(streamId);
    if (expected === 'any' || expected === 'no_stream' || expected === last) return null;
    return new ConcurrencyError(streamId, expected, last === -1 ? 'no_stream' : last);
  }
  if (expected === 'stream_exists' && last === -1 && (stream?.meta_revision ?? -1) >= 0) return null;
  if (!revisionMatches(expected, last)) return new ConcurrencyError(streamId, expected, last === -1 ? 'no_stream' : last);
  return null;
}

function checkExpectedRevision(streamId: string, expected: ExpectedRevision, stream: StreamRow | undefined): void {
  const refusal = expectedRevisionRefusal(streamId, expected, stream);
  if (refusal) throw refusal;
}

/** Whether an INSERT broke an older file's `UNIQUE (stream_id, event_id)`. */
function isEventIdViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && (error as { message: string }).message.includes('events.event_id');
}

/**
 * The SQLite result code of a better-sqlite3 error. Read by shape, not `instanceof`: the native addon
 * keeps the SqliteError class of the first realm that loaded it (Jest gives each test file its own).
 */
function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_') && typeof message === 'string' ? code : null;
}

/** For 'any' and 'stream_exists': the ids sit, in order, one after another. */
function isRepeatOf(found: readonly { revision: number }[]): boolean {
  const first = found[0].revision;
  return found.every((row, index) => row.revision === first + index);
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

function toRecordedEvent(row: EventRow): RecordedEvent {
  return parseRecordedEvent(toSerializedEvent(row));
}

function errorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
