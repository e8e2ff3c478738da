import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type Position, type RecordedEvent } from '@galley/event-store';
import Database from 'better-sqlite3';
import { ANALYSIS, NOTE_WITHOUT_CLAIMS, walt, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleReadModelProjection } from '../articles/article-read-model.projection';
import { ArticleScript, dumpTables, eventData, minute } from '../testing/article-script.fixtures';
import { readModelProjections } from '../read-models';
import { CheckpointStore } from './checkpoint-store';
import { applyBatch, type Projection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { openReadModelDatabase } from './read-model.database';

/** Records every event it is given, once per call: a second application shows up as a second row. */
class LedgerProjection implements Projection {
  readonly name = 'ledger';
  constructor(private readonly fault: (event: RecordedEvent) => boolean = () => false) {}

  migrate(db: Database.Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS ledger (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL)');
  }

  handles(): boolean {
    return true;
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    if (this.fault(event)) throw new Error(`Ledger refuses ${event.id}`);
    db.prepare('INSERT INTO ledger (event_id) VALUES (?)').run(event.id);
  }
}

const NAME = 'read-models';

describe('ProjectionRunner (on a real SqliteEventStore)', () => {
  let folder: string;
  let store: SqliteEventStore;
  let readModelFile: string;
  const runners: ProjectionRunner[] = [];
  const databases: Database.Database[] = [];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'galley-rm-'));
    store = new SqliteEventStore({ file: join(folder, 'events.sqlite'), synchronous: 'NORMAL' });
    readModelFile = join(folder, 'read-models.sqlite');
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    for (const db of databases.splice(0)) if (db.open) db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function openDb(): Database.Database {
    const db = openReadModelDatabase(readModelFile);
    databases.push(db);
    return db;
  }

  function runner(options: Partial<ProjectionRunnerOptions> & { db: Database.Database; fault?: (event: RecordedEvent) => boolean }) {
    const applied: RecordedEvent[][] = [];
    const created = new ProjectionRunner({
      name: NAME,
      store,
      projections: [new ArticleReadModelProjection(), new LedgerProjection(options.fault)],
      onApplied: (events) => applied.push([...events]),
      ...options,
    });
    runners.push(created);
    return { runner: created, applied };
  }

  /** Appends each script's events one at a time, the scripts interleaved, plus two events of another stream. */
  async function append(scripts: ArticleScript[], from: Map<ArticleScript, number> = new Map()): Promise<Position> {
    let last: Position | null = null;
    const longest = Math.max(...scripts.map((s) => s.scripted.length));
    for (let i = 0; i < longest; i++) {
      for (const script of scripts) {
        const start = from.get(script) ?? 0;
        if (start + i >= script.scripted.length) continue;
        const result = await store.appendToStream(script.streamId, eventData([script.scripted[start + i]]), { expectedRevision: start + i - 1 < 0 ? 'no_stream' : start + i - 1 });
        last = result.position;
      }
    }
    return last!;
  }

  async function seedHistory() {
    const published = new ArticleScript(randomUUID(), wanda).draft(ANALYSIS, minute(0)).throughApproval(minute(10)).publish(minute(60), { edition: 1, slug: 'the-bill' });
    const note = new ArticleScript(randomUUID(), walt).draft({ ...NOTE_WITHOUT_CLAIMS, series: null }, minute(1)).submit(minute(2));
    const checking = new ArticleScript(randomUUID(), wanda).draft({ ...ANALYSIS, title: 'Chips, again' }, minute(3)).submit(minute(4));
    await append([published, note, checking]);
    // Not an article's: the runner passes it by, yet its checkpoint moves past it.
    await store.appendToStream('edition-2025', [{ id: randomUUID(), type: 'EditionReserved', data: { edition: 1 } }]);
    return { scripts: { published, note, checking }, history: await store.readAll() };
  }

  /** The article tables a fresh projection builds from exactly these events. */
  function articleTablesOf(events: readonly RecordedEvent[]) {
    const reference = new Database(':memory:');
    try {
      const projection = new ArticleReadModelProjection();
      projection.migrate(reference);
      applyBatch(reference, [projection], events);
      return dumpTables(reference);
    } finally {
      reference.close();
    }
  }

  const articleTables = (db: Database.Database) => dumpTables(db, ['checkpoints', 'ledger']);
  const ledger = (db: Database.Database) => (db.prepare('SELECT event_id FROM ledger ORDER BY seq').all() as { event_id: string }[]).map((r) => r.event_id);
  const ids = (events: readonly RecordedEvent[]) => events.map((e) => e.id);
  const chunk = <T>(items: readonly T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

  it('catches up on history in batches, then applies live events as they come', async () => {
    const { scripts, history } = await seedHistory();
    expect(history.length).toBeGreaterThan(20);
    const db = openDb();
    const { runner: r, applied } = runner({ db, batchSize: 4 });

    await r.start();

    expect(applied.map(ids)).toEqual(chunk(ids(history), 4));
    expect(ledger(db)).toEqual(ids(history));
    expect(r.checkpoint).toEqual(history[history.length - 1].position);
    expect(new CheckpointStore(db).read(NAME)).toEqual(history[history.length - 1].position);
    expect(articleTables(db)).toEqual(articleTablesOf(history));

    const before = new Map([[scripts.note, scripts.note.scripted.length]]);
    scripts.note.summarize(minute(30)).submitForReview(minute(31));
    const head = await append([scripts.note], before);
    expect(await r.waitFor(head, 5_000)).toBe(true);

    const all = await store.readAll();
    const live = all.slice(history.length);
    expect(live.map((e) => e.type)).toEqual(['SummaryGenerated', 'SubmittedForReview']);
    expect(applied.flat().slice(-2).map((e) => e.id)).toEqual(ids(live));
    expect(ledger(db)).toEqual(ids(all));
    expect(articleTables(db)).toEqual(articleTablesOf(all));
    expect(new CheckpointStore(db).read(NAME)).toEqual(head);
  });

  it('writes a failing batch not at all: no read-model rows, no checkpoint; a new runner then applies every event exactly once', async () => {
    const { history } = await seedHistory();
    const poison = history[12];
    const db = openDb();
    const { runner: faulty, applied } = runner({ db, batchSize: 5, fault: (event) => event.id === poison.id });

    await expect(faulty.start()).rejects.toThrow(`Ledger refuses ${poison.id}`);

    const committed = history.slice(0, 10);
    expect(applied.map(ids)).toEqual(chunk(ids(committed), 5));
    expect(ledger(db)).toEqual(ids(committed));
    expect(new CheckpointStore(db).read(NAME)).toEqual(committed[9].position);
    expect(faulty.checkpoint).toEqual(committed[9].position);
    expect(articleTables(db)).toEqual(articleTablesOf(committed));
    await faulty.stop();

    const { runner: healed, applied: appliedAfter } = runner({ db: openDb(), batchSize: 5 });
    await healed.start();

    expect(appliedAfter.flat().map((e) => e.id)).toEqual(ids(history.slice(10)));
    expect(ledger(db)).toEqual(ids(history));
    expect(articleTables(db)).toEqual(articleTablesOf(history));
    expect(new CheckpointStore(db).read(NAME)).toEqual(history[history.length - 1].position);
  });

  it('when a live event fails, keeps the checkpoint before it and resubscribes from there: applied once', async () => {
    const { scripts, history } = await seedHistory();
    const db = openDb();
    let armed = false;
    let failures = 0;
    const checkpointsAtError: (Position | null)[] = [];
    const errors: string[] = [];
    const { runner: r } = runner({
      db,
      retryDelayMs: 10,
      fault: (event) => armed && event.type === 'SummaryGenerated' && failures++ === 0,
      onError: (error) => {
        errors.push(error.message);
        checkpointsAtError.push(new CheckpointStore(db).read(NAME));
      },
    });
    await r.start();
    armed = true;

    const before = new Map([[scripts.note, scripts.note.scripted.length]]);
    scripts.note.summarize(minute(30)).submitForReview(minute(31));
    const head = await append([scripts.note], before);
    expect(await r.waitFor(head, 5_000)).toBe(true);

    const all = await store.readAll();
    expect(failures).toBe(2);
    expect(errors).toEqual([expect.stringMatching(/^Ledger refuses /)]);
    expect(checkpointsAtError).toEqual([history[history.length - 1].position]);
    expect(ledger(db)).toEqual(ids(all));
    expect(articleTables(db)).toEqual(articleTablesOf(all));
  });

  it('restarted on the same read-model file, applies only what it has not applied', async () => {
    const { scripts } = await seedHistory();
    const first = runner({ db: openDb(), batchSize: 7 });
    await first.runner.start();
    await first.runner.stop();
    databases[0].close();

    const before = new Map([[scripts.checking, scripts.checking.scripted.length]]);
    scripts.checking.resolveClaims(minute(20));
    await append([scripts.checking], before);
    const all = await store.readAll();
    const seen = first.applied.flat().length;
    expect(seen).toBeLessThan(all.length);

    const db = openDb();
    const second = runner({ db, batchSize: 7 });
    expect(second.runner.checkpoint).toEqual(all[seen - 1].position);
    await second.runner.start();
    await second.runner.stop();

    expect(second.applied.flat().map((e) => e.id)).toEqual(ids(all.slice(seen)));
    expect(ledger(db)).toEqual(ids(all));
    expect(articleTables(db)).toEqual(articleTablesOf(all));

    const third = runner({ db: openDb() });
    await third.runner.start();
    expect(third.applied).toEqual([]);
    expect(ledger(db)).toEqual(ids(all));
  });

  it('applies a burst of live events in fewer transactions than events, each once, to the tables a rebuild gives (all of Galley\'s projections)', async () => {
    const { scripts } = await seedHistory();
    const live = openDb();
    const projections = () => [...readModelProjections(), new LedgerProjection()];
    const { runner: r, applied } = runner({ db: live, projections: projections() });
    await r.start();
    const batchesBefore = applied.length;

    const more = Array.from({ length: 12 }, (_, n) =>
      new ArticleScript(randomUUID(), n % 2 ? walt : wanda).draft({ ...ANALYSIS, title: `Burst ${n}` }, minute(40 + n)).submit(minute(41 + n)),
    );
    const before = new Map([[scripts.checking, scripts.checking.scripted.length]]);
    scripts.checking.resolveClaims(minute(70));
    // Appended concurrently: the store commits them together and the runner gets them in a burst.
    const results = await Promise.all([
      ...more.map((script) => store.appendToStream(script.streamId, eventData(script.scripted), { expectedRevision: 'no_stream' })),
      append([scripts.checking], before),
    ]);
    const head = results.map((result) => ('position' in result ? result.position : result)).reduce((a, b) => (a.commit > b.commit ? a : b));
    expect(await r.waitFor(head, 5_000)).toBe(true);

    const all = await store.readAll();
    const liveBatches = applied.slice(batchesBefore);
    expect(liveBatches.flat().length).toBeGreaterThan(liveBatches.length);
    expect(ledger(live)).toEqual(ids(all));

    const rebuiltFile = join(folder, 'rebuilt.sqlite');
    const rebuilt = openReadModelDatabase(rebuiltFile);
    databases.push(rebuilt);
    const fresh = new ProjectionRunner({ name: NAME, store, db: rebuilt, projections: projections(), batchSize: 1000 });
    runners.push(fresh);
    await fresh.start();
    expect(dumpTables(live)).toEqual(dumpTables(rebuilt));
  });

  describe('waitFor', () => {
    it('resolves true at once for a position already applied, even before start, from the stored checkpoint', async () => {
      const { history } = await seedHistory();
      const db = openDb();
      await runner({ db }).runner.start();

      const restarted = runner({ db }).runner;
      expect(await restarted.waitFor(history[3].position, 0)).toBe(true);
      expect(await restarted.waitFor(history[history.length - 1].position, 0)).toBe(true);
    });

    it('resolves true once a later event is applied', async () => {
      const { scripts } = await seedHistory();
      const { runner: r } = runner({ db: openDb() });
      await r.start();

      const head = (await store.headPosition())!;
      const next: Position = { commit: head.commit + 1n, prepare: head.prepare + 1n };
      const waiting = r.waitFor(next, 5_000);
      const before = new Map([[scripts.note, scripts.note.scripted.length]]);
      scripts.note.summarize(minute(30));
      const appended = await append([scripts.note], before);

      expect(appended).toEqual(next);
      expect(await waiting).toBe(true);
      expect(r.checkpoint).toEqual(next);
    });

    it('resolves false when the position is not reached in time, and on stop', async () => {
      await seedHistory();
      const { runner: r } = runner({ db: openDb() });
      await r.start();
      const head = (await store.headPosition())!;
      const beyond: Position = { commit: head.commit + 100n, prepare: head.prepare + 100n };

      expect(await r.waitFor(beyond, 30)).toBe(false);

      const pending = r.waitFor(beyond, 60_000);
      await r.stop();
      expect(await pending).toBe(false);
    });

    it('resolves false for a runner that has applied nothing', async () => {
      const { runner: r } = runner({ db: openDb() });
      expect(r.checkpoint).toBeNull();
      expect(await r.waitFor({ commit: 1n, prepare: 1n }, 10)).toBe(false);
    });
  });
});
