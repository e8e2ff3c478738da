import { SqliteEventStore, type EventStore } from '@galley/event-store';
import { join } from 'node:path';
import { ConfigurationError, type GalleyConfig } from '../config/galley.config';

export const EVENT_STORE = Symbol('EVENT_STORE');

export function createEventStore(config: GalleyConfig): EventStore {
  switch (config.eventStore) {
    case 'embedded':
      return new SqliteEventStore({ file: join(config.dataDir, 'events.sqlite') });
    case 'eventstoredb':
      // The EventStoreDB adapter is built with its contract suite (the event-store issue).
      throw new ConfigurationError('GALLEY_EVENT_STORE', 'the EventStoreDB adapter is not available in this build yet; use "embedded"');
  }
}
