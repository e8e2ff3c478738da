import { eventStoreContract } from '../testing';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const url = process.env.GALLEY_EVENTSTORE_URL;
/** EventStoreDB's default MaxAppendSize, which the adapter also enforces by default. */
const MAX_APPEND_SIZE = 1024 * 1024;

if (url) {
  // Every test uses fresh stream ids, so a shared, non-empty server is fine.
  eventStoreContract(
    'EventStoreDB',
    async () => {
      const store = new EventStoreDbEventStore({ url });
      return { store, cleanup: () => store.close() };
    },
    { maxAppendSize: MAX_APPEND_SIZE },
  );
} else {
  const reason =
    'EventStoreDB contract skipped: GALLEY_EVENTSTORE_URL is not set (no EventStoreDB server here; ' +
    'run `docker compose up eventstore` and set GALLEY_EVENTSTORE_URL=esdb://localhost:2113?tls=false)';
  // Printed once per run of this file. Jest hides the header and console of a file whose tests are all
  // skipped, so the to-do keeps this file (and the warning) in the output of a full run.
  console.warn(reason);
  describe.skip('EventStoreDB: event store contract', () => {
    it(reason, () => undefined);
  });
  it.todo('EventStoreDB: event store contract against a server (set GALLEY_EVENTSTORE_URL)');
}
