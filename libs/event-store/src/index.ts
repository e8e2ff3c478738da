export * from './event-store.port';
export * from './event-store.errors';
export * from './serialized-events';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { openEventsFileReader, SCAN_WINDOW, type AllPage, type SqliteAllReader } from './sqlite/sqlite-all-reader';
// Types only: the EventStoreDB client (gRPC, a few hundred milliseconds to load) is required when a
// store is made, so Galley on its embedded store never loads it.
export type { EventStoreDbEventStore, EventStoreDbClient, EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
export type { EventStoreDbErrorContext } from './eventstoredb/eventstoredb-errors';
export type { ResubscribePolicy } from './eventstoredb/eventstoredb-subscription';
export { connectEventStoreDb } from './eventstoredb/connect';
