import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
import { WalCheckpointer } from './sqlite-wal-checkpointer';

describe('the event store WAL checkpointer thread', () => {
  let folder: string;
  const stores: SqliteEventStore[] = [];
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'galley-checkpointer-'));
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function open(options: Omit<SqliteEventStoreOptions, 'file'> = {}): { store: SqliteEventStore; file: string } {
    const file = join(folder, 'events.sqlite');
    const store = new SqliteEventStore({ ...options, file });
    stores.push(store);
    return { store, file };
  }

  /** The events a copy of the database file holds by itself, without its WAL: what has been checkpointed. */
  function eventsInDatabaseFile(file: string): string[] {
    const copy = join(folder, `copy-${randomUUID()}.sqlite`);
    copyFileSync(file, copy);
    const db = new Database(copy, { readonly: true });
    try {
      return (db.prepare('SELECT event_id FROM events ORDER BY seq').pluck().all() as string[]);
    } finally {
      db.close();
    }
  }

  const append = (store: SqliteEventStore, id: string) =>
    store.appendToStream(`article-${randomUUID()}`, [{ id, type: 'ArticleDrafted', data: { title: id } }]);

  it('copies what was committed into the database file, off the committing thread', async () => {
    const { store, file } = open();
    const id = randomUUID();
    await append(store, id);

    await store.checkpointed();

    expect(eventsInDatabaseFile(file)).toEqual([id]);
  });

  it('leaves a small WAL alone when the commits checkpoint, as SQLite does (the control)', async () => {
    // The schema is checkpointed when the first store closes; then only the event stays in the WAL.
    await open().store.close();
    const { store, file } = open({ checkpoints: 'commit' });
    await append(store, randomUUID());

    await store.checkpointed();

    expect(eventsInDatabaseFile(file)).toEqual([]);
  });

  it('keeps checkpointing later commits, and a close leaves the whole history in the file and no WAL', async () => {
    const { store, file } = open();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) {
      await append(store, id);
      await store.checkpointed();
      expect(eventsInDatabaseFile(file).at(-1)).toBe(id);
    }
    await store.close();

    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(eventsInDatabaseFile(file)).toEqual(ids);
  });

  it('hands the checkpoints back to the commits, with a warning, when its thread cannot work', async () => {
    const { store, file } = open();
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      // The thread opens the file when the first commit asks for a checkpoint: take the name away first.
      unlinkSync(file);
      await append(store, randomUUID());
      await store.checkpointed();
      // The store keeps working on its own connection.
      const id = randomUUID();
      await append(store, id);
      expect((await store.readAll()).map((event) => event.id)).toContain(id);
      expect(emitWarning.mock.calls).toEqual([
        [expect.stringMatching(/^WAL checkpoint failed: cannot open .*; the event store checkpoints its WAL on commit from now on$/), 'GalleyWarning'],
      ]);
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('reports a failure to open its connection once, and then stays idle', async () => {
    const failures: Error[] = [];
    const checkpointer = new WalCheckpointer({
      file: join(folder, 'missing.sqlite'),
      intervalMs: 0,
      restartFrames: 10_000,
      onFailure: (error) => failures.push(error),
    });
    checkpointer.committed();
    await checkpointer.idle();
    checkpointer.committed();
    await checkpointer.idle();
    await checkpointer.close();

    expect(failures).toHaveLength(1);
    expect(failures[0].message).toMatch(/^WAL checkpoint failed: cannot open .*missing\.sqlite/);
    expect(checkpointer.checkpoints).toBe(0);
  });
});
