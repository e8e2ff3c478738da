import { SqliteEventStore, comparePositions, readsSerialized, type EventStore, type Position } from '@galley/event-store';
import { CheckpointStore, LocalProjectionTarget, openReadModelDatabase, READ_MODELS_RUNNER, readModelProjections } from '@galley/read-models';
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildReadModels } from './cli.plumbing';
import { dumpFile, tamper, temporaryFolder } from './testing/cli.harness';
import { fillNewsroom, type Newsroom } from './testing/newsroom.fixtures';

/**
 * The rebuild the operations commands use: Galley's projections in a worker thread, fed batch after
 * batch while the next is read, the embedded store's events parsed in the worker.
 */
describe('buildReadModels', () => {
  let folder: ReturnType<typeof temporaryFolder>;
  let store: SqliteEventStore;
  let newsroom: Newsroom;

  beforeEach(async () => {
    folder = temporaryFolder();
    store = new SqliteEventStore({ file: join(folder.path, 'events.sqlite'), synchronous: 'NORMAL' });
    newsroom = await fillNewsroom(store, 12);
  });

  afterEach(async () => {
    await store.close();
    folder.cleanup();
  });

  /** The reference: every event up to `upTo` applied in this thread, in one batch, with the indexes. */
  async function appliedInThread(upTo: Position | null, name = 'in-thread.sqlite'): Promise<string> {
    const file = join(folder.path, name);
    const db = openReadModelDatabase(file);
    try {
      const target = new LocalProjectionTarget(db, readModelProjections(), READ_MODELS_RUNNER);
      const events = (await store.readAll()).filter((event) => upTo !== null && comparePositions(event.position, upTo) <= 0);
      if (events.length > 0) target.apply(events, null);
      target.createIndexes();
    } finally {
      db.close();
    }
    return file;
  }

  function checkpointIn(file: string): Position | null {
    const db = new Database(file, { readonly: true });
    try {
      return new CheckpointStore(db).read(READ_MODELS_RUNNER);
    } finally {
      db.close();
    }
  }

  /** The store as EventStoreDB would be: the port alone, without the embedded store's serialized reads. */
  function portOnly(inner: EventStore): EventStore {
    return new Proxy(inner, {
      get(target, property) {
        if (property === 'readAllSerialized') return undefined;
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  function leftovers(): string[] {
    return readdirSync(folder.path).filter((name) => name.startsWith('rebuilt'));
  }

  it('builds, across many batches, the very tables the projections give applied in this thread, up to the head', async () => {
    const file = join(folder.path, 'rebuilt.sqlite');
    const applied: number[] = [];
    // Small batches: the worker is handed dozens of them, several at a time.
    const { checkpoint } = await buildReadModels(store, file, newsroom.head, { batchSize: 7, onApplied: (count) => applied.push(count) });

    expect(newsroom.events).toBeGreaterThan(7 * 10);
    expect(checkpoint).toEqual(newsroom.head);
    expect(checkpointIn(file)).toEqual(newsroom.head);
    expect(applied.reduce((a, b) => a + b, 0)).toBe(newsroom.events);
    expect(applied.length).toBe(Math.ceil(newsroom.events / 7));
    expect(dumpFile(file)).toEqual(dumpFile(await appliedInThread(newsroom.head)));
    // A self-contained file: no write-ahead log, no journal left beside it.
    expect(leftovers()).toEqual(['rebuilt.sqlite']);
  });

  it('stops at the position it is given, and returns exactly the last event applied', async () => {
    const all = await store.readAll();
    const middle = all[Math.floor(all.length / 2)].position;
    const file = join(folder.path, 'rebuilt.sqlite');

    const { checkpoint } = await buildReadModels(store, file, middle, { batchSize: 10 });

    expect(checkpoint).toEqual(middle);
    expect(checkpointIn(file)).toEqual(middle);
    expect(dumpFile(file)).toEqual(dumpFile(await appliedInThread(middle)));
  });

  it('with nothing to apply, leaves empty read models and no checkpoint', async () => {
    const file = join(folder.path, 'rebuilt.sqlite');
    const { checkpoint } = await buildReadModels(store, file, null);
    expect(checkpoint).toBeNull();
    expect(checkpointIn(file)).toBeNull();
    expect(dumpFile(file)).toEqual(dumpFile(await appliedInThread(null)));
  });

  it('on a store without serialized reads (EventStoreDB), copies parsed events to the worker and builds the same tables', async () => {
    const file = join(folder.path, 'rebuilt.sqlite');
    const store_ = portOnly(store);
    expect(readsSerialized(store_)).toBe(false);

    const { checkpoint } = await buildReadModels(store_, file, newsroom.head, { batchSize: 9 });

    expect(checkpoint).toEqual(newsroom.head);
    expect(dumpFile(file)).toEqual(dumpFile(await appliedInThread(newsroom.head)));
  });

  it('fails on an event that is not JSON, naming it, and leaves nothing at the file', async () => {
    const all = await store.readAll();
    const damaged = all[40];
    tamper(join(folder.path, 'events.sqlite'), 'UPDATE events SET data = ? WHERE seq = ?', '{"cut', Number(damaged.position.commit));
    const file = join(folder.path, 'rebuilt.sqlite');

    await expect(buildReadModels(store, file, newsroom.head, { batchSize: 7 })).rejects.toThrow(
      `The event at position ${damaged.position.commit}/${damaged.position.prepare} (${damaged.streamId}@${damaged.revision}) cannot be read`,
    );
    expect(leftovers()).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('fails when a read fails, after what was handed over, and leaves nothing at the file', async () => {
    let reads = 0;
    const failing = new Proxy(store, {
      get(target, property) {
        if (property === 'readAllSerialized') {
          return (...args: Parameters<SqliteEventStore['readAllSerialized']>) => {
            if (++reads === 4) return Promise.reject(new Error('disk I/O error'));
            return target.readAllSerialized(...args);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const applied: number[] = [];

    await expect(
      buildReadModels(failing, join(folder.path, 'rebuilt.sqlite'), newsroom.head, { batchSize: 7, onApplied: (count) => applied.push(count) }),
    ).rejects.toThrow('disk I/O error');
    // The three batches read before the failure were applied; nothing of them is kept.
    expect(applied).toEqual([7, 7, 7]);
    expect(leftovers()).toEqual([]);
  });
});
