import { UnreadableEventError } from './event-store.errors';
import type { EventStore, Position, RecordedEvent } from './event-store.port';

/**
 * A recorded event as a store keeps it: its data and metadata still JSON text, its commit time in
 * milliseconds. A reader that hands events to another thread sends these and lets that thread parse
 * them: copying text between threads costs a copy, copying parsed objects costs more than parsing.
 */
export interface SerializedRecordedEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly created: number;
}

export interface ReadAllSerializedOptions {
  /** Exclusive: reading starts after this position; null reads from the start. */
  readonly after: Position | null;
  /** Inclusive: nothing after this position is read. */
  readonly upTo: Position;
  readonly maxCount: number;
}

/**
 * What a store offers, beside the port, to a reader that parses elsewhere (the read-model rebuild):
 * `$all` in order, without building `RecordedEvent`s. The embedded store has it; a caller falls back
 * to `readAll` on a store that does not (`readsSerialized`).
 */
export interface SerializedReads {
  /** The events of `$all` after `after` and up to `upTo`, as `readAll` would give them, unparsed. */
  readAllSerialized(options: ReadAllSerializedOptions): Promise<SerializedRecordedEvent[]>;
}

export function readsSerialized(store: EventStore): store is EventStore & SerializedReads {
  return typeof (store as Partial<SerializedReads>).readAllSerialized === 'function';
}

/**
 * What the embedded store offers, beside the port, to a thread that follows it by reading its file
 * itself (the read-model worker, ADR 0019): the file, to open with `openEventsFileReader`, and a
 * signal after each commit that wrote events, so the follower reads at once instead of polling.
 */
export interface FollowableEventsFile {
  readonly eventsFile: string;
  /** Calls `listener` after every commit of this process that wrote events; returns the detach. */
  onCommitted(listener: () => void): () => void;
}

export function followableEventsFile(store: EventStore): store is EventStore & FollowableEventsFile {
  const candidate = store as Partial<FollowableEventsFile>;
  return typeof candidate.eventsFile === 'string' && typeof candidate.onCommitted === 'function';
}

/** The event as `readAll` gives it. Throws `UnreadableEventError` when its data or metadata is not JSON. */
export function parseRecordedEvent(event: SerializedRecordedEvent): RecordedEvent {
  let data: unknown;
  let metadata: RecordedEvent['metadata'];
  try {
    data = JSON.parse(event.data);
    metadata = JSON.parse(event.metadata) as RecordedEvent['metadata'];
  } catch (error) {
    throw new UnreadableEventError(event.streamId, event.revision, event.position, error);
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data,
    metadata,
    created: new Date(event.created),
  };
}
