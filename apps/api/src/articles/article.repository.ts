import { evolveArticle, initialArticleState, upcastArticleEvent, type ArticleEvent, type ArticleState } from '@galley/editorial';
import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@galley/event-store';
import { historyFacts } from '@galley/read-models';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { articleStream } from '../infrastructure/ids';
import { ArticleSnapshots, SNAPSHOT_EVERY } from './article-snapshots';
import type { ArticleView, HistoryEntryView } from './article.view';

export interface LoadedArticle extends ArticleView {
  /** The events read: the whole stream, or the tail after a snapshot. */
  readonly events: readonly RecordedEvent[];
  /** Every command already in the stream. */
  readonly commandIds: ReadonlySet<string>;
  /** The version of the snapshot the state started from, or 0. */
  readonly snapshotVersion: number;
}

/** Reads an article's stream (from its latest snapshot when there is one) and folds it. */
@Injectable()
export class ArticleRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly snapshots: ArticleSnapshots,
  ) {}

  async load(articleId: string): Promise<LoadedArticle> {
    const snapshot = await this.snapshots.load(articleId);
    const tail = await this.read(articleId, snapshot?.version ?? 0);
    if (!snapshot) return this.fold(tail);
    if (!(await this.linesUp(articleId, snapshot.version, tail))) return this.fold(await this.read(articleId, 0));
    const state = tail.map(toDomainEvent).reduce(evolveArticle, snapshot.state);
    const commandIds = new Set(snapshot.commandIds);
    for (const event of tail) if (event.metadata.commandId) commandIds.add(event.metadata.commandId);
    // The timeline before the snapshot is not at hand: the read model answers for it.
    return { state, version: snapshot.version + tail.length, events: tail, commandIds, snapshotVersion: snapshot.version };
  }

  /** Takes a snapshot when enough events have been appended since the last one. */
  maybeSnapshot(articleId: string, loaded: LoadedArticle, state: ArticleState, version: number, appendedCommandId: string): void {
    if (version - loaded.snapshotVersion < SNAPSHOT_EVERY) return;
    this.snapshots.save(articleId, { version, state, commandIds: [...loaded.commandIds, appendedCommandId] });
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

  private fold(events: readonly RecordedEvent[]): LoadedArticle {
    const state = events.map(toDomainEvent).reduce(evolveArticle, initialArticleState());
    const commandIds = new Set(events.flatMap((e) => (e.metadata.commandId ? [e.metadata.commandId] : [])));
    return { state, version: events.length, events, history: events.map(toHistoryEntry), commandIds, snapshotVersion: 0 };
  }

  /** A snapshot is used only when the stream continues exactly where it was taken. */
  private async linesUp(articleId: string, version: number, tail: readonly RecordedEvent[]): Promise<boolean> {
    if (tail.length > 0) return tail[0].revision === version;
    const [last] = await this.store.readStream(articleStream(articleId), { direction: 'backwards', fromRevision: 'end', maxCount: 1 }).catch(() => []);
    return last !== undefined && last.revision + 1 === version;
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
