import Database from 'better-sqlite3';
import { kthOfTwo, StageDurations, STAGE_VISITS_CHANGES } from './stage-durations';

/** The median as the dashboard always defined it: every duration listed, sorted, the middle taken. */
function naiveMedian(visits: readonly { stage: string; entered: number; left: number | null }[], stage: string, now: number): number | null {
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

describe('StageDurations', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(`CREATE TABLE stage_visits (article_id TEXT, stage TEXT, entered_at TEXT, left_at TEXT);
      CREATE TABLE article_counts (key TEXT PRIMARY KEY, n INTEGER NOT NULL);`);
    db.prepare('INSERT INTO article_counts VALUES (?, 0)').run(STAGE_VISITS_CHANGES);
  });
  afterEach(() => db.close());

  it('gives the median of finished and open visits (open ones to now) that sorting them all gives, over random visits and instants', () => {
    const next = random(7);
    const origin = Date.parse('2026-01-01T00:00:00.000Z');
    const insert = db.prepare('INSERT INTO stage_visits VALUES (?, ?, ?, ?)');
    const durations = new StageDurations(db, ['PUBLISHED']);
    const visits: { stage: string; entered: number; left: number | null }[] = [];
    for (let round = 0; round < 40; round++) {
      const added = 1 + Math.floor(next() * 25);
      for (let n = 0; n < added; n++) {
        const stage = ['DRAFT', 'REVIEW', 'PUBLISHED'][Math.floor(next() * 3)];
        const entered = origin + Math.floor(next() * 100) * 60_000;
        const left = next() < 0.5 ? null : entered + Math.floor(next() * 50) * 30_000;
        visits.push({ stage, entered, left });
        insert.run(`a${visits.length}`, stage, new Date(entered).toISOString(), left === null ? null : new Date(left).toISOString());
      }
      db.prepare('UPDATE article_counts SET n = n + 1 WHERE key = ?').run(STAGE_VISITS_CHANGES);
      // Some instants fall before visits began: those count as zero seconds.
      for (const now of [origin + Math.floor(next() * 200) * 60_000, origin + 50 * 60_000 + 1]) {
        for (const stage of ['DRAFT', 'REVIEW', 'PUBLISHED']) {
          expect(durations.median(stage as 'DRAFT', new Date(now))).toBe(naiveMedian(visits, stage, now));
        }
      }
    }
  });

  it('reads the visits again only when the projection has counted a change', () => {
    const durations = new StageDurations(db, []);
    db.prepare('INSERT INTO stage_visits VALUES (?, ?, ?, ?)').run('a', 'DRAFT', '2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z');
    expect(durations.median('DRAFT', new Date())).toBe(60);

    db.prepare('INSERT INTO stage_visits VALUES (?, ?, ?, ?)').run('b', 'DRAFT', '2026-01-01T00:00:00.000Z', '2026-01-01T00:03:00.000Z');
    expect(durations.median('DRAFT', new Date())).toBe(60);
    db.prepare('UPDATE article_counts SET n = n + 1 WHERE key = ?').run(STAGE_VISITS_CHANGES);
    expect(durations.median('DRAFT', new Date())).toBe(120);
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
