import { SqliteEventStore, type EventData } from '@galley/event-store';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { removeDir, tempDir } from './datasets';
import { boundRow, fmt, log, ratioRow, skippedRow, type Row } from './report';
import { articleLife, benchUuid } from './workload';

const STREAMS = 100;

/** A verdict as the decider writes it: the most frequent event of a newsroom, and a typical size. */
function sampleEvent(): EventData {
  const life = articleLife({ seed: 1, index: 0, until: 'PUBLISHED', claims: 12, words: 900 });
  const events = life.eventData();
  return events.find((e) => e.type === 'VerdictRecorded') ?? events[events.length - 1];
}

/** Runs `step` back to back for `seconds`; answers operations per second. */
async function timed(seconds: number, step: (i: number) => Promise<void> | void): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    for (let k = 0; k < 50; k++) await step(count++);
  }
  return count / ((performance.now() - started) / 1000);
}

/** A store file made by SqliteEventStore itself, so the raw baseline writes exactly the same schema. */
async function storeFile(dir: string, name: string): Promise<string> {
  const file = join(dir, `${name}.sqlite`);
  await new SqliteEventStore({ file }).close();
  return file;
}

/** The physical floor: the same rows (event + stream head) in one transaction per event, better-sqlite3 straight. */
async function rawAppends(dir: string, synchronous: 'FULL' | 'NORMAL', event: EventData, seconds: number): Promise<number> {
  const db = new Database(await storeFile(dir, `raw-${synchronous}`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const head = db.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision');
  const append = db.transaction((stream: string, revision: number, id: string, data: string, metadata: string) => {
    insert.run(stream, revision, id, event.type, data, metadata, Date.now());
    head.run(stream, revision);
  });
  const revisions = new Array<number>(STREAMS).fill(-1);
  const metadata = JSON.stringify(event.metadata);
  const rate = await timed(seconds, (i) => {
    const s = i % STREAMS;
    revisions[s] += 1;
    // Serializing is part of an append: the raw path pays for it too.
    append.immediate(`raw-${s}`, revisions[s], `${i}`, JSON.stringify(event.data), metadata);
  });
  db.close();
  return rate;
}

/** Galley's store, one event per append with the exact expected revision, each awaited before the next. */
async function galleyAppends(dir: string, synchronous: 'FULL' | 'NORMAL', event: EventData, seconds: number): Promise<number> {
  const store = new SqliteEventStore({ file: join(dir, `galley-${synchronous}.sqlite`), synchronous });
  const revisions = new Array<number>(STREAMS).fill(-1);
  const rate = await timed(seconds, async (i) => {
    const s = i % STREAMS;
    const expectedRevision = revisions[s] < 0 ? 'no_stream' : revisions[s];
    const result = await store.appendToStream(`article-${s}`, [{ ...event, id: benchUuid(`a:${synchronous}:${i}`) }], { expectedRevision });
    revisions[s] = result.nextExpectedRevision;
  });
  await store.close();
  return rate;
}

interface EmmettStore {
  appendToStream(stream: string, events: { type: string; data: unknown }[], options: { expectedStreamVersion: bigint | 'STREAM_DOES_NOT_EXIST' }): Promise<{ nextExpectedStreamVersion: bigint }>;
  close?(): Promise<void>;
}

/** Emmett's SQLite event store with its defaults, the same loop. */
async function emmettAppends(dir: string, event: EventData, seconds: number): Promise<number | string> {
  let getSQLiteEventStore: (options: { fileName: string }) => EmmettStore;
  try {
    // Loaded only here: an optional peer, measured when it installs.
    ({ getSQLiteEventStore } = require('@event-driven-io/emmett-sqlite') as { getSQLiteEventStore: typeof getSQLiteEventStore });
  } catch (error) {
    return `@event-driven-io/emmett-sqlite could not be loaded: ${(error as Error).message.split('\n')[0]}`;
  }
  const store = getSQLiteEventStore({ fileName: join(dir, 'emmett.sqlite') });
  const versions = new Array<bigint>(STREAMS).fill(0n);
  let failures = 0;
  let firstFailure = '';
  const rate = await timed(seconds, async (i) => {
    const s = i % STREAMS;
    const expectedStreamVersion = versions[s] === 0n ? 'STREAM_DOES_NOT_EXIST' : versions[s];
    try {
      const result = await store.appendToStream(`article-${s}`, [{ type: event.type, data: event.data }], { expectedStreamVersion });
      versions[s] = result.nextExpectedStreamVersion;
    } catch (error) {
      // Emmett 0.38.5 opens a connection per call and now and then reports SQLITE_BUSY on its own commit.
      failures++;
      firstFailure ||= (error as Error).message;
    }
  });
  await store.close?.();
  if (failures > 0) log(`Emmett: ${failures} appends failed (${firstFailure}); they are counted as attempts`);
  return rate;
}

/** Raw better-sqlite3 with 100 events per transaction: the ceiling group commit can approach. */
async function rawBatched(dir: string, event: EventData, seconds: number): Promise<number> {
  const db = new Database(await storeFile(dir, 'raw-batched'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const head = db.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision');
  const metadata = JSON.stringify(event.metadata);
  let n = 0;
  const batch = db.transaction(() => {
    for (let k = 0; k < 100; k++, n++) {
      insert.run(`raw-${n}`, 0, `${n}`, event.type, JSON.stringify(event.data), metadata, Date.now());
      head.run(`raw-${n}`, 0);
    }
  });
  const rate = await timed(seconds, () => batch.immediate());
  db.close();
  return rate * 100;
}

/**
 * Raw better-sqlite3 writing what the concurrent benchmark writes: one event to each of 512 streams per
 * transaction. Every transaction then touches one index page per stream, which 100 new streams do not.
 */
async function rawManyStreams(dir: string, event: EventData, seconds: number, streams: number): Promise<number> {
  const db = new Database(await storeFile(dir, 'raw-streams'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const head = db.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision');
  const metadata = JSON.stringify(event.metadata);
  let revision = -1;
  const batch = db.transaction(() => {
    revision += 1;
    for (let c = 0; c < streams; c++) {
      insert.run(`article-c${c}`, revision, benchUuid(`r:${c}:${revision}`), event.type, JSON.stringify(event.data), metadata, Date.now());
      head.run(`article-c${c}`, revision);
    }
  });
  const rate = await timed(seconds, () => batch.immediate());
  db.close();
  return rate * streams;
}

/** Many commands at once, each appending one event at its exact revision: what group commit is for. */
async function concurrentAppends(dir: string, event: EventData, seconds: number, commands: number): Promise<{ rate: number; perCommit: number }> {
  const store = new SqliteEventStore({ file: join(dir, 'galley-concurrent.sqlite') });
  const before = store.stats;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  const command = async (c: number) => {
    let revision: number | 'no_stream' = 'no_stream';
    for (let i = 0; performance.now() < deadline; i++) {
      const result = await store.appendToStream(`article-c${c}`, [{ ...event, id: benchUuid(`c:${c}:${i}`) }], { expectedRevision: revision });
      revision = result.nextExpectedRevision;
      count++;
    }
  };
  await Promise.all(Array.from({ length: commands }, (_, c) => command(c)));
  const elapsed = (performance.now() - started) / 1000;
  const after = store.stats;
  await store.close();
  return { rate: count / elapsed, perCommit: (after.appends - before.appends) / Math.max(1, after.commits - before.commits) };
}

export async function appendBenchmarks(options: { seconds: number }): Promise<Row[]> {
  const dir = tempDir('appends');
  const event = sampleEvent();
  const { seconds } = options;
  const rows: Row[] = [];
  try {
    log('appends: raw better-sqlite3 and Galley, synchronous FULL and NORMAL, interleaved');
    const rawFull = await rawAppends(dir, 'FULL', event, seconds);
    const galleyFull = await galleyAppends(dir, 'FULL', event, seconds);
    const rawNormal = await rawAppends(dir, 'NORMAL', event, seconds);
    const galleyNormal = await galleyAppends(dir, 'NORMAL', event, seconds);
    rows.push(ratioRow('appends, 1 event, exact revision, FULL', galleyFull, '/s', 'raw FULL', rawFull, 0.6));
    rows.push(ratioRow('appends, 1 event, exact revision, NORMAL', galleyNormal, '/s', 'raw NORMAL', rawNormal, 0.6));

    log('appends: Emmett SQLite event store (its defaults)');
    const emmett = await emmettAppends(dir, event, seconds);
    if (typeof emmett === 'string') rows.push(skippedRow('appends vs Emmett SQLite (FULL vs its defaults)', '≥ 20×', emmett));
    else rows.push(ratioRow('appends vs Emmett SQLite (Galley FULL)', galleyFull, '/s', 'Emmett 0.38.5', emmett, 20));

    log('appends: concurrent commands (group commit)');
    const batched = await rawBatched(dir, event, seconds);
    const concurrent = await concurrentAppends(dir, event, seconds, 512);
    const sameShape = await rawManyStreams(dir, event, seconds, 512);
    rows.push(
      boundRow('concurrent appends, 512 commands, FULL', concurrent.rate, 'events/s', { min: 40_000 }, { label: 'raw 100/tx', value: batched }, 0,
        `${concurrent.perCommit.toFixed(0)} appends per commit on average; raw better-sqlite3 writing one event to each of ` +
          `the same 512 streams per transaction: ${fmt(sameShape)} events/s (Galley ${(concurrent.rate / sameShape).toFixed(2)}×)`),
    );
  } finally {
    removeDir(dir);
  }
  return rows;
}
