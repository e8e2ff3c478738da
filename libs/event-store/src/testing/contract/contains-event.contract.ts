import { StreamDeletedError } from '../../event-store.errors';
import type { EventStore } from '../../event-store.port';
import { event, newStream, rejection, type ContractContext } from './contract-helpers';

export function containsEventContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('containsEvent', () => {
    it('finds an event of the stream by its id, wherever it sits, and no other id', async () => {
      const streamId = newStream();
      const events = [event(), event(), event()];
      await store.appendToStream(streamId, events.slice(0, 2));
      await store.appendToStream(streamId, events.slice(2));

      for (const { id } of events) expect(await store.containsEvent(streamId, id)).toBe(true);
      expect(await store.containsEvent(streamId, event().id)).toBe(false);
    });

    it('does not find an id of another stream, nor anything in a missing stream', async () => {
      const streamId = newStream();
      const known = event();
      await store.appendToStream(streamId, [known]);

      expect(await store.containsEvent(newStream(), known.id)).toBe(false);
    });

    it('does not find events the stream no longer shows: truncated or soft-deleted', async () => {
      const truncated = newStream();
      const [old, kept] = [event(), event()];
      await store.appendToStream(truncated, [old, kept]);
      await store.setStreamMetadata(truncated, { truncateBefore: 1 });
      const deleted = newStream();
      const gone = event();
      await store.appendToStream(deleted, [gone]);
      await store.deleteStream(deleted);

      expect(await store.containsEvent(truncated, old.id)).toBe(false);
      expect(await store.containsEvent(truncated, kept.id)).toBe(true);
      expect(await store.containsEvent(deleted, gone.id)).toBe(false);
    });

    it('throws StreamDeletedError for a tombstoned stream', async () => {
      const streamId = newStream();
      const known = event();
      await store.appendToStream(streamId, [known]);
      await store.tombstoneStream(streamId);

      const error = await rejection(store.containsEvent(streamId, known.id), StreamDeletedError);

      expect(error.streamId).toBe(streamId);
    });
  });
}
