import { ARTICLE_STATE_VERSION, type ArticleState } from '@galley/editorial';
import { StreamNotFoundError, type EventStore } from '@galley/event-store';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { uuidV5 } from '../infrastructure/ids';

/** A snapshot is taken once this many events have been appended since the last one. */
export const SNAPSHOT_EVERY = 200;

export interface ArticleSnapshot {
  /** Events folded into the state (the stream's version at the snapshot). */
  readonly version: number;
  readonly state: ArticleState;
  /** Every command already in the stream, so a retry is still recognised after a snapshot. */
  readonly commandIds: readonly string[];
}

interface SnapshotData extends ArticleSnapshot {
  readonly stateVersion: number;
}

/**
 * Snapshots of long article streams, kept in their own stream (`snapshot-article-<id>`) of the same
 * event store, so they move with it between adapters. A snapshot of an older state shape is ignored.
 */
@Injectable()
export class ArticleSnapshots {
  private readonly logger = new Logger('ArticleSnapshots');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(articleId: string): Promise<ArticleSnapshot | null> {
    try {
      const [latest] = await this.store.readStream(snapshotStream(articleId), { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
      const data = latest?.data as SnapshotData | undefined;
      return data && data.stateVersion === ARTICLE_STATE_VERSION ? data : null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  /** Saves in the background: a failed snapshot costs speed, never correctness. */
  save(articleId: string, snapshot: ArticleSnapshot): void {
    const data: SnapshotData = { ...snapshot, stateVersion: ARTICLE_STATE_VERSION };
    this.store
      .appendToStream(snapshotStream(articleId), [{ id: uuidV5(`snapshot:${articleId}:${snapshot.version}`), type: 'ArticleSnapshotted', data }])
      .catch((error: Error) => this.logger.warn(`Snapshot of ${articleId} at ${snapshot.version} not saved: ${error.message}`));
  }
}

export function snapshotStream(articleId: string): string {
  return `snapshot-article-${articleId}`;
}
