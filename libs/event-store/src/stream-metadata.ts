import type { StreamMetadata } from './event-store.port';

/** Checks metadata before it is stored, and copies only the known fields (EventStoreDB needs integers). */
export function validStreamMetadata(metadata: StreamMetadata): StreamMetadata {
  const { maxCount, maxAge, truncateBefore } = metadata;
  if (maxCount !== undefined && !(Number.isSafeInteger(maxCount) && maxCount > 0)) {
    throw new TypeError(`maxCount must be a positive integer, not ${String(maxCount)}`);
  }
  if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge > 0)) {
    throw new TypeError(`maxAge must be a positive number of seconds, not ${String(maxAge)}`);
  }
  if (truncateBefore !== undefined && !(Number.isSafeInteger(truncateBefore) && truncateBefore >= 0)) {
    throw new TypeError(`truncateBefore must be a revision, not ${String(truncateBefore)}`);
  }
  return {
    ...(maxCount === undefined ? {} : { maxCount }),
    ...(maxAge === undefined ? {} : { maxAge }),
    ...(truncateBefore === undefined ? {} : { truncateBefore }),
  };
}
