import type { ClaimStatus, Person } from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import type { FoldedStep } from '../articles/article-fold';
import { ArticleStepProjection } from '../articles/article-step.projection';
import { claimKey, claimSubject } from './claim-subject';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS claim_registry_articles (
  id TEXT PRIMARY KEY,
  stage TEXT NOT NULL,
  title TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_registry_claims (
  article_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  claim_key TEXT,
  subject TEXT,
  value REAL,
  unit TEXT,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  checker_id TEXT,
  checker_name TEXT,
  checked_at TEXT,
  note TEXT,
  confirmed INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, claim_id)
);
CREATE INDEX IF NOT EXISTS claim_registry_by_key ON claim_registry_claims (claim_key);
CREATE TABLE IF NOT EXISTS claim_registry_suggestions (
  article_id TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  disputed_article_id TEXT NOT NULL,
  disputed_claim_id TEXT NOT NULL,
  claim_key TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (article_id, claim_id, disputed_article_id, disputed_claim_id)
);
CREATE INDEX IF NOT EXISTS claim_registry_suggestions_by_disputed ON claim_registry_suggestions (disputed_article_id, disputed_claim_id);
`;

const CONFIRMED: readonly ClaimStatus[] = ['VERIFIED', 'ATTRIBUTED'];

/**
 * The claim registry: every claim under its equivalence key (`subject|value|unit`, see
 * claim-subject.ts) with its latest verdict, and the corrections it suggests. When a claim that was
 * once VERIFIED or ATTRIBUTED is DISPUTED, each other PUBLISHED article citing an equivalent claim
 * gets a suggestion (the disputed claim's own article is flagged by the domain itself). A suggestion
 * goes when its article issues a correction or is retracted, or when the disputed claim is
 * confirmed again. Replays are skipped by the article's last applied revision.
 */
export class ClaimRegistryProjection extends ArticleStepProjection {
  readonly name = 'claim-registry';
  private s!: ReturnType<typeof prepare>;

  protected migrateTables(db: Database.Database): void {
    db.exec(SCHEMA);
    this.s = prepare(db);
  }

  protected applyStep(step: FoldedStep, event: RecordedEvent): void {
    const { articleId, before, after } = step;
    // Stage and title are all the registry needs of an article; they change a few times in its life.
    if (!step.known || before.stage !== after.stage || before.title !== after.title) this.s.article.run(articleId, after.stage, after.title);
    switch (event.type) {
      case 'ClaimExtracted':
      case 'ClaimAdded': {
        const claim = after.claims.find((c) => c.id === (event.data as { claimId: string }).claimId);
        if (!claim) return;
        this.s.insert.run(articleId, claim.id, claimKey(claim), claimSubject(claim.text), claim.value, claim.unit, claim.text, claim.status);
        return;
      }
      case 'ClaimDropped':
        this.s.drop.run(articleId, (event.data as { claimId: string }).claimId);
        return;
      case 'VerdictRecorded':
        this.recordVerdict(articleId, event.data as VerdictData);
        return;
      case 'CorrectionIssued':
      case 'ArticleRetracted':
        this.s.clearArticle.run(articleId);
        return;
    }
  }

  private recordVerdict(articleId: string, verdict: VerdictData): void {
    const confirmed = CONFIRMED.includes(verdict.status);
    // One statement: the claim as updated, or nothing for a claim the registry never had.
    const claim = this.s.verdict.get(verdict.status, verdict.by.id, verdict.by.name, verdict.at, verdict.note, confirmed ? 1 : 0, articleId, verdict.claimId);
    if (!claim) return;
    if (confirmed) {
      // The dispute is withdrawn: what it suggested no longer holds.
      this.s.clearDisputed.run(articleId, verdict.claimId);
      return;
    }
    // A dispute leaves `confirmed` as it was (MAX with 0): what it reads is the claim's past.
    if (verdict.status !== 'DISPUTED' || claim.confirmed !== 1 || claim.claim_key === null) return;
    const title = this.s.articleTitle.get(articleId)?.title ?? articleId;
    const reason =
      `An equivalent claim in “${title}” was disputed: “${claim.text}”` + (verdict.note ? ` — ${verdict.note}` : '');
    this.s.suggest.run({ key: claim.claim_key, disputed_article_id: articleId, disputed_claim_id: verdict.claimId, reason, at: verdict.at });
  }
}

interface VerdictData {
  claimId: string;
  status: ClaimStatus;
  note: string | null;
  by: Person;
  at: string;
}

function prepare(db: Database.Database) {
  return {
    article: db.prepare(`INSERT INTO claim_registry_articles (id, stage, title) VALUES (?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET stage = excluded.stage, title = excluded.title`),
    insert: db.prepare(`INSERT INTO claim_registry_claims (article_id, claim_id, claim_key, subject, value, unit, text, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id, claim_id) DO NOTHING`),
    drop: db.prepare('UPDATE claim_registry_claims SET dropped = 1 WHERE article_id = ? AND claim_id = ?'),
    verdict: db.prepare<[string, string, string, string, string | null, number, string, string], { claim_key: string | null; text: string; confirmed: number }>(
      `UPDATE claim_registry_claims SET status = ?, checker_id = ?, checker_name = ?, checked_at = ?, note = ?,
        confirmed = MAX(confirmed, ?) WHERE article_id = ? AND claim_id = ? RETURNING claim_key, text, confirmed`,
    ),
    articleTitle: db.prepare<[string], { title: string }>('SELECT title FROM claim_registry_articles WHERE id = ?'),
    // Every equivalent claim still in a published article other than the disputed claim's own.
    suggest: db.prepare(`INSERT OR IGNORE INTO claim_registry_suggestions
        (article_id, claim_id, disputed_article_id, disputed_claim_id, claim_key, reason, at)
      SELECT c.article_id, c.claim_id, @disputed_article_id, @disputed_claim_id, @key, @reason, @at
      FROM claim_registry_claims c JOIN claim_registry_articles a ON a.id = c.article_id
      WHERE c.claim_key = @key AND c.dropped = 0 AND a.stage = 'PUBLISHED' AND c.article_id <> @disputed_article_id`),
    clearArticle: db.prepare('DELETE FROM claim_registry_suggestions WHERE article_id = ?'),
    clearDisputed: db.prepare('DELETE FROM claim_registry_suggestions WHERE disputed_article_id = ? AND disputed_claim_id = ?'),
  };
}
