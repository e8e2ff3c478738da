import type { EventStore } from '../event-store.port';
import type { EventStoreDbEventStoreOptions } from './eventstoredb-event-store';

/**
 * An EventStoreDB-backed store. Its module, and with it `@eventstore/db-client` and gRPC, is loaded
 * here on first use rather than with the library, which every start of Galley loads.
 */
export function connectEventStoreDb(options: EventStoreDbEventStoreOptions): EventStore {
  const { EventStoreDbEventStore } = require('./eventstoredb-event-store') as typeof import('./eventstoredb-event-store');
  return new EventStoreDbEventStore(options);
}
