import { ConcurrencyError, StreamNotFoundError } from '../../event-store.errors';
import type { EventStore } from '../../event-store.port';
import { collect, event, newPrefix, newStream, rejection, streamOf, type ContractContext } from './contract-helpers';

export function deleteStreamContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('deleteStream (soft delete)', () => {
    it('makes reads throw StreamNotFoundError', async () => {
      const streamId = await streamOf(store, 3);

      await store.deleteStream(streamId, { expectedRevision: 2 });

      const forwards = await rejection(store.readStream(streamId), StreamNotFoundError);
      const backwards = await rejection(store.readStream(streamId, { direction: 'backwards', maxCount: 1 }), StreamNotFoundError);
      expect(forwards.streamId).toBe(streamId);
      expect(forwards.code).toBe('STREAM_NOT_FOUND');
      expect(backwards.streamId).toBe(streamId);
    });

    it('hides its events from readAll and from new subscriptions, and only its own', async () => {
      const prefix = newPrefix();
      const deleted = `${prefix}-deleted`;
      const kept = `${prefix}-kept`;
      await store.appendToStream(deleted, [event(), event()]);
      const survivor = event();
      await store.appendToStream(kept, [survivor]);

      await store.deleteStream(deleted);

      const read = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });
      const sink = collect(store, { fromPosition: 'start', filter: { streamNamePrefixes: [prefix] } });
      await sink.caughtUp;
      await sink.subscription.unsubscribe();
      expect(read.map((e) => e.id)).toEqual([survivor.id]);
      expect(sink.received.map((e) => e.id)).toEqual([survivor.id]);
    });

    it('a later append continues the revisions, and only the new events are visible', async () => {
      const prefix = newPrefix();
      const streamId = await streamOf(store, 3, `${prefix}-a`);
      await store.deleteStream(streamId, { expectedRevision: 2 });
      const fresh = [event(), event()];

      const result = await store.appendToStream(streamId, fresh);

      expect(result.nextExpectedRevision).toBe(4);
      const read = await store.readStream(streamId);
      expect(read.map((e) => [e.revision, e.id])).toEqual([
        [3, fresh[0].id],
        [4, fresh[1].id],
      ]);
      const backwards = await store.readStream(streamId, { direction: 'backwards' });
      expect(backwards.map((e) => e.revision)).toEqual([4, 3]);
      const all = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });
      expect(all.map((e) => e.id)).toEqual(fresh.map((e) => e.id));
    });

    it('is a truncateBefore in the stream metadata, moved to the first new event when the stream is recreated', async () => {
      const streamId = await streamOf(store, 3);
      await store.deleteStream(streamId);
      await store.appendToStream(streamId, [event()]);

      const { metadata } = await store.getStreamMetadata(streamId);

      expect(metadata.truncateBefore).toBe(3);
    });

    it.each([['no_stream'], ['the last revision before the delete']] as const)(
      'recreates the stream for an append expecting %s, once',
      async (label) => {
        const streamId = await streamOf(store, 3);
        await store.deleteStream(streamId);
        const expectedRevision = label === 'no_stream' ? 'no_stream' : 2;

        const result = await store.appendToStream(streamId, [event(), event()], { expectedRevision });

        expect(result.nextExpectedRevision).toBe(4);
        const error = await rejection(
          store.appendToStream(streamId, [event()], { expectedRevision }),
          ConcurrencyError,
        );
        expect(error.streamId).toBe(streamId);
        expect(error.expected).toBe(expectedRevision);
        expect(error.actual).toBe(4);
      },
    );

    it('checks the expected revision, deleting nothing on a mismatch', async () => {
      const streamId = await streamOf(store, 3);

      const error = await rejection(store.deleteStream(streamId, { expectedRevision: 1 }), ConcurrencyError);

      expect(error.streamId).toBe(streamId);
      expect(error.expected).toBe(1);
      expect(error.actual).toBe(2);
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it("of a missing stream succeeds with 'any' and fails with an exact revision", async () => {
      const streamId = newStream();

      await store.deleteStream(streamId, { expectedRevision: 'any' });
      const error = await rejection(store.deleteStream(newStream(), { expectedRevision: 0 }), ConcurrencyError);

      await rejection(store.readStream(streamId), StreamNotFoundError);
      expect(error.expected).toBe(0);
      expect(error.actual).toBe('no_stream');
    });
  });
}
