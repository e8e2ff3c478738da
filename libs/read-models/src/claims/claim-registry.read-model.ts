import type { ClaimStatus, Person, Stage } from '@galley/editorial';
import type Database from 'better-sqlite3';

/** A claim equivalent to another, with its latest verdict. */
export interface EquivalentClaim {
  readonly articleId: string;
  readonly articleTitle: string;
  readonly articleStage: Stage;
  readonly claimId: string;
  readonly text: string;
  readonly status: ClaimStatus;
  /** Who gave the latest verdict, and when; null while the claim is PENDING. */
  readonly checker: Person | null;
  readonly at: string | null;
  readonly note: string | null;
}

/** An equivalent claim a published article cites, whose figure was disputed elsewhere. */
export interface CitedClaim {
  readonly claimId: string;
  readonly text: string;
}

export interface DisputedClaim {
  readonly articleId: string;
  readonly articleTitle: string;
  readonly claimId: string;
  readonly text: string;
  readonly note: string | null;
  readonly checker: Person | null;
}

export interface SuggestedCorrection {
  readonly articleId: string;
  readonly articleTitle: string;
  readonly key: string;
  readonly reason: string;
  readonly at: string;
  /** The article's own claim that repeats the disputed figure. */
  readonly cited: CitedClaim;
  readonly disputed: DisputedClaim;
}

/** Reads of the claim registry (ClaimRegistryProjection's tables). */
export class ClaimRegistryReadModel {
  constructor(private readonly db: Database.Database) {}

  /** The claim's equivalence key (`subject|value|unit`), or null when it has none or is unknown. */
  keyOf(articleId: string, claimId: string): string | null {
    const row = this.db
      .prepare('SELECT claim_key FROM claim_registry_claims WHERE article_id = ? AND claim_id = ?')
      .get(articleId, claimId) as { claim_key: string | null } | undefined;
    return row?.claim_key ?? null;
  }

  /**
   * The other claims, in any article (this one included), that state the same figure about the
   * same subject and are still in their article's text, with their latest verdicts: most recently
   * checked first, unchecked last. Empty when the claim has no key or is unknown.
   */
  equivalents(articleId: string, claimId: string): EquivalentClaim[] {
    const key = this.keyOf(articleId, claimId);
    if (key === null) return [];
    const rows = this.db
      .prepare(`SELECT c.article_id, a.title, a.stage, c.claim_id, c.text, c.status, c.checker_id, c.checker_name, c.checked_at, c.note
        FROM claim_registry_claims c JOIN claim_registry_articles a ON a.id = c.article_id
        WHERE c.claim_key = ? AND c.dropped = 0 AND NOT (c.article_id = ? AND c.claim_id = ?)
        ORDER BY c.checked_at IS NULL, c.checked_at DESC, c.article_id, c.claim_id`)
      .all(key, articleId, claimId) as {
      article_id: string;
      title: string;
      stage: Stage;
      claim_id: string;
      text: string;
      status: ClaimStatus;
      checker_id: string | null;
      checker_name: string | null;
      checked_at: string | null;
      note: string | null;
    }[];
    return rows.map((row) => ({
      articleId: row.article_id,
      articleTitle: row.title,
      articleStage: row.stage,
      claimId: row.claim_id,
      text: row.text,
      status: row.status,
      checker: row.checker_id ? { id: row.checker_id, name: row.checker_name ?? row.checker_id } : null,
      at: row.checked_at,
      note: row.note,
    }));
  }

  /**
   * Published articles flagged "correction suggested" because an equivalent claim elsewhere, once
   * verified or attributed, was disputed — one entry per cited claim and disputed claim, newest first.
   */
  suggestedCorrections(): SuggestedCorrection[] {
    const rows = this.db
      .prepare(`SELECT s.article_id, a.title, s.claim_key, s.reason, s.at, s.claim_id, c.text,
          s.disputed_article_id, da.title AS disputed_title, s.disputed_claim_id, d.text AS disputed_text, d.note AS disputed_note,
          d.checker_id, d.checker_name
        FROM claim_registry_suggestions s
        JOIN claim_registry_articles a ON a.id = s.article_id
        JOIN claim_registry_claims c ON c.article_id = s.article_id AND c.claim_id = s.claim_id
        JOIN claim_registry_claims d ON d.article_id = s.disputed_article_id AND d.claim_id = s.disputed_claim_id
        JOIN claim_registry_articles da ON da.id = s.disputed_article_id
        WHERE a.stage = 'PUBLISHED'
        ORDER BY s.at DESC, s.article_id, s.claim_id, s.disputed_article_id, s.disputed_claim_id`)
      .all() as {
      article_id: string;
      title: string;
      claim_key: string;
      reason: string;
      at: string;
      claim_id: string;
      text: string;
      disputed_article_id: string;
      disputed_title: string;
      disputed_claim_id: string;
      disputed_text: string;
      disputed_note: string | null;
      checker_id: string | null;
      checker_name: string | null;
    }[];
    return rows.map((row) => ({
      articleId: row.article_id,
      articleTitle: row.title,
      key: row.claim_key,
      reason: row.reason,
      at: row.at,
      cited: { claimId: row.claim_id, text: row.text },
      disputed: {
        articleId: row.disputed_article_id,
        articleTitle: row.disputed_title,
        claimId: row.disputed_claim_id,
        text: row.disputed_text,
        note: row.disputed_note,
        checker: row.checker_id ? { id: row.checker_id, name: row.checker_name ?? row.checker_id } : null,
      },
    }));
  }

  /** The ids of the articles suggestedCorrections() lists, each once. */
  articlesWithSuggestedCorrections(): string[] {
    return [...new Set(this.suggestedCorrections().map((s) => s.articleId))];
  }
}
