import { connectEventStoreDb, SqliteEventStore, type EventStore } from '@galley/event-store';
import { dataFiles } from '../config/data-files';
import { ConfigurationError, type GalleyConfig } from '../config/galley.config';

export const EVENT_STORE = Symbol('EVENT_STORE');

export function createEventStore(config: GalleyConfig): EventStore {
  switch (config.eventStore) {
    case 'embedded':
      return new SqliteEventStore({ file: dataFiles(config).events });
    case 'eventstoredb':
      if (!config.eventStoreUrl) {
        throw new ConfigurationError(
          'GALLEY_EVENTSTORE_URL',
          'required when GALLEY_EVENT_STORE is "eventstoredb", e.g. esdb://localhost:2113?tls=false',
        );
      }
      return connectEventStoreDb({ url: config.eventStoreUrl });
  }
}
