import { evolveArticle, initialArticleState, upcastArticleEvent, type ArticleEvent, type ArticleState } from '@galley/editorial';
import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@galley/event-store';
import { historyFacts } from '@galley/read-models';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { articleStream, eventIdFor } from '../infrastructure/ids';
import { ArticleSnapshots, SNAPSHOT_EVERY } from './article-snapshots';
import type { ArticleView, HistoryEntryView } from './article.view';

/** Articles whose folded state stays in memory, the most recently loaded kept. */
const CACHED_ARTICLES = 1_000;

export interface LoadedArticle extends ArticleView {
  /** The events this load read from the store: all of them, those after a snapshot, or those after the cached state. */
  readonly events: readonly RecordedEvent[];
  /** The commands of the events folded since the stream's start, or since the snapshot the state began from. */
  readonly commandIds: ReadonlySet<string>;
  /** The version of the snapshot the state started from, or 0. */
  readonly snapshotVersion: number;
}

/**
 * Reads an article's stream (from its latest snapshot when there is one) and folds it. The folded
 * article stays in memory: the next load reads only the events after it, so a command on a known
 * article reads no event it has seen before (ADR 0013).
 */
@Injectable()
export class ArticleRepository {
  private readonly cache = new Map<string, LoadedArticle>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly snapshots: ArticleSnapshots,
  ) {}

  async load(articleId: string): Promise<LoadedArticle> {
    const cached = this.cache.get(articleId);
    if (cached) {
      const tail = await this.tailAfter(articleId, cached.version);
      if (tail) return this.remember(articleId, extend(cached, tail));
      this.cache.delete(articleId);
    }
    return this.remember(articleId, await this.loadFromStore(articleId));
  }

  /** An article with no event yet, read from nowhere. */
  none(): LoadedArticle {
    return this.fold([]);
  }

  /**
   * Whether the command already has its events in the stream, so a retry answers instead of deciding
   * again. The events folded since a snapshot carry their command ids; for those before it the store is
   * asked for the command's first event, whose id derives from the command's (ADR 0005).
   */
  async hasApplied(articleId: string, loaded: LoadedArticle, commandId: string): Promise<boolean> {
    if (loaded.commandIds.has(commandId)) return true;
    if (loaded.snapshotVersion === 0) return false;
    return this.store.containsEvent(articleStream(articleId), eventIdFor(commandId, 0));
  }

  /**
   * The article as this process has just appended to it, so that its next load reads only the event
   * it stands on. `answer` is the loaded state moved on by the events appended, as a load would fold
   * them. The memory never moves back: a load that went further meanwhile is kept.
   */
  appended(articleId: string, loaded: LoadedArticle, answer: ArticleView, commandId: string): void {
    const cached = this.cache.get(articleId);
    if (cached && cached.version >= answer.version) return;
    const commandIds = new Set(loaded.commandIds).add(commandId);
    this.remember(articleId, { ...answer, events: [], commandIds, snapshotVersion: loaded.snapshotVersion });
  }

  /** Takes a snapshot when enough events have been appended since the last one. */
  maybeSnapshot(articleId: string, loaded: LoadedArticle, state: ArticleState, version: number): void {
    if (version - loaded.snapshotVersion < SNAPSHOT_EVERY) return;
    this.snapshots.save(articleId, { version, state });
  }

  /** The article as it stood at an instant, or after a given version: always the whole stream. */
  async loadAsOf(articleId: string, bound: { asOf?: Date | null; version?: number | null }): Promise<LoadedArticle> {
    const events = await this.read(articleId, 0);
    return this.fold(
      events.filter((event, index) => {
        if (bound.version !== null && bound.version !== undefined && index >= bound.version) return false;
        if (bound.asOf && event.created.getTime() > bound.asOf.getTime()) return false;
        return true;
      }),
    );
  }

  private async loadFromStore(articleId: string): Promise<LoadedArticle> {
    const snapshot = await this.snapshots.load(articleId);
    if (!snapshot) return this.fold(await this.read(articleId, 0));
    const tail = await this.tailAfter(articleId, snapshot.version);
    if (!tail) return this.fold(await this.read(articleId, 0));
    // The timeline before the snapshot is not at hand: the read model answers for it.
    return extend({ state: snapshot.state, version: snapshot.version, events: [], commandIds: new Set(), snapshotVersion: snapshot.version }, tail);
  }

  /** Articles that exist are kept, without the events read (their bodies); the least recently loaded is forgotten first. */
  private remember(articleId: string, loaded: LoadedArticle): LoadedArticle {
    this.cache.delete(articleId);
    if (loaded.version === 0) return loaded;
    this.cache.set(articleId, { ...loaded, events: [] });
    if (this.cache.size > CACHED_ARTICLES) this.cache.delete(this.cache.keys().next().value as string);
    return loaded;
  }

  private fold(events: readonly RecordedEvent[]): LoadedArticle {
    const state = events.map(toDomainEvent).reduce(evolveArticle, initialArticleState());
    const commandIds = new Set(events.flatMap((e) => (e.metadata.commandId ? [e.metadata.commandId] : [])));
    return { state, version: events.length, events, history: events.map(toHistoryEntry), commandIds, snapshotVersion: 0 };
  }

  /**
   * The events after a state of `version` events, or null when the stream no longer continues exactly
   * where that state stood (deleted, truncated past it, recreated): one read, from the state's last
   * event, which must still be there at its revision.
   */
  private async tailAfter(articleId: string, version: number): Promise<RecordedEvent[] | null> {
    const [last, ...tail] = await this.read(articleId, version - 1);
    return last?.revision === version - 1 ? tail : null;
  }

  private async read(articleId: string, fromRevision: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(articleStream(articleId), { fromRevision });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

/** A loaded article moved on by the events after it; folded states are never changed in place. */
function extend(loaded: LoadedArticle, tail: readonly RecordedEvent[]): LoadedArticle {
  if (tail.length === 0) return { ...loaded, events: tail };
  const commandIds = new Set(loaded.commandIds);
  for (const event of tail) if (event.metadata.commandId) commandIds.add(event.metadata.commandId);
  return {
    state: tail.map(toDomainEvent).reduce(evolveArticle, loaded.state),
    version: loaded.version + tail.length,
    events: tail,
    ...(loaded.history ? { history: [...loaded.history, ...tail.map(toHistoryEntry)] } : {}),
    commandIds,
    snapshotVersion: loaded.snapshotVersion,
  };
}

/** A stored event in the domain's current shape (older schema versions are upcast). */
export function toDomainEvent(event: RecordedEvent): ArticleEvent {
  return upcastArticleEvent(event.type, event.data, event.metadata.schemaVersion);
}

export function toHistoryEntry(event: RecordedEvent): HistoryEntryView {
  const actor = event.metadata.actor ?? null;
  return {
    version: event.revision + 1,
    type: event.type,
    at: (event.data as { at?: string }).at ?? event.created.toISOString(),
    actor: actor ? { id: actor.id, name: actor.name } : null,
    ...historyFacts(event),
  };
}
