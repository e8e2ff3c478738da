import type { ArticleState, Claim, Person, Stage } from '@galley/editorial';
import { ARTICLE_EVENT_TYPES, STAGES } from '@galley/editorial';
import type Database from 'better-sqlite3';
import { ARTICLE_STATE_JSON, ARTICLE_STREAM_PREFIX, type ArticleFold } from './article-fold';
import { CLAIM_QUEUE_COUNT } from './article-read-model.projection';
import { StageDurations } from './stage-durations';

export interface ArticleRow {
  readonly state: ArticleState;
  readonly version: number;
}

/**
 * An article as the list columns of its row hold it (the projection writes them from the folded
 * state, in the same transaction): what a board shows, read without parsing the state.
 */
export interface ArticleListing {
  readonly id: string;
  readonly version: number;
  readonly stage: Stage;
  readonly title: string;
  readonly dek: string;
  readonly author: Person | null;
  readonly series: string | null;
  readonly updatedAt: string | null;
  readonly stageEnteredAt: string | null;
  readonly dueAt: string | null;
  readonly slug: string | null;
  readonly edition: number | null;
  readonly publishedAt: string | null;
  readonly scheduledFor: string | null;
  readonly correctionSuggested: boolean;
}

/**
 * What a list reads of each article: its list columns alone (`listing`), its folded state without
 * the body (`state`: reading the body throws), or the state with its body (`stateAndBody`).
 */
export type ArticleRead = 'listing' | 'state' | 'stateAndBody';
export type ArticleReadAs<R extends ArticleRead> = R extends 'listing' ? ArticleListing : ArticleRow;

/** Whether a list's node is a listing (read with `listing`) rather than a folded article. */
export function isListing(node: ArticleListing | ArticleRow): node is ArticleListing {
  return !('state' in node);
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

export interface Dashboard<T = ArticleRow> {
  readonly perStage: { stage: Stage; count: number }[];
  readonly medianTimeInStage: { stage: Stage; seconds: number | null }[];
  readonly pendingClaims: number;
  readonly overdue: T[];
  readonly correctionSuggested: T[];
}

const MAX_PAGE = 100;
const CLOSED_STAGES = ['PUBLISHED', 'RETRACTED', 'DISCARDED'];
/** The stages whose median time the dashboard gives. */
const OPEN_STAGES = STAGES.filter((stage) => !CLOSED_STAGES.includes(stage));
/** The folded article of `a` (the articles table): its state without the body, and the body. */
const STATE_OF = 'JOIN article_states s ON s.id = a.id JOIN article_bodies b ON b.id = a.id';
const STATE = `${ARTICLE_STATE_JSON} AS state`;
const ARTICLE_COLUMNS = `${STATE}, s.version, b.body`;
const STATE_ONLY_OF = 'JOIN article_states s ON s.id = a.id';
const LISTING_COLUMNS = `a.id, a.version, a.stage, a.title, a.dek, a.author_id, a.author_name, a.series, a.updated_at, a.stage_entered_at,
  a.due_at, a.slug, a.edition, a.published_at, a.scheduled_for, a.correction_suggested`;

/** How a read selects an article of `a` and what it makes of the row. */
interface Reading<T> {
  readonly columns: string;
  readonly joins: string;
  readonly map: (row: never) => T;
}

const READS: { readonly [R in ArticleRead]: Reading<ArticleReadAs<R>> } = {
  listing: { columns: LISTING_COLUMNS, joins: '', map: toListing },
  state: { columns: `${STATE}, s.version`, joins: STATE_ONLY_OF, map: toArticleWithoutBody },
  stateAndBody: { columns: ARTICLE_COLUMNS, joins: STATE_OF, map: toArticle },
};

/** The article event types as SQL literals (the domain's own names: letters only). */
const ARTICLE_TYPES_SQL = ARTICLE_EVENT_TYPES.map((type) => `'${type}'`).join(', ');

interface StoredArticle {
  state: string;
  version: number;
  body: string;
}

/** Reads of the article read model. */
export class ArticleReadModel {
  private readonly durations: StageDurations;
  private readonly statements = new Map<string, Database.Statement>();

  /** With the runner's fold, an article it holds in memory is answered without reading the file. */
  constructor(
    private readonly db: Database.Database,
    private readonly fold: ArticleFold | null = null,
  ) {
    this.durations = new StageDurations(db, CLOSED_STAGES);
  }

  get(id: string): ArticleRow | null {
    const hot = this.fold?.hotArticle(id);
    if (hot) return hot;
    const row = this.db
      .prepare<[string], StoredArticle>(`SELECT ${ARTICLE_COLUMNS} FROM article_states s JOIN article_bodies b ON b.id = s.id WHERE s.id = ?`)
      .get(id);
    return row ? toArticle(row) : null;
  }

  getPublishedBySlug(slug: string): ArticleRow | null {
    const row = this.db
      .prepare<[string], StoredArticle>(`SELECT ${ARTICLE_COLUMNS} FROM articles a ${STATE_OF} WHERE a.slug = ? AND a.stage = 'PUBLISHED'`)
      .get(slug);
    return row ? toArticle(row) : null;
  }

  /**
   * The public record behind a slug: a published article, or one published and since retracted
   * (readers following an old link are told why). Never anything that was not published.
   */
  getPublicRecordBySlug(slug: string): ArticleRow | null {
    const row = this.db
      .prepare<[string], StoredArticle>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles a ${STATE_OF}
          WHERE a.slug = ? AND a.stage IN ('PUBLISHED', 'RETRACTED') AND a.published_at IS NOT NULL`,
      )
      .get(slug);
    return row ? toArticle(row) : null;
  }

  /**
   * A page of articles, newest first, read as `read` says. A list that shows neither bodies nor anything
   * beyond the list columns should say so: a page of twenty bodies is about 700 KB of strings and twenty
   * folded states about 300 KB of JSON to parse, paid for in collector pauses.
   */
  list(filter: ArticleFilter, first: number, after: string | null): Page<ArticleRow>;
  list<R extends ArticleRead>(filter: ArticleFilter, first: number, after: string | null, read: R): Page<ArticleReadAs<R>>;
  list(filter: ArticleFilter, first: number, after: string | null, read: ArticleRead = 'stateAndBody'): Page<ArticleListing | ArticleRow> {
    const where: string[] = [];
    const params: unknown[] = [];
    const condition = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (filter.stage) condition('a.stage = ?', filter.stage);
    if (filter.publishedOnly) condition(`a.stage = 'PUBLISHED'`);
    if (filter.authorId) condition('a.author_id = ?', filter.authorId);
    if (filter.series) condition('a.series = ?', filter.series);
    if (filter.search) {
      condition(`a.id IN (SELECT id FROM article_search WHERE text LIKE ? ESCAPE '\\')`, `%${escapeLike(filter.search.toLowerCase())}%`);
    }
    const totalCount = this.count(filter, where, params);

    const pageWhere = [...where];
    const pageParams = [...params];
    const cursor = after ? decodeCursor(after) : null;
    if (cursor) {
      pageWhere.push('(a.created_at < ? OR (a.created_at = ? AND a.id < ?))');
      pageParams.push(cursor.createdAt, cursor.createdAt, cursor.id);
    }
    const limit = clampPage(first);
    const { columns, joins, map }: Reading<ArticleListing | ArticleRow> = READS[read];
    const rows = this.statement(`SELECT a.id AS cursor_id, a.created_at AS cursor_created_at, ${columns} FROM articles a ${joins}
        ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
        ORDER BY a.created_at DESC, a.id DESC LIMIT +?`)
      .all(...pageParams, limit + 1) as { cursor_id: string; cursor_created_at: string }[];
    return {
      items: rows.slice(0, limit).map((row) => ({ cursor: encodeCursor(row.cursor_created_at, row.cursor_id), node: map(row as never) })),
      totalCount,
      hasNextPage: rows.length > limit,
      hasPreviousPage: cursor !== null,
    };
  }

  /** One article's listing (its list columns), or null. */
  listing(id: string): ArticleListing | null {
    const row = this.statement(`SELECT ${LISTING_COLUMNS} FROM articles a WHERE a.id = ?`).get(id) as ListingRecord | undefined;
    return row ? toListing(row) : null;
  }

  /** Scheduled articles whose time has come. */
  dueSchedules(now: Date): { id: string; scheduledFor: string }[] {
    const rows = this.db.prepare(`SELECT id, scheduled_for FROM articles WHERE stage = 'SCHEDULED'`).all() as { id: string; scheduled_for: string | null }[];
    return rows
      .map((row) => ({ id: row.id, scheduledFor: row.scheduled_for }))
      .filter((row): row is { id: string; scheduledFor: string } => row.scheduledFor !== null && Date.parse(row.scheduledFor) <= now.getTime());
  }

  /** The total of a list: kept by the projection when the filter is by stage only, counted otherwise. */
  private count(filter: ArticleFilter, where: readonly string[], params: readonly unknown[]): number {
    if (filter.authorId || filter.series || filter.search) {
      return (this.statement(`SELECT COUNT(*) AS n FROM articles a WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n;
    }
    const stages = filter.publishedOnly ? (!filter.stage || filter.stage === 'PUBLISHED' ? ['PUBLISHED'] : []) : filter.stage ? [filter.stage] : STAGES;
    if (stages.length === 0) return 0;
    const row = this.statement(`SELECT COALESCE(SUM(n), 0) AS n FROM article_counts WHERE key IN (${stages.map(() => '?').join(', ')})`)
      .get(...stages) as { n: number };
    return row.n;
  }

  /** A list's statements, prepared once per combination of filters (a bounded few), not on every request. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
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
        .prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles a ${STATE_OF} WHERE a.stage = 'PUBLISHED' AND a.${sameSeries}
          AND (a.published_at ${comparison} ? OR (a.published_at = ? AND a.id ${comparison} ?))
          ORDER BY a.published_at ${order}, a.id ${order} LIMIT 1`)
        .get(...params, self.published_at, self.published_at, articleId) as StoredArticle | undefined;
      return row ? toArticle(row) : null;
    };
    return { previous: pick('<', 'DESC'), next: pick('>', 'ASC') };
  }

  /** Claims waiting in the queue, as the projection counts them. */
  queueLength(): number {
    return (this.db.prepare('SELECT n FROM article_counts WHERE key = ?').get(CLAIM_QUEUE_COUNT) as { n: number } | undefined)?.n ?? 0;
  }

  /** The article's events, oldest first: the audit log of its stream (AuditLogProjection), article events only. */
  history(articleId: string): HistoryRow[] {
    const rows = this.db
      .prepare(`SELECT revision + 1 AS version, type, at, actor_id, actor_name, claim_id, status, note FROM audit_log
        WHERE stream_id = ? AND type IN (${ARTICLE_TYPES_SQL}) ORDER BY revision`)
      .all(ARTICLE_STREAM_PREFIX + articleId) as HistoryRecord[];
    return rows.map(toHistory);
  }

  claimQueue(first: number, after: string | null): Page<ClaimQueueItem> {
    const totalCount = this.queueLength();
    const cursor = after ? decodeQueueCursor(after) : null;
    const limit = clampPage(first);
    const rows = this.db
      // The queued claim's own row (ADR 0012: claims are rows of their own), not its article's state.
      .prepare(`SELECT q.article_id, q.claim_id, q.article_title, q.since, q.post_publication, c.claim
        FROM claim_queue q LEFT JOIN article_claims c ON c.article_id = q.article_id AND c.claim ->> '$.id' = q.claim_id
        ${cursor ? 'WHERE (q.since, q.article_id, q.claim_id) > (?, ?, ?)' : ''}
        ORDER BY q.since, q.article_id, q.claim_id LIMIT +?`)
      .all(...(cursor ? [cursor.since, cursor.articleId, cursor.claimId] : []), limit + 1) as {
      article_id: string;
      claim_id: string;
      article_title: string;
      since: string;
      post_publication: number;
      claim: string | null;
    }[];
    const items = rows.slice(0, limit).flatMap((row) => {
      if (row.claim === null) return [];
      const claim = JSON.parse(row.claim) as Claim;
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

  /** The dashboard; its lists of articles are read as `read` says (see `list`). */
  dashboard(now: Date): Dashboard;
  dashboard<R extends ArticleRead>(now: Date, read: R): Dashboard<ArticleReadAs<R>>;
  dashboard(now: Date, read: ArticleRead = 'stateAndBody'): Dashboard<ArticleListing | ArticleRow> {
    const counts = new Map((this.db.prepare('SELECT key, n FROM article_counts').all() as { key: string; n: number }[]).map((r) => [r.key, r.n]));
    const pendingClaims = counts.get(CLAIM_QUEUE_COUNT) ?? 0;
    const { columns, joins, map }: Reading<ArticleListing | ArticleRow> = READS[read];
    const overdue = this.statement(`SELECT ${columns} FROM articles a ${joins}
        WHERE a.due_at IS NOT NULL AND a.due_at < ? AND a.stage NOT IN ('PUBLISHED', 'RETRACTED', 'DISCARDED') ORDER BY a.due_at`)
      .all(now.toISOString()) as never[];
    const suggested = this.statement(`SELECT ${columns} FROM articles a ${joins}
        WHERE a.correction_suggested = 1 AND a.stage = 'PUBLISHED' ORDER BY a.published_at DESC`)
      .all() as never[];
    return {
      perStage: STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 })),
      medianTimeInStage: this.durations.medians(OPEN_STAGES, now).map((seconds, index) => ({ stage: OPEN_STAGES[index], seconds })),
      pendingClaims,
      overdue: overdue.map((row) => map(row)),
      correctionSuggested: suggested.map((row) => map(row)),
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

interface ListingRecord {
  id: string;
  version: number;
  stage: Stage;
  title: string;
  dek: string;
  author_id: string | null;
  author_name: string | null;
  series: string | null;
  updated_at: string | null;
  stage_entered_at: string | null;
  due_at: string | null;
  slug: string | null;
  edition: number | null;
  published_at: string | null;
  scheduled_for: string | null;
  correction_suggested: number;
}

function toListing(row: ListingRecord): ArticleListing {
  return {
    id: row.id,
    version: row.version,
    stage: row.stage,
    title: row.title,
    dek: row.dek,
    author: row.author_id === null ? null : { id: row.author_id, name: row.author_name ?? '' },
    series: row.series,
    updatedAt: row.updated_at,
    stageEnteredAt: row.stage_entered_at,
    dueAt: row.due_at,
    slug: row.slug,
    edition: row.edition,
    publishedAt: row.published_at,
    scheduledFor: row.scheduled_for,
    correctionSuggested: row.correction_suggested === 1,
  };
}

function toArticle(row: StoredArticle): ArticleRow {
  const state = JSON.parse(row.state) as { body: string };
  state.body = row.body;
  return { state: state as unknown as ArticleState, version: row.version };
}

/** Its body left unread: reading it is a mistake to see at once, not an empty text to publish. */
function toArticleWithoutBody(row: Omit<StoredArticle, 'body'>): ArticleRow {
  const state = JSON.parse(row.state) as { id: string };
  Object.defineProperty(state, 'body', {
    enumerable: false,
    get() {
      throw new BodyNotReadError(state.id);
    },
  });
  return { state: state as unknown as ArticleState, version: row.version };
}

export class BodyNotReadError extends Error {
  constructor(readonly articleId: string) {
    super(`The body of ${articleId} was not read: the list was asked for without bodies`);
    this.name = 'BodyNotReadError';
  }
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
