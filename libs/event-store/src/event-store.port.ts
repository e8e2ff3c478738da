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

export interface SubscribeToAllOptions {
  /** Exclusive: the subscription delivers events after this position. */
  fromPosition?: Position | 'start' | 'end';
  filter?: AllFilter;
  /** Called for each event, in order; the next event waits until the returned promise settles. */
  onEvent(event: RecordedEvent): void | Promise<void>;
  /** Called once history has been delivered and the subscription is live. */
  onCaughtUp?(): void;
  /** Called when the subscription stops because of an error (onEvent threw, or the store failed). */
  onError?(error: Error): void;
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

  subscribeToAll(options: SubscribeToAllOptions): Subscription;

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
