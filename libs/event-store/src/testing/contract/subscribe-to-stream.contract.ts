import type { EventStore } from '../../event-store.port';
import { collectStream, event, newStream, streamOf, type ContractContext } from './contract-helpers';

export function subscribeToStreamContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('subscribeToStream', () => {
    it('delivers the stream history, then reports caught up, then live events, in order and nothing else', async () => {
      const streamId = newStream();
      const history = [event(), event(), event()];
      await store.appendToStream(streamId, history);
      const log: string[] = [];
      const sink = collectStream(store, streamId, { fromRevision: 'start' }, {
        onEvent: (e) => void log.push(e.id),
        onCaughtUp: () => void log.push('caught-up'),
      });

      await sink.caughtUp;
      const live = [event(), event()];
      await store.appendToStream(newStream(), [event()]);
      await store.appendToStream(streamId, [live[0]]);
      await store.appendToStream(streamId, [live[1]]);
      await sink.untilCount(5);
      await sink.subscription.unsubscribe();

      expect(log).toEqual([...history.map((e) => e.id), 'caught-up', ...live.map((e) => e.id)]);
      expect(sink.received.map((e) => [e.streamId, e.revision])).toEqual([0, 1, 2, 3, 4].map((r) => [streamId, r]));
    });

    it('starts after fromRevision, exclusive', async () => {
      const streamId = await streamOf(store, 4);
      const sink = collectStream(store, streamId, { fromRevision: 1 });

      await sink.caughtUp;
      await store.appendToStream(streamId, [event()]);
      await sink.untilCount(3);
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => e.revision)).toEqual([2, 3, 4]);
    });

    it("from 'end' delivers only events appended after it subscribed", async () => {
      const streamId = await streamOf(store, 3);
      const sink = collectStream(store, streamId, { fromRevision: 'end' });
      await sink.caughtUp;

      const live = event();
      await store.appendToStream(streamId, [live]);
      await sink.untilCount(1);
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => [e.id, e.revision])).toEqual([[live.id, 3]]);
    });

    it('to a stream that does not exist yet: caught up at once, then its first events', async () => {
      const streamId = newStream();
      const sink = collectStream(store, streamId, { fromRevision: 'start' });
      await sink.caughtUp;

      const first = [event(), event()];
      await store.appendToStream(streamId, first, { expectedRevision: 'no_stream' });
      await sink.untilCount(2);
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => e.id)).toEqual(first.map((e) => e.id));
    });

    it('to a soft-deleted stream: no history, then the events that recreate it', async () => {
      const streamId = await streamOf(store, 2);
      await store.deleteStream(streamId);
      const sink = collectStream(store, streamId, { fromRevision: 'start' });
      await sink.caughtUp;

      const fresh = event();
      await store.appendToStream(streamId, [fresh]);
      await sink.untilCount(1);
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => [e.id, e.revision])).toEqual([[fresh.id, 2]]);
    });

    it('gives a slow consumer every event in order, and unsubscribe stops delivery', async () => {
      const streamId = newStream();
      const written: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const batch = Array.from({ length: 20 }, () => event());
        await store.appendToStream(streamId, batch);
        written.push(...batch.map((e) => e.id));
      }
      const sink = collectStream(store, streamId, { fromRevision: 'start' }, {
        onEvent: () => new Promise<void>((resolve) => setImmediate(resolve)),
      });
      const live = Array.from({ length: 20 }, () => event());
      await store.appendToStream(streamId, live);
      written.push(...live.map((e) => e.id));

      await sink.untilCount(120);
      await sink.caughtUp;
      await sink.subscription.unsubscribe();
      await store.appendToStream(streamId, [event()]);
      await new Promise<void>((resolve) => setTimeout(resolve, 50));

      expect(sink.received.map((e) => e.id)).toEqual(written);
    });

    it('stops and reports through onError when onEvent throws', async () => {
      const streamId = await streamOf(store, 3);
      const failure = new Error('handler failed');
      let calls = 0;
      const reported = new Promise<Error>((resolve) => {
        const subscription = store.subscribeToStream(streamId, {
          onEvent: () => {
            calls += 1;
            if (calls === 2) throw failure;
          },
          onError: (error) => {
            void subscription.unsubscribe();
            resolve(error);
          },
        });
      });

      expect(await reported).toBe(failure);
      expect(calls).toBe(2);
    });
  });
}
