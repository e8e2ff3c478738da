import type Database from 'better-sqlite3';
import { ARTICLE_STREAM_PREFIX } from '../articles/article-fold';
import { InvalidCursorError, type Page } from '../articles/article-read-model';

export interface AuditEntry {
  readonly streamId: string;
  /** 1-based: the stream's version after this event. */
  readonly version: number;
  readonly articleId: string | null;
  readonly type: string;
  readonly at: string;
  readonly actor: { id: string; name: string } | null;
  readonly requestId: string | null;
  readonly commandId: string | null;
}

export interface AuditFilter {
  readonly actorId?: string | null;
  readonly articleId?: string | null;
  /** Inclusive. */
  readonly since?: Date | null;
  /** Exclusive. */
  readonly until?: Date | null;
}

const MAX_PAGE = 200;

interface AuditRow {
  stream_id: string;
  revision: number;
  article_id: string | null;
  type: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  request_id: string | null;
  command_id: string | null;
}

/** Reads of the audit log, newest first. */
export class AuditLogReadModel {
  constructor(private readonly db: Database.Database) {}

  entries(filter: AuditFilter, first: number, after: string | null): Page<AuditEntry> {
    const where: string[] = [];
    const params: unknown[] = [];
    const condition = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    // An article's rows are found by its stream (the key); given an article too, the actor only filters
    // them (`+` keeps SQLite from walking every row of the actor's index instead).
    if (filter.actorId) condition(filter.articleId ? '+actor_id = ?' : 'actor_id = ?', filter.actorId);
    if (filter.articleId) condition('stream_id = ?', ARTICLE_STREAM_PREFIX + filter.articleId);
    if (filter.since) condition('at >= ?', filter.since.toISOString());
    if (filter.until) condition('at < ?', filter.until.toISOString());
    const totalCount = (this.db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).get(...params) as { n: number }).n;
    const cursor = after ? decode(after) : null;
    if (cursor) condition('(at, stream_id, revision) < (?, ?, ?)', cursor.at, cursor.streamId, cursor.revision);
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(first)));
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, stream_id DESC, revision DESC LIMIT +?`)
      .all(...params, limit + 1) as AuditRow[];
    return {
      items: rows.slice(0, limit).map((row) => ({ cursor: encode(row), node: toEntry(row) })),
      totalCount,
      hasNextPage: rows.length > limit,
      hasPreviousPage: cursor !== null,
    };
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    streamId: row.stream_id,
    version: row.revision + 1,
    articleId: row.article_id,
    type: row.type,
    at: row.at,
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? row.actor_id } : null,
    requestId: row.request_id,
    commandId: row.command_id,
  };
}

function encode(row: AuditRow): string {
  return Buffer.from(JSON.stringify([row.at, row.stream_id, row.revision]), 'utf8').toString('base64url');
}

function decode(cursor: string): { at: string; streamId: string; revision: number } {
  try {
    const [at, streamId, revision] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof streamId === 'string' && typeof revision === 'number') return { at, streamId, revision };
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
