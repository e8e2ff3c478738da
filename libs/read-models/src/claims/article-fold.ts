import { ARTICLE_EVENT_TYPES, evolveArticle, initialArticleState, upcastArticleEvent, type ArticleState } from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { ARTICLE_STREAM_PREFIX } from '../articles/article-read-model.projection';

const ARTICLE_TYPES = new Set<string>(ARTICLE_EVENT_TYPES);

/** One article event, folded: the article before and after it. */
export interface FoldedStep {
  readonly articleId: string;
  /** The stream's version after the event (its revision + 1). */
  readonly version: number;
  readonly before: ArticleState;
  readonly after: ArticleState;
  /** False for the very first event this projection sees of the article. */
  readonly known: boolean;
}

/**
 * The article folded with the domain's own `evolve`, kept in a projection's own table so that the
 * projection can be rebuilt alone. It remembers the last revision applied per article, so a replayed
 * event is recognised and skipped. Event types the domain does not know yet (assignments, issue 4)
 * advance the version and leave the state as it is; the projection reads their data itself.
 */
export class ArticleFold {
  private get!: Database.Statement<[string], { version: number; state: string }>;
  private put!: Database.Statement<[string, number, string, string, string]>;

  constructor(private readonly table: string) {}

  migrate(db: Database.Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (
      id TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      stage TEXT NOT NULL,
      title TEXT NOT NULL,
      state TEXT NOT NULL
    )`);
    this.get = db.prepare(`SELECT version, state FROM ${this.table} WHERE id = ?`);
    this.put = db.prepare(`INSERT INTO ${this.table} (id, version, stage, title, state) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET version = excluded.version, stage = excluded.stage, title = excluded.title, state = excluded.state`);
  }

  /** Whether the event belongs to an article stream at all. */
  static isArticleEvent(event: RecordedEvent): boolean {
    return event.streamId.startsWith(ARTICLE_STREAM_PREFIX);
  }

  static articleIdOf(event: RecordedEvent): string {
    return event.streamId.slice(ARTICLE_STREAM_PREFIX.length);
  }

  /** Folds the event in and stores the result; null when this revision was already applied. */
  step(event: RecordedEvent): FoldedStep | null {
    const articleId = ArticleFold.articleIdOf(event);
    const row = this.get.get(articleId);
    if (row && event.revision < row.version) return null;
    const before: ArticleState = row ? (JSON.parse(row.state) as ArticleState) : initialArticleState();
    const after = ARTICLE_TYPES.has(event.type)
      ? evolveArticle(before, upcastArticleEvent(event.type, event.data, event.metadata.schemaVersion))
      : before;
    const version = event.revision + 1;
    this.put.run(articleId, version, after.stage, after.title, JSON.stringify(after));
    return { articleId, version, before, after, known: row !== undefined };
  }

  /** The folded article as last stored. */
  state(articleId: string): ArticleState | null {
    const row = this.get.get(articleId);
    return row ? (JSON.parse(row.state) as ArticleState) : null;
  }
}

export function isArticleEventType(type: string): boolean {
  return ARTICLE_TYPES.has(type);
}
