import { articleDecider, fold, upcastArticleEvent, type ArticleEvent, type ArticleState } from '@galley/editorial';
import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@galley/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { historyFacts } from '@galley/read-models';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { articleStream } from '../infrastructure/ids';
import type { ArticleView, HistoryEntryView } from './article.view';

const folding = articleDecider({ requiredApprovals: 1 });

export interface LoadedArticle extends ArticleView {
  readonly events: readonly RecordedEvent[];
}

/** Reads an article's stream and folds it: the write side's view, and time travel's. */
@Injectable()
export class ArticleRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(articleId: string): Promise<LoadedArticle> {
    return this.view(await this.read(articleId));
  }

  /** The article as it stood at an instant, or after a given version. */
  async loadAsOf(articleId: string, bound: { asOf?: Date | null; version?: number | null }): Promise<LoadedArticle> {
    const events = await this.read(articleId);
    return this.view(
      events.filter((event, index) => {
        if (bound.version !== null && bound.version !== undefined && index >= bound.version) return false;
        if (bound.asOf && event.created.getTime() > bound.asOf.getTime()) return false;
        return true;
      }),
    );
  }

  view(events: readonly RecordedEvent[]): LoadedArticle {
    const state: ArticleState = fold(folding, events.map(toDomainEvent));
    return { state, version: events.length, events, history: events.map(toHistoryEntry) };
  }

  private async read(articleId: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(articleStream(articleId));
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
