import { comparePositions, type EventStore, type Position, type RecordedEvent, type Subscription } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { PositionWaiters } from './position-waiters';
import type { Projection } from './projection';
import { LocalProjectionTarget, type ProjectionTarget } from './projection-target';

interface RunnerFeed {
  /** Name of the checkpoint row shared by these projections. */
  readonly name: string;
  readonly store: EventStore;
  /** Events per transaction while catching up, and at most per transaction when live. */
  readonly batchSize?: number;
  /** Pause before resubscribing after a failure. */
  readonly retryDelayMs?: number;
  /** After each batch is applied, with the instant (ms) its transaction committed. */
  readonly onApplied?: (events: readonly RecordedEvent[], appliedAt: number) => void;
  readonly onError?: (error: Error) => void;
}

/** Projections applied in this thread, to `db`; or a target of its own (a worker thread). */
export type ProjectionRunnerOptions = RunnerFeed &
  ({ readonly db: Database.Database; readonly projections: readonly Projection[] } | { readonly target: ProjectionTarget });

/**
 * Feeds projections from `$all`: history in batches, then live events. Each batch of read-model
 * updates and the checkpoint are written in one SQLite transaction, so every event is applied once.
 * Live events go together: the page the subscription reads after a commit is applied in one
 * transaction, so a group commit of many commands costs the read models one write, not one each.
 * Batches are handed to the target one after another without waiting for each to be acknowledged
 * (a worker thread's target answers later), up to a batch's worth of events; the target refuses a
 * batch that does not follow the last it applied, so after a failure nothing later slips in.
 */
export class ProjectionRunner {
  private readonly target: ProjectionTarget;
  private readonly batchSize: number;
  private subscription: Subscription | null = null;
  /** The last event the target has applied (acknowledged). */
  private position: Position | null;
  /** The last event handed to the target: batches follow one another without waiting for acknowledgements. */
  private sent: Position | null;
  /** Events handed to the target and not yet acknowledged; at a batch's worth, live events wait. */
  private unacknowledged = 0;
  private readonly inFlight = new Set<Promise<void>>();
  /** Raised when a batch fails: the failures of the batches sent after it are that same failure. */
  private epoch = 0;
  private readonly waiters = new PositionWaiters();
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Live events received and not yet handed to the target. */
  private live: RecordedEvent[] = [];
  /** The pending flush, if any: a token, so that a dropped one is recognised. */
  private flushToken: object | null = null;
  /** Live events received so far, and as of the flush's last look: equal once the subscription pauses. */
  private received = 0;
  private seen = 0;
  /** Resolves a subscription held back while the live queue is full. */
  private drained: (() => void) | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.target = 'target' in options ? options.target : new LocalProjectionTarget(options.db, options.projections, options.name);
    this.batchSize = options.batchSize ?? 1000;
    this.position = this.target.checkpoint;
    this.sent = this.position;
  }

  /** The position of the last event applied, or null before the first. */
  get checkpoint(): Position | null {
    return this.position;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.catchUp();
    await this.target.createIndexes();
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.unsubscribe();
    this.subscription = null;
    // Live events already received are applied, not dropped: a stop leaves the checkpoint at them.
    await Promise.allSettled([...this.inFlight]);
    const received = this.unsent(this.live);
    this.dropLive();
    if (received.length > 0) {
      try {
        await this.send(received);
      } catch (error) {
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
    this.waiters.cancelAll();
  }

  /** Resolves true once the projections have applied `position`, false after the timeout. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(position, timeoutMs, this.position);
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.options.store.readAll({ fromPosition: this.position ?? 'start', maxCount: this.batchSize });
      if (events.length === 0 || this.stopped) return;
      const fresh = this.unsent(events);
      if (fresh.length > 0) await this.send(fresh);
      if (events.length < this.batchSize) return;
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
    if (this.live.length < this.batchSize) return;
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
    this.flushToken = null;
    this.flushLive();
  }

  private flushLive(): void {
    // A batch's worth not yet acknowledged: these go with the next acknowledgement.
    if (this.unacknowledged >= this.batchSize) return;
    const events = this.unsent(this.live);
    this.live = [];
    this.releaseSubscription();
    // Applied even while stopping: they were received, and stop() waits for the subscription first.
    if (events.length === 0) return;
    const subscription = this.subscription;
    this.send(events).then(
      () => {
        if (this.live.length > 0 && this.flushToken === null) this.flushLive();
      },
      (error: unknown) => {
        if (subscription) this.failed(subscription, error instanceof Error ? error : new Error(String(error)));
      },
    );
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

  /** The events not yet handed to the target (a replayed page may repeat some). */
  private unsent(events: readonly RecordedEvent[]): readonly RecordedEvent[] {
    const sent = this.sent;
    return sent === null ? events : events.filter((e) => comparePositions(e.position, sent) > 0);
  }

  /**
   * Hands a batch to the target, to follow the one sent before it; settles once applied. A failed
   * batch leaves the position where the last applied one put it, and the next batch starts there.
   */
  private send(events: readonly RecordedEvent[]): Promise<void> {
    const after = this.sent;
    const last = events[events.length - 1].position;
    const epoch = this.epoch;
    this.sent = last;
    this.unacknowledged += events.length;
    let applied: Promise<number>;
    try {
      applied = Promise.resolve(this.target.apply(events, after));
    } catch (error) {
      applied = Promise.reject(error);
    }
    const done = applied.then(
      (appliedAt) => {
        this.unacknowledged -= events.length;
        this.inFlight.delete(done);
        this.position = last;
        this.options.onApplied?.(events, appliedAt);
        this.waiters.release(this.position);
      },
      (error: unknown) => {
        this.unacknowledged -= events.length;
        this.inFlight.delete(done);
        if (epoch === this.epoch) {
          this.epoch++;
          this.sent = this.position;
        }
        throw error;
      },
    );
    this.inFlight.add(done);
    return done;
  }
}
