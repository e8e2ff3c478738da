import type { ClaimKind, ClaimStatus, Person, Stage } from '@galley/editorial';
import type Database from 'better-sqlite3';
import { InvalidCursorError, type Page } from '../articles/article-read-model';
import { decodeCursor, encodeCursor } from './cursor';

/** A claim as the desk sees it. */
export interface DeskClaim {
  readonly articleId: string;
  readonly articleTitle: string;
  readonly articleStage: Stage;
  readonly claimId: string;
  readonly text: string;
  readonly status: ClaimStatus;
  readonly kind: ClaimKind;
  readonly kinds: readonly ClaimKind[];
  readonly value: number | null;
  readonly unit: string | null;
  readonly score: number;
  readonly interestedParty: boolean;
  /** When the claim started waiting for a verdict (found, added or re-found after an edit). */
  readonly since: string;
  /** The fact-checker it is assigned to, directly or through its article; null when nobody. */
  readonly assignee: Person | null;
  /** Found or changed after the article was published. */
  readonly postPublication: boolean;
}

export interface ClaimQueueFilter {
  /** Only claims assigned to this person. */
  readonly assigneeId?: string | null;
  /** Only claims assigned to nobody (ignored when `assigneeId` is given). */
  readonly unassigned?: boolean | null;
  /** Only claims whose main kind is this one (so the counts by kind add up to the total). */
  readonly kind?: ClaimKind | null;
  readonly articleId?: string | null;
}

export interface ClaimQueueCounts {
  readonly total: number;
  readonly byKind: { kind: ClaimKind; count: number }[];
  readonly byAssignee: { assignee: Person; count: number }[];
  readonly unassigned: number;
}

export interface CheckerThroughput {
  readonly checker: Person;
  readonly verdicts: number;
  readonly byStatus: { status: ClaimStatus; count: number }[];
}

export interface Throughput {
  readonly total: number;
  /** Busiest checker first. */
  readonly perChecker: CheckerThroughput[];
  readonly perStatus: { status: ClaimStatus; count: number }[];
}

export interface DurationStats {
  readonly count: number;
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
}

export interface TimeToVerdict {
  readonly overall: DurationStats;
  readonly perKind: ({ kind: ClaimKind } & DurationStats)[];
}

/** Stages in which a pending claim waits for a checker: FACT_CHECK and everything after it but the ends. */
export const DESK_STAGES: readonly Stage[] = ['FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED'];
const MAX_PAGE = 100;

/** Reads of the fact-checking desk (ClaimDeskProjection's tables). */
export class ClaimDeskReadModel {
  constructor(private readonly db: Database.Database) {}

  /**
   * The claim queue: PENDING claims of articles at FACT_CHECK or later, oldest first (by `since`,
   * then article, then the order the claims were found in), `first` at a time (1–100) after the
   * cursor of the last item seen. `totalCount` counts every item that matches the filter. Throws
   * InvalidCursorError for a cursor this queue did not give out.
   */
  queue(options: ClaimQueueFilter & { first: number; after?: string | null }): Page<DeskClaim> {
    const { where, params } = queueWhere(options);
    const totalCount = (this.db.prepare(`SELECT COUNT(*) AS n FROM claim_desk_claims WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n;
    const cursor = options.after ? decodeQueueCursor(options.after) : null;
    const pageWhere = cursor ? [...where, '(since, article_id, found_at_version) > (?, ?, ?)'] : where;
    const pageParams = cursor ? [...params, ...cursor] : params;
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(options.first)));
    const rows = this.db
      .prepare(`SELECT * FROM claim_desk_claims WHERE ${pageWhere.join(' AND ')} ORDER BY since, article_id, found_at_version LIMIT +?`)
      .all(...pageParams, limit + 1) as ClaimRecord[];
    return {
      items: rows.slice(0, limit).map((row) => ({ cursor: encodeCursor([row.since, row.article_id, String(row.found_at_version)]), node: toDeskClaim(row) })),
      totalCount,
      hasNextPage: rows.length > limit,
      hasPreviousPage: cursor !== null,
    };
  }

  /** How many claims wait in the queue (optionally filtered as `queue` is): in all, by kind, by assignee, unassigned. */
  counts(filter: ClaimQueueFilter = {}): ClaimQueueCounts {
    const { where, params } = queueWhere(filter);
    const rows = this.db
      .prepare(`SELECT kind, assignee_id, assignee_name, COUNT(*) AS n FROM claim_desk_claims WHERE ${where.join(' AND ')}
        GROUP BY kind, assignee_id, assignee_name`)
      .all(...params) as { kind: ClaimKind; assignee_id: string | null; assignee_name: string | null; n: number }[];
    const byKind = new Map<ClaimKind, number>();
    const byAssignee = new Map<string, { assignee: Person; count: number }>();
    let total = 0;
    let unassigned = 0;
    for (const row of rows) {
      total += row.n;
      byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + row.n);
      if (row.assignee_id === null) {
        unassigned += row.n;
        continue;
      }
      const entry = byAssignee.get(row.assignee_id) ?? { assignee: { id: row.assignee_id, name: row.assignee_name ?? row.assignee_id }, count: 0 };
      entry.count += row.n;
      byAssignee.set(row.assignee_id, entry);
    }
    return {
      total,
      byKind: [...byKind].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
      byAssignee: [...byAssignee.values()].sort((a, b) => b.count - a.count || a.assignee.id.localeCompare(b.assignee.id)),
      unassigned,
    };
  }

  /** One claim as the desk has it, dropped or not; null when unknown. */
  claim(articleId: string, claimId: string): (DeskClaim & { droppedAt: string | null }) | null {
    const row = this.db.prepare('SELECT * FROM claim_desk_claims WHERE article_id = ? AND claim_id = ?').get(articleId, claimId) as ClaimRecord | undefined;
    return row ? { ...toDeskClaim(row), droppedAt: row.dropped_at } : null;
  }

  /** Verdicts recorded in [since, until) — every verdict, revisions included — per checker and per status. */
  throughput(range: { since?: Date | string | null; until?: Date | string | null } = {}): Throughput {
    const where: string[] = [];
    const params: string[] = [];
    if (range.since) {
      where.push('at >= ?');
      params.push(instant(range.since));
    }
    if (range.until) {
      where.push('at < ?');
      params.push(instant(range.until));
    }
    const rows = this.db
      .prepare(`SELECT checker_id, checker_name, status, COUNT(*) AS n FROM claim_desk_verdicts
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY checker_id, status ORDER BY checker_id, status`)
      .all(...params) as { checker_id: string; checker_name: string; status: ClaimStatus; n: number }[];
    const checkers = new Map<string, { checker: Person; verdicts: number; byStatus: { status: ClaimStatus; count: number }[] }>();
    const statuses = new Map<ClaimStatus, number>();
    let total = 0;
    for (const row of rows) {
      total += row.n;
      statuses.set(row.status, (statuses.get(row.status) ?? 0) + row.n);
      const entry = checkers.get(row.checker_id) ?? { checker: { id: row.checker_id, name: row.checker_name }, verdicts: 0, byStatus: [] };
      entry.verdicts += row.n;
      entry.byStatus.push({ status: row.status, count: row.n });
      checkers.set(row.checker_id, entry);
    }
    return {
      total,
      perChecker: [...checkers.values()].sort((a, b) => b.verdicts - a.verdicts || a.checker.id.localeCompare(b.checker.id)),
      perStatus: [...statuses].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status)),
    };
  }

  /**
   * How long claims waited for their first verdict (from the claim's `since`): median and 90th
   * percentile (nearest rank), overall and per main kind. Later revisions of a verdict are not waits.
   */
  timeToVerdict(): TimeToVerdict {
    const rows = this.db
      .prepare('SELECT kind, seconds_to_verdict AS seconds FROM claim_desk_verdicts WHERE first_verdict = 1')
      .all() as { kind: ClaimKind; seconds: number }[];
    const perKind = new Map<ClaimKind, number[]>();
    for (const row of rows) {
      const seconds = perKind.get(row.kind);
      if (seconds) seconds.push(row.seconds);
      else perKind.set(row.kind, [row.seconds]);
    }
    return {
      overall: stats(rows.map((r) => r.seconds)),
      perKind: [...perKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, seconds]) => ({ kind, ...stats(seconds) })),
    };
  }
}

interface ClaimRecord {
  article_id: string;
  claim_id: string;
  found_at_version: number;
  article_title: string;
  article_stage: Stage;
  status: ClaimStatus;
  kind: ClaimKind;
  kinds: string;
  value: number | null;
  unit: string | null;
  text: string;
  score: number;
  interested_party: number;
  since: string;
  post_publication: number;
  assignee_id: string | null;
  assignee_name: string | null;
  dropped_at: string | null;
}

function queueWhere(filter: ClaimQueueFilter): { where: string[]; params: unknown[] } {
  const where = [`status = 'PENDING'`, 'dropped_at IS NULL', `article_stage IN (${DESK_STAGES.map((s) => `'${s}'`).join(', ')})`];
  const params: unknown[] = [];
  if (filter.assigneeId) {
    where.push('assignee_id = ?');
    params.push(filter.assigneeId);
  } else if (filter.unassigned) {
    where.push('assignee_id IS NULL');
  }
  if (filter.kind) {
    where.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.articleId) {
    where.push('article_id = ?');
    params.push(filter.articleId);
  }
  return { where, params };
}

function decodeQueueCursor(cursor: string): [string, string, number] {
  const parts = decodeCursor(cursor, 3);
  const version = parts ? Number(parts[2]) : NaN;
  if (!parts || !Number.isInteger(version)) throw new InvalidCursorError();
  return [parts[0], parts[1], version];
}

function toDeskClaim(row: ClaimRecord): DeskClaim {
  return {
    articleId: row.article_id,
    articleTitle: row.article_title,
    articleStage: row.article_stage,
    claimId: row.claim_id,
    text: row.text,
    status: row.status,
    kind: row.kind,
    kinds: JSON.parse(row.kinds) as ClaimKind[],
    value: row.value,
    unit: row.unit,
    score: row.score,
    interestedParty: row.interested_party === 1,
    since: row.since,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? row.assignee_id } : null,
    postPublication: row.post_publication === 1,
  };
}

function instant(value: Date | string): string {
  return typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
}

/** Median (mean of the middle two) and 90th percentile (nearest rank) of durations in seconds. */
export function stats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { count: 0, medianSeconds: null, p90Seconds: null };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { count: sorted.length, medianSeconds: median, p90Seconds: sorted[Math.ceil(0.9 * sorted.length) - 1] };
}
