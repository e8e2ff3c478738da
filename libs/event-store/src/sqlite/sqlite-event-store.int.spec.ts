import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError, EventStoreUnavailableError, StreamDeletedError, StreamNotFoundError } from '../event-store.errors';
import type { EventData, RecordedEvent } from '../event-store.port';
import { parseRecordedEvent } from '../serialized-events';
import { eventStoreContract } from '../testing';
import { openEventsFileReader } from './sqlite-all-reader';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

/** A store on its own temporary folder, removed with it. */
function openTemporaryStore(options: Omit<SqliteEventStoreOptions, 'file'> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'galley-event-store-'));
  const file = join(folder, 'events.sqlite');
  const store = new SqliteEventStore({ ...options, file });
  return {
    store,
    file,
    async cleanup(): Promise<void> {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

eventStoreContract('SqliteEventStore', async () => openTemporaryStore());

describe('SqliteEventStore', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function open(options: Omit<SqliteEventStoreOptions, 'file'> = {}) {
    const opened = openTemporaryStore(options);
    cleanups.push(opened.cleanup);
    return opened;
  }

  const event = (data: unknown = {}): EventData => ({ id: randomUUID(), type: 'ArticleEdited', data });
  const newStream = (): string => `article-${randomUUID()}`;

  it('keeps committed events across close and reopen, and positions keep growing', async () => {
    const { store, file } = open();
    const streamId = newStream();
    const first = await store.appendToStream(streamId, [event({ n: 1 }), event({ n: 2 })]);
    await store.close();

    const reopened = new SqliteEventStore({ file });
    cleanups.push(() => reopened.close());
    const read = await reopened.readStream(streamId);
    const next = await reopened.appendToStream(streamId, [event({ n: 3 })], { expectedRevision: 1 });

    expect(read.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(next.position.commit).toBeGreaterThan(first.position.commit);
    expect(await reopened.headPosition()).toEqual(next.position);
  });

  it('opens a file written before streams carried metadata, and can then delete its streams', async () => {
    const { store, file } = open();
    await store.close();
    const streamId = newStream();
    const old = new Database(file);
    old.exec('DROP TABLE streams; CREATE TABLE streams (stream_id TEXT PRIMARY KEY, last_revision INTEGER NOT NULL) WITHOUT ROWID;');
    old.prepare(
      "INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) VALUES (?, 0, ?, 'ArticleEdited', '{}', '{}', 0)",
    ).run(streamId, randomUUID());
    old.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, 0)').run(streamId);
    old.close();

    const reopened = new SqliteEventStore({ file });
    cleanups.push(() => reopened.close());
    expect(await reopened.readStream(streamId)).toHaveLength(1);
    await reopened.deleteStream(streamId, { expectedRevision: 0 });
    await expect(reopened.readStream(streamId)).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(await reopened.getStreamMetadata(streamId)).toMatchObject({ metastreamRevision: 0 });
  });

  it('runs in WAL mode with synchronous=FULL by default', () => {
    const { store } = open();

    expect(store.storageSettings()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
  });

  it('accepts synchronous=NORMAL', () => {
    const { store } = open({ synchronous: 'NORMAL' });

    expect(store.storageSettings()).toEqual({ journalMode: 'wal', synchronous: 'NORMAL' });
  });

  it('commits 200 concurrent appends in one transaction; a failing one fails alone', async () => {
    const { store } = open();
    const existing = newStream();
    await store.appendToStream(existing, [event()]);
    const before = store.stats;
    const streams = Array.from({ length: 200 }, () => newStream());

    const outcomes = await Promise.allSettled([
      ...streams.map((streamId) => store.appendToStream(streamId, [event(), event()], { expectedRevision: 'no_stream' })),
      store.appendToStream(existing, [event()], { expectedRevision: 'no_stream' }),
    ]);

    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).toHaveLength(1);
    const error = (failed[0] as PromiseRejectedResult).reason as ConcurrencyError;
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error.streamId).toBe(existing);
    expect(error.actual).toBe(0);
    expect(outcomes.slice(0, 200).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(store.stats).toEqual({ commits: before.commits + 1, appends: before.appends + 201 });
    for (const streamId of streams) {
      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1]);
    }
    expect(await store.readStream(existing)).toHaveLength(1);
  });

  it('commits two appends to one stream in one batch, each at the revision the other left', async () => {
    const { store } = open();
    const streamId = newStream();
    const before = store.stats;

    const [first, second] = await Promise.all([
      store.appendToStream(streamId, [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(streamId, [event()], { expectedRevision: 0 }),
    ]);

    expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0, 1]);
    expect(store.stats.commits).toBe(before.commits + 1);
  });

  it('in one batch, an append whose ids are already in the stream fails alone and writes nothing', async () => {
    const { store } = open();
    const streamId = newStream();
    const known = event();
    await store.appendToStream(streamId, [known], { expectedRevision: 'no_stream' });
    const other = newStream();

    const [overlap, partial, fine] = await Promise.allSettled([
      store.appendToStream(streamId, [event(), known], { expectedRevision: 'any' }),
      store.appendToStream(streamId, [known, event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(other, [event(), event()], { expectedRevision: 'no_stream' }),
    ]);

    for (const outcome of [overlap, partial]) {
      const error = (outcome as PromiseRejectedResult).reason as ConcurrencyError;
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error.actual).toBe(0);
    }
    expect(fine).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1 } });
    expect((await store.readStream(streamId)).map((e) => e.id)).toEqual([known.id]);
    expect(await store.appendToStream(streamId, [event()], { expectedRevision: 0 })).toMatchObject({ nextExpectedRevision: 1 });
  });

  it("writes an append at the stream's exact head without looking its ids up, as EventStoreDB does; its retry is still recognised", async () => {
    const { store } = open();
    const streamId = newStream();
    const known = event();
    await store.appendToStream(streamId, [known], { expectedRevision: 'no_stream' });

    const again = await store.appendToStream(streamId, [known], { expectedRevision: 0 });
    const retry = await store.appendToStream(streamId, [known], { expectedRevision: 0 });

    expect(again.nextExpectedRevision).toBe(1);
    expect(retry).toEqual(again);
    expect((await store.readStream(streamId)).map((e) => e.id)).toEqual([known.id, known.id]);
  });

  it('keeps one index on events, by stream, revision and event id', () => {
    const { file } = open();
    const db = new Database(file, { readonly: true });
    cleanups.push(async () => void db.close());

    const indexes = db.prepare('PRAGMA index_list(events)').all() as { name: string; unique: number }[];
    const columns = db.prepare('PRAGMA index_info(events_stream)').all() as { name: string }[];

    expect(indexes.map(({ name, unique }) => ({ name, unique }))).toEqual([{ name: 'events_stream', unique: 0 }]);
    expect(columns.map((c) => c.name)).toEqual(['stream_id', 'revision', 'event_id']);
  });

  it('works on a file whose events table still carries the unique revision and event-id constraints', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galley-event-store-'));
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    const file = join(folder, 'events.sqlite');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec(`
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL,
        type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, created INTEGER NOT NULL,
        UNIQUE (stream_id, revision), UNIQUE (stream_id, event_id));
      CREATE TABLE streams (stream_id TEXT PRIMARY KEY, last_revision INTEGER NOT NULL) WITHOUT ROWID;`);
    const streamId = newStream();
    const fresh = newStream();
    const known = event();
    old.prepare("INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) VALUES (?, 0, ?, 'ArticleEdited', '{}', '{}', 0)").run(streamId, known.id);
    old.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, 0)').run(streamId);
    old.close();

    const store = new SqliteEventStore({ file });
    cleanups.push(() => store.close());
    const [single, several] = await Promise.allSettled([
      store.appendToStream(streamId, [known], { expectedRevision: 0 }),
      store.appendToStream(streamId, [event(), known], { expectedRevision: 0 }),
    ]);
    const repeat = await store.appendToStream(streamId, [known], { expectedRevision: 'no_stream' });
    const next = await store.appendToStream(streamId, [event()], { expectedRevision: 0 });
    const created = await store.appendToStream(fresh, [known], { expectedRevision: 'no_stream' });
    const inspect = new Database(file, { readonly: true });
    const indexes = (inspect.prepare('PRAGMA index_list(events)').all() as { origin: string }[]).map((i) => i.origin);
    inspect.close();

    for (const outcome of [single, several]) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ expected: 0, actual: 0 });
    }
    expect(repeat.nextExpectedRevision).toBe(0);
    expect(next.nextExpectedRevision).toBe(1);
    expect(created.nextExpectedRevision).toBe(0);
    expect(await store.containsEvent(streamId, known.id)).toBe(true);
    expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1]);
    expect(indexes.sort()).toEqual(['u', 'u']);
  });

  it('a batch that fails to commit leaves every stream at the revision it had', async () => {
    const { store, file } = open();
    const streamId = newStream();
    await store.appendToStream(streamId, [event()], { expectedRevision: 'no_stream' });
    const other = new Database(file);
    other.exec("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
    other.close();

    const outcomes = await Promise.allSettled([
      store.appendToStream(streamId, [event()], { expectedRevision: 0 }),
      store.appendToStream(newStream(), [{ id: randomUUID(), type: 'Poison', data: {} }]),
    ]);

    expect(outcomes.map((o) => (o as PromiseRejectedResult).reason)).toEqual([
      expect.any(EventStoreUnavailableError),
      expect.any(EventStoreUnavailableError),
    ]);
    expect(await store.readStream(streamId)).toHaveLength(1);
    expect(await store.appendToStream(streamId, [event()], { expectedRevision: 0 })).toMatchObject({ nextExpectedRevision: 1 });
  });

  it('checks expected revisions against appends another connection made to the same file', async () => {
    const { store, file } = open();
    const other = new SqliteEventStore({ file });
    cleanups.push(() => other.close());
    const streamId = newStream();
    await store.appendToStream(streamId, [event()], { expectedRevision: 'no_stream' });
    await other.appendToStream(streamId, [event()], { expectedRevision: 0 });

    const error = await store.appendToStream(streamId, [event()], { expectedRevision: 0 }).catch((e: unknown) => e);
    const next = await store.appendToStream(streamId, [event()], { expectedRevision: 1 });
    await other.deleteStream(streamId, { expectedRevision: 2 });
    const afterDelete = await store.appendToStream(streamId, [event()], { expectedRevision: 'stream_exists' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ expected: 0, actual: 1 });
    expect(next.nextExpectedRevision).toBe(2);
    expect(afterDelete).toBeInstanceOf(StreamDeletedError);
  });

  it('extends the WAL file ahead of its commits, and a copy of the files taken while open recovers every acknowledged event', async () => {
    const { store, file } = open();
    const streamId = newStream();
    const written = [event({ n: 1 }), event({ n: 2 }), event({ n: 3 })];
    for (const [index, e] of written.entries()) {
      await store.appendToStream(streamId, [e], { expectedRevision: index === 0 ? 'no_stream' : index - 1 });
    }
    const folder = mkdtempSync(join(tmpdir(), 'galley-event-store-'));
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    const copy = join(folder, 'events.sqlite');
    // What a power cut leaves: the database and its WAL, zeros after the last frame, no shared-memory index.
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);

    const recovered = new SqliteEventStore({ file: copy });
    cleanups.push(() => recovered.close());

    expect(statSync(`${file}-wal`).size).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect((await recovered.readStream(streamId)).map((e) => e.id)).toEqual(written.map((e) => e.id));
    expect(await recovered.appendToStream(streamId, [event()], { expectedRevision: 2 })).toMatchObject({ nextExpectedRevision: 3 });
    expect(await recovered.readStream(streamId)).toHaveLength(4);
  });

  it('stamps events with the commit time', async () => {
    const { store } = open();
    const streamId = newStream();
    const before = Date.now();
    await store.appendToStream(streamId, [event(), event()]);
    const after = Date.now();

    const [first, second] = await store.readStream(streamId);

    expect(first.created.getTime()).toBeGreaterThanOrEqual(before);
    expect(first.created.getTime()).toBeLessThanOrEqual(after);
    expect(second.created).toEqual(first.created);
  });

  it('commits appends already queued when closed, then refuses new ones', async () => {
    const { store } = open();
    const streamId = newStream();
    const pending = store.appendToStream(streamId, [event()]);

    await store.close();

    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0 });
    await expect(store.appendToStream(streamId, [event()])).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readStream(streamId)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('close stops subscriptions', async () => {
    const { store } = open();
    let caughtUp!: () => void;
    const live = new Promise<void>((resolve) => (caughtUp = resolve));
    store.subscribeToAll({ onEvent: () => undefined, onCaughtUp: () => caughtUp() });
    await live;

    await expect(store.close()).resolves.toBeUndefined();
  });

  it('catching up on many pages, lets the event loop turn between them', async () => {
    const { store } = open({ subscriptionBatchSize: 10 });
    await store.appendToStream(newStream(), Array.from({ length: 50 }, (_, n) => event({ n })));
    const seen: ('event' | 'turn')[] = [];
    let caughtUp = false;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    // A task that asks for the loop's every turn, as a timer or a request would.
    const turn = (): void => {
      seen.push('turn');
      if (!caughtUp) setImmediate(turn);
    };
    setImmediate(turn);
    const subscription = store.subscribeToAll({
      onEvent: () => void seen.push('event'),
      onCaughtUp: () => {
        caughtUp = true;
        done();
      },
    });
    await finished;
    await subscription.unsubscribe();

    expect(seen.filter((entry) => entry === 'event')).toHaveLength(50);
    const during = seen.slice(seen.indexOf('event'), seen.lastIndexOf('event'));
    // Five pages: a turn between each page and the next.
    expect(during.filter((entry) => entry === 'turn').length).toBeGreaterThanOrEqual(4);
  });

  it('delivers to a subscriber events written by another connection to the same file', async () => {
    const { store, file } = open({ pollIntervalMs: 20 });
    const other = new SqliteEventStore({ file });
    cleanups.push(() => other.close());
    const streamId = newStream();
    const received: RecordedEvent[] = [];
    let caughtUp!: () => void;
    const live = new Promise<void>((resolve) => (caughtUp = resolve));
    let arrived!: () => void;
    const delivered = new Promise<void>((resolve) => (arrived = resolve));
    const subscription = store.subscribeToAll({
      fromPosition: 'end',
      filter: { streamNamePrefixes: [streamId] },
      onEvent: (e) => {
        received.push(e);
        arrived();
      },
      onCaughtUp: () => caughtUp(),
    });
    await live;

    const written = event();
    await other.appendToStream(streamId, [written]);
    await delivered;
    await subscription.unsubscribe();

    expect(received.map((e) => e.id)).toEqual([written.id]);
  });

  it('signals each commit that wrote events once, before its appends are answered; a refused append signals nothing', async () => {
    const { store, file } = open();
    expect(store.eventsFile).toBe(file);
    let answered = 0;
    const signals: number[] = [];
    const detach = store.onCommitted(() => signals.push(answered));
    const streamId = newStream();
    // Three appends of one turn: one group commit.
    await Promise.all([streamId, newStream(), newStream()].map((id) => store.appendToStream(id, [event()]).then(() => answered++)));
    expect(signals).toEqual([0]);

    await expect(store.appendToStream(streamId, [event()], { expectedRevision: 5 })).rejects.toThrow(ConcurrencyError);
    expect(signals).toEqual([0]);
    detach();
    await store.appendToStream(streamId, [event()]);
    expect(signals).toEqual([0]);
  });

  it("reads $all from the file on a read-only connection of its own as readAll does, the streams' metadata applied, paging past what is hidden", async () => {
    const { store, file } = open();
    const [kept, truncated, deleted] = [newStream(), newStream(), newStream()];
    await store.appendToStream(kept, [event({ n: 1 }), event({ n: 2 })]);
    await store.appendToStream(truncated, [event({ n: 3 }), event({ n: 4 }), event({ n: 5 })]);
    await store.appendToStream(deleted, [event({ n: 6 })]);
    await store.setStreamMetadata(truncated, { truncateBefore: 2 });
    await store.deleteStream(deleted);
    const reader = openEventsFileReader(file);
    cleanups.push(async () => reader.close());

    const read = reader.read({ after: 0, limit: -1 }).map(parseRecordedEvent);
    expect(read).toEqual(await store.readAll());
    expect(read.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 5 }]);
    // Seqs 3 and 4 (the truncated revisions) are examined and skipped; a short window stops before the head.
    expect(reader.nextPage({ after: 2, limit: 10, window: 2 })).toEqual({ events: [], scannedTo: 4, atHead: false });
    const last = reader.nextPage({ after: 4, limit: 10, window: 10 });
    expect(last.events.map((e) => e.data)).toEqual(['{"n":5}']);
    expect(last).toMatchObject({ scannedTo: 6, atHead: true });
  });

  it('lets onEvent unsubscribe its own subscription without deadlock', async () => {
    const { store } = open();
    const streamId = newStream();
    await store.appendToStream(streamId, [event(), event(), event()]);
    const seen: number[] = [];
    let done!: () => void;
    const unsubscribed = new Promise<void>((resolve) => (done = resolve));
    const subscription = store.subscribeToAll({
      filter: { streamNamePrefixes: [streamId] },
      onEvent: async (e) => {
        seen.push(e.revision);
        if (e.revision === 1) {
          await subscription.unsubscribe();
          done();
        }
      },
    });

    await unsubscribed;
    await subscription.unsubscribe();

    expect(seen).toEqual([0, 1]);
  });

  it('finds a rare filtered event past many thousands of others, then reports caught up', async () => {
    const { store } = open();
    const streamId = newStream();
    const noise = Array.from({ length: 25_000 }, () => ({ id: randomUUID(), type: 'Noise', data: null }));
    const rare = { id: randomUUID(), type: 'Rare', data: null };
    await store.appendToStream(streamId, [...noise, rare]);
    const received: string[] = [];
    let caughtUp!: () => void;
    const live = new Promise<void>((resolve) => (caughtUp = resolve));

    const subscription = store.subscribeToAll({
      filter: { eventTypes: ['Rare'] },
      onEvent: (e) => void received.push(e.id),
      onCaughtUp: () => caughtUp(),
    });
    await live;
    await subscription.unsubscribe();

    expect(received).toEqual([rare.id]);
  });
});
