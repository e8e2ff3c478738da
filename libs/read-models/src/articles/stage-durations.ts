import type { Stage } from '@galley/editorial';
import type Database from 'better-sqlite3';

/** The row of `article_counts` that counts writes to `stage_visits`: it changes whenever they do. */
export const STAGE_VISITS_CHANGES = 'stage_visits_changes';

interface StageVisits {
  /** Seconds spent in finished visits, ascending. */
  readonly closed: Float64Array;
  /** Entry instants (ms) of visits still open, descending: their durations at any instant ascend. */
  readonly open: Float64Array;
}

/**
 * Median time in each stage, over finished visits and the visits still open (measured to now).
 * Visits are loaded once and sorted, and loaded again only when the projection has changed them
 * (a counter it keeps); a median is then the middle of two sorted lists, found by bisection, so a
 * dashboard costs a few comparisons per stage however many articles there are.
 */
export class StageDurations {
  private loadedAt: number | null = null;
  private visits = new Map<Stage, StageVisits>();

  constructor(
    private readonly db: Database.Database,
    /** Stages whose open visits do not count: an article stays in them for good. */
    private readonly finalStages: readonly string[],
  ) {}

  median(stage: Stage, now: Date): number | null {
    this.refresh();
    const visits = this.visits.get(stage);
    if (!visits) return null;
    const { closed, open } = visits;
    const at = now.getTime();
    const total = closed.length + open.length;
    if (total === 0) return null;
    const openSeconds = (i: number) => Math.max(0, (at - open[i]) / 1000);
    const closedSeconds = (i: number) => closed[i];
    const kth = (k: number) => kthOfTwo(closedSeconds, closed.length, openSeconds, open.length, k);
    return total % 2 === 1 ? kth((total - 1) / 2) : (kth(total / 2 - 1) + kth(total / 2)) / 2;
  }

  private refresh(): void {
    const changes = (this.db.prepare('SELECT n FROM article_counts WHERE key = ?').get(STAGE_VISITS_CHANGES) as { n: number } | undefined)?.n ?? 0;
    if (this.loadedAt === changes) return;
    const closed = new Map<Stage, number[]>();
    const open = new Map<Stage, number[]>();
    const rows = this.db.prepare('SELECT stage, entered_at, left_at FROM stage_visits').raw().iterate() as Iterable<[Stage, string, string | null]>;
    for (const [stage, enteredAt, leftAt] of rows) {
      if (leftAt === null) {
        if (this.finalStages.includes(stage)) continue;
        push(open, stage, Date.parse(enteredAt));
      } else {
        push(closed, stage, Math.max(0, (Date.parse(leftAt) - Date.parse(enteredAt)) / 1000));
      }
    }
    this.visits = new Map();
    for (const stage of new Set([...closed.keys(), ...open.keys()])) {
      this.visits.set(stage, {
        closed: Float64Array.from(closed.get(stage) ?? []).sort(),
        open: Float64Array.from(open.get(stage) ?? []).sort().reverse(),
      });
    }
    this.loadedAt = changes;
  }
}

function push(map: Map<Stage, number[]>, stage: Stage, value: number): void {
  const list = map.get(stage);
  if (list) list.push(value);
  else map.set(stage, [value]);
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
