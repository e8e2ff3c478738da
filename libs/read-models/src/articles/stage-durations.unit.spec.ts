import Database from 'better-sqlite3';
import { kthOfTwo, StageDurations, STAGE_VISITS_CHANGES } from './stage-durations';

interface Visit {
  article: string;
  stage: string;
  entered: number;
  left: number | null;
}

/** The median as the dashboard always defined it: every duration listed, sorted, the middle taken. */
function naiveMedian(visits: readonly Visit[], stage: string, now: number): number | null {
  const seconds = visits
    .filter((v) => v.stage === stage && !(v.left === null && stage === 'PUBLISHED'))
    .map((v) => Math.max(0, ((v.left ?? now) - v.entered) / 1000))
    .sort((a, b) => a - b);
  if (seconds.length === 0) return null;
  const middle = Math.floor(seconds.length / 2);
  return seconds.length % 2 === 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The article projection's tables, as far as stage visits go, written the way it writes them. */
function visitTables(db: Database.Database) {
  db.exec(`CREATE TABLE stage_visits (article_id TEXT NOT NULL, stage TEXT NOT NULL, entered_at TEXT NOT NULL, left_at TEXT,
      changed INTEGER NOT NULL, PRIMARY KEY (article_id, entered_at, stage));
    CREATE INDEX stage_visits_by_change ON stage_visits (changed);
    CREATE TABLE article_counts (key TEXT PRIMARY KEY, n INTEGER NOT NULL);`);
  db.prepare('INSERT INTO article_counts VALUES (?, 0)').run(STAGE_VISITS_CHANGES);
  const count = db.prepare('UPDATE article_counts SET n = n + 1 WHERE key = ? RETURNING n').pluck();
  const upsert = db.prepare(`INSERT INTO stage_visits VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (article_id, entered_at, stage) DO UPDATE SET left_at = excluded.left_at, changed = excluded.changed`);
  return {
    /** Writes the visit as it now stands, stamped with the next count of changes. */
    write: (visit: Visit) => upsert.run(visit.article, visit.stage, iso(visit.entered), iso(visit.left), count.get(STAGE_VISITS_CHANGES)),
  };
}

describe('StageDurations', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('gives the median that sorting every visit gives, as visits are added, closed and reopened, over random rounds and instants', () => {
    const { write } = visitTables(db);
    const next = random(7);
    const origin = Date.parse('2026-01-01T00:00:00.000Z');
    const durations = new StageDurations(db, ['PUBLISHED']);
    const visits: Visit[] = [];
    for (let round = 0; round < 60; round++) {
      // Round 30 writes more rows than are moved into place one by one: the visits are read again whole.
      const added = round === 30 ? 2_500 : 1 + Math.floor(next() * 25);
      for (let n = 0; n < added; n++) {
        const stage = ['DRAFT', 'REVIEW', 'PUBLISHED'][Math.floor(next() * 3)];
        const entered = origin + Math.floor(next() * 100) * 60_000;
        const visit = { article: `a${visits.length}`, stage, entered, left: next() < 0.5 ? null : entered + Math.floor(next() * 50) * 30_000 };
        visits.push(visit);
        write(visit);
      }
      // Visits written before: some open ones close, some closed ones open again (a stage re-entered at the same instant).
      for (let n = 0; n < 5 && visits.length > 0; n++) {
        const visit = visits[Math.floor(next() * visits.length)];
        visit.left = visit.left === null ? visit.entered + Math.floor(next() * 50) * 30_000 : null;
        write(visit);
      }
      // Some instants fall before visits began: those count as zero seconds.
      for (const now of [origin + Math.floor(next() * 200) * 60_000, origin + 50 * 60_000 + 1]) {
        for (const stage of ['DRAFT', 'REVIEW', 'PUBLISHED']) {
          expect(durations.median(stage as 'DRAFT', new Date(now))).toBe(naiveMedian(visits, stage, now));
        }
        const stages = ['DRAFT', 'REVIEW', 'PUBLISHED'] as const;
        expect(durations.medians(stages, new Date(now))).toEqual(stages.map((stage) => naiveMedian(visits, stage, now)));
      }
    }
  });

  it('reads only the rows written since the count it last read, not the whole table', () => {
    const { write } = visitTables(db);
    const durations = new StageDurations(db, []);
    const a = { article: 'a', stage: 'DRAFT', entered: Date.parse('2026-01-01T00:00:00.000Z'), left: Date.parse('2026-01-01T00:01:00.000Z') };
    write(a);
    expect(durations.median('DRAFT', new Date())).toBe(60);

    // A row changed without its count moving is not read again, even once the count has moved.
    db.prepare(`UPDATE stage_visits SET left_at = '2026-01-01T00:09:00.000Z' WHERE article_id = 'a'`).run();
    const b = { article: 'b', stage: 'DRAFT', entered: a.entered, left: Date.parse('2026-01-01T00:03:00.000Z') };
    write(b);
    expect(durations.median('DRAFT', new Date())).toBe((60 + 180) / 2);

    // Written with its count, it is.
    write({ ...a, left: Date.parse('2026-01-01T00:05:00.000Z') });
    expect(durations.median('DRAFT', new Date())).toBe((300 + 180) / 2);
  });

  it('reads nothing again until the projection has counted a change', () => {
    const { write } = visitTables(db);
    const durations = new StageDurations(db, []);
    write({ article: 'a', stage: 'DRAFT', entered: Date.parse('2026-01-01T00:00:00.000Z'), left: Date.parse('2026-01-01T00:01:00.000Z') });
    expect(durations.median('DRAFT', new Date())).toBe(60);

    db.prepare(`INSERT INTO stage_visits VALUES ('b', 'DRAFT', '2026-01-01T00:00:00.000Z', '2026-01-01T00:03:00.000Z', 2)`).run();
    expect(durations.median('DRAFT', new Date())).toBe(60);
    db.prepare('UPDATE article_counts SET n = n + 1 WHERE key = ?').run(STAGE_VISITS_CHANGES);
    expect(durations.median('DRAFT', new Date())).toBe(120);
  });

  it('reads the visits again whole when the tables are made again, though the count starts over', () => {
    const first = visitTables(db);
    const durations = new StageDurations(db, []);
    for (const [article, minutes] of [['a', 1], ['b', 2], ['c', 3]] as const) {
      first.write({ article, stage: 'DRAFT', entered: Date.parse('2026-01-01T00:00:00.000Z'), left: Date.parse('2026-01-01T00:00:00.000Z') + minutes * 60_000 });
    }
    expect(durations.median('DRAFT', new Date())).toBe(120);

    // A file emptied for a new version of the read models: its rows are written again from the first count.
    db.exec('DROP TABLE stage_visits; DROP TABLE article_counts;');
    const second = visitTables(db);
    for (const [article, minutes] of [['x', 10], ['y', 20], ['z', 30], ['w', 40]] as const) {
      second.write({ article, stage: 'DRAFT', entered: Date.parse('2026-01-01T00:00:00.000Z'), left: Date.parse('2026-01-01T00:00:00.000Z') + minutes * 60_000 });
    }
    expect(durations.median('DRAFT', new Date())).toBe(1_500);
  });

  it('picks the k-th smallest of two sorted lists, at every k', () => {
    const a = [1, 3, 3, 8, 13];
    const b = [0, 2, 3, 9];
    const all = [...a, ...b].sort((x, y) => x - y);
    const kth = (k: number) => kthOfTwo((i) => a[i], a.length, (j) => b[j], b.length, k);
    expect(all.map((_, k) => kth(k))).toEqual(all);
    expect(kthOfTwo((i) => a[i], a.length, () => 0, 0, 2)).toBe(3);
    expect(kthOfTwo(() => 0, 0, (j) => b[j], b.length, 3)).toBe(9);
  });
});
