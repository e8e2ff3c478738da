import type { ExpectedRevision, Position } from './event-store.port';

/** Base of the port's typed errors; `code` is stable across adapters. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class ConcurrencyError extends EventStoreError {
  readonly code = 'CONCURRENCY';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Expected ${streamId} at ${String(expected)}, but it is at ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

export class StreamNotFoundError extends EventStoreError {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} not found`);
    this.name = 'StreamNotFoundError';
  }
}

export class StreamDeletedError extends EventStoreError {
  readonly code = 'STREAM_DELETED';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} is deleted`);
    this.name = 'StreamDeletedError';
  }
}

export class MaxAppendSizeExceededError extends EventStoreError {
  readonly code = 'MAX_APPEND_SIZE_EXCEEDED';
  constructor(
    readonly maxAppendSize: number,
    readonly size: number,
  ) {
    super(`Append of ${size} bytes exceeds the maximum of ${maxAppendSize}`);
    this.name = 'MaxAppendSizeExceededError';
  }
}

export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'UNAVAILABLE';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/** An event whose stored data or metadata is not JSON (a damaged file): reading it cannot give a `RecordedEvent`. */
export class UnreadableEventError extends EventStoreError {
  readonly code = 'UNREADABLE_EVENT';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly position: Position,
    override readonly cause?: unknown,
  ) {
    super(
      `The event at position ${position.commit}/${position.prepare} (${streamId}@${revision}) cannot be read: its data or metadata is not JSON` +
        (cause instanceof Error ? ` (${cause.message})` : ''),
    );
    this.name = 'UnreadableEventError';
  }
}
