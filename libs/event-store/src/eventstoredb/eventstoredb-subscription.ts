import {
  CancelledError,
  TimeoutError,
  UnknownError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Position as EsdbPosition,
  type ResolvedEvent,
  type StreamSubscription,
} from '@eventstore/db-client';
import { insideHandlerOf, runHandler } from '../handler-context';
import { EventStoreUnavailableError } from '../event-store.errors';
import { comparePositions, type Position, type RecordedEvent, type Subscription } from '../event-store.port';
import { translateEventStoreDbError } from './eventstoredb-errors';
import type { EsdbRecordedEvent } from './eventstoredb-events';

/** How a dropped subscription comes back: delays double from the first to the cap; it gives up after maxAttempts failures in a row. */
export interface ResubscribePolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface EventStoreDbSubscriptionCallbacks {
  onEvent(event: RecordedEvent): void | Promise<void>;
  onCaughtUp?(): void;
  onError?(error: Error): void;
}

/**
 * What differs between a subscription to `$all` (cursor: a position) and to one stream (cursor: a revision).
 * The cursor is where the subscription resumes from, exclusive.
 */
export interface EventStoreDbSubscriptionSettings<Cursor> {
  /** Opens the server-side catch-up subscription after a cursor (the server may include the cursor itself). */
  open(from: Cursor | 'start', onCheckpoint: (position: Position) => void): AllStreamSubscription | StreamSubscription;
  /** The cursor of the last record there is now (system events included), or null when there is none. */
  head(): Promise<Cursor | null>;
  cursorOf(event: EsdbRecordedEvent): Cursor;
  compare(a: Cursor, b: Cursor): number;
  /** The position in `$all` of a cursor, where cursors are positions (subscriptions to `$all`). */
  readonly positionOf?: (cursor: Cursor) => Position;
  /** The event to deliver, or null for one the subscriber does not want or may not see. */
  accept(event: EsdbRecordedEvent): Promise<RecordedEvent | null>;
  /** Progress reports for `$all` subscriptions: at catch-up, on server checkpoints and every `interval` events examined. */
  readonly checkpoints?: {
    readonly interval: number;
    report(position: Position): void | Promise<void>;
    toPosition(cursor: Cursor): Position;
  };
  readonly resubscribe: ResubscribePolicy;
  onStopped(subscription: EventStoreDbSubscription<Cursor>): void;
}

/** A failure of the subscriber's own callbacks: it stops the subscription instead of resubscribing. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * A catch-up subscription to `$all` or to a stream that delivers each event after the previous onEvent
 * settled. It pulls one event at a time from the client's stream, so a slow consumer holds the gRPC stream
 * back instead of buffering without end, and when the stream drops it resubscribes from the last event it
 * examined.
 */
export class EventStoreDbSubscription<Cursor> implements Subscription {
  /** Exclusive: the last event examined (delivered or filtered out); 'end' until it is resolved to the head. */
  private cursor: Cursor | 'start' | 'end';
  private stopped = false;
  private caughtUp = false;
  /** The head seen before the current server subscription opened: all of it is examined at catch-up. */
  private headAtOpen: Cursor | null = null;
  private examinedSinceCheckpoint = 0;
  private lastCheckpoint: Position | null = null;
  private reader: SourceReader | null = null;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    from: Cursor | 'start' | 'end',
    private readonly options: EventStoreDbSubscriptionCallbacks,
    private readonly settings: EventStoreDbSubscriptionSettings<Cursor>,
  ) {
    this.cursor = from;
    // Start on a later turn so the caller holds the Subscription before the first onEvent.
    this.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.reader?.interrupt();
    // From inside our own onEvent, waiting for the loop would wait for the caller itself.
    if (insideHandlerOf(this)) return;
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
    if (this.cursor === 'end') this.cursor = (await this.settings.head()) ?? 'start';
    const from = this.cursor;
    const compare = this.settings.compare;
    // Servers before 23.10 never say "caught up": then history ends at the head we see now.
    const head = this.caughtUp ? null : await this.settings.head();
    this.headAtOpen = head;
    if (!this.caughtUp && (head === null || (from !== 'start' && compare(head, from) <= 0))) {
      await this.reportCaughtUp();
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
          await this.reportCaughtUp();
        } else if (item.kind === 'checkpoint') {
          await this.checkpoint(item.position);
          // A server checkpoint at or past the head means the history has all been examined.
          if (head !== null && this.settings.positionOf && comparePositions(item.position, this.settings.positionOf(head)) >= 0) {
            await this.reportCaughtUp();
          }
        } else {
          await this.examine(item.resolved, head);
        }
      }
    } finally {
      this.reader = null;
      await reader.close();
    }
  }

  private async examine(resolved: AllStreamResolvedEvent | ResolvedEvent, head: Cursor | null): Promise<void> {
    const event = resolved.event;
    if (!event) return;
    const { compare } = this.settings;
    const cursor = this.settings.cursorOf(event);
    // The server may start at the cursor itself, and a resubscription repeats what the dropped one sent.
    if (this.cursor !== 'start' && this.cursor !== 'end' && compare(cursor, this.cursor) <= 0) return;
    const recorded = await this.settings.accept(event);
    if (recorded && !this.stopped) {
      try {
        await runHandler(this, () => this.options.onEvent(recorded));
      } catch (error) {
        throw new HandlerFailure(error);
      }
    }
    this.cursor = cursor;
    const checkpoints = this.settings.checkpoints;
    if (checkpoints && ++this.examinedSinceCheckpoint >= checkpoints.interval) {
      await this.checkpoint(checkpoints.toPosition(cursor));
    }
    if (head !== null && compare(cursor, head) >= 0) await this.reportCaughtUp();
  }

  private async reportCaughtUp(): Promise<void> {
    if (this.caughtUp || this.stopped) return;
    this.caughtUp = true;
    const checkpoints = this.settings.checkpoints;
    // Everything up to the head seen before opening has been examined once the server says caught up.
    const covered = [this.cursor, this.headAtOpen].filter(
      (cursor): cursor is Cursor => cursor !== null && cursor !== 'start' && cursor !== 'end',
    );
    if (checkpoints && covered.length > 0) {
      const furthest = covered.reduce((a, b) => (this.settings.compare(a, b) >= 0 ? a : b));
      await this.checkpoint(checkpoints.toPosition(furthest));
    }
    try {
      this.options.onCaughtUp?.();
    } catch (error) {
      throw new HandlerFailure(error);
    }
  }

  /** Reports progress when it moved forward; positions reported only ever grow. */
  private async checkpoint(position: Position): Promise<void> {
    const checkpoints = this.settings.checkpoints;
    if (!checkpoints || this.stopped) return;
    this.examinedSinceCheckpoint = 0;
    if (this.lastCheckpoint && comparePositions(position, this.lastCheckpoint) <= 0) return;
    this.lastCheckpoint = position;
    try {
      await checkpoints.report(position);
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
  | { readonly kind: 'event'; readonly resolved: AllStreamResolvedEvent | ResolvedEvent }
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

  constructor(private readonly source: AllStreamSubscription | StreamSubscription) {
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
      const resolved = this.source.read() as AllStreamResolvedEvent | ResolvedEvent | null;
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
