export * from './event-store.port';
export * from './event-store.errors';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export {
  EventStoreDbEventStore,
  type EventStoreDbClient,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store';
export { translateEventStoreDbError, type EventStoreDbErrorContext } from './eventstoredb/eventstoredb-errors';
export type { ResubscribePolicy } from './eventstoredb/eventstoredb-subscription';
