/**
 * The event store port, with EventStoreDB's semantics (DESIGN §5). Both the embedded SQLite adapter
 * and the EventStoreDB adapter implement it and pass one contract suite (./testing).
 */

/** `any`, `no_stream`, `stream_exists`, or the exact 0-based revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** A place in `$all`. Opaque and monotonic; EventStoreDB's is a commit/prepare pair. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface EventMetadata {
  actor?: { id: string; name: string };
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  schemaVersion?: number;
  /** ISO 8601 instant at which the command that caused the event was decided. */
  timestamp?: string;
  [key: string]: unknown;
}

/** An event to append. `id` is a UUID; appending the same ids again at the same revision writes nothing. */
export interface EventData<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly streamId: string;
  /** 0-based revision of the event in its stream. */
  readonly revision: number;
  readonly position: Position;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /** When the store committed the event. */
  readonly created: Date;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  readonly nextExpectedRevision: number;
  /** Position of the last event written (or of the existing events, for an idempotent repeat). */
  readonly position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number | 'start' | 'end';
  direction?: Direction;
  maxCount?: number;
}

export interface AllFilter {
  /** Keep events whose stream name starts with one of these. */
  streamNamePrefixes?: readonly string[];
  /** Keep events whose type is one of these. */
  eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: reading starts after this position. */
  fromPosition?: Position | 'start';
  maxCount?: number;
  filter?: AllFilter;
}

interface SubscriptionCallbacks {
  /** Called for each event, in order; the next event waits until the returned promise settles. */
  onEvent(event: RecordedEvent): void | Promise<void>;
  /** Called once history has been delivered and the subscription is live. */
  onCaughtUp?(): void;
  /** Called when the subscription stops because of an error (onEvent threw, or the store failed). */
  onError?(error: Error): void;
}

export interface SubscribeToAllOptions extends SubscriptionCallbacks {
  /** Exclusive: the subscription delivers events after this position. */
  fromPosition?: Position | 'start' | 'end';
  filter?: AllFilter;
  /**
   * Called with a position up to which every event has been examined, delivered or filtered out: at
   * catch-up and about every `checkpointInterval` events examined. Subscribing again from it (exclusive)
   * delivers exactly the events not yet delivered. Never called while an onEvent call is running.
   */
  onCheckpoint?(position: Position): void | Promise<void>;
  /** Events examined (filtered out included) between two checkpoints, roughly. Defaults to 32. */
  checkpointInterval?: number;
}

export interface SubscribeToStreamOptions extends SubscriptionCallbacks {
  /** Exclusive: the subscription delivers events after this revision. Defaults to 'start'. */
  fromRevision?: number | 'start' | 'end';
}

/**
 * Stream metadata as EventStoreDB keeps it in `$$<stream>`, applied when reading (the stream itself,
 * `$all` and subscriptions); events it hides stay on disk. Setting metadata replaces all of it.
 */
export interface StreamMetadata {
  /** Only the newest maxCount events are visible. */
  readonly maxCount?: number;
  /** Only events younger than maxAge seconds are visible. */
  readonly maxAge?: number;
  /** Events before this revision are hidden. A soft delete sets it to SOFT_DELETED_TRUNCATE_BEFORE. */
  readonly truncateBefore?: number;
}

export interface StreamMetadataResult {
  /** `{}` when none was ever set. */
  readonly metadata: StreamMetadata;
  /** Revision of the metadata stream `$$<stream>`, the expectedRevision of the next setStreamMetadata. */
  readonly metastreamRevision: number | 'no_stream';
}

export interface SetStreamMetadataResult {
  /** Revision of the metadata stream after the write. */
  readonly nextExpectedRevision: number;
}

/** EventStoreDB marks a soft-deleted stream with `truncateBefore` at its maximum; the port reports this value. */
export const SOFT_DELETED_TRUNCATE_BEFORE = Number.MAX_SAFE_INTEGER;

/** The name of the stream holding a stream's metadata; concurrency errors of setStreamMetadata name it. */
export function metastreamOf(streamId: string): string {
  return `$$${streamId}`;
}

export interface Subscription {
  /** Stops delivery; resolves once no onEvent call is running. */
  unsubscribe(): Promise<void>;
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly EventData[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Whether readStream would return an event with this id: false for a missing or soft-deleted stream and
   * for events its metadata hides; StreamDeletedError once tombstoned. The embedded store answers from an
   * index; EventStoreDB has no index by event id, so that adapter reads the stream backwards.
   */
  containsEvent(streamId: string, eventId: string): Promise<boolean>;

  subscribeToAll(options: SubscribeToAllOptions): Subscription;

  /** Catch-up subscription to one stream: history after fromRevision, then live events. */
  subscribeToStream(streamId: string, options: SubscribeToStreamOptions): Subscription;

  /**
   * Soft delete: reads throw StreamNotFoundError and `$all` hides its events; a later append recreates the
   * stream, continuing its revisions, and only the new events are visible. Throws StreamDeletedError once
   * tombstoned. The expected revision is checked as an append's is ('stream_exists' on a soft-deleted
   * stream is a StreamDeletedError, as in EventStoreDB).
   */
  deleteStream(streamId: string, options?: { expectedRevision?: ExpectedRevision }): Promise<void>;

  /** Hard delete: every later read, append, delete or metadata call throws StreamDeletedError, for ever. */
  tombstoneStream(streamId: string, options?: { expectedRevision?: ExpectedRevision }): Promise<void>;

  /** Replaces the stream's metadata; expectedRevision is that of the metadata stream (see metastreamOf). */
  setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<SetStreamMetadataResult>;

  /** Throws StreamDeletedError for a tombstoned stream. */
  getStreamMetadata(streamId: string): Promise<StreamMetadataResult>;

  /** The position of the last event in `$all`, or null when the store is empty. */
  headPosition(): Promise<Position | null>;

  close(): Promise<void>;
}

/** Compares two positions: negative when a is before b. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export const START: 'start' = 'start';
