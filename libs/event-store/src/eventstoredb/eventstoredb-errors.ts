import {
  DeadlineExceededError,
  MaxAppendSizeExceededError as EsdbMaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
} from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';

/** What the adapter knew when the call failed; it beats what the server echoes back (the caller's own words). */
export interface EventStoreDbErrorContext {
  readonly streamId?: string;
  readonly expectedRevision?: ExpectedRevision;
  /** Serialized size of the append, in bytes. */
  readonly appendSize?: number;
}

/** gRPC status codes that mean "the server could not be reached in time", whatever wraps them. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * Turns an error of `@eventstore/db-client` into the port's typed error. Returns the error to throw:
 * anything it does not recognise comes back unchanged.
 */
export function translateEventStoreDbError(error: unknown, context: EventStoreDbErrorContext = {}): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new ConcurrencyError(
      context.streamId ?? error.streamName,
      context.expectedRevision ?? toPortExpected(error.expectedVersion),
      error.actualVersion === 'no_stream' ? 'no_stream' : Number(error.actualVersion),
    );
  }
  if (error instanceof EsdbStreamNotFoundError) {
    return new StreamNotFoundError(context.streamId ?? error.streamName);
  }
  if (error instanceof EsdbStreamDeletedError) {
    return new StreamDeletedError(context.streamId ?? error.streamName);
  }
  if (error instanceof EsdbMaxAppendSizeExceededError) {
    // The server does not say how big the append was; NaN when the caller did not measure it either.
    return new MaxAppendSizeExceededError(error.maxAppendSize, context.appendSize ?? Number.NaN);
  }
  if (error instanceof UnavailableError || error instanceof NotLeaderError || error instanceof DeadlineExceededError) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error);
  }
  // Appends made before the client has talked to the server fail with the raw gRPC error, not a CommandError.
  if (error instanceof Error && isUnreachableStatus((error as { code?: unknown }).code)) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error);
  }
  return error;
}

function isUnreachableStatus(code: unknown): boolean {
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED;
}

function toPortExpected(expected: WrongExpectedVersionError['expectedVersion']): ExpectedRevision {
  return typeof expected === 'bigint' ? Number(expected) : expected;
}
