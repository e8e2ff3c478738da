import {
  CancelledError,
  TimeoutError,
  UnknownError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Position as EsdbPosition,
} from '@eventstore/db-client';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventStoreUnavailableError } from '../event-store.errors';
import {
  comparePositions,
  type Position,
  type SubscribeToAllOptions,
  type Subscription,
} from '../event-store.port';
import { translateEventStoreDbError } from './eventstoredb-errors';
import { isWanted, positionOf, toRecordedEvent } from './eventstoredb-events';

/** How a dropped subscription comes back: delays double from the first to the cap; it gives up after maxAttempts failures in a row. */
export interface ResubscribePolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface EventStoreDbSubscriptionSettings {
  /** Opens the server-side catch-up subscription (filtered on the server) after a position. */
  open(from: Position | 'start', onCheckpoint: (position: Position) => void): AllStreamSubscription;
  /** The position of the last record in `$all`, system events included, or null when there is none. */
  rawHead(): Promise<Position | null>;
  readonly resubscribe: ResubscribePolicy;
  onStopped(subscription: EventStoreDbSubscription): void;
}

/** Marks the async context of a running onEvent, so unsubscribe() called from it does not wait on itself. */
const runningHandler = new AsyncLocalStorage<EventStoreDbSubscription>();

/** A failure of the subscriber's own callbacks: it stops the subscription instead of resubscribing. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * A catch-up subscription to `$all` that delivers each event after the previous onEvent settled. It pulls
 * one event at a time from the client's stream, so a slow consumer holds the gRPC stream back instead of
 * buffering without end, and when the stream drops it resubscribes from the last event it examined.
 */
export class EventStoreDbSubscription implements Subscription {
  /** Exclusive: the last event examined (delivered or filtered out); 'end' until it is resolved to the head. */
  private cursor: Position | 'start' | 'end';
  private stopped = false;
  private caughtUp = false;
  private reader: SourceReader | null = null;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly options: SubscribeToAllOptions,
    private readonly settings: EventStoreDbSubscriptionSettings,
  ) {
    this.cursor = options.fromPosition ?? 'start';
    // Start on a later turn so the caller holds the Subscription before the first onEvent.
    this.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.reader?.interrupt();
    // From inside our own onEvent, waiting for the loop would wait for the caller itself.
    if (runningHandler.getStore() === this) return;
    await this.done;
  }

  private async run(): Promise<void> {
    let failures = 0;
    try {
      while (!this.stopped) {
        try {
          await this.follow(() => (failures = 0));
          if (this.stopped) return;
          throw new EventStoreUnavailableError('EventStoreDB ended the subscription');
        } catch (error) {
          if (error instanceof HandlerFailure) throw error.error;
          if (this.stopped) return;
          const translated = translateEventStoreDbError(error);
          failures += 1;
          if (!isTransient(translated) || failures > this.settings.resubscribe.maxAttempts) throw translated;
          await this.sleep(backoffDelay(this.settings.resubscribe, failures));
        }
      }
    } catch (error) {
      this.stopped = true;
      this.options.onError?.(toError(error));
    } finally {
      this.settings.onStopped(this);
    }
  }

  /** One server-side subscription, followed until it fails, ends or we stop. */
  private async follow(onProgress: () => void): Promise<void> {
    if (this.cursor === 'end') this.cursor = (await this.settings.rawHead()) ?? 'start';
    const from = this.cursor;
    // Servers before 23.10 never say "caught up": then history ends at the head we see now.
    const head = this.caughtUp ? null : await this.settings.rawHead();
    if (!this.caughtUp && (head === null || (from !== 'start' && comparePositions(head, from) <= 0))) {
      this.reportCaughtUp();
    }
    if (this.stopped) return;

    let reader: SourceReader | null = null;
    const source = this.settings.open(from, (position) => reader?.checkpoint(position));
    reader = new SourceReader(source);
    this.reader = reader;
    try {
      for (;;) {
        const item = await reader.next(() => this.stopped);
        if (item === null || this.stopped) return;
        onProgress();
        if (item.kind === 'caughtUp') {
          this.reportCaughtUp();
        } else if (item.kind === 'checkpoint') {
          if (head !== null && comparePositions(item.position, head) > 0) this.reportCaughtUp();
        } else {
          await this.examine(item.resolved, head);
        }
      }
    } finally {
      this.reader = null;
      await reader.close();
    }
  }

  private async examine(resolved: AllStreamResolvedEvent, head: Position | null): Promise<void> {
    const event = resolved.event;
    if (!event) return;
    const position = positionOf(event);
    // The server may start at the position itself, and a resubscription repeats what the dropped one sent.
    if (this.cursor !== 'start' && this.cursor !== 'end' && comparePositions(position, this.cursor) <= 0) return;
    if (isWanted(event, this.options.filter)) {
      const recorded = toRecordedEvent(event);
      try {
        await runningHandler.run(this, () => this.options.onEvent(recorded));
      } catch (error) {
        throw new HandlerFailure(error);
      }
    }
    this.cursor = position;
    if (head !== null && comparePositions(position, head) >= 0) this.reportCaughtUp();
  }

  private reportCaughtUp(): void {
    if (this.caughtUp || this.stopped) return;
    this.caughtUp = true;
    try {
      this.options.onCaughtUp?.();
    } catch (error) {
      throw new HandlerFailure(error);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      // A subscription waiting to come back must not keep the process alive on its own.
      timer.unref();
      this.wake = finish;
    });
  }
}

type SourceItem =
  | { readonly kind: 'event'; readonly resolved: AllStreamResolvedEvent }
  | { readonly kind: 'caughtUp' }
  | { readonly kind: 'checkpoint'; readonly position: Position };

/**
 * Reads the client's subscription stream one event at a time (paused mode), and slots its out-of-band
 * signals (caught up, checkpoints) between events where the server sent them: the client emits those
 * at once, even while earlier events still wait in its buffer.
 */
class SourceReader {
  private pulled = 0;
  private readonly signals: { readonly after: number; readonly item: SourceItem }[] = [];
  private failure: unknown = null;
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(private readonly source: AllStreamSubscription) {
    const notify = (): void => this.wake?.();
    source.on('readable', notify);
    source.on('caughtUp', () => this.signal({ kind: 'caughtUp' }));
    source.on('error', (error: Error) => {
      this.failure = error;
      notify();
    });
    source.on('end', () => {
      this.ended = true;
      notify();
    });
    source.on('close', () => {
      this.ended = true;
      notify();
    });
  }

  checkpoint(position: EsdbPosition): void {
    this.signal({ kind: 'checkpoint', position: { commit: position.commit, prepare: position.prepare } });
  }

  interrupt(): void {
    this.wake?.();
  }

  /** The next event or signal; null once the stream has ended or isStopped() says so. Throws the stream's error. */
  async next(isStopped: () => boolean): Promise<SourceItem | null> {
    for (;;) {
      if (isStopped()) return null;
      const signal = this.signals[0];
      if (signal && signal.after <= this.pulled) {
        this.signals.shift();
        return signal.item;
      }
      const resolved = this.source.read() as AllStreamResolvedEvent | null;
      if (resolved !== null) {
        this.pulled += 1;
        return { kind: 'event', resolved };
      }
      if (this.failure !== null) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  async close(): Promise<void> {
    try {
      await this.source.unsubscribe();
    } catch {
      // The stream never opened (server unreachable): there is nothing to cancel.
    }
    this.source.destroy();
  }

  private signal(item: SourceItem): void {
    // Everything the client pushed before emitting the signal is either read already or still buffered.
    this.signals.push({ after: this.pulled + this.source.readableLength, item });
    this.wake?.();
  }
}

/** Worth resubscribing after: the server was unreachable, restarted or cut the stream. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof EventStoreUnavailableError ||
    error instanceof CancelledError ||
    error instanceof TimeoutError ||
    error instanceof UnknownError
  );
}

function backoffDelay(policy: ResubscribePolicy, failures: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failures - 1));
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`Subscription handler threw ${String(error)}`, { cause: error });
}
