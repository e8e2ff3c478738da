import type { Position } from '@galley/event-store';
import { PositionWaiters } from './position-waiters';
import type { AppliedEvent, FollowedBatch } from './projection-worker';

/** A target that reads the events itself: a worker thread given the embedded store's file. */
export interface FollowingTarget {
  /** The position the read models were last committed at, when the target was opened. */
  readonly checkpoint: Position | null;
  /** Applies what the store holds after the read models, up to its head; each batch told to `onFollowed` first. */
  follow(maxCount: number): Promise<void>;
  onFollowed(listener: (batch: FollowedBatch) => void): void;
  createIndexes(): Promise<void>;
}

export interface FollowingRunnerOptions {
  readonly target: FollowingTarget;
  /** The store's signal after each of its commits (`FollowableEventsFile.onCommitted`). */
  readonly commits: { onCommitted(listener: () => void): () => void };
  /** Events per transaction at most. */
  readonly batchSize?: number;
  /** How often the target looks for events written by another process, which send no signal. */
  readonly pollIntervalMs?: number;
  /** Pause after a failure before the target tries again from its checkpoint. */
  readonly retryDelayMs?: number;
  /** After each batch is applied, with the instants (ms) its transaction committed and the worker began to read it. */
  readonly onApplied?: (events: readonly AppliedEvent[], appliedAt: number, startedAt: number) => void;
  readonly onError?: (error: Error) => void;
}

/**
 * Keeps read models whose worker reads the embedded store's file itself (ADR 0019, amended): after
 * each commit the main thread only tells the worker to follow, so no event is read, parsed or
 * copied on the thread that serves HTTP, and the read models' lag does not wait for that thread
 * between a commit and the read. The worker applies a page of events per transaction and says what
 * it applied; this runner keeps the checkpoint it was told and the callers waiting for a position.
 *
 * A failed batch is not committed: the worker stays at its checkpoint, and tries again from there
 * after `retryDelayMs`; signals in between are not acted on, so a failure is reported once per try.
 */
export class FollowingProjectionRunner {
  private readonly batchSize: number;
  private position: Position | null;
  private readonly waiters = new PositionWaiters();
  private stopped = true;
  private detach: (() => void) | null = null;
  private poll: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** Until then (ms) a failure is being waited out: signals are not acted on. */
  private pausedUntil = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: FollowingRunnerOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.position = options.target.checkpoint;
    options.target.onFollowed((batch) => {
      this.position = batch.position;
      options.onApplied?.(batch.events, batch.appliedAt, batch.startedAt);
      this.waiters.release(this.position);
    });
  }

  /** The position of the last event applied, or null before the first. */
  get checkpoint(): Position | null {
    return this.position;
  }

  /** Catches up to the store's head, creates the read indexes, then follows every commit. */
  async start(): Promise<void> {
    this.stopped = false;
    // A failure here is start's own: nothing else is following yet to report it a second time.
    await this.options.target.follow(this.batchSize);
    await this.options.target.createIndexes();
    this.detach = this.options.commits.onCommitted(() => this.follow());
    this.poll = setInterval(() => this.follow(), this.options.pollIntervalMs ?? 500);
    this.poll.unref();
    // What was committed after the catch-up's last read, before the signal was listened to.
    this.follow();
  }

  /** Stops following; what was committed before is applied first. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.detach?.();
    if (this.poll) clearInterval(this.poll);
    if (this.retry) clearTimeout(this.retry);
    await Promise.allSettled([...this.inFlight]);
    try {
      await this.options.target.follow(this.batchSize);
    } catch (error) {
      this.options.onError?.(toError(error));
    }
    this.waiters.cancelAll();
  }

  /** Resolves true once the projections have applied `position`, false after the timeout. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(position, timeoutMs, this.position);
  }

  private follow(): void {
    if (this.stopped || Date.now() < this.pausedUntil) return;
    const following = this.options.target.follow(this.batchSize).catch((error: unknown) => this.failed(toError(error)));
    this.inFlight.add(following);
    void following.finally(() => this.inFlight.delete(following));
  }

  private failed(error: Error): void {
    // The follows queued with the failed one fail with it: one report, one retry.
    if (this.stopped || Date.now() < this.pausedUntil) return;
    const delay = this.options.retryDelayMs ?? 1000;
    this.pausedUntil = Date.now() + delay;
    this.options.onError?.(error);
    this.retry = setTimeout(() => {
      this.pausedUntil = 0;
      this.follow();
    }, delay);
    this.retry.unref();
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
