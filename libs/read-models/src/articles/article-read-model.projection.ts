import {
  ARTICLE_EVENT_TYPES,
  evolveArticle,
  initialArticleState,
  upcastArticleEvent,
  type ArticleState,
} from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import type { Projection } from '../runner/projection';

export const ARTICLE_STREAM_PREFIX = 'article-';
const ARTICLE_TYPES = new Set<string>(ARTICLE_EVENT_TYPES);
/** Stages in which a pending claim waits in the fact-checkers' queue. */
const QUEUED_STAGES = new Set(['FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED']);

const SCHEMA = `
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  stage TEXT NOT NULL,
  title TEXT NOT NULL,
  author_id TEXT,
  series TEXT,
  search TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT,
  stage_entered_at TEXT,
  due_at TEXT,
  slug TEXT,
  published_at TEXT,
  pending_claims INTEGER NOT NULL DEFAULT 0,
  correction_suggested INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_by_created ON articles (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_by_stage ON articles (stage);
CREATE INDEX IF NOT EXISTS articles_by_slug ON articles (slug);
CREATE TABLE IF NOT EXISTS article_history (
  article_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  claim_id TEXT,
  status TEXT,
  note TEXT,
  PRIMARY KEY (article_id, version)
);
CREATE INDEX IF NOT EXISTS article_history_by_claim ON article_history (article_id, claim_id);
CREATE TABLE IF NOT EXISTS claim_queue (
  article_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  article_title TEXT NOT NULL,
  since TEXT NOT NULL,
  post_publication INTEGER NOT NULL,
  PRIMARY KEY (article_id, claim_id)
);
CREATE INDEX IF NOT EXISTS claim_queue_by_since ON claim_queue (since, article_id, claim_id);
CREATE TABLE IF NOT EXISTS stage_visits (
  article_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  left_at TEXT,
  PRIMARY KEY (article_id, entered_at, stage)
);
CREATE INDEX IF NOT EXISTS stage_visits_by_stage ON stage_visits (stage);
`;

/** What the projection records of one event for an article's timeline. */
export function historyFacts(event: { type: string; data: unknown }): { claimId: string | null; status: string | null; note: string | null } {
  const data = event.data as { claimId?: string; status?: string; note?: string | null; reason?: string; comment?: string };
  return {
    claimId: data.claimId ?? null,
    status: data.status ?? null,
    note: data.note ?? data.reason ?? data.comment ?? null,
  };
}

/**
 * The article read model: the folded article (the domain's own evolve, a pure function), its
 * timeline, the claim queue and stage visits for the dashboard.
 */
export class ArticleReadModelProjection implements Projection {
  readonly name = 'articles';
  private statements!: ReturnType<typeof prepare>;

  migrate(db: Database.Database): void {
    db.exec(SCHEMA);
    this.statements = prepare(db);
  }

  handles(event: RecordedEvent): boolean {
    return event.streamId.startsWith(ARTICLE_STREAM_PREFIX) && ARTICLE_TYPES.has(event.type);
  }

  apply(_db: Database.Database, event: RecordedEvent): void {
    const s = this.statements;
    const articleId = event.streamId.slice(ARTICLE_STREAM_PREFIX.length);
    const row = s.get.get(articleId);
    // Replays are harmless: an event at or below the stored version has been applied.
    if (row && event.revision < row.version) return;
    const before: ArticleState = row ? JSON.parse(row.state) : initialArticleState();
    const after = evolveArticle(before, upcastArticleEvent(event.type, event.data, event.metadata.schemaVersion));
    const version = event.revision + 1;
    const pending = after.claims.filter((c) => c.status === 'PENDING');

    s.upsert.run({
      id: articleId,
      version,
      stage: after.stage,
      title: after.title,
      author_id: after.author?.id ?? null,
      series: after.series,
      search: `${after.title}\n${after.dek}\n${after.body}`.toLowerCase(),
      state: JSON.stringify(after),
      created_at: after.createdAt ?? event.created.toISOString(),
      updated_at: after.updatedAt,
      stage_entered_at: after.stageEnteredAt,
      due_at: after.dueAt,
      slug: after.slug,
      published_at: after.publishedAt,
      pending_claims: pending.length,
      correction_suggested: after.correctionSuggested ? 1 : 0,
    });

    const facts = historyFacts(event);
    const at = (event.data as { at?: string }).at ?? event.created.toISOString();
    s.history.run(articleId, version, event.type, at, event.metadata.actor?.id ?? null, event.metadata.actor?.name ?? null, facts.claimId, facts.status, facts.note);

    if (!row || before.stage !== after.stage) {
      s.closeVisit.run(at, articleId);
      s.openVisit.run(articleId, after.stage, after.stageEnteredAt ?? at);
    }

    s.clearQueue.run(articleId);
    if (QUEUED_STAGES.has(after.stage)) {
      for (const claim of pending) s.enqueue.run(articleId, claim.id, after.title, claim.since, claim.postPublication ? 1 : 0);
    }
  }
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string], { version: number; state: string }>('SELECT version, state FROM articles WHERE id = ?'),
    upsert: db.prepare(`INSERT INTO articles (id, version, stage, title, author_id, series, search, state, created_at, updated_at,
        stage_entered_at, due_at, slug, published_at, pending_claims, correction_suggested)
      VALUES (@id, @version, @stage, @title, @author_id, @series, @search, @state, @created_at, @updated_at,
        @stage_entered_at, @due_at, @slug, @published_at, @pending_claims, @correction_suggested)
      ON CONFLICT(id) DO UPDATE SET version = excluded.version, stage = excluded.stage, title = excluded.title,
        author_id = excluded.author_id, series = excluded.series, search = excluded.search, state = excluded.state,
        updated_at = excluded.updated_at, stage_entered_at = excluded.stage_entered_at, due_at = excluded.due_at,
        slug = excluded.slug, published_at = excluded.published_at, pending_claims = excluded.pending_claims,
        correction_suggested = excluded.correction_suggested`),
    history: db.prepare(`INSERT OR IGNORE INTO article_history (article_id, version, type, at, actor_id, actor_name, claim_id, status, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    closeVisit: db.prepare('UPDATE stage_visits SET left_at = ? WHERE article_id = ? AND left_at IS NULL'),
    // Re-entering a stage at the instant it was last entered (a zero-length stay between) reopens that visit.
    openVisit: db.prepare(`INSERT INTO stage_visits (article_id, stage, entered_at) VALUES (?, ?, ?)
      ON CONFLICT(article_id, entered_at, stage) DO UPDATE SET left_at = NULL`),
    clearQueue: db.prepare('DELETE FROM claim_queue WHERE article_id = ?'),
    enqueue: db.prepare(`INSERT INTO claim_queue (article_id, claim_id, article_title, since, post_publication) VALUES (?, ?, ?, ?, ?)`),
  };
}
