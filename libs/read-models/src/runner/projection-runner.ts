import { comparePositions, type EventStore, type Position, type RecordedEvent, type Subscription } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { CheckpointStore } from './checkpoint-store';
import type { Projection } from './projection';

export interface ProjectionRunnerOptions {
  /** Name of the checkpoint row shared by these projections. */
  readonly name: string;
  readonly store: EventStore;
  readonly db: Database.Database;
  readonly projections: readonly Projection[];
  /** Events per transaction while catching up, and at most per transaction when live. */
  readonly batchSize?: number;
  /** Pause before resubscribing after a failure. */
  readonly retryDelayMs?: number;
  readonly onApplied?: (events: readonly RecordedEvent[]) => void;
  readonly onError?: (error: Error) => void;
}

interface Waiter {
  readonly position: Position;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Feeds projections from `$all`: history in batches, then live events. Each batch of read-model
 * updates and the checkpoint are written in one SQLite transaction, so every event is applied once.
 * Live events go together: the page the subscription reads after a commit is applied in one
 * transaction, so a group commit of many commands costs the read models one write, not one each.
 */
export class ProjectionRunner {
  private readonly checkpoints: CheckpointStore;
  private readonly applyBatch: (events: readonly RecordedEvent[]) => void;
  private subscription: Subscription | null = null;
  private position: Position | null;
  private waiters: Waiter[] = [];
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Live events received and not yet applied. */
  private live: RecordedEvent[] = [];
  /** The pending flush, if any: a token, so that a dropped one is recognised. */
  private flushToken: object | null = null;
  /** Live events received so far, and as of the flush's last look: equal once the subscription pauses. */
  private received = 0;
  private seen = 0;
  /** Resolves a subscription held back while the live queue is full. */
  private drained: (() => void) | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const { db, projections, name } = options;
    this.checkpoints = new CheckpointStore(db);
    for (const projection of projections) projection.migrate(db);
    this.position = this.checkpoints.read(name);
    if (this.position !== null) this.createIndexes();
    const transaction = db.transaction((events: readonly RecordedEvent[]) => {
      for (const event of events) {
        for (const projection of projections) if (projection.handles(event)) projection.apply(db, event);
      }
      for (const projection of projections) projection.flush?.(db);
      this.checkpoints.write(name, events[events.length - 1].position);
    });
    this.applyBatch = (events) => {
      try {
        transaction(events);
      } catch (error) {
        for (const projection of projections) projection.discarded?.();
        throw error;
      }
      for (const projection of projections) projection.committed?.();
    };
  }

  private createIndexes(): void {
    const { db, projections } = this.options;
    db.transaction(() => projections.forEach((projection) => projection.createIndexes?.(db)))();
  }

  /** The position of the last event applied, or null before the first. */
  get checkpoint(): Position | null {
    return this.position;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.catchUp();
    this.createIndexes();
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.unsubscribe();
    this.subscription = null;
    // Live events already received are applied, not dropped: a stop leaves the checkpoint at them.
    const received = this.live;
    this.dropLive();
    if (received.length > 0) {
      try {
        this.apply(received);
      } catch (error) {
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
  }

  /** Resolves true once the projections have applied `position`, false after the timeout. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private async catchUp(): Promise<void> {
    const batchSize = this.options.batchSize ?? 1000;
    for (;;) {
      const events = await this.options.store.readAll({ fromPosition: this.position ?? 'start', maxCount: batchSize });
      if (events.length === 0 || this.stopped) return;
      this.apply(events);
      if (events.length < batchSize) return;
    }
  }

  private subscribe(): void {
    if (this.stopped) return;
    const subscription = this.options.store.subscribeToAll({
      fromPosition: this.position ?? 'start',
      onEvent: (event) => this.receive(event),
      onError: (error) => this.failed(subscription, error),
    });
    this.subscription = subscription;
  }

  /** Queues a live event for the next transaction; holds the subscription back while the queue is full. */
  private receive(event: RecordedEvent): Promise<void> | void {
    this.live.push(event);
    this.received++;
    if (this.flushToken === null) {
      const token = {};
      this.flushToken = token;
      this.seen = this.received - 1;
      queueMicrotask(() => this.flushWhenPaused(token));
    }
    if (this.live.length < (this.options.batchSize ?? 1000)) return;
    return new Promise((resolve) => (this.drained = resolve));
  }

  /**
   * The subscription hands over the page it read after a commit one event per microtask: the
   * batch is applied as soon as a microtask passes without a new event, before the event loop
   * turns to other work (which would add its whole duration to the read models' lag).
   */
  private flushWhenPaused(token: object): void {
    if (this.flushToken !== token) return;
    if (this.seen !== this.received) {
      this.seen = this.received;
      queueMicrotask(() => this.flushWhenPaused(token));
      return;
    }
    this.flushLive();
  }

  private flushLive(): void {
    this.flushToken = null;
    const events = this.live;
    this.live = [];
    this.releaseSubscription();
    // Applied even while stopping: they were received, and stop() waits for the subscription first.
    if (events.length === 0) return;
    const subscription = this.subscription;
    try {
      this.apply(events);
    } catch (error) {
      if (subscription) this.failed(subscription, error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The subscription or a live batch failed: resubscribe from the checkpoint, nothing lost, nothing applied twice. */
  private failed(subscription: Subscription, error: Error): void {
    if (this.subscription !== subscription) return;
    this.subscription = null;
    this.dropLive();
    void subscription.unsubscribe();
    this.options.onError?.(error);
    if (!this.stopped) this.retryTimer = setTimeout(() => this.subscribe(), this.options.retryDelayMs ?? 1000);
  }

  private dropLive(): void {
    this.flushToken = null;
    this.live = [];
    this.releaseSubscription();
  }

  private releaseSubscription(): void {
    const drained = this.drained;
    this.drained = null;
    drained?.();
  }

  private apply(events: readonly RecordedEvent[]): void {
    const fresh = this.position === null ? events : events.filter((e) => comparePositions(e.position, this.position!) > 0);
    if (fresh.length === 0) return;
    this.applyBatch(fresh);
    this.position = fresh[fresh.length - 1].position;
    this.options.onApplied?.(fresh);
    this.releaseWaiters();
  }

  private reached(position: Position): boolean {
    return this.position !== null && comparePositions(this.position, position) >= 0;
  }

  private releaseWaiters(): void {
    const ready = this.waiters.filter((w) => this.reached(w.position));
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => !this.reached(w.position));
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(true);
    }
  }
}
