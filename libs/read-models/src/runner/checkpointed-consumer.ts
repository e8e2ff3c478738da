import type { AllFilter, EventStore, RecordedEvent, Subscription } from '@galley/event-store';
import type { CheckpointStore } from './checkpoint-store';

/**
 * A filter that rarely matches would leave the checkpoint at its last match, and every start would read
 * everything since: the checkpoint also moves for progress alone, reported every PROGRESS_CHECKPOINT_INTERVAL
 * positions examined and at catch-up, and written when it saves reading again at least MIN_PROGRESS of them.
 */
export const PROGRESS_CHECKPOINT_INTERVAL = 10_000;
const MIN_PROGRESS = 1_000n;

export interface CheckpointedConsumerOptions {
  readonly name: string;
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly filter?: AllFilter;
  /** Side effects go here; the checkpoint moves only after it resolves (at-least-once). */
  readonly handle: (event: RecordedEvent) => Promise<void>;
  readonly retryDelayMs?: number;
  readonly onError?: (error: Error) => void;
}

/**
 * A process fed by `$all` from its own checkpoint. A crash before the checkpoint is written makes
 * it see the event again, so handlers must be idempotent (commands carry derived command ids).
 */
export class CheckpointedConsumer {
  private subscription: Subscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(private readonly options: CheckpointedConsumerOptions) {}

  start(): void {
    this.stopped = false;
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private subscribe(): void {
    if (this.stopped) return;
    const { name, store, checkpoints, filter, handle } = this.options;
    this.subscription = store.subscribeToAll({
      fromPosition: checkpoints.read(name) ?? 'start',
      filter,
      checkpointInterval: PROGRESS_CHECKPOINT_INTERVAL,
      onCheckpoint: (position) => {
        const current = checkpoints.read(name);
        if (current === null || position.commit - current.commit >= MIN_PROGRESS) checkpoints.write(name, position);
      },
      onEvent: async (event) => {
        await handle(event);
        checkpoints.write(name, event.position);
      },
      onError: (error) => {
        this.options.onError?.(error);
        this.subscription = null;
        if (!this.stopped) this.retryTimer = setTimeout(() => this.subscribe(), this.options.retryDelayMs ?? 1000);
      },
    });
  }
}
