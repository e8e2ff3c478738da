import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { ARTICLE_STREAM_PREFIX } from '../articles/article-fold';
import { historyFacts } from '../articles/article-read-model.projection';
import type { Projection } from '../runner/projection';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  commit_position TEXT NOT NULL,
  article_id TEXT,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  request_id TEXT,
  command_id TEXT,
  -- What an article's timeline shows of the event (ArticleReadModel.history reads it here): null elsewhere.
  claim_id TEXT,
  status TEXT,
  note TEXT,
  PRIMARY KEY (stream_id, revision)
);
`;

const READ_INDEXES = `
CREATE INDEX IF NOT EXISTS audit_log_by_at ON audit_log (at, stream_id, revision);
CREATE INDEX IF NOT EXISTS audit_log_by_actor ON audit_log (actor_id, at);
`;

/** Snapshots are the store's own bookkeeping, not something anyone did. */
const NOT_AUDITED = 'snapshot-';

/**
 * Who did what, when, and in which request: one row per event of every stream. An article's rows
 * are also its timeline (the claim, status and note of each event): one row per event for both.
 */
export class AuditLogProjection implements Projection {
  readonly name = 'audit-log';
  private insert!: Database.Statement;

  migrate(db: Database.Database): void {
    db.exec(SCHEMA);
    // A replayed event finds its row already there.
    this.insert = db.prepare(`INSERT OR IGNORE INTO audit_log
      (stream_id, revision, commit_position, article_id, type, at, actor_id, actor_name, request_id, command_id, claim_id, status, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  createIndexes(db: Database.Database): void {
    db.exec(READ_INDEXES);
  }

  handles(event: RecordedEvent): boolean {
    return !event.streamId.startsWith(NOT_AUDITED);
  }

  apply(_db: Database.Database, event: RecordedEvent): void {
    const { actor, requestId, commandId } = event.metadata;
    const at = (event.data as { at?: unknown }).at;
    const articleId = event.streamId.startsWith(ARTICLE_STREAM_PREFIX) ? event.streamId.slice(ARTICLE_STREAM_PREFIX.length) : null;
    const facts = articleId === null ? null : historyFacts(event);
    this.insert.run(
      event.streamId,
      event.revision,
      event.position.commit.toString(),
      articleId,
      event.type,
      typeof at === 'string' ? at : event.created.toISOString(),
      actor?.id ?? null,
      actor?.name ?? null,
      typeof requestId === 'string' ? requestId : null,
      commandId ?? null,
      facts?.claimId ?? null,
      facts?.status ?? null,
      facts?.note ?? null,
    );
  }
}
