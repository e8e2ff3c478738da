import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type Position, type RecordedEvent, type SerializedRecordedEvent } from '@galley/event-store';
import Database from 'better-sqlite3';
import { ANALYSIS, NOTE_WITHOUT_CLAIMS, walt, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleScript, dumpTables, eventData, minute } from '../testing/article-script.fixtures';
import { READ_MODELS_RUNNER, readModelProjections } from '../read-models';
import { CheckpointStore } from './checkpoint-store';
import { FollowingProjectionRunner } from './following-projection-runner';
import { ProjectionRunner } from './projection-runner';
import { WorkerProjectionTarget, type AppliedEvent } from './projection-worker';
import { openReadModelDatabase } from './read-model.database';

/** The worker runs this spec's TypeScript sources: it gets the hook the tests' child processes get. */
const EXEC_ARGV = ['--require', join(__dirname, '..', '..', '..', '..', 'tests', 'durability', 'swc-register.js')];

describe('WorkerProjectionTarget (Galley\'s projections in a worker thread, on a real SqliteEventStore)', () => {
  let folder: string;
  let store: SqliteEventStore;
  let file: string;
  const closers: (() => Promise<void> | void)[] = [];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'galley-worker-'));
    store = new SqliteEventStore({ file: join(folder, 'events.sqlite'), synchronous: 'NORMAL' });
    file = join(folder, 'read-models.sqlite');
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function openTarget(options: { rebuild?: boolean; events?: string } = {}): Promise<WorkerProjectionTarget> {
    const target = await WorkerProjectionTarget.open({ file, name: READ_MODELS_RUNNER, execArgv: EXEC_ARGV, ...options });
    closers.push(() => target.close());
    return target;
  }

  function openDb(path = file): Database.Database {
    const db = openReadModelDatabase(path);
    closers.push(() => void db.close());
    return db;
  }

  async function seed(): Promise<ArticleScript[]> {
    const scripts = [
      new ArticleScript(randomUUID(), wanda).draft(ANALYSIS, minute(0)).throughApproval(minute(10)).publish(minute(60), { edition: 1, slug: 'the-bill' }),
      new ArticleScript(randomUUID(), walt).draft({ ...NOTE_WITHOUT_CLAIMS, series: null }, minute(1)).submit(minute(2)),
    ];
    for (const script of scripts) await store.appendToStream(script.streamId, eventData(script.scripted), { expectedRevision: 'no_stream' });
    return scripts;
  }

  /** The tables Galley's projections build from the same events in this thread. */
  async function rebuiltInThread(): Promise<Record<string, unknown[]>> {
    const db = openDb(join(folder, `rebuilt-${randomUUID()}.sqlite`));
    const runner = new ProjectionRunner({ name: READ_MODELS_RUNNER, store, db, projections: readModelProjections() });
    await runner.start();
    await runner.stop();
    return dumpTables(db);
  }

  it('catches up, then applies live events, to the very tables an in-thread rebuild gives; each batch says when it committed', async () => {
    await seed();
    const applied: { events: readonly RecordedEvent[]; appliedAt: number }[] = [];
    const runner = new ProjectionRunner({
      name: READ_MODELS_RUNNER,
      store,
      target: await openTarget(),
      onApplied: (events, appliedAt) => applied.push({ events, appliedAt }),
    });
    closers.push(() => runner.stop());
    await runner.start();

    const more = Array.from({ length: 8 }, (_, n) =>
      new ArticleScript(randomUUID(), n % 2 ? walt : wanda).draft({ ...ANALYSIS, title: `Live ${n}` }, minute(20 + n)).submit(minute(21 + n)),
    );
    const results = await Promise.all(more.map((s) => store.appendToStream(s.streamId, eventData(s.scripted), { expectedRevision: 'no_stream' })));
    const head = results.map((r) => r.position).reduce((a, b) => (a.commit > b.commit ? a : b));
    expect(await runner.waitFor(head, 5_000)).toBe(true);

    const all = await store.readAll();
    expect(applied.flatMap((batch) => batch.events.map((e) => e.id))).toEqual(all.map((e) => e.id));
    for (const batch of applied) for (const event of batch.events) expect(batch.appliedAt).toBeGreaterThanOrEqual(event.created.getTime());
    const db = openDb();
    expect(new CheckpointStore(db).read(READ_MODELS_RUNNER)).toEqual(head);
    expect(dumpTables(db)).toEqual(await rebuiltInThread());
  });

  it('refuses a batch that does not follow the last one it applied, and every batch sent after it: nothing written past a failure', async () => {
    await seed();
    const all = await store.readAll();
    const target = await openTarget();
    expect(target.checkpoint).toBeNull();

    const first = target.apply(all.slice(0, 3), null);
    // Sent before the first is acknowledged, as the runner does, but claiming to follow an event never applied.
    const stray = target.apply(all.slice(5, 7), all[4].position);
    const after = target.apply(all.slice(7), all[6].position);
    await expect(first).resolves.toEqual(expect.any(Number));
    await expect(stray).rejects.toThrow(/not applied/);
    await expect(after).rejects.toThrow(/not applied/);

    const db = openDb();
    expect(new CheckpointStore(db).read(READ_MODELS_RUNNER)).toEqual(all[2].position);
    // The batch that does follow is applied.
    await target.apply(all.slice(3), all[2].position);
    expect(new CheckpointStore(db).read(READ_MODELS_RUNNER)).toEqual(all[all.length - 1].position);
  });

  it('a worker that dies is replaced by the next batch, at the committed checkpoint', async () => {
    await seed();
    const all = await store.readAll();
    const target = await openTarget();
    await target.apply(all.slice(0, 4), null);
    // Reached into for the test only: nothing outside should end the worker but close().
    const worker = (target as unknown as { worker: { terminate(): Promise<number> } }).worker;
    await worker.terminate();
    await new Promise((resolve) => setImmediate(resolve));

    await target.apply(all.slice(4), all[3].position);
    const db = openDb();
    expect(new CheckpointStore(db).read(READ_MODELS_RUNNER)).toEqual(all[all.length - 1].position);
  });

  it('closed, it leaves the file synced: the write-ahead log copied back and emptied', async () => {
    await seed();
    const target = await openTarget();
    await target.apply(await store.readAll(), null);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    await target.close();
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('reopened on the same file, starts from its checkpoint; closed, it refuses work', async () => {
    await seed();
    const all = await store.readAll();
    const target = await openTarget();
    await target.apply(all, null);
    await target.close();
    await expect(target.apply(all, all[all.length - 1].position)).rejects.toThrow('The projection worker is closed');

    const reopened = await openTarget();
    expect(reopened.checkpoint).toEqual<Position>(all[all.length - 1].position);
  });

  async function serialized(): Promise<SerializedRecordedEvent[]> {
    return store.readAllSerialized({ after: null, upTo: (await store.headPosition())!, maxCount: 1_000 });
  }

  it('applies events handed over as JSON text, parsed in the worker, to the very tables an in-thread rebuild gives', async () => {
    await seed();
    const events = await serialized();
    const target = await openTarget({ rebuild: true });
    // Sent without waiting, as a rebuild does: the worker may take both in one transaction.
    const applied = [target.applySerialized(events.slice(0, 5), null), target.applySerialized(events.slice(5), events[4].position)];
    await Promise.all(applied);
    await target.createIndexes();
    await target.close();

    const db = openDb();
    expect(new CheckpointStore(db).read(READ_MODELS_RUNNER)).toEqual(events[events.length - 1].position);
    expect(dumpTables(db)).toEqual(await rebuiltInThread());
  });

  it('refuses a batch holding an event that is not JSON, naming the event, and every batch sent after it', async () => {
    await seed();
    const events = await serialized();
    const target = await openTarget({ rebuild: true });
    const damaged = events.map((event, n) => (n === 4 ? { ...event, data: '{"cut short' } : event));

    const first = target.applySerialized(damaged.slice(0, 3), null);
    const broken = target.applySerialized(damaged.slice(3, 6), damaged[2].position);
    const after = target.applySerialized(damaged.slice(6), damaged[5].position);
    await expect(first).resolves.toEqual(expect.any(Number));
    await expect(broken).rejects.toThrow(`The event at position ${events[4].position.commit}/${events[4].position.prepare} (${events[4].streamId}@${events[4].revision}) cannot be read`);
    await expect(after).rejects.toThrow(/not applied/);
    await target.close();

    expect(new CheckpointStore(openDb()).read(READ_MODELS_RUNNER)).toEqual(events[2].position);
  });

  it('for a rebuild, journals in memory (no write-ahead log) and leaves a rollback-journal file', async () => {
    await seed();
    const target = await openTarget({ rebuild: true });
    await target.applySerialized(await serialized(), null);
    expect(existsSync(`${file}-wal`)).toBe(false);
    await target.close();

    const db = new Database(file, { readonly: true });
    closers.push(() => void db.close());
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
  });

  it('for a rebuild, a worker that dies is not replaced: its file may hold a transaction cut short', async () => {
    await seed();
    const events = await serialized();
    const target = await openTarget({ rebuild: true });
    await target.applySerialized(events.slice(0, 4), null);
    const worker = (target as unknown as { worker: { terminate(): Promise<number> } }).worker;
    await worker.terminate();
    await new Promise((resolve) => setImmediate(resolve));

    await expect(target.applySerialized(events.slice(4), events[3].position)).rejects.toThrow('The projection worker stopped');
    await expect(target.createIndexes()).rejects.toThrow('The projection worker stopped');
  });

  describe('following the events file itself (FollowingProjectionRunner)', () => {
    async function follower(options: { pollIntervalMs?: number; retryDelayMs?: number } = {}) {
      const applied: { events: readonly AppliedEvent[]; appliedAt: number; startedAt: number }[] = [];
      const errors: Error[] = [];
      const runner = new FollowingProjectionRunner({
        target: await openTarget({ events: store.eventsFile }),
        commits: store,
        ...options,
        onApplied: (events, appliedAt, startedAt) => applied.push({ events, appliedAt, startedAt }),
        onError: (error) => errors.push(error),
      });
      closers.push(() => runner.stop());
      return { runner, applied, errors };
    }

    /** The last position of a set of appends. */
    const headOf = (results: readonly { position: Position }[]): Position =>
      results.map((r) => r.position).reduce((a, b) => (a.commit > b.commit ? a : b));

    it('catches up, then applies each commit, to the very tables an in-thread rebuild gives, while this thread reads no event', async () => {
      await seed();
      const reads = [jest.spyOn(store, 'readAll'), jest.spyOn(store, 'readAllSerialized'), jest.spyOn(store, 'subscribeToAll')];
      // It never looks by itself during the test: the commits' signals alone move it.
      const { runner, applied } = await follower({ pollIntervalMs: 60_000 });
      const began = Date.now();
      await runner.start();
      const more = Array.from({ length: 8 }, (_, n) =>
        new ArticleScript(randomUUID(), n % 2 ? walt : wanda).draft({ ...ANALYSIS, title: `Live ${n}` }, minute(20 + n)).submit(minute(21 + n)),
      );
      const head = headOf(await Promise.all(more.map((s) => store.appendToStream(s.streamId, eventData(s.scripted), { expectedRevision: 'no_stream' }))));
      expect(await runner.waitFor(head, 5_000)).toBe(true);
      for (const spy of reads) expect(spy).not.toHaveBeenCalled();
      for (const spy of reads) spy.mockRestore();

      const all = await store.readAll();
      expect(applied.flatMap((batch) => batch.events.map((e) => ({ streamId: e.streamId, position: e.position, created: e.created })))).toEqual(
        all.map((e) => ({ streamId: e.streamId, position: e.position, created: e.created })),
      );
      for (const batch of applied) {
        for (const event of batch.events) expect(batch.appliedAt).toBeGreaterThanOrEqual(event.created.getTime());
        // When the worker began the batch: after the runner started, before the batch committed.
        expect(batch.startedAt).toBeGreaterThanOrEqual(began);
        expect(batch.startedAt).toBeLessThanOrEqual(batch.appliedAt);
      }
      expect(runner.checkpoint).toEqual(head);
      const db = openDb();
      expect(new CheckpointStore(db).read(READ_MODELS_RUNNER)).toEqual(head);
      expect(dumpTables(db)).toEqual(await rebuiltInThread());
    });

    it('applies what another process appends to the file, which sends no signal, at its next look', async () => {
      await seed();
      const { runner } = await follower({ pollIntervalMs: 20 });
      await runner.start();
      const other = new SqliteEventStore({ file: store.eventsFile, synchronous: 'NORMAL' });
      closers.push(() => other.close());
      const script = new ArticleScript(randomUUID(), wanda).draft({ ...ANALYSIS, title: 'From elsewhere' }, minute(30));
      const { position } = await other.appendToStream(script.streamId, eventData(script.scripted), { expectedRevision: 'no_stream' });
      expect(await runner.waitFor(position, 5_000)).toBe(true);
    });

    it('commits nothing of a batch it cannot apply, reports it once per try, and goes on from its checkpoint once the event reads', async () => {
      await seed();
      const { runner, errors } = await follower({ pollIntervalMs: 20, retryDelayMs: 50 });
      await runner.start();
      const caughtUp = runner.checkpoint!;
      const next = new ArticleScript(randomUUID(), walt).draft({ ...ANALYSIS, title: 'Damaged' }, minute(40)).submit(minute(41));
      // Written by another connection, its first event's data cut short: no signal, the worker finds it when it looks.
      const raw = new Database(store.eventsFile);
      closers.push(() => void raw.close());
      const seq = Number(caughtUp.commit) + 1;
      raw.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, 1)').run(next.streamId);
      const insert = raw.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
      eventData(next.scripted).forEach((event, revision) =>
        insert.run(next.streamId, revision, event.id, event.type, revision === 0 ? '{"cut short' : JSON.stringify(event.data), JSON.stringify(event.metadata), Date.now()),
      );
      await until(() => errors.length >= 1);
      // Looked for every 20 ms, tried again every 50 ms: the failure is reported per try, not per look.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors.length).toBeLessThanOrEqual(250 / 50 + 2);
      expect(errors[0].message).toContain(`The event at position ${seq}/${seq} (${next.streamId}@0) cannot be read`);
      expect(new Set(errors.map((error) => error.message)).size).toBe(1);
      expect(runner.checkpoint).toEqual(caughtUp);
      expect(new CheckpointStore(openDb()).read(READ_MODELS_RUNNER)).toEqual(caughtUp);

      raw.prepare('UPDATE events SET data = ? WHERE seq = ?').run(JSON.stringify(eventData(next.scripted)[0].data), seq);
      const head = (await store.headPosition())!;
      expect(await runner.waitFor(head, 5_000)).toBe(true);
      expect(dumpTables(openDb())).toEqual(await rebuiltInThread());
    });

    it('stopped, it has applied everything committed before the stop', async () => {
      await seed();
      const { runner } = await follower();
      await runner.start();
      const late = new ArticleScript(randomUUID(), walt).draft({ ...NOTE_WITHOUT_CLAIMS, series: null }, minute(50));
      const { position } = await store.appendToStream(late.streamId, eventData(late.scripted), { expectedRevision: 'no_stream' });
      await runner.stop();
      expect(runner.checkpoint).toEqual(position);
      expect(await runner.waitFor(position, 0)).toBe(true);
    });
  });
});

/** Resolves once `done()` holds, polling every 10 ms, or fails after 5 s. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; !done(); ) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
