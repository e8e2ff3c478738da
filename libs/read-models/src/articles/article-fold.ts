import { ARTICLE_EVENT_TYPES, evolveArticle, initialArticleState, upcastArticleEvent, type ArticleState, type Claim } from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import type { Projection } from '../runner/projection';

export const ARTICLE_STREAM_PREFIX = 'article-';
const ARTICLE_TYPES = new Set<string>(ARTICLE_EVENT_TYPES);
/** Folded articles kept in memory between batches: the ones live events touch again and again. */
const DEFAULT_HOT_ARTICLES = 1_000;

/** One article event, folded: the article before and after it. */
export interface FoldedStep {
  readonly articleId: string;
  /** The stream's version after the event (its revision + 1). */
  readonly version: number;
  readonly before: ArticleState;
  readonly after: ArticleState;
  /** False for the very first event of the article. */
  readonly known: boolean;
}

interface Entry {
  version: number;
  state: ArticleState;
  /** Whether the article's rows exist in the file (committed). */
  stored: boolean;
  /** The body as last written, so an unchanged body is never written again. */
  storedBody: string | null;
  /** The claims as last written: the domain's `evolve` keeps an unchanged claim the same object. */
  storedClaims: readonly Claim[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS article_states (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  -- The folded article without its body (an empty string in its place) and without its claims (an
  -- empty list): rewritten once per batch.
  state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_claims (
  article_id TEXT NOT NULL,
  -- The claim's place in the article's list.
  position INTEGER NOT NULL,
  -- Written only when the claim changes: a verdict rewrites one claim, not forty.
  claim TEXT NOT NULL,
  PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_bodies (
  id TEXT PRIMARY KEY,
  -- Written only when the text changes: a verdict does not copy 3,000 words.
  body TEXT NOT NULL
);
`;

/**
 * The SQL expression of an article's whole folded state but its body, from `article_states` as `s`:
 * the state row with its claims put back in their places.
 */
export const ARTICLE_STATE_JSON = `json_set(s.state, '$.claims', (
  SELECT json_group_array(json(c.claim) ORDER BY c.position) FROM article_claims c WHERE c.article_id = s.id))`;

/**
 * Every article folded once per event with the domain's own `evolve`, for all the projections that
 * need it. Inside a batch the folded states stay in memory: each article is parsed at most once and
 * written once per batch (`flush`), its body only when it changed, and of its claims only those that
 * changed (a claim is nearly all of a state's size). Between batches a bounded set of
 * recently touched articles stays in memory, so a live event usually parses nothing.
 *
 * It remembers the last revision applied per article: a replayed event is recognised and skipped.
 * Shared, it is a projection of its own placed first; a projection built without one owns its own.
 */
export class ArticleFold implements Projection {
  readonly name = 'article-states';
  private readonly hot = new Map<string, Entry>();
  private readonly dirty = new Map<string, Entry>();
  private current: { event: RecordedEvent; step: FoldedStep | null } | null = null;
  private s!: ReturnType<typeof prepare>;

  constructor(private readonly hotArticles = DEFAULT_HOT_ARTICLES) {}

  /** Whether the event belongs to an article stream at all. */
  static isArticleEvent(event: RecordedEvent): boolean {
    return event.streamId.startsWith(ARTICLE_STREAM_PREFIX);
  }

  static articleIdOf(event: RecordedEvent): string {
    return event.streamId.slice(ARTICLE_STREAM_PREFIX.length);
  }

  migrate(db: Database.Database): void {
    db.exec(SCHEMA);
    this.s = prepare(db);
  }

  handles(event: RecordedEvent): boolean {
    return ArticleFold.isArticleEvent(event) && ARTICLE_TYPES.has(event.type);
  }

  /** Folds the event in; the projections that follow read the result with `stepOf`. */
  apply(_db: Database.Database, event: RecordedEvent): void {
    this.current = { event, step: this.fold(event) };
  }

  /** The event as folded by the last `apply`: null when this revision was already applied. */
  stepOf(event: RecordedEvent): FoldedStep | null {
    if (this.current?.event !== event) throw new Error(`The article fold has not been given ${event.type} ${event.id} (it must come first)`);
    return this.current.step;
  }

  flush(): void {
    for (const [id, entry] of this.dirty) {
      const { claims, body } = entry.state;
      const state = JSON.stringify({ ...entry.state, body: '', claims: [] });
      if (entry.stored) this.s.updateState.run(entry.version, state, id);
      else this.s.insertState.run(id, entry.version, state);
      if (!entry.stored || entry.storedBody !== body) this.s.putBody.run(id, body);
      const stored = entry.storedClaims;
      for (let position = 0; position < claims.length; position++) {
        if (claims[position] !== stored[position]) this.s.putClaim.run(id, position, JSON.stringify(claims[position]));
      }
      if (stored.length > claims.length) this.s.dropClaimsFrom.run(id, claims.length);
    }
  }

  committed(): void {
    for (const entry of this.dirty.values()) {
      entry.stored = true;
      entry.storedBody = entry.state.body;
      entry.storedClaims = entry.state.claims;
    }
    this.dirty.clear();
    this.current = null;
    for (const id of this.hot.keys()) {
      if (this.hot.size <= this.hotArticles) break;
      this.hot.delete(id);
    }
  }

  discarded(): void {
    // What the batch folded was rolled back: read it again from the file.
    this.hot.clear();
    this.dirty.clear();
    this.current = null;
  }

  /**
   * The article as last committed, if it is among those kept in memory (null otherwise: read the
   * file). Outside a batch's transaction, which never yields, memory holds committed states only.
   */
  hotArticle(articleId: string): { readonly state: ArticleState; readonly version: number } | null {
    const entry = this.hot.get(articleId);
    return entry?.stored ? { state: entry.state, version: entry.version } : null;
  }

  private fold(event: RecordedEvent): FoldedStep | null {
    const articleId = ArticleFold.articleIdOf(event);
    const entry = this.hot.get(articleId) ?? this.load(articleId);
    if (entry && event.revision < entry.version) return null;
    const before = entry?.state ?? initialArticleState();
    const after = evolveArticle(before, upcastArticleEvent(event.type, event.data, event.metadata.schemaVersion));
    const version = event.revision + 1;
    const updated: Entry = entry ?? { version, state: after, stored: false, storedBody: null, storedClaims: [] };
    updated.version = version;
    updated.state = after;
    // Most recently used last: eviction takes from the front.
    this.hot.delete(articleId);
    this.hot.set(articleId, updated);
    this.dirty.set(articleId, updated);
    return { articleId, version, before, after, known: entry !== null };
  }

  private load(articleId: string): Entry | null {
    const row = this.s.get.get(articleId);
    if (!row) return null;
    const state = JSON.parse(row.state) as { body: string; claims: Claim[] };
    state.body = row.body ?? '';
    state.claims = this.s.claims.all(articleId).map((claim) => JSON.parse(claim) as Claim);
    return { version: row.version, state: state as unknown as ArticleState, stored: true, storedBody: state.body, storedClaims: state.claims };
  }
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string], { version: number; state: string; body: string | null }>(
      'SELECT s.version, s.state, b.body FROM article_states s LEFT JOIN article_bodies b ON b.id = s.id WHERE s.id = ?',
    ),
    insertState: db.prepare<[string, number, string]>('INSERT INTO article_states (id, version, state) VALUES (?, ?, ?)'),
    updateState: db.prepare<[number, string, string]>('UPDATE article_states SET version = ?, state = ? WHERE id = ?'),
    putBody: db.prepare<[string, string]>(
      'INSERT INTO article_bodies (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body',
    ),
    claims: db.prepare<[string], string>('SELECT claim FROM article_claims WHERE article_id = ? ORDER BY position').pluck(),
    putClaim: db.prepare<[string, number, string]>(
      'INSERT INTO article_claims (article_id, position, claim) VALUES (?, ?, ?) ' +
        'ON CONFLICT (article_id, position) DO UPDATE SET claim = excluded.claim',
    ),
    dropClaimsFrom: db.prepare<[string, number]>('DELETE FROM article_claims WHERE article_id = ? AND position >= ?'),
  };
}
