import { ConcurrencyError, StreamDeletedError } from '../../event-store.errors';
import type { EventStore } from '../../event-store.port';
import {
  collect,
  event,
  newPrefix,
  rejection,
  streamOf,
  subscriptionError,
  type ContractContext,
} from './contract-helpers';

export function tombstoneStreamContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('tombstoneStream (hard delete)', () => {
    it('makes reads, appends, deletes and metadata calls throw StreamDeletedError, for ever', async () => {
      const streamId = await streamOf(store, 2);

      await store.tombstoneStream(streamId, { expectedRevision: 1 });

      const refusals = [
        store.readStream(streamId),
        store.readStream(streamId, { direction: 'backwards', maxCount: 1 }),
        store.appendToStream(streamId, [event()]),
        store.appendToStream(streamId, [event()], { expectedRevision: 'no_stream' }),
        store.deleteStream(streamId),
        store.tombstoneStream(streamId),
        store.setStreamMetadata(streamId, { maxCount: 10 }),
        store.getStreamMetadata(streamId),
      ];
      for (const refusal of refusals) {
        const error = await rejection(refusal, StreamDeletedError);
        expect(error.streamId).toBe(streamId);
        expect(error.code).toBe('STREAM_DELETED');
      }
    });

    it('hides its events from readAll and from new subscriptions', async () => {
      const prefix = newPrefix();
      const survivor = event();
      await store.appendToStream(`${prefix}-gone`, [event(), event()]);
      await store.appendToStream(`${prefix}-kept`, [survivor]);

      await store.tombstoneStream(`${prefix}-gone`);

      const read = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });
      const sink = collect(store, { fromPosition: 'start', filter: { streamNamePrefixes: [prefix] } });
      await sink.caughtUp;
      await sink.subscription.unsubscribe();
      expect(read.map((e) => e.id)).toEqual([survivor.id]);
      expect(sink.received.map((e) => e.id)).toEqual([survivor.id]);
    });

    it('checks the expected revision, tombstoning nothing on a mismatch', async () => {
      const streamId = await streamOf(store, 2);

      const error = await rejection(store.tombstoneStream(streamId, { expectedRevision: 0 }), ConcurrencyError);

      expect(error.streamId).toBe(streamId);
      expect(error.expected).toBe(0);
      expect(error.actual).toBe(1);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('turns a soft-deleted stream into a deleted one', async () => {
      const streamId = await streamOf(store, 2);
      await store.deleteStream(streamId, { expectedRevision: 1 });

      await store.tombstoneStream(streamId);

      const error = await rejection(store.readStream(streamId), StreamDeletedError);
      expect(error.streamId).toBe(streamId);
      await rejection(store.appendToStream(streamId, [event()]), StreamDeletedError);
    });

    it('stops a subscription to the stream with StreamDeletedError', async () => {
      const streamId = await streamOf(store, 2);
      await store.tombstoneStream(streamId);

      const { error, subscription } = await subscriptionError((onError) =>
        store.subscribeToStream(streamId, { onEvent: () => undefined, onError }),
      );
      await subscription.unsubscribe();

      expect(error).toBeInstanceOf(StreamDeletedError);
      expect((error as StreamDeletedError).streamId).toBe(streamId);
    });
  });
}
