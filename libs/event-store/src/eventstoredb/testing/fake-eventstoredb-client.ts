import {
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult,
  type CurrentRevision,
  type DeleteResult,
  type ExpectedRevision,
  type GetStreamMetadataResult,
  type StreamMetadata,
  type StreamSubscription,
  type SubscribeToStreamOptions,
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
  /** Set for a subscription to one stream. */
  readonly streamName?: string;
  live: boolean;
  scanned: number;
}

/** The server's `$tb` for a soft-deleted stream: long.MaxValue, which JSON.parse turns into a float. */
const DELETED_STREAM_TB = '9223372036854775807';
const SYSTEM_METADATA_KEYS: Record<string, string> = {
  maxCount: '$maxCount',
  maxAge: '$maxAge',
  truncateBefore: '$tb',
  cacheControl: '$cacheControl',
  acl: '$acl',
};

/** Log positions grow by this much per record, so commit and prepare of a batch can differ visibly. */
const RECORD_SIZE = 100n;
const SEARCH_WINDOW = 32;

export class FakeEventStoreDbClient {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly tombstoned = new Set<string>();
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
    return this.appendNow(streamName, Array.isArray(events) ? events : [events], options.expectedRevision ?? 'any');
  }

  /** As the client's own: a `$metadata` event appended to `$$<stream>`. */
  async setStreamMetadata(
    streamName: string,
    metadata: StreamMetadata,
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    await this.roundTrip();
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(metadata)) data[SYSTEM_METADATA_KEYS[key] ?? key] = value;
    return this.appendNow(`$$${streamName}`, [{ id: randomUUID(), type: '$metadata', data } as JSONEventData], options.expectedRevision ?? 'any');
  }

  /** As the client's own, including its `metastreamRevision`, which is the metadata event's commit position. */
  async getStreamMetadata(streamName: string): Promise<GetStreamMetadataResult> {
    await this.roundTrip();
    if (this.tombstoned.has(streamName)) throw StreamDeletedError.fromStreamName(`$$${streamName}`);
    const last = this.streams.get(`$$${streamName}`)?.at(-1);
    if (!last) return { streamName };
    const metadata: Record<string, unknown> = {};
    const names = Object.fromEntries(Object.entries(SYSTEM_METADATA_KEYS).map(([name, key]) => [key, name]));
    for (const [key, value] of Object.entries(JSON.parse(last.data) as Record<string, unknown>)) metadata[names[key] ?? key] = value;
    return { streamName, metadata, metastreamRevision: last.position.commit };
  }

  /** Soft delete: a `$metadata` event with `$tb` at its maximum, other metadata kept. */
  async deleteStream(streamName: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<DeleteResult> {
    await this.roundTrip();
    this.checkDeletion(streamName, options.expectedRevision ?? 'any');
    this.writeMetadata(streamName, DELETED_STREAM_TB);
    return { position: { ...this.log[this.log.length - 1].position } };
  }

  /** Hard delete: a `$streamDeleted` record; the stream and its metadata stream are gone for good. */
  async tombstoneStream(streamName: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<DeleteResult> {
    await this.roundTrip();
    this.checkDeletion(streamName, options.expectedRevision ?? 'any');
    this.tombstoned.add(streamName);
    this.write(`${streamName}`, [{ type: '$streamDeleted', data: '{}' }]);
    return { position: { ...this.log[this.log.length - 1].position } };
  }

  private checkDeletion(streamName: string, expected: ExpectedRevision): void {
    if (this.tombstoned.has(streamName)) throw StreamDeletedError.fromStreamName(streamName);
    const existing = this.streams.get(streamName) ?? [];
    const last = existing.length - 1;
    const current: CurrentRevision = last < 0 ? 'no_stream' : BigInt(last);
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && (last < 0 || this.isSoftDeleted(streamName))) ||
      (typeof expected === 'bigint' && Number(expected) === last);
    if (!matches) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
  }

  private appendNow(streamName: string, batch: JSONEventData[], expected: AppendExpectedRevision): AppendResult {
    const owner = streamName.startsWith('$$') ? streamName.slice(2) : streamName;
    if (this.tombstoned.has(owner)) throw StreamDeletedError.fromStreamName(streamName);
    const softDeleted = this.isSoftDeleted(streamName);
    if (softDeleted && expected === 'stream_exists') throw StreamDeletedError.fromStreamName(streamName);
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
      (expected === 'no_stream' && (last === -1 || softDeleted)) ||
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
    // The server recreates a soft-deleted stream by truncating before its new events.
    if (softDeleted && batch.length > 0) this.writeMetadata(streamName, String(last + 1));
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
    const owner = streamName.startsWith('$$') ? streamName.slice(2) : streamName;
    if (this.tombstoned.has(owner)) return this.respond([], StreamDeletedError.fromStreamName(streamName));
    const events = this.isSoftDeleted(streamName) ? undefined : this.streams.get(streamName);
    const backwards = options.direction === 'backwards';
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? 'start';
    const all = events ? this.visible(streamName, events) : [];
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
      // Assumed of servers before 23.10 (unverified): a filtered subscription checkpoints where its catch-up ends.
      else if (options.filter && history.length > 0) this.pushCheckpoint(grpc, history[history.length - 1].position);
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

  subscribeToStream(
    streamName: string,
    options: SubscribeToStreamOptions = {},
    readableOptions: ReadableOptions = {},
  ): StreamSubscription {
    const grpc = new Readable({ objectMode: true, read: () => undefined }) as FakeGrpcStream;
    grpc.cancel = () => {
      this.subscriptions.delete(subscription);
      grpc.destroy(Object.assign(new Error('Cancelled on client'), { code: 1, details: 'Cancelled on client' }));
    };
    const subscription: LiveSubscription = { grpc, filter: undefined, streamName, live: false, scanned: 0 };
    const from = options.fromRevision ?? 'start';
    setImmediate(() => {
      if (grpc.destroyed) return;
      if (this.tombstoned.has(streamName)) return void grpc.destroy(StreamDeletedError.fromStreamName(streamName));
      grpc.push({ hasConfirmation: () => true, getConfirmation: () => ({ getSubscriptionId: () => 'fake' }) });
      const stored = this.isSoftDeleted(streamName) ? [] : this.visible(streamName, this.streams.get(streamName) ?? []);
      // Like `$all` subscriptions here, the start revision is included: the adapter must skip it.
      const history = from === 'end' ? [] : from === 'start' ? stored : stored.filter((e) => e.revision >= from);
      for (const event of history) grpc.push({ hasEvent: () => true, getEvent: () => this.resolved(event) });
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
    ) as unknown as StreamSubscription;
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

  private metadataOf(streamName: string): Record<string, number> {
    const last = this.streams.get(`$$${streamName}`)?.at(-1);
    return last ? (JSON.parse(last.data) as Record<string, number>) : {};
  }

  private isSoftDeleted(streamName: string): boolean {
    return (this.metadataOf(streamName).$tb ?? 0) > Number.MAX_SAFE_INTEGER;
  }

  /** Rewrites the metadata with another `$tb`, keeping the rest, as the server does on delete and recreate. */
  private writeMetadata(streamName: string, tb: string): void {
    const { $tb: _old, ...rest } = this.metadataOf(streamName);
    const data = JSON.stringify(rest).replace(/}$/, `${Object.keys(rest).length ? ',' : ''}"$tb":${tb}}`);
    this.write(`$$${streamName}`, [{ type: '$metadata', data }]);
  }

  /** The server applies `$tb`, `$maxCount` and `$maxAge` when reading a stream (not `$all`). */
  private visible(streamName: string, events: readonly StoredEvent[]): StoredEvent[] {
    if (streamName.startsWith('$$')) return [...events];
    const { $tb: tb = 0, $maxCount: maxCount, $maxAge: maxAge } = this.metadataOf(streamName);
    const last = events.length - 1;
    const now = Date.now();
    return events.filter(
      (event) =>
        Number(event.revision) >= tb &&
        (maxCount === undefined || Number(event.revision) > last - maxCount) &&
        (maxAge === undefined || event.created.getTime() >= now - maxAge * 1000),
    );
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
    if (subscription.streamName !== undefined) {
      if (event.streamId === subscription.streamName && !event.type.startsWith('$')) {
        grpc.push({ hasEvent: () => true, getEvent: () => this.resolved(event) });
      }
      return;
    }
    if (passes(filter, event)) grpc.push({ hasEvent: () => true, getEvent: () => this.resolved(event) });
    if (!filter) return;
    subscription.scanned += 1;
    if (subscription.scanned % (SEARCH_WINDOW * filter.checkpointInterval) === 0) this.pushCheckpoint(grpc, event.position);
  }

  private pushCheckpoint(grpc: FakeGrpcStream, position: Position): void {
    grpc.push({
      hasCheckpoint: () => true,
      getCheckpoint: () => ({
        getCommitPosition: () => position.commit.toString(),
        getPreparePosition: () => position.prepare.toString(),
      }),
    });
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
