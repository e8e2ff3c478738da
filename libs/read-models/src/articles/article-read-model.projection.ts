import { STAGES, type ArticleState } from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import type { FoldedStep } from './article-fold';
import { ArticleStepProjection } from './article-step.projection';
import { STAGE_VISITS_CHANGES } from './stage-durations';

/** Stages in which a pending claim waits in the fact-checkers' queue. */
const QUEUED_STAGES = new Set(['FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED']);
/** The row of `article_counts` that counts the claim queue; most others are stages. */
export const CLAIM_QUEUE_COUNT = 'claim_queue';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  stage TEXT NOT NULL,
  title TEXT NOT NULL,
  dek TEXT NOT NULL,
  author_id TEXT,
  author_name TEXT,
  series TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT,
  stage_entered_at TEXT,
  due_at TEXT,
  slug TEXT,
  edition INTEGER,
  published_at TEXT,
  scheduled_for TEXT,
  pending_claims INTEGER NOT NULL DEFAULT 0,
  correction_suggested INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS article_search (
  id TEXT PRIMARY KEY,
  -- Title, dek and body in lower case: written only when one of them changes.
  text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_counts (
  key TEXT PRIMARY KEY,
  n INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_queue (
  article_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  article_title TEXT NOT NULL,
  since TEXT NOT NULL,
  post_publication INTEGER NOT NULL,
  PRIMARY KEY (article_id, claim_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stage_visits (
  article_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  left_at TEXT,
  -- The count of stage-visit changes (article_counts) when the row was last written: a reader that
  -- has read them up to some count reads only the rows written since (StageDurations).
  changed INTEGER NOT NULL,
  PRIMARY KEY (article_id, entered_at, stage)
);
`;

const READ_INDEXES = `
CREATE INDEX IF NOT EXISTS articles_by_created ON articles (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_by_stage ON articles (stage, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_by_slug ON articles (slug);
CREATE INDEX IF NOT EXISTS articles_by_due ON articles (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS articles_correction_suggested ON articles (stage, published_at) WHERE correction_suggested = 1;
CREATE INDEX IF NOT EXISTS claim_queue_by_since ON claim_queue (since, article_id, claim_id);
CREATE INDEX IF NOT EXISTS stage_visits_by_stage ON stage_visits (stage);
CREATE INDEX IF NOT EXISTS stage_visits_by_change ON stage_visits (changed);
`;

/** What an article's timeline shows of one event (the audit log keeps it: see ArticleReadModel.history). */
export function historyFacts(event: { type: string; data: unknown }): { claimId: string | null; status: string | null; note: string | null } {
  const data = event.data as { claimId?: string; status?: string; note?: string | null; reason?: string; comment?: string };
  return {
    claimId: data.claimId ?? null,
    status: data.status ?? null,
    note: data.note ?? data.reason ?? data.comment ?? null,
  };
}

/**
 * The article read model: one row of list columns per article (the folded article itself is the
 * fold's; a list that selects only what the columns hold reads nothing else, see ArticleListing), its search text, the claim queue, stage visits for the dashboard and the counts per
 * stage and of the queue, so that no read has to count a table. Its timeline is the audit log's.
 */
export class ArticleReadModelProjection extends ArticleStepProjection {
  readonly name = 'articles';
  private readonly counts = new Map<string, number>();
  /** Articles the batch changed: their row is written once, at the end of the batch. */
  private readonly touched = new Map<string, Touched>();
  /** The count of stage-visit changes, this batch's included, and as last committed. */
  private visitChanges = 0;
  private committedVisitChanges = 0;
  private s!: ReturnType<typeof prepare>;

  protected migrateTables(db: Database.Database): void {
    db.exec(SCHEMA);
    const seed = db.prepare('INSERT OR IGNORE INTO article_counts (key, n) VALUES (?, 0)');
    for (const key of [...STAGES, CLAIM_QUEUE_COUNT, STAGE_VISITS_CHANGES]) seed.run(key);
    this.s = prepare(db);
    this.visitChanges = this.committedVisitChanges = this.s.readCount.get(STAGE_VISITS_CHANGES) ?? 0;
  }

  createIndexes(db: Database.Database): void {
    db.exec(READ_INDEXES);
  }

  protected applyStep(step: FoldedStep, event: RecordedEvent): void {
    const { articleId, version, before, after, known } = step;
    const s = this.s;

    const retext = !known || before.title !== after.title || before.dek !== after.dek || before.body !== after.body;
    const touched = this.touched.get(articleId);
    if (touched) {
      touched.version = version;
      touched.state = after;
      touched.retext ||= retext;
    } else {
      this.touched.set(articleId, { version, state: after, stored: known ? before : null, retext, createdAt: after.createdAt ?? event.created.toISOString() });
    }

    const at = (event.data as { at?: string }).at ?? event.created.toISOString();

    if (!known || before.stage !== after.stage) {
      // Both rows carry the count as it stands after this change, which the batch's flush stores.
      const changed = ++this.visitChanges;
      s.closeVisit.run(at, changed, articleId);
      s.openVisit.run(articleId, after.stage, after.stageEnteredAt ?? at, changed);
      this.count(STAGE_VISITS_CHANGES, 1);
      if (known) this.count(before.stage, -1);
      this.count(after.stage, 1);
    }
    this.updateQueue(articleId, known ? before : null, after);
  }

  override flush(): void {
    for (const [id, { version, state, stored, retext, createdAt }] of this.touched) {
      // The search text of the batch's last version only: a draft revised in the same batch is lowered once.
      if (retext) this.s.search.run(id, `${state.title}\n${state.dek}\n${state.body}`.toLowerCase());
      const row = {
        id,
        version,
        stage: state.stage,
        title: state.title,
        dek: state.dek,
        author_id: state.author?.id ?? null,
        author_name: state.author?.name ?? null,
        series: state.series,
        created_at: createdAt,
        updated_at: state.updatedAt,
        stage_entered_at: state.stageEnteredAt,
        due_at: state.dueAt,
        slug: state.slug,
        edition: state.edition,
        published_at: state.publishedAt,
        scheduled_for: state.scheduledFor,
        pending_claims: pendingCount(state),
        correction_suggested: state.correctionSuggested ? 1 : 0,
      };
      if (stored === null) this.s.insert.run(row);
      else if (sameIndexedColumns(stored, state)) this.s.updateUnindexed.run(row);
      else this.s.update.run(row);
    }
    this.touched.clear();
    for (const [key, delta] of this.counts) if (delta !== 0) this.s.addCount.run(delta, key);
    this.counts.clear();
    super.flush();
  }

  override committed(): void {
    this.committedVisitChanges = this.visitChanges;
    super.committed();
  }

  override discarded(): void {
    this.touched.clear();
    this.counts.clear();
    this.visitChanges = this.committedVisitChanges;
    super.discarded();
  }

  private count(key: string, delta: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + delta);
  }

  /** Writes only the queue rows the event changed: a verdict removes one claim, it does not rewrite forty. */
  private updateQueue(articleId: string, before: ArticleState | null, after: ArticleState): void {
    // evolve keeps what an event leaves alone: the same claims, stage and title mean the same queue.
    if (before && before.claims === after.claims && before.stage === after.stage && before.title === after.title) return;
    if (before && sameClaimIds(before.claims, after.claims)) return this.updateQueueInPlace(articleId, before, after);
    const was = before ? queued(before) : [];
    const is = queued(after);
    if (was.length === 0 && is.length === 0) return;
    const retitled = before !== null && before.title !== after.title;
    const previous = new Map(was.map((claim) => [claim.id, claim]));
    const next = new Set(is.map((claim) => claim.id));
    for (const claim of was) if (!next.has(claim.id)) this.s.dequeue.run(articleId, claim.id);
    for (const claim of is) {
      const old = previous.get(claim.id);
      if (old && !retitled && old.since === claim.since && old.postPublication === claim.postPublication) continue;
      this.s.enqueue.run(articleId, claim.id, after.title, claim.since, claim.postPublication ? 1 : 0);
    }
    if (is.length !== was.length) this.count(CLAIM_QUEUE_COUNT, is.length - was.length);
  }

  /** The same claims, in the same order (a verdict, a stage change): compared pairwise, nothing allocated. */
  private updateQueueInPlace(articleId: string, before: ArticleState, after: ArticleState): void {
    const wasQueuing = QUEUED_STAGES.has(before.stage);
    const isQueuing = QUEUED_STAGES.has(after.stage);
    if (!wasQueuing && !isQueuing) return;
    const retitled = before.title !== after.title;
    let delta = 0;
    for (let i = 0; i < after.claims.length; i++) {
      const old = before.claims[i];
      const claim = after.claims[i];
      const was = wasQueuing && old.status === 'PENDING';
      const is = isQueuing && claim.status === 'PENDING';
      if (was && !is) {
        this.s.dequeue.run(articleId, claim.id);
        delta--;
      } else if (is) {
        if (!was) delta++;
        else if (!retitled && old.since === claim.since && old.postPublication === claim.postPublication) continue;
        this.s.enqueue.run(articleId, claim.id, after.title, claim.since, claim.postPublication ? 1 : 0);
      }
    }
    if (delta !== 0) this.count(CLAIM_QUEUE_COUNT, delta);
  }
}

function sameClaimIds(before: ArticleState['claims'], after: ArticleState['claims']): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) if (before[i].id !== after[i].id) return false;
  return true;
}

interface Touched {
  version: number;
  state: ArticleState;
  /** The article as its row holds it before the batch; null when it has no row yet. */
  stored: ArticleState | null;
  /** Whether the batch changed its title, dek or body (or created it): the search text is then rewritten. */
  retext: boolean;
  /** When the article was created, should its state not say (the first event's commit time). */
  createdAt: string;
}

/**
 * Whether the columns the `articles` indexes cover (READ_INDEXES) are the same in both: a verdict's
 * update then writes the row alone, where setting those columns, even unchanged, rewrites their index
 * entries (a page each, every batch).
 */
function sameIndexedColumns(stored: ArticleState, state: ArticleState): boolean {
  return (
    stored.stage === state.stage &&
    stored.slug === state.slug &&
    stored.dueAt === state.dueAt &&
    stored.publishedAt === state.publishedAt &&
    stored.correctionSuggested === state.correctionSuggested
  );
}

function pendingCount(state: ArticleState): number {
  let pending = 0;
  for (const claim of state.claims) if (claim.status === 'PENDING') pending++;
  return pending;
}

function queued(state: ArticleState): ArticleState['claims'] {
  return QUEUED_STAGES.has(state.stage) ? state.claims.filter((c) => c.status === 'PENDING') : [];
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare(`INSERT INTO articles (id, version, stage, title, dek, author_id, author_name, series, created_at, updated_at,
        stage_entered_at, due_at, slug, edition, published_at, scheduled_for, pending_claims, correction_suggested)
      VALUES (@id, @version, @stage, @title, @dek, @author_id, @author_name, @series, @created_at, @updated_at,
        @stage_entered_at, @due_at, @slug, @edition, @published_at, @scheduled_for, @pending_claims, @correction_suggested)`),
    update: db.prepare(`UPDATE articles SET version = @version, stage = @stage, title = @title, dek = @dek, author_id = @author_id,
        author_name = @author_name, series = @series, updated_at = @updated_at, stage_entered_at = @stage_entered_at, due_at = @due_at,
        slug = @slug, edition = @edition, published_at = @published_at,
        scheduled_for = @scheduled_for, pending_claims = @pending_claims, correction_suggested = @correction_suggested
      WHERE id = @id`),
    // The same, but for the columns that indexes cover (`created_at` never changes).
    updateUnindexed: db.prepare(`UPDATE articles SET version = @version, title = @title, dek = @dek, author_id = @author_id,
        author_name = @author_name, series = @series, updated_at = @updated_at, stage_entered_at = @stage_entered_at,
        edition = @edition, scheduled_for = @scheduled_for, pending_claims = @pending_claims
      WHERE id = @id`),
    search: db.prepare('INSERT INTO article_search (id, text) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET text = excluded.text'),
    addCount: db.prepare('UPDATE article_counts SET n = n + ? WHERE key = ?'),
    readCount: db.prepare<[string], number>('SELECT n FROM article_counts WHERE key = ?').pluck(),
    closeVisit: db.prepare('UPDATE stage_visits SET left_at = ?, changed = ? WHERE article_id = ? AND left_at IS NULL'),
    // Re-entering a stage at the instant it was last entered (a zero-length stay between) reopens that visit.
    openVisit: db.prepare(`INSERT INTO stage_visits (article_id, stage, entered_at, changed) VALUES (?, ?, ?, ?)
      ON CONFLICT(article_id, entered_at, stage) DO UPDATE SET left_at = NULL, changed = excluded.changed`),
    dequeue: db.prepare('DELETE FROM claim_queue WHERE article_id = ? AND claim_id = ?'),
    enqueue: db.prepare(`INSERT INTO claim_queue (article_id, claim_id, article_title, since, post_publication) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(article_id, claim_id) DO UPDATE SET article_title = excluded.article_title, since = excluded.since,
        post_publication = excluded.post_publication`),
  };
}
