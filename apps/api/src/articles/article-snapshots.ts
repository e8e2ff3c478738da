import { ARTICLE_STATE_VERSION, type ArticleState } from '@galley/editorial';
import { StreamNotFoundError, type EventStore } from '@galley/event-store';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { uuidV5 } from '../infrastructure/ids';

/** A snapshot is taken once this many events have been appended since the last one. */
export const SNAPSHOT_EVERY = 200;

/** Articles whose latest snapshot version this process remembers, so it never takes two in a row. */
const REMEMBERED = 10_000;

export interface ArticleSnapshot {
  /** Events folded into the state (the stream's version at the snapshot). */
  readonly version: number;
  readonly state: ArticleState;
}

interface SnapshotData extends ArticleSnapshot {
  readonly stateVersion: number;
}

/**
 * Snapshots of long article streams, kept in their own stream (`snapshot-article-<id>`) of the same
 * event store, so they move with it between adapters. A snapshot of an older state shape is ignored.
 * It holds the state and nothing else: retries of commands folded into it are recognised by the store
 * (ADR 0013), so its size does not grow with the stream.
 */
@Injectable()
export class ArticleSnapshots {
  private readonly logger = new Logger('ArticleSnapshots');
  /** Per article, the version of the snapshot being saved or last saved by this process. */
  private readonly taken = new Map<string, number>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(articleId: string): Promise<ArticleSnapshot | null> {
    try {
      const [latest] = await this.store.readStream(snapshotStream(articleId), { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
      const data = latest?.data as SnapshotData | undefined;
      return data && data.stateVersion === ARTICLE_STATE_VERSION ? { version: data.version, state: data.state } : null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  /**
   * Saves in the background: a failed snapshot costs speed, never correctness. Commands that loaded the
   * article before a snapshot landed would each take one; only the first of them does.
   */
  save(articleId: string, snapshot: ArticleSnapshot): void {
    if (snapshot.version < (this.taken.get(articleId) ?? 0) + SNAPSHOT_EVERY) return;
    this.remember(articleId, snapshot.version);
    const data: SnapshotData = { version: snapshot.version, state: snapshot.state, stateVersion: ARTICLE_STATE_VERSION };
    this.store
      .appendToStream(snapshotStream(articleId), [{ id: uuidV5(`snapshot:${articleId}:${snapshot.version}`), type: 'ArticleSnapshotted', data }])
      .catch((error: Error) => {
        // Another command may try again.
        if (this.taken.get(articleId) === snapshot.version) this.taken.delete(articleId);
        this.logger.warn(`Snapshot of ${articleId} at ${snapshot.version} not saved: ${error.message}`);
      });
  }

  private remember(articleId: string, version: number): void {
    this.taken.delete(articleId);
    this.taken.set(articleId, version);
    if (this.taken.size > REMEMBERED) this.taken.delete(this.taken.keys().next().value as string);
  }
}

export function snapshotStream(articleId: string): string {
  return `snapshot-article-${articleId}`;
}
