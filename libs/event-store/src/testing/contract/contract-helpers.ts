import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  type EventData,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../../event-store.port';

/** What every contract file gets: the store of the running test (a fresh one per test) and the suite's options. */
export interface ContractContext {
  readonly store: EventStore;
  readonly options: { readonly maxAppendSize?: number };
}

export function newStream(category = 'article'): string {
  return `${category}-${randomUUID()}`;
}

/** A stream-name prefix no other test shares; streams are `${prefix}-${suffix}`. */
export function newPrefix(category = 'article'): string {
  return `${category}-${uniqueSuffix()}`;
}

export function uniqueSuffix(): string {
  return randomUUID().replace(/-/g, '');
}

export function event(type = 'ArticleEdited', data: unknown = { at: randomUUID() }): EventData {
  return { id: randomUUID(), type, data };
}

export async function rejection<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`Expected a ${type.name}, but it resolved with ${JSON.stringify(outcome, bigintSafe)}`);
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function expectIncreasing(positions: readonly Position[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    expect(comparePositions(positions[i - 1], positions[i])).toBeLessThan(0);
  }
}

export interface Sink {
  readonly subscription: Subscription;
  readonly received: RecordedEvent[];
  /** onEvent calls begun, finished or not. */
  readonly started: number;
  readonly caughtUp: Promise<void>;
  untilCount(count: number): Promise<void>;
  untilStarted(count: number): Promise<void>;
}

/** Subscribes to `$all` and records; its promises reject if the subscription reports an error, so a test fails fast. */
export function collect(
  store: EventStore,
  options: Pick<SubscribeToAllOptions, 'fromPosition' | 'filter' | 'checkpointInterval' | 'onCheckpoint'>,
  hooks: Partial<Pick<SubscribeToAllOptions, 'onEvent' | 'onCaughtUp'>> = {},
): Sink {
  return record((callbacks) => store.subscribeToAll({ ...options, ...callbacks }), hooks);
}

/** As collect, for a subscription to one stream. */
export function collectStream(
  store: EventStore,
  streamId: string,
  options: Pick<SubscribeToStreamOptions, 'fromRevision'>,
  hooks: Partial<Pick<SubscribeToStreamOptions, 'onEvent' | 'onCaughtUp'>> = {},
): Sink {
  return record((callbacks) => store.subscribeToStream(streamId, { ...options, ...callbacks }), hooks);
}

type Callbacks = Required<Pick<SubscribeToStreamOptions, 'onEvent' | 'onCaughtUp' | 'onError'>>;

function record(
  subscribe: (callbacks: Callbacks) => Subscription,
  hooks: Partial<Pick<SubscribeToStreamOptions, 'onEvent' | 'onCaughtUp'>>,
): Sink {
  const received: RecordedEvent[] = [];
  let started = 0;
  const waiters: { done: () => boolean; resolve(): void; reject(error: Error): void }[] = [];
  let failure: Error | null = null;
  const settle = (): void => {
    for (const waiter of [...waiters]) {
      if (failure) waiter.reject(failure);
      else if (waiter.done()) waiter.resolve();
      else continue;
      waiters.splice(waiters.indexOf(waiter), 1);
    }
  };
  const until = (done: () => boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ done, resolve, reject });
      settle();
    });
  let caughtUpFlag = false;

  const subscription = subscribe({
    onEvent: async (recorded) => {
      started += 1;
      settle();
      await hooks.onEvent?.(recorded);
      received.push(recorded);
      settle();
    },
    onCaughtUp: () => {
      hooks.onCaughtUp?.();
      caughtUpFlag = true;
      settle();
    },
    onError: (error) => {
      failure = error;
      settle();
    },
  });

  const caughtUp = until(() => caughtUpFlag);
  // Tests that never await caughtUp must not see it as an unhandled rejection.
  caughtUp.catch(() => undefined);

  return {
    subscription,
    received,
    get started() {
      return started;
    },
    caughtUp,
    untilCount: (count) => until(() => received.length >= count),
    untilStarted: (count) => until(() => started >= count),
  };
}

/** Resolves with the error a subscription reports through onError. */
export function subscriptionError(subscribe: (onError: (error: Error) => void) => Subscription): Promise<{
  error: Error;
  subscription: Subscription;
}> {
  return new Promise((resolve) => {
    const subscription: Subscription = subscribe((error) => {
      // The error may come before subscribe() has returned the subscription.
      setImmediate(() => resolve({ error, subscription }));
    });
  });
}

/** Resolves after ms; for the maxAge cases only. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Appends count events to a fresh stream, `{ n }` as their data. */
export async function streamOf(store: EventStore, count: number, streamId = newStream()): Promise<string> {
  await store.appendToStream(
    streamId,
    Array.from({ length: count }, (_, n) => event('ArticleEdited', { n })),
  );
  return streamId;
}
