import type { Stage } from '@galley/editorial';
import type Database from 'better-sqlite3';

/** The row of `article_counts` that counts writes to `stage_visits`: it changes whenever they do. */
export const STAGE_VISITS_CHANGES = 'stage_visits_changes';

/**
 * Past this many rows changed since the last read, the visits are read again whole: each change
 * moves part of a sorted list, and a whole read sorts once.
 */
const MOST_CHANGES_APPLIED = 2_000;

interface StageVisits {
  /** Seconds spent in finished visits, ascending. */
  readonly closed: number[];
  /** Entry instants (ms) of visits still open, ascending: their durations at any instant descend. */
  readonly open: number[];
}

/** A `stage_visits` row, raw: its rowid, stage, entry and exit (ISO 8601, null while open). */
type VisitRow = [number, Stage, string, string | null];

/**
 * Median time in each stage, over finished visits and the visits still open (measured to now).
 * The visits are read once and sorted; after that, only the rows the projection wrote since (each
 * row carries the count of changes it was written at), each moved into place in the sorted lists.
 * A median is then the middle of two sorted lists, found by bisection, so a dashboard costs a few
 * comparisons per stage however many articles there are, and a change costs the rows it wrote.
 */
export class StageDurations {
  /** The schema and the count of changes the lists were read at; null before the first read. */
  private loaded: { readonly schema: number; readonly changes: number } | null = null;
  private visits = new Map<Stage, StageVisits>();
  /** Each row's exit (ms) as last read, by rowid: +Infinity while open, NaN for a row not read yet. */
  private exits = new Float64Array(0);
  /** Prepared at the first read: the projection may not have made the tables yet when this is built. */
  private statements: ReturnType<typeof prepare> | null = null;
  private readonly refresh: () => void;

  constructor(
    private readonly db: Database.Database,
    /** Stages whose open visits do not count: an article stays in them for good. */
    private readonly finalStages: readonly string[],
  ) {
    // One snapshot: the count and the rows it covers are read together.
    this.refresh = db.transaction(() => this.read());
  }

  private get s(): ReturnType<typeof prepare> {
    return (this.statements ??= prepare(this.db));
  }

  median(stage: Stage, now: Date): number | null {
    return this.medians([stage], now)[0];
  }

  /** The medians of several stages, in their order, from one reading of what changed. */
  medians(stages: readonly Stage[], now: Date): (number | null)[] {
    this.refresh();
    return stages.map((stage) => this.middle(stage, now));
  }

  private middle(stage: Stage, now: Date): number | null {
    const visits = this.visits.get(stage);
    if (!visits) return null;
    const { closed, open } = visits;
    const at = now.getTime();
    const total = closed.length + open.length;
    if (total === 0) return null;
    const openSeconds = (i: number) => Math.max(0, (at - open[open.length - 1 - i]) / 1000);
    const closedSeconds = (i: number) => closed[i];
    const kth = (k: number) => kthOfTwo(closedSeconds, closed.length, openSeconds, open.length, k);
    return total % 2 === 1 ? kth((total - 1) / 2) : (kth(total / 2 - 1) + kth(total / 2)) / 2;
  }

  private read(): void {
    const schema = this.s.schemaVersion.get() as number;
    const changes = this.s.changes.get(STAGE_VISITS_CHANGES) ?? 0;
    const loaded = this.loaded;
    if (loaded?.schema === schema && loaded.changes === changes) return;
    // Tables dropped and made again (a file emptied for a new version) start the count over.
    if (loaded === null || loaded.schema !== schema || changes < loaded.changes) return this.readAll(schema, changes);
    const rows = this.s.changedSince.all(loaded.changes, MOST_CHANGES_APPLIED + 1);
    if (rows.length > MOST_CHANGES_APPLIED) return this.readAll(schema, changes);
    // A row whose last reading is not in the lists (never expected) has the lists read again whole.
    if (!rows.every((row) => this.apply(row))) return this.readAll(schema, changes);
    this.loaded = { schema, changes };
  }

  private readAll(schema: number, changes: number): void {
    this.visits = new Map();
    this.exits = new Float64Array(0);
    for (const [rowid, stage, enteredAt, leftAt] of this.s.all.iterate()) {
      const entered = Date.parse(enteredAt);
      const exit = leftAt === null ? Infinity : Date.parse(leftAt);
      this.remember(rowid, exit);
      this.count(stage, entered, exit, (list, value) => list.push(value) > 0);
    }
    for (const { closed, open } of this.visits.values()) {
      closed.sort((a, b) => a - b);
      open.sort((a, b) => a - b);
    }
    this.loaded = { schema, changes };
  }

  /**
   * Moves a row written since the last read into place: out as it was last read, in as it is. False
   * when its last reading is not in the lists.
   */
  private apply([rowid, stage, enteredAt, leftAt]: VisitRow): boolean {
    const entered = Date.parse(enteredAt);
    const exit = leftAt === null ? Infinity : Date.parse(leftAt);
    const previous = rowid < this.exits.length ? this.exits[rowid] : Number.NaN;
    if (previous === exit) return true;
    if (!Number.isNaN(previous) && !this.count(stage, entered, previous, removeSorted)) return false;
    this.count(stage, entered, exit, insertSorted);
    this.remember(rowid, exit);
    return true;
  }

  /**
   * Hands the visit's value to `put`, in the list it counts in (none for an open visit of a final
   * stage), and answers what `put` does.
   */
  private count(stage: Stage, entered: number, exit: number, put: (list: number[], value: number) => boolean): boolean {
    if (exit === Infinity && this.finalStages.includes(stage)) return true;
    let visits = this.visits.get(stage);
    if (!visits) this.visits.set(stage, (visits = { closed: [], open: [] }));
    return exit === Infinity ? put(visits.open, entered) : put(visits.closed, Math.max(0, (exit - entered) / 1000));
  }

  private remember(rowid: number, exit: number): void {
    if (rowid >= this.exits.length) {
      const grown = new Float64Array(Math.max(1024, rowid + 1, this.exits.length * 2)).fill(Number.NaN);
      grown.set(this.exits);
      this.exits = grown;
    }
    this.exits[rowid] = exit;
  }
}

function prepare(db: Database.Database) {
  return {
    schemaVersion: db.prepare('PRAGMA schema_version').pluck(),
    changes: db.prepare<[string], number>('SELECT n FROM article_counts WHERE key = ?').pluck(),
    all: db.prepare<[], VisitRow>('SELECT rowid, stage, entered_at, left_at FROM stage_visits').raw(),
    changedSince: db
      .prepare<[number, number], VisitRow>('SELECT rowid, stage, entered_at, left_at FROM stage_visits WHERE changed > ? LIMIT +?')
      .raw(),
  };
}

/** The index of the first element not below `value` in an ascending list. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: number[], value: number): boolean {
  list.splice(lowerBound(list, value), 0, value);
  return true;
}

/** False when the list does not hold the value. */
function removeSorted(list: number[], value: number): boolean {
  const at = lowerBound(list, value);
  if (list[at] !== value) return false;
  list.splice(at, 1);
  return true;
}

/** The k-th smallest (from 0) of two ascending lists together, by bisection on how many come from the first. */
export function kthOfTwo(a: (i: number) => number, m: number, b: (j: number) => number, n: number, k: number): number {
  let lo = Math.max(0, k + 1 - n);
  let hi = Math.min(k + 1, m);
  while (lo < hi) {
    const i = (lo + hi) >> 1;
    const j = k + 1 - i;
    if (j > 0 && a(i) < b(j - 1)) lo = i + 1;
    else hi = i;
  }
  const j = k + 1 - lo;
  return Math.max(lo > 0 ? a(lo - 1) : -Infinity, j > 0 ? b(j - 1) : -Infinity);
}
