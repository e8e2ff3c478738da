import type { ArticleState, Claim, Stage } from '@galley/editorial';
import { STAGES } from '@galley/editorial';
import type Database from 'better-sqlite3';

export interface ArticleRow {
  readonly state: ArticleState;
  readonly version: number;
}

export interface HistoryRow {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actor: { id: string; name: string } | null;
  readonly claimId: string | null;
  readonly status: string | null;
  readonly note: string | null;
}

export interface Page<T> {
  readonly items: { cursor: string; node: T }[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}

export interface ArticleFilter {
  stage?: Stage | null;
  authorId?: string | null;
  series?: string | null;
  search?: string | null;
  /** Leave out articles that are not published (the public side). */
  publishedOnly?: boolean;
}

export interface ClaimQueueItem {
  readonly claim: Claim;
  readonly articleId: string;
  readonly articleTitle: string;
  readonly waitingSince: string;
  readonly postPublication: boolean;
}

export interface Dashboard {
  readonly perStage: { stage: Stage; count: number }[];
  readonly medianTimeInStage: { stage: Stage; seconds: number | null }[];
  readonly pendingClaims: number;
  readonly overdue: ArticleRow[];
  readonly correctionSuggested: ArticleRow[];
}

const MAX_PAGE = 100;
const CLOSED_STAGES = ['PUBLISHED', 'RETRACTED', 'DISCARDED'];

/** Reads of the article read model. */
export class ArticleReadModel {
  constructor(private readonly db: Database.Database) {}

  get(id: string): ArticleRow | null {
    const row = this.db.prepare<[string], { state: string; version: number }>('SELECT state, version FROM articles WHERE id = ?').get(id);
    return row ? toArticle(row) : null;
  }

  getPublishedBySlug(slug: string): ArticleRow | null {
    const row = this.db
      .prepare<[string], { state: string; version: number }>(`SELECT state, version FROM articles WHERE slug = ? AND stage = 'PUBLISHED'`)
      .get(slug);
    return row ? toArticle(row) : null;
  }

  /**
   * The public record behind a slug: a published article, or one published and since retracted
   * (readers following an old link are told why). Never anything that was not published.
   */
  getPublicRecordBySlug(slug: string): ArticleRow | null {
    const row = this.db
      .prepare<[string], { state: string; version: number }>(
        `SELECT state, version FROM articles WHERE slug = ? AND stage IN ('PUBLISHED', 'RETRACTED') AND published_at IS NOT NULL`,
      )
      .get(slug);
    return row ? toArticle(row) : null;
  }

  list(filter: ArticleFilter, first: number, after: string | null): Page<ArticleRow> {
    const where: string[] = [];
    const params: unknown[] = [];
    const condition = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (filter.stage) condition('stage = ?', filter.stage);
    if (filter.publishedOnly) condition(`stage = 'PUBLISHED'`);
    if (filter.authorId) condition('author_id = ?', filter.authorId);
    if (filter.series) condition('series = ?', filter.series);
    if (filter.search) condition(`search LIKE ? ESCAPE '\\'`, `%${escapeLike(filter.search.toLowerCase())}%`);
    const filtered = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const totalCount = (this.db.prepare(`SELECT COUNT(*) AS n FROM articles ${filtered}`).get(...params) as { n: number }).n;

    const pageWhere = [...where];
    const pageParams = [...params];
    const cursor = after ? decodeCursor(after) : null;
    if (cursor) {
      pageWhere.push('(created_at < ? OR (created_at = ? AND id < ?))');
      pageParams.push(cursor.createdAt, cursor.createdAt, cursor.id);
    }
    const limit = clampPage(first);
    const rows = this.db
      .prepare(`SELECT id, created_at, state, version FROM articles ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...pageParams, limit + 1) as { id: string; created_at: string; state: string; version: number }[];
    return {
      items: rows.slice(0, limit).map((row) => ({ cursor: encodeCursor(row.created_at, row.id), node: toArticle(row) })),
      totalCount,
      hasNextPage: rows.length > limit,
      hasPreviousPage: cursor !== null,
    };
  }

  /** Scheduled articles whose time has come. */
  dueSchedules(now: Date): { id: string; scheduledFor: string }[] {
    const rows = this.db.prepare(`SELECT id, state FROM articles WHERE stage = 'SCHEDULED'`).all() as { id: string; state: string }[];
    return rows
      .map((row) => ({ id: row.id, scheduledFor: (JSON.parse(row.state) as ArticleState).scheduledFor }))
      .filter((row): row is { id: string; scheduledFor: string } => row.scheduledFor !== null && Date.parse(row.scheduledFor) <= now.getTime());
  }

  /** The published articles before and after this one, in its series (or the whole publication). */
  neighbours(articleId: string): { previous: ArticleRow | null; next: ArticleRow | null } {
    const self = this.db.prepare<[string], { series: string | null; published_at: string | null }>(
      `SELECT series, published_at FROM articles WHERE id = ? AND stage = 'PUBLISHED'`,
    ).get(articleId);
    if (!self || !self.published_at) return { previous: null, next: null };
    const sameSeries = self.series === null ? 'series IS NULL' : 'series = ?';
    const params = self.series === null ? [] : [self.series];
    const pick = (comparison: string, order: string) => {
      const row = this.db
        .prepare(`SELECT state, version FROM articles WHERE stage = 'PUBLISHED' AND ${sameSeries}
          AND (published_at ${comparison} ? OR (published_at = ? AND id ${comparison} ?)) ORDER BY published_at ${order}, id ${order} LIMIT 1`)
        .get(...params, self.published_at, self.published_at, articleId) as { state: string; version: number } | undefined;
      return row ? toArticle(row) : null;
    };
    return { previous: pick('<', 'DESC'), next: pick('>', 'ASC') };
  }

  history(articleId: string): HistoryRow[] {
    const rows = this.db
      .prepare(`SELECT version, type, at, actor_id, actor_name, claim_id, status, note FROM article_history WHERE article_id = ? ORDER BY version`)
      .all(articleId) as HistoryRecord[];
    return rows.map(toHistory);
  }

  claimQueue(first: number, after: string | null): Page<ClaimQueueItem> {
    const totalCount = (this.db.prepare('SELECT COUNT(*) AS n FROM claim_queue').get() as { n: number }).n;
    const cursor = after ? decodeQueueCursor(after) : null;
    const limit = clampPage(first);
    const rows = this.db
      .prepare(`SELECT q.article_id, q.claim_id, q.article_title, q.since, q.post_publication, a.state
        FROM claim_queue q JOIN articles a ON a.id = q.article_id
        ${cursor ? 'WHERE (q.since, q.article_id, q.claim_id) > (?, ?, ?)' : ''}
        ORDER BY q.since, q.article_id, q.claim_id LIMIT ?`)
      .all(...(cursor ? [cursor.since, cursor.articleId, cursor.claimId] : []), limit + 1) as {
      article_id: string;
      claim_id: string;
      article_title: string;
      since: string;
      post_publication: number;
      state: string;
    }[];
    const items = rows.slice(0, limit).flatMap((row) => {
      const claim = (JSON.parse(row.state) as ArticleState).claims.find((c) => c.id === row.claim_id);
      if (!claim) return [];
      const node: ClaimQueueItem = {
        claim,
        articleId: row.article_id,
        articleTitle: row.article_title,
        waitingSince: row.since,
        postPublication: row.post_publication === 1,
      };
      return [{ cursor: encode([row.since, row.article_id, row.claim_id]), node }];
    });
    return { items, totalCount, hasNextPage: rows.length > limit, hasPreviousPage: cursor !== null };
  }

  dashboard(now: Date): Dashboard {
    const counts = new Map(
      (this.db.prepare('SELECT stage, COUNT(*) AS n FROM articles GROUP BY stage').all() as { stage: Stage; n: number }[]).map((r) => [r.stage, r.n]),
    );
    const visits = this.db.prepare('SELECT stage, entered_at, left_at FROM stage_visits').all() as {
      stage: Stage;
      entered_at: string;
      left_at: string | null;
    }[];
    const durations = new Map<Stage, number[]>();
    for (const visit of visits) {
      if (visit.left_at === null && CLOSED_STAGES.includes(visit.stage)) continue;
      const end = visit.left_at ? Date.parse(visit.left_at) : now.getTime();
      const list = durations.get(visit.stage) ?? [];
      list.push(Math.max(0, (end - Date.parse(visit.entered_at)) / 1000));
      durations.set(visit.stage, list);
    }
    const pendingClaims = (this.db.prepare('SELECT COUNT(*) AS n FROM claim_queue').get() as { n: number }).n;
    const overdue = this.db
      .prepare(`SELECT state, version FROM articles WHERE due_at IS NOT NULL AND due_at < ? AND stage NOT IN ('PUBLISHED', 'RETRACTED', 'DISCARDED') ORDER BY due_at`)
      .all(now.toISOString()) as { state: string; version: number }[];
    const suggested = this.db
      .prepare(`SELECT state, version FROM articles WHERE correction_suggested = 1 AND stage = 'PUBLISHED' ORDER BY published_at DESC`)
      .all() as { state: string; version: number }[];
    return {
      perStage: STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 })),
      medianTimeInStage: STAGES.filter((s) => !CLOSED_STAGES.includes(s)).map((stage) => ({ stage, seconds: median(durations.get(stage) ?? []) })),
      pendingClaims,
      overdue: overdue.map(toArticle),
      correctionSuggested: suggested.map(toArticle),
    };
  }
}

interface HistoryRecord {
  version: number;
  type: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  claim_id: string | null;
  status: string | null;
  note: string | null;
}

function toHistory(row: HistoryRecord): HistoryRow {
  return {
    version: row.version,
    type: row.type,
    at: row.at,
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? row.actor_id } : null,
    claimId: row.claim_id,
    status: row.status,
    note: row.note,
  };
}

function toArticle(row: { state: string; version: number }): ArticleRow {
  return { state: JSON.parse(row.state) as ArticleState, version: row.version };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function clampPage(first: number): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(first)));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encode(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

function decode(cursor: string, length: number): string[] | null {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parts) && parts.length === length && parts.every((p) => typeof p === 'string') ? parts : null;
  } catch {
    return null;
  }
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this list gave out');
    this.name = 'InvalidCursorError';
  }
}

function encodeCursor(createdAt: string, id: string): string {
  return encode([createdAt, id]);
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const parts = decode(cursor, 2);
  if (!parts) throw new InvalidCursorError();
  return { createdAt: parts[0], id: parts[1] };
}

function decodeQueueCursor(cursor: string): { since: string; articleId: string; claimId: string } {
  const parts = decode(cursor, 3);
  if (!parts) throw new InvalidCursorError();
  return { since: parts[0], articleId: parts[1], claimId: parts[2] };
}
