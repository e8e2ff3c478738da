import type { RecordedEvent, Subscription } from '../event-store.port';
import { insideHandlerOf, runHandler } from '../handler-context';

/** One page pulled from the events table for a subscription. */
export interface SubscriptionBatch {
  readonly events: RecordedEvent[];
  /** The cursor up to which the table has been examined (matching or not). */
  readonly scannedTo: number;
  /** True when nothing committed is left to examine. */
  readonly atHead: boolean;
}

export interface SqliteSubscriptionCallbacks {
  onEvent(event: RecordedEvent): void | Promise<void>;
  onCaughtUp?(): void;
  onError?(error: Error): void;
}

export interface SqliteSubscriptionSettings {
  /** Exclusive cursor to start after: a seq for `$all`, a revision for a stream. */
  readonly startAfter: number;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readBatch(after: number, limit: number): SubscriptionBatch;
  /** Where an event puts the cursor. */
  cursorOf(event: RecordedEvent): number;
  /** Reports progress at catch-up and every `interval` cursor steps examined. */
  readonly checkpoint?: { readonly interval: number; report(cursor: number): void | Promise<void> };
  onStopped(subscription: SqliteSubscription): void;
}

/**
 * A catch-up subscription: it pages through the events table from its cursor, then waits for a commit
 * notification (or the poll timer, for writers in other processes) and pages again. It never holds more
 * than one page in memory, however slow onEvent is.
 */
export class SqliteSubscription implements Subscription {
  private cursor: number;
  private stopped = false;
  private notified = false;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly options: SqliteSubscriptionCallbacks,
    private readonly settings: SqliteSubscriptionSettings,
  ) {
    this.cursor = settings.startAfter;
    // Start on a later turn so the caller holds the Subscription before the first onEvent.
    this.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  /** Called by the store after every commit that wrote events. */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // From inside our own onEvent, waiting for the loop would wait for the caller itself.
    if (insideHandlerOf(this)) return;
    await this.done;
  }

  private async run(): Promise<void> {
    let caughtUp = false;
    const checkpoint = this.settings.checkpoint;
    let checkpointed = this.cursor;
    try {
      while (!this.stopped) {
        this.notified = false;
        const batch = this.settings.readBatch(this.cursor, this.settings.batchSize);
        for (const event of batch.events) {
          if (this.stopped) return;
          await runHandler(this, () => this.options.onEvent(event));
          this.cursor = this.settings.cursorOf(event);
        }
        if (this.stopped) return;
        this.cursor = Math.max(this.cursor, batch.scannedTo);
        const reachedCatchUp = batch.atHead && !caughtUp;
        if (checkpoint && this.cursor > checkpointed && (reachedCatchUp || this.cursor - checkpointed >= checkpoint.interval)) {
          checkpointed = this.cursor;
          await checkpoint.report(this.cursor);
          if (this.stopped) return;
        }
        // Catching up on more than a page: the event loop gets a turn between pages, so a long history
        // (a new process subscribing to a million events) does not hold timers and requests until the end.
        if (!batch.atHead) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        if (!caughtUp) {
          caughtUp = true;
          this.options.onCaughtUp?.();
        }
        if (!this.notified && !this.stopped) await this.sleep();
      }
    } catch (error) {
      this.stopped = true;
      this.options.onError?.(toError(error));
    } finally {
      this.settings.onStopped(this);
    }
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, this.settings.pollIntervalMs);
      // An idle subscription must not keep the process alive.
      timer.unref();
      this.wake = finish;
    });
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`Subscription handler threw ${String(error)}`, { cause: error });
}
