import {
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult,
  type CurrentRevision,
  type Filter,
  type JSONEventData,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription';
import { randomUUID } from 'node:crypto';
import { Readable, type ReadableOptions } from 'node:stream';
import type { EventStoreDbClient } from '../eventstoredb-event-store';

/**
 * An in-memory stand-in for `EventStoreDBClient`, written from the server's documented behaviour, so the
 * adapter's own logic (paging, exclusive positions, hidden system events, filters, ordering of "caught up",
 * resubscription) runs without a server. It is not EventStoreDB: the contract against a real server is
 * eventstoredb-event-store.int.spec.ts. Subscriptions go through the client's real `Subscription` stream,
 * so buffering and signal emission are the client's own.
 *
 * Where the server's behaviour is uncertain, it takes the side harder on the adapter: `$all` reads and
 * subscriptions include their start position, batch appends report the transaction's position, idempotent
 * repeats report none, and EventStoreDB writes system events of its own between the application's.
 */
export interface FakeEventStoreDbOptions {
  /** Servers before 23.10 never send "caught up" on a subscription. */
  readonly sendsCaughtUp?: boolean;
  /** A `$stats-…` system event is written after every this many appends. */
  readonly systemEventEvery?: number;
}

interface StoredEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string | undefined;
  readonly created: Date;
  readonly position: Position;
}

interface FakeGrpcStream extends Readable {
  cancel(): void;
}

interface LiveSubscription {
  readonly grpc: FakeGrpcStream;
  readonly filter: Filter | undefined;
  live: boolean;
  scanned: number;
}

/** Log positions grow by this much per record, so commit and prepare of a batch can differ visibly. */
const RECORD_SIZE = 100n;
const SEARCH_WINDOW = 32;

export class FakeEventStoreDbClient {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly subscriptions = new Set<LiveSubscription>();
  private nextLogPosition = 1_000n;
  private appends = 0;
  private disposed = false;
  private readonly sendsCaughtUp: boolean;
  private readonly systemEventEvery: number;

  constructor(options: FakeEventStoreDbOptions = {}) {
    this.sendsCaughtUp = options.sendsCaughtUp ?? true;
    this.systemEventEvery = options.systemEventEvery ?? 3;
    this.write('$epoch-information', [{ type: '$epoch', data: '{}' }]);
    this.write('$scavenges', [{ type: '$scavengeStarted', data: '{}' }]);
  }

  asClient(): EventStoreDbClient {
    return this as unknown as EventStoreDbClient;
  }

  /** Drops every open subscription, as a server restart would. */
  dropSubscriptions(): void {
    for (const subscription of [...this.subscriptions]) {
      this.subscriptions.delete(subscription);
      subscription.grpc.destroy(Object.assign(new UnavailableError(undefined, 'server restarted'), { code: 14 }));
    }
  }

  async appendToStream(
    streamName: string,
    events: JSONEventData | JSONEventData[],
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    await this.roundTrip();
    const batch = Array.isArray(events) ? events : [events];
    const expected = options.expectedRevision ?? 'any';
    const existing = this.streams.get(streamName) ?? [];
    const current: CurrentRevision = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    const wrongVersion = (): WrongExpectedVersionError =>
      new WrongExpectedVersionError(undefined, { streamName, expected, current });

    const idempotent = this.idempotencyCheck(existing, batch, expected);
    if (idempotent === 'corrupted') throw wrongVersion();
    if (idempotent !== null) return { success: true, nextExpectedRevision: idempotent, position: undefined };

    const last = existing.length - 1;
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && last === -1) ||
      (expected === 'stream_exists' && last !== -1) ||
      (typeof expected === 'bigint' && Number(expected) === last);
    if (!matches) throw wrongVersion();

    const transaction = this.nextLogPosition;
    this.write(
      streamName,
      batch.map((event) => ({
        id: event.id,
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: event.metadata === undefined ? undefined : JSON.stringify(event.metadata),
      })),
    );
    this.appends += 1;
    if (this.appends % this.systemEventEvery === 0) this.write('$stats-127.0.0.1:2113', [{ type: '$statsCollected', data: '{}' }]);
    const after = this.streams.get(streamName) ?? [];
    return {
      success: true,
      nextExpectedRevision: BigInt(after.length - 1),
      position: { commit: transaction, prepare: transaction },
    };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): Readable {
    const events = this.streams.get(streamName);
    const backwards = options.direction === 'backwards';
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? 'start';
    const all = events ?? [];
    const selected = backwards
      ? [...all].reverse().filter((event) => from === 'end' || event.revision <= (from === 'start' ? 0n : from))
      : all.filter((event) => from !== 'end' && (from === 'start' || event.revision >= from));
    return this.respond(
      events ? selected.slice(0, maxCount).map((event) => this.resolved(event)) : [],
      events ? null : new StreamNotFoundError(undefined, streamName),
    );
  }

  readAll(options: ReadAllOptions = {}): Readable {
    const backwards = options.direction === 'backwards';
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? 'start';
    let selected: StoredEvent[];
    if (backwards) {
      const upTo = from === 'end' || from === 'start' ? this.log : this.log.filter((event) => compare(event.position, from) <= 0);
      selected = from === 'start' ? [] : [...upTo].reverse();
    } else {
      selected = from === 'end' ? [] : from === 'start' ? this.log : this.log.filter((event) => compare(event.position, from) >= 0);
    }
    return this.respond(selected.slice(0, maxCount).map((event) => this.resolved(event)), null);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}, readableOptions: ReadableOptions = {}): AllStreamSubscription {
    const grpc = new Readable({ objectMode: true, read: () => undefined }) as FakeGrpcStream;
    grpc.cancel = () => {
      this.subscriptions.delete(subscription);
      grpc.destroy(Object.assign(new Error('Cancelled on client'), { code: 1, details: 'Cancelled on client' }));
    };
    const subscription: LiveSubscription = { grpc, filter: options.filter, live: false, scanned: 0 };
    const from = options.fromPosition ?? 'start';
    setImmediate(() => {
      if (grpc.destroyed) return;
      const history = from === 'end' ? [] : from === 'start' ? [...this.log] : this.log.filter((e) => compare(e.position, from) >= 0);
      grpc.push({ hasConfirmation: () => true, getConfirmation: () => ({ getSubscriptionId: () => 'fake' }) });
      for (const event of history) this.offer(subscription, event);
      subscription.live = true;
      if (this.sendsCaughtUp) grpc.push({ hasCaughtUp: () => true });
      this.subscriptions.add(subscription);
    });
    const createGrpcStream = async (): Promise<never> => {
      if (this.disposed) throw Object.assign(new Error('14 UNAVAILABLE: disposed'), { code: 14 });
      return grpc as never;
    };
    return new Subscription(
      createGrpcStream,
      (event: unknown) => event as AllStreamResolvedEvent,
      readableOptions,
      options.filter?.checkpointReached,
    ) as unknown as AllStreamSubscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const subscription of [...this.subscriptions]) subscription.grpc.cancel();
  }

  /** EventStoreDB's idempotency: the ids already sit where the expected revision puts them. */
  private idempotencyCheck(
    existing: readonly StoredEvent[],
    batch: readonly JSONEventData[],
    expected: AppendExpectedRevision,
  ): bigint | 'corrupted' | null {
    if (batch.length === 0) return null;
    if (expected === 'any' || expected === 'stream_exists') {
      const found = batch.map((event) => existing.find((stored) => stored.id === event.id));
      if (!found[0]) return null;
      const start = found[0].revision;
      if (found.every((stored, index) => stored?.revision === start + BigInt(index))) return start + BigInt(batch.length - 1);
      return 'corrupted';
    }
    const after = expected === 'no_stream' ? -1n : expected;
    if (after >= BigInt(existing.length - 1)) return null;
    let first = true;
    for (const [index, event] of batch.entries()) {
      const stored = existing[Number(after) + 1 + index];
      if (stored?.id !== event.id) return first ? null : 'corrupted';
      first = false;
    }
    return after + BigInt(batch.length);
  }

  private write(streamId: string, events: { id?: string; type: string; data: string; metadata?: string }[]): void {
    const stream = this.streams.get(streamId) ?? [];
    const transaction = this.nextLogPosition;
    const created = new Date();
    for (const event of events) {
      const stored: StoredEvent = {
        streamId,
        id: event.id ?? randomUUID(),
        revision: BigInt(stream.length),
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        created,
        position: { commit: transaction, prepare: this.nextLogPosition },
      };
      this.nextLogPosition += RECORD_SIZE;
      stream.push(stored);
      this.log.push(stored);
      for (const subscription of this.subscriptions) if (subscription.live) this.offer(subscription, stored);
    }
    this.streams.set(streamId, stream);
  }

  /** What the server sends one subscriber for one record: the event if it passes the filter, checkpoints now and then. */
  private offer(subscription: LiveSubscription, event: StoredEvent): void {
    const { grpc, filter } = subscription;
    if (grpc.destroyed) return;
    if (passes(filter, event)) grpc.push({ hasEvent: () => true, getEvent: () => this.resolved(event) });
    if (!filter) return;
    subscription.scanned += 1;
    if (subscription.scanned % (SEARCH_WINDOW * filter.checkpointInterval) === 0) {
      const position = event.position;
      grpc.push({
        hasCheckpoint: () => true,
        getCheckpoint: () => ({
          getCommitPosition: () => position.commit.toString(),
          getPreparePosition: () => position.prepare.toString(),
        }),
      });
    }
  }

  private resolved(event: StoredEvent): AllStreamResolvedEvent {
    return {
      event: {
        streamId: event.streamId,
        id: event.id,
        revision: event.revision,
        type: event.type,
        data: JSON.parse(event.data) as never,
        metadata: event.metadata === undefined ? undefined : (JSON.parse(event.metadata) as never),
        isJson: true,
        created: new Date(event.created.getTime()),
        position: { ...event.position },
      },
      commitPosition: event.position.commit,
    };
  }

  /** A read's answer on a later turn, like a network reply, ending in an error when one is given. */
  private respond(items: unknown[], error: Error | null): Readable {
    const disposed = this.disposed;
    const reply = new Readable({ objectMode: true, read: () => undefined });
    setImmediate(() => {
      if (disposed) return void reply.destroy(Object.assign(new UnavailableError(undefined, 'disposed'), { code: 14 }));
      if (error) return void reply.destroy(error);
      for (const item of items) reply.push(item);
      reply.push(null);
    });
    return reply;
  }

  private roundTrip(): Promise<void> {
    if (this.disposed) return Promise.reject(Object.assign(new Error('14 UNAVAILABLE: disposed'), { code: 14 }));
    return new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function passes(filter: Filter | undefined, event: StoredEvent): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? event.streamId : event.type;
  if ('prefixes' in filter) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return new RegExp(filter.regex).test(subject);
}

function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
