import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  START,
  StreamNotFoundError as EsdbStreamNotFoundError,
  streamNameFilter,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Filter,
  type JSONEventData,
  type JSONType,
  type Position as EsdbPosition,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
} from '../event-store.errors';
import {
  comparePositions,
  metastreamOf,
  SOFT_DELETED_TRUNCATE_BEFORE,
  type AllFilter,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SetStreamMetadataResult,
  type StreamMetadata,
  type StreamMetadataResult,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../event-store.port';
import { validStreamMetadata } from '../stream-metadata';
import { translateEventStoreDbError } from './eventstoredb-errors';
import { isSystemEvent, isWanted, positionOf, toRecordedEvent, type EsdbRecordedEvent } from './eventstoredb-events';
import { EventStoreDbSubscription, type ResubscribePolicy } from './eventstoredb-subscription';
import { StreamVisibility } from './eventstoredb-visibility';

/** The part of the client the adapter uses; tests may hand in a stand-in. */
export type EventStoreDbClient = Pick<
  EventStoreDBClient,
  | 'appendToStream'
  | 'readStream'
  | 'readAll'
  | 'subscribeToAll'
  | 'subscribeToStream'
  | 'deleteStream'
  | 'tombstoneStream'
  | 'setStreamMetadata'
  | 'getStreamMetadata'
  | 'dispose'
>;

interface EventStoreDbEventStoreSettings {
  /** Largest serialized append, in bytes (ids, types, data and metadata); checked before sending. */
  maxAppendSize?: number;
  /** Events fetched per request when paging through `$all`. */
  readPageSize?: number;
  /** How a dropped subscription comes back. */
  resubscribe?: Partial<ResubscribePolicy>;
}

export type EventStoreDbEventStoreOptions = EventStoreDbEventStoreSettings &
  (
    | { /** A connection string, e.g. `esdb://localhost:2113?tls=false`. */ url: string; client?: never }
    | { /** A client built elsewhere; close() disposes it. */ client: EventStoreDbClient; url?: never }
  );

/** EventStoreDB's own default (`MaxAppendSize`), so the adapter refuses what the server would. */
const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
const DEFAULT_READ_PAGE_SIZE = 512;
const DEFAULT_RESUBSCRIBE: ResubscribePolicy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 5_000 };
/** Events read backwards at first when looking for the newest non-system event. */
const HEAD_PROBE_SIZE = 16;
const ORIGIN: Position = { commit: 0n, prepare: 0n };
/** EventStoreDB's own default (`maxSearchWindow`): server checkpoints come every multiple of this many events. */
const SERVER_SEARCH_WINDOW = 32;
const DEFAULT_CHECKPOINT_INTERVAL = 32;
/** How long a subscription trusts what it learnt of a stream's metadata. */
const VISIBILITY_CACHE_MS = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The production event store: EventStoreDB (or KurrentDB) through `@eventstore/db-client`. It keeps the
 * port's semantics where the server's differ: `$all` reads start after their position, hide EventStoreDB's
 * own events, and filter on stream prefixes and exact event types.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClient;
  private readonly maxAppendSize: number;
  private readonly readPageSize: number;
  private readonly resubscribe: ResubscribePolicy;
  private readonly subscriptions = new Set<Subscription>();
  private closing: Promise<void> | null = null;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = options.client ?? EventStoreDBClient.connectionString(options.url);
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    this.readPageSize = Math.max(2, options.readPageSize ?? DEFAULT_READ_PAGE_SIZE);
    this.resubscribe = { ...DEFAULT_RESUBSCRIBE, ...options.resubscribe };
  }

  async appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    assertExpectedRevision(expected);
    const { proposed, size } = this.serialize(events);

    let result;
    try {
      result = await this.client.appendToStream(streamId, proposed, { expectedRevision: toEsdbExpected(expected) });
    } catch (error) {
      throw translateEventStoreDbError(error, { streamId, expectedRevision: expected, appendSize: size });
    }
    if (!result.success) {
      // Only with `throwOnAppendFailure=false` in the URL; the client's reported revision is unreliable then.
      throw new ConcurrencyError(streamId, expected, await this.actualRevision(streamId));
    }

    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // An idempotent repeat comes back without a position, and for a batch the server reports the
    // transaction's rather than its last event's: read that event's own position then.
    const position =
      result.position && result.position.commit >= 0n && events.length === 1
        ? toPosition(result.position)
        : await this.positionAt(streamId, nextExpectedRevision);
    return { nextExpectedRevision, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const fromRevision: ReadRevision =
      from === undefined ? (backwards ? END : START) : from === 'start' ? START : from === 'end' ? END : BigInt(from);
    const read: RecordedEvent[] = [];
    try {
      const stream = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of stream) {
        if (resolved.event) read.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      throw translateEventStoreDbError(error, { streamId });
    }
    return read;
  }

  /** EventStoreDB keeps no index by event id: the stream is read backwards until the id turns up. */
  async containsEvent(streamId: string, eventId: string): Promise<boolean> {
    this.assertOpen();
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END })) {
        if (resolved.event?.id === eventId) return true;
      }
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return false;
      throw translateEventStoreDbError(error, { streamId });
    }
    return false;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const read: RecordedEvent[] = [];
    // Client 6.x reads `$all` without a server-side filter, so the adapter pages and filters itself.
    let cursor: Position | 'start' = options.fromPosition ?? 'start';
    // The server keeps deleted and truncated events in `$all` until a scavenge; the port hides them.
    const visibility = new StreamVisibility(this.client, Number.POSITIVE_INFINITY);
    while (read.length < limit) {
      const page = await this.readAllPage(cursor, 'forwards', this.readPageSize);
      const fresh = page.filter((event) => cursor === 'start' || comparePositions(positionOf(event), cursor) > 0);
      const wanted = fresh.filter((event) => isWanted(event, options.filter));
      const visible = await visibility.filter(wanted);
      let advanced = false;
      for (const event of fresh) {
        // EventStoreDB's fromPosition is inclusive; the port's is exclusive.
        cursor = positionOf(event);
        advanced = true;
        if (visible.has(event)) read.push(toRecordedEvent(event));
        if (read.length >= limit) break;
      }
      if (page.length < this.readPageSize || !advanced) break;
    }
    return read;
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const { onCheckpoint, filter } = options;
    const interval = Math.max(1, options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL);
    const visibility = new StreamVisibility(this.client, VISIBILITY_CACHE_MS);
    const subscription: EventStoreDbSubscription<Position> = new EventStoreDbSubscription<Position>(
      options.fromPosition ?? 'start',
      options,
      {
        open: (from, reached) => this.openSubscription(from, filter, interval, reached),
        head: () => this.rawHead(),
        cursorOf: positionOf,
        compare: comparePositions,
        positionOf: (position) => position,
        accept: async (event) =>
          isWanted(event, filter) && (await visibility.isVisible(event)) ? toRecordedEvent(event) : null,
        ...(onCheckpoint ? { checkpoints: { interval, report: onCheckpoint, toPosition: (p: Position) => p } } : {}),
        resubscribe: this.resubscribe,
        onStopped: (stopped) => this.subscriptions.delete(stopped),
      },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  subscribeToStream(streamId: string, options: SubscribeToStreamOptions): Subscription {
    this.assertOpen();
    const subscription: EventStoreDbSubscription<number> = new EventStoreDbSubscription<number>(
      options.fromRevision ?? 'start',
      options,
      {
        open: (from) =>
          this.client.subscribeToStream(streamId, { fromRevision: from === 'start' ? START : BigInt(from) }),
        head: () => this.lastRevision(streamId),
        cursorOf: (event) => Number(event.revision),
        compare: (a, b) => a - b,
        // The server applies the stream's metadata itself; the tombstone record is EventStoreDB's own.
        accept: async (event) => (isSystemEvent(event) ? null : toRecordedEvent(event)),
        resubscribe: this.resubscribe,
        onStopped: (stopped) => this.subscriptions.delete(stopped),
      },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    await this.deleteWith('deleteStream', streamId, options.expectedRevision ?? 'any');
  }

  async tombstoneStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    await this.deleteWith('tombstoneStream', streamId, options.expectedRevision ?? 'any');
  }

  async setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<SetStreamMetadataResult> {
    this.assertOpen();
    const valid = validStreamMetadata(metadata);
    const expected = options.expectedRevision ?? 'any';
    assertExpectedRevision(expected);
    try {
      const result = await this.client.setStreamMetadata(streamId, { ...valid }, { expectedRevision: toEsdbExpected(expected) });
      return { nextExpectedRevision: Number(result.nextExpectedRevision) };
    } catch (error) {
      throw forStream(translateEventStoreDbError(error, { streamId: metastreamOf(streamId), expectedRevision: expected }), streamId);
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    this.assertOpen();
    // The client reports the metadata event's commit position as its revision: read the revision of the
    // event at that position, again if a write slipped in between.
    for (let attempt = 0; ; attempt += 1) {
      let result;
      try {
        result = await this.client.getStreamMetadata(streamId);
      } catch (error) {
        throw forStream(translateEventStoreDbError(error, { streamId }), streamId);
      }
      if (!result.metadata) return { metadata: {}, metastreamRevision: 'no_stream' };
      const [last] = await this.readRaw(metastreamOf(streamId), 1);
      if (last && (last.position?.commit === result.metastreamRevision || attempt >= 2)) {
        return { metadata: toPortMetadata(result.metadata), metastreamRevision: Number(last.revision) };
      }
    }
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    // The newest records are often EventStoreDB's own (`$epoch-information`, `$scavenges`): look past them.
    let cursor: Position | 'end' = 'end';
    let size = HEAD_PROBE_SIZE;
    for (;;) {
      const page = await this.readAllPage(cursor, 'backwards', size);
      let advanced = false;
      for (const event of page) {
        const position = positionOf(event);
        if (cursor !== 'end' && comparePositions(position, cursor) >= 0) continue;
        cursor = position;
        advanced = true;
        if (!isSystemEvent(event)) return position;
      }
      if (page.length < size || !advanced) return null;
      size = Math.min(size * 2, this.readPageSize);
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  private openSubscription(
    from: Position | 'start',
    filter: AllFilter | undefined,
    checkpointInterval: number,
    onCheckpoint: (position: Position) => void,
  ): AllStreamSubscription {
    return this.client.subscribeToAll({
      fromPosition: from === 'start' ? START : toEsdbPosition(from),
      filter: serverFilter(
        filter,
        Math.max(1, Math.ceil(checkpointInterval / SERVER_SEARCH_WINDOW)),
        (_subscription, position) => onCheckpoint(toPosition(position)),
      ),
    });
  }

  /**
   * The client's deleteStream and tombstoneStream know no 'stream_exists': that one is checked against the
   * revision read just before, and the call repeated if the stream moved on in between.
   */
  private async deleteWith(
    operation: 'deleteStream' | 'tombstoneStream',
    streamId: string,
    expected: ExpectedRevision,
  ): Promise<void> {
    this.assertOpen();
    assertExpectedRevision(expected);
    for (let attempt = 0; ; attempt += 1) {
      let revision: ExpectedRevision = expected;
      if (expected === 'stream_exists') {
        const last = await this.lastRevision(streamId);
        if (last === null) throw new ConcurrencyError(streamId, expected, 'no_stream');
        revision = last;
      }
      try {
        await this.client[operation](streamId, { expectedRevision: typeof revision === 'number' ? BigInt(revision) : (revision as 'any' | 'no_stream') });
        return;
      } catch (error) {
        const translated = translateEventStoreDbError(error, { streamId, expectedRevision: expected });
        if (translated instanceof ConcurrencyError && expected === 'stream_exists' && attempt < 3) continue;
        throw translated;
      }
    }
  }

  /** The stream's last revision, or null when it has no readable events; StreamDeletedError when tombstoned. */
  private async lastRevision(streamId: string): Promise<number | null> {
    const [last] = await this.readRaw(streamId, 1);
    return last ? Number(last.revision) : null;
  }

  /** The newest events of a stream as the client returns them; none for a missing stream. */
  private async readRaw(streamId: string, maxCount: number): Promise<EsdbRecordedEvent[]> {
    const read: EsdbRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount })) {
        if (resolved.event) read.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return [];
      throw translateEventStoreDbError(error, { streamId });
    }
    return read;
  }

  /** One request's worth of `$all`, system events included; the server's fromPosition is inclusive. */
  private async readAllPage(
    from: Position | 'start' | 'end',
    direction: 'forwards' | 'backwards',
    maxCount: number,
  ): Promise<EsdbRecordedEvent[]> {
    const fromPosition: ReadPosition = from === 'start' ? START : from === 'end' ? END : toEsdbPosition(from);
    const page: EsdbRecordedEvent[] = [];
    try {
      const stream = this.client.readAll({
        fromPosition,
        direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
        maxCount,
      });
      for await (const resolved of stream) {
        if (resolved.event) page.push(resolved.event);
      }
    } catch (error) {
      throw translateEventStoreDbError(error);
    }
    return page;
  }

  /** The last record of `$all`, EventStoreDB's own included: where "now" is for a subscription. */
  private async rawHead(): Promise<Position | null> {
    const [last] = await this.readAllPage('end', 'backwards', 1);
    return last ? positionOf(last) : null;
  }

  private async positionAt(streamId: string, revision: number): Promise<Position> {
    if (revision < 0) return ORIGIN;
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new EventStoreUnavailableError(`EventStoreDB did not return ${streamId}@${revision} after writing it`);
    return event.position;
  }

  private async actualRevision(streamId: string): Promise<number | 'no_stream'> {
    try {
      const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      return last ? last.revision : 'no_stream';
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 'no_stream';
      throw error;
    }
  }

  /**
   * Validates and measures the append before anything is sent. The events sent are parsed back from the
   * measured JSON: the client serializes later, and the caller may change its objects in the meantime.
   */
  private serialize(events: readonly EventData[]): { proposed: JSONEventData[]; size: number } {
    const ids = new Set<string>();
    let size = 0;
    const proposed = events.map((event): JSONEventData => {
      if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new TypeError('Every event needs a UUID id');
      if (typeof event.type !== 'string' || event.type === '') throw new TypeError('Every event needs a string type');
      if (ids.has(event.id)) throw new TypeError(`Event id ${event.id} appears twice in one append`);
      ids.add(event.id);
      const data = JSON.stringify(event.data) ?? 'null';
      const metadata = JSON.stringify(event.metadata ?? {});
      size += Buffer.byteLength(event.id) + Buffer.byteLength(event.type);
      size += Buffer.byteLength(data) + Buffer.byteLength(metadata);
      return jsonEvent({
        id: event.id,
        type: event.type,
        data: JSON.parse(data) as JSONType,
        ...(event.metadata === undefined ? {} : { metadata: JSON.parse(metadata) as JSONType }),
      });
    });
    if (size > this.maxAppendSize) throw new MaxAppendSizeExceededError(this.maxAppendSize, size);
    return { proposed, size };
  }

  private assertOpen(): void {
    if (this.closing) throw new EventStoreUnavailableError('The event store is closed');
  }
}

/**
 * The server filters on one criterion; the adapter checks the whole filter again (and hides system events).
 * Stream prefixes go to the server when given, as a prefix filter; event types as an exact-match regex,
 * since the server's type prefixes would also let `ArticleEditedTwice` through for `ArticleEdited`.
 */
function serverFilter(
  filter: AllFilter | undefined,
  checkpointInterval: number,
  checkpointReached: (subscription: AllStreamSubscription, position: EsdbPosition) => void,
): Filter {
  if (filter?.streamNamePrefixes?.length) {
    return streamNameFilter({ prefixes: [...filter.streamNamePrefixes], checkpointInterval, checkpointReached });
  }
  if (filter?.eventTypes?.length) {
    const alternatives = filter.eventTypes.map(escapeRegex).join('|');
    return eventTypeFilter({ regex: `^(?:${alternatives})$`, checkpointInterval, checkpointReached });
  }
  return excludeSystemEvents({ checkpointInterval, checkpointReached });
}

/** The port's fields of EventStoreDB's metadata; its soft-delete `$tb` (long.MaxValue) as the port's marker. */
function toPortMetadata(metadata: { maxCount?: unknown; maxAge?: unknown; truncateBefore?: unknown }): StreamMetadata {
  const { maxCount, maxAge, truncateBefore } = metadata;
  return {
    ...(typeof maxCount === 'number' ? { maxCount } : {}),
    ...(typeof maxAge === 'number' ? { maxAge } : {}),
    ...(typeof truncateBefore === 'number' ? { truncateBefore: Math.min(truncateBefore, SOFT_DELETED_TRUNCATE_BEFORE) } : {}),
  };
}

/** The server names `$$<stream>` when a tombstoned stream's metadata is asked for; the port names the stream. */
function forStream(error: unknown, streamId: string): unknown {
  return error instanceof StreamDeletedError ? new StreamDeletedError(streamId) : error;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

function toEsdbPosition(position: Position): EsdbPosition {
  return { commit: position.commit, prepare: position.prepare };
}

function toPosition(position: EsdbPosition): Position {
  return { commit: position.commit, prepare: position.prepare };
}

function assertExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new TypeError(`Invalid expected revision ${String(expected)}`);
  }
}
