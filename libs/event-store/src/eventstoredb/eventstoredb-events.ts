import type { AllStreamResolvedEvent, Position as EsdbPosition, ResolvedEvent } from '@eventstore/db-client';
import type { AllFilter, EventMetadata, Position, RecordedEvent } from '../event-store.port';

/** An event as the client hands it over, from a stream read or from `$all`. */
export type EsdbRecordedEvent = NonNullable<ResolvedEvent['event']> | NonNullable<AllStreamResolvedEvent['event']>;

/** Streams and event types starting with `$` belong to EventStoreDB itself (`$epoch-information`, `$stats-…`, `$>` links). */
export function isSystemEvent(event: { readonly streamId: string; readonly type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function matchesFilter(event: { readonly streamId: string; readonly type: string }, filter?: AllFilter): boolean {
  const prefixes = filter?.streamNamePrefixes;
  const types = filter?.eventTypes;
  // An empty list filters nothing out, like an absent one (as the SQLite adapter does).
  if (prefixes?.length && !prefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  if (types?.length && !types.includes(event.type)) return false;
  return true;
}

/** Wanted by a reader of `$all`: not EventStoreDB's own, and inside the filter. */
export function isWanted(event: EsdbRecordedEvent, filter?: AllFilter): boolean {
  return !isSystemEvent(event) && matchesFilter(event, filter);
}

export function positionOf(event: EsdbRecordedEvent): Position {
  const position: EsdbPosition | undefined = event.position;
  // Servers older than 22.6 leave stream reads without positions; the port promises one on every event.
  if (!position) throw new Error(`EventStoreDB returned event ${event.id} without a position; Galley needs server 22.6 or later`);
  return { commit: position.commit, prepare: position.prepare };
}

export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event),
    type: event.type,
    data: event.data as unknown,
    metadata: toMetadata(event.metadata),
    created: new Date(event.created.getTime()),
  };
}

/** Events appended without metadata (or by other writers with binary metadata) read back as `{}`. */
function toMetadata(metadata: unknown): EventMetadata {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || metadata instanceof Uint8Array) {
    return {};
  }
  return metadata as EventMetadata;
}
