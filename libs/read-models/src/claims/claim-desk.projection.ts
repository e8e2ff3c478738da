import type { ArticleState, Claim, Person } from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import type { FoldedStep } from '../articles/article-fold';
import { ArticleStepProjection } from '../articles/article-step.projection';
import { ARTICLE_ASSIGNED, assignmentOf, CLAIM_ASSIGNED } from './assignment.events';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS claim_desk_claims (
  article_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  -- The article's version when the claim was found: its order among claims waiting since the same instant.
  found_at_version INTEGER NOT NULL,
  article_title TEXT NOT NULL,
  article_stage TEXT NOT NULL,
  status TEXT NOT NULL,
  kind TEXT NOT NULL,
  kinds TEXT NOT NULL,
  value REAL,
  unit TEXT,
  text TEXT NOT NULL,
  score REAL NOT NULL,
  interested_party INTEGER NOT NULL,
  origin TEXT NOT NULL,
  supersedes TEXT,
  since TEXT NOT NULL,
  post_publication INTEGER NOT NULL,
  assignee_id TEXT,
  assignee_name TEXT,
  assigned_directly INTEGER NOT NULL DEFAULT 0,
  checked_by_id TEXT,
  checked_by_name TEXT,
  checked_at TEXT,
  dropped_at TEXT,
  dropped_reason TEXT,
  PRIMARY KEY (article_id, claim_id)
);
CREATE TABLE IF NOT EXISTS claim_desk_assignments (
  article_id TEXT PRIMARY KEY,
  assignee_id TEXT,
  assignee_name TEXT
);
-- No key on (article_id, version): the fold never lets a replayed event through (ArticleStepProjection),
-- and a key would be one more page written, at a random place, for every verdict.
CREATE TABLE IF NOT EXISTS claim_desk_verdicts (
  article_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  claim_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  checker_id TEXT NOT NULL,
  checker_name TEXT NOT NULL,
  status TEXT NOT NULL,
  previous_status TEXT NOT NULL,
  at TEXT NOT NULL,
  since TEXT NOT NULL,
  seconds_to_verdict REAL NOT NULL,
  first_verdict INTEGER NOT NULL
);
`;

const READ_INDEXES = `
-- Only the queue's claims (a verdict takes its claim out, one entry deleted, instead of moving it).
CREATE INDEX IF NOT EXISTS claim_desk_claims_queue ON claim_desk_claims (since, article_id, found_at_version)
  WHERE status = 'PENDING' AND dropped_at IS NULL;
CREATE INDEX IF NOT EXISTS claim_desk_verdicts_by_at ON claim_desk_verdicts (at);
`;

/**
 * The fact-checking desk: one row per claim ever found (dropped ones keep their row, marked), with
 * its article's title and stage and its assignee, and a log of every verdict with the time it took
 * from the claim's `since`. Replays are skipped by the article's last applied revision.
 */
export class ClaimDeskProjection extends ArticleStepProjection {
  readonly name = 'claim-desk';
  private s!: ReturnType<typeof prepare>;

  protected migrateTables(db: Database.Database): void {
    db.exec(SCHEMA);
    this.s = prepare(db);
  }

  createIndexes(db: Database.Database): void {
    db.exec(READ_INDEXES);
  }

  protected applyStep(step: FoldedStep, event: RecordedEvent): void {
    const { articleId, before, after } = step;
    const data = event.data as { claimId?: string; at?: string; reason?: string };

    if (!step.known || before.stage !== after.stage || before.title !== after.title) {
      this.s.articleChanged.run(after.title, after.stage, articleId);
    }

    switch (event.type) {
      case 'ClaimExtracted':
      case 'ClaimAdded': {
        const claim = after.claims.find((c) => c.id === data.claimId);
        if (claim) this.addClaim(articleId, step.version, after, claim);
        break;
      }
      case 'ClaimDropped':
        this.s.drop.run(data.at ?? event.created.toISOString(), data.reason ?? null, articleId, data.claimId ?? '');
        break;
      case 'VerdictRecorded':
        this.recordVerdict(articleId, step.version, event.data as VerdictData);
        break;
      case CLAIM_ASSIGNED:
      case ARTICLE_ASSIGNED:
        this.assign(articleId, event);
        break;
    }
  }

  private addClaim(articleId: string, version: number, article: ArticleState, claim: Claim): void {
    const assignee = this.s.articleAssignee.get(articleId);
    this.s.insertClaim.run({
      article_id: articleId,
      claim_id: claim.id,
      found_at_version: version,
      article_title: article.title,
      article_stage: article.stage,
      status: claim.status,
      kind: claim.kind,
      kinds: JSON.stringify(claim.kinds),
      value: claim.value,
      unit: claim.unit,
      text: claim.text,
      score: claim.score,
      interested_party: claim.interestedParty ? 1 : 0,
      origin: claim.origin,
      supersedes: claim.supersedes,
      since: claim.since,
      post_publication: claim.postPublication ? 1 : 0,
      assignee_id: assignee?.assignee_id ?? null,
      assignee_name: assignee?.assignee_name ?? null,
    });
  }

  private recordVerdict(articleId: string, version: number, verdict: VerdictData): void {
    const claim = this.s.claim.get(articleId, verdict.claimId);
    if (!claim) return;
    this.s.verdictOnClaim.run(verdict.status, verdict.by.id, verdict.by.name, verdict.at, articleId, verdict.claimId);
    // Every verdict logged also set the claim's checked_at: none yet means this is the first.
    const first = claim.checked_at === null;
    const seconds = Math.max(0, (Date.parse(verdict.at) - Date.parse(claim.since)) / 1000);
    this.s.logVerdict.run(
      articleId, version, verdict.claimId, claim.kind, verdict.by.id, verdict.by.name, verdict.status,
      verdict.previousStatus, verdict.at, claim.since, seconds, first ? 1 : 0,
    );
  }

  private assign(articleId: string, event: RecordedEvent): void {
    const assignment = assignmentOf(event);
    if (assignment === null) return;
    const { assignee } = assignment;
    if (assignment.type === CLAIM_ASSIGNED) {
      if (assignee) {
        this.s.assignClaim.run(assignee.id, assignee.name, articleId, assignment.claimId);
      } else {
        // Unassigning a claim hands it back to whoever has the article.
        const article = this.s.articleAssignee.get(articleId);
        this.s.unassignClaim.run(article?.assignee_id ?? null, article?.assignee_name ?? null, articleId, assignment.claimId);
      }
      return;
    }
    this.s.assignArticle.run(articleId, assignee?.id ?? null, assignee?.name ?? null);
    this.s.assignArticleClaims.run(assignee?.id ?? null, assignee?.name ?? null, articleId);
  }
}

interface VerdictData {
  claimId: string;
  status: string;
  previousStatus: string;
  by: Person;
  at: string;
}

function prepare(db: Database.Database) {
  return {
    articleChanged: db.prepare('UPDATE claim_desk_claims SET article_title = ?, article_stage = ? WHERE article_id = ?'),
    insertClaim: db.prepare(`INSERT INTO claim_desk_claims (article_id, claim_id, found_at_version, article_title, article_stage, status, kind, kinds,
        value, unit, text, score, interested_party, origin, supersedes, since, post_publication, assignee_id, assignee_name)
      VALUES (@article_id, @claim_id, @found_at_version, @article_title, @article_stage, @status, @kind, @kinds, @value, @unit, @text, @score,
        @interested_party, @origin, @supersedes, @since, @post_publication, @assignee_id, @assignee_name)
      ON CONFLICT(article_id, claim_id) DO NOTHING`),
    claim: db.prepare<[string, string], { since: string; kind: string; checked_at: string | null }>(
      'SELECT since, kind, checked_at FROM claim_desk_claims WHERE article_id = ? AND claim_id = ?',
    ),
    drop: db.prepare('UPDATE claim_desk_claims SET dropped_at = ?, dropped_reason = ? WHERE article_id = ? AND claim_id = ?'),
    verdictOnClaim: db.prepare(`UPDATE claim_desk_claims SET status = ?, checked_by_id = ?, checked_by_name = ?, checked_at = ?
      WHERE article_id = ? AND claim_id = ?`),
    logVerdict: db.prepare(`INSERT INTO claim_desk_verdicts (article_id, version, claim_id, kind, checker_id, checker_name, status,
        previous_status, at, since, seconds_to_verdict, first_verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    articleAssignee: db.prepare<[string], { assignee_id: string | null; assignee_name: string | null }>(
      'SELECT assignee_id, assignee_name FROM claim_desk_assignments WHERE article_id = ?',
    ),
    assignClaim: db.prepare(`UPDATE claim_desk_claims SET assignee_id = ?, assignee_name = ?, assigned_directly = 1
      WHERE article_id = ? AND claim_id = ?`),
    unassignClaim: db.prepare(`UPDATE claim_desk_claims SET assignee_id = ?, assignee_name = ?, assigned_directly = 0
      WHERE article_id = ? AND claim_id = ?`),
    assignArticle: db.prepare(`INSERT INTO claim_desk_assignments (article_id, assignee_id, assignee_name) VALUES (?, ?, ?)
      ON CONFLICT(article_id) DO UPDATE SET assignee_id = excluded.assignee_id, assignee_name = excluded.assignee_name`),
    assignArticleClaims: db.prepare(`UPDATE claim_desk_claims SET assignee_id = ?, assignee_name = ?
      WHERE article_id = ? AND assigned_directly = 0`),
  };
}
