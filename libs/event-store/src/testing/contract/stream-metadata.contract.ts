import { ConcurrencyError } from '../../event-store.errors';
import { metastreamOf, type EventStore } from '../../event-store.port';
import { collect, collectStream, event, newPrefix, newStream, rejection, sleep, streamOf, type ContractContext } from './contract-helpers';

export function streamMetadataContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('setStreamMetadata and getStreamMetadata', () => {
    it('a stream never given metadata has none', async () => {
      const streamId = await streamOf(store, 1);

      expect(await store.getStreamMetadata(streamId)).toEqual({ metadata: {}, metastreamRevision: 'no_stream' });
      expect(await store.getStreamMetadata(newStream())).toEqual({ metadata: {}, metastreamRevision: 'no_stream' });
    });

    it('round-trips metadata; each write replaces the whole of it and moves the metadata stream on', async () => {
      const streamId = await streamOf(store, 1);

      const first = await store.setStreamMetadata(streamId, { maxCount: 10, maxAge: 3600, truncateBefore: 0 });
      const afterFirst = await store.getStreamMetadata(streamId);
      const second = await store.setStreamMetadata(streamId, { maxAge: 60 }, { expectedRevision: 0 });
      const afterSecond = await store.getStreamMetadata(streamId);

      expect(first.nextExpectedRevision).toBe(0);
      expect(afterFirst).toEqual({ metadata: { maxCount: 10, maxAge: 3600, truncateBefore: 0 }, metastreamRevision: 0 });
      expect(second.nextExpectedRevision).toBe(1);
      expect(afterSecond).toEqual({ metadata: { maxAge: 60 }, metastreamRevision: 1 });
    });

    it('checks the expected revision of the metadata stream, naming that stream in the ConcurrencyError', async () => {
      const streamId = await streamOf(store, 1);
      await store.setStreamMetadata(streamId, { maxCount: 5 }, { expectedRevision: 'no_stream' });
      await store.setStreamMetadata(streamId, { maxCount: 4 }, { expectedRevision: 0 });

      const stale = await rejection(store.setStreamMetadata(streamId, { maxCount: 3 }, { expectedRevision: 0 }), ConcurrencyError);
      const fresh = await rejection(
        store.setStreamMetadata(streamId, { maxCount: 3 }, { expectedRevision: 'no_stream' }),
        ConcurrencyError,
      );

      expect(stale.streamId).toBe(metastreamOf(streamId));
      expect(stale.expected).toBe(0);
      expect(stale.actual).toBe(1);
      expect(fresh.expected).toBe('no_stream');
      expect(fresh.actual).toBe(1);
      expect((await store.getStreamMetadata(streamId)).metadata).toEqual({ maxCount: 4 });
    });

    it.each([[{ maxCount: 0 }], [{ maxCount: 1.5 }], [{ maxAge: -1 }], [{ truncateBefore: -1 }]])(
      'refuses %j with a TypeError',
      async (metadata) => {
        await expect(store.setStreamMetadata(newStream(), metadata)).rejects.toBeInstanceOf(TypeError);
      },
    );

    it('maxCount keeps only the newest events visible to readStream, readAll and subscriptions', async () => {
      const prefix = newPrefix();
      const streamId = await streamOf(store, 5, `${prefix}-a`);

      await store.setStreamMetadata(streamId, { maxCount: 2 });

      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([3, 4]);
      expect((await store.readStream(streamId, { fromRevision: 1, maxCount: 1 })).map((e) => e.revision)).toEqual([3]);
      expect((await store.readStream(streamId, { direction: 'backwards' })).map((e) => e.revision)).toEqual([4, 3]);
      const all = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });
      expect(all.map((e) => e.revision)).toEqual([3, 4]);
      const sink = collect(store, { fromPosition: 'start', filter: { streamNamePrefixes: [prefix] } });
      const streamSink = collectStream(store, streamId, { fromRevision: 'start' });
      await Promise.all([sink.caughtUp, streamSink.caughtUp]);
      await Promise.all([sink.subscription.unsubscribe(), streamSink.subscription.unsubscribe()]);
      expect(sink.received.map((e) => e.revision)).toEqual([3, 4]);
      expect(streamSink.received.map((e) => e.revision)).toEqual([3, 4]);

      await store.appendToStream(streamId, [event()]);
      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([4, 5]);
    });

    it('truncateBefore hides the events before that revision', async () => {
      const prefix = newPrefix();
      const streamId = await streamOf(store, 5, `${prefix}-a`);

      await store.setStreamMetadata(streamId, { truncateBefore: 3 });

      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([3, 4]);
      expect((await store.readStream(streamId, { fromRevision: 1 })).map((e) => e.revision)).toEqual([3, 4]);
      expect(
        (await store.readStream(streamId, { direction: 'backwards', fromRevision: 4, maxCount: 5 })).map((e) => e.revision),
      ).toEqual([4, 3]);
      const all = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });
      expect(all.map((e) => e.revision)).toEqual([3, 4]);
    });

    it('maxAge hides events older than that many seconds, and nothing younger', async () => {
      const prefix = newPrefix();
      const old = await streamOf(store, 2, `${prefix}-old`);
      const young = await streamOf(store, 2, `${prefix}-young`);
      await store.setStreamMetadata(old, { maxAge: 1 });
      await store.setStreamMetadata(young, { maxAge: 3600 });

      await sleep(1_500);
      const later = event();
      await store.appendToStream(old, [later]);

      expect((await store.readStream(old)).map((e) => e.id)).toEqual([later.id]);
      expect(await store.readStream(young)).toHaveLength(2);
      const all = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });
      expect(all.map((e) => e.streamId)).toEqual([young, young, old]);
    });
  });
}
