import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError, MaxAppendSizeExceededError } from '../event-store.errors';
import type { EventData, RecordedEvent } from '../event-store.port';
import { eventStoreContract } from '../testing';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient, type FakeEventStoreDbOptions } from './testing/fake-eventstoredb-client';

const MAX_APPEND_SIZE = 1024 * 1024;

function overFake(options: FakeEventStoreDbOptions = {}) {
  const fake = new FakeEventStoreDbClient(options);
  const store = new EventStoreDbEventStore({
    client: fake.asClient(),
    readPageSize: 64,
    resubscribe: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  return { fake, store, cleanup: () => store.close() };
}

// The adapter's logic against an in-memory stand-in for the client (see FakeEventStoreDbClient);
// the same suite against a real server is in eventstoredb-event-store.int.spec.ts.
eventStoreContract('EventStoreDbEventStore over a fake client', async () => overFake(), {
  maxAppendSize: MAX_APPEND_SIZE,
});
eventStoreContract('EventStoreDbEventStore over a fake client of a server without "caught up"', async () =>
  overFake({ sendsCaughtUp: false }),
{ maxAppendSize: MAX_APPEND_SIZE });

const event = (data: unknown = {}): EventData => ({ id: randomUUID(), type: 'ArticleEdited', data });
const newStream = (): string => `article-${randomUUID()}`;

describe('EventStoreDbEventStore', () => {
  describe('against an unreachable server', () => {
    let store: EventStoreDbEventStore;

    beforeEach(() => {
      store = new EventStoreDbEventStore({
        url: 'esdb://127.0.0.1:1?tls=false&defaultDeadline=2000',
        resubscribe: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 },
      });
    });

    afterEach(async () => {
      await store.close();
    });

    it('rejects appends with EventStoreUnavailableError', async () => {
      await expect(store.appendToStream(newStream(), [event()])).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('rejects reads with EventStoreUnavailableError', async () => {
      await expect(store.readStream(newStream())).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('reports through onError once resubscribing has failed maxAttempts times', async () => {
      const error = await new Promise<Error>((resolve) => {
        store.subscribeToAll({ onEvent: () => undefined, onError: resolve });
      });

      expect(error).toBeInstanceOf(EventStoreUnavailableError);
    });

    it('checks maxAppendSize before sending, with EventStoreDB default of 1 MiB', async () => {
      const big = event({ body: 'x'.repeat(MAX_APPEND_SIZE) });

      const rejection = store.appendToStream(newStream(), [big]);

      await expect(rejection).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
      await expect(rejection).rejects.toMatchObject({ maxAppendSize: MAX_APPEND_SIZE });
    });

    it('close() disposes the client, then refuses calls', async () => {
      await store.close();

      await expect(store.appendToStream(newStream(), [event()])).rejects.toThrow('The event store is closed');
      await expect(store.readStream(newStream())).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });
  });

  describe('over a fake client', () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    function open(options: FakeEventStoreDbOptions = {}) {
      const opened = overFake(options);
      cleanups.push(opened.cleanup);
      return opened;
    }

    it.each([true, false])(
      'resubscribes after a drop from the last event, losing and repeating nothing (server sends caught up: %s)',
      async (sendsCaughtUp) => {
        const { fake, store } = open({ sendsCaughtUp });
        const streamId = newStream();
        const written = [event(), event(), event()];
        await store.appendToStream(streamId, written);
        const received: RecordedEvent[] = [];
        let caughtUpCalls = 0;
        let waiting: { count: number; resolve: () => void } | null = null;
        const untilCount = (count: number) =>
          new Promise<void>((resolve) => {
            waiting = { count, resolve };
            if (received.length >= count) resolve();
          });
        const subscription = store.subscribeToAll({
          filter: { streamNamePrefixes: [streamId] },
          onEvent: (e) => {
            received.push(e);
            if (waiting && received.length >= waiting.count) waiting.resolve();
          },
          onCaughtUp: () => void (caughtUpCalls += 1),
          onError: (error) => {
            throw error;
          },
        });
        await untilCount(3);

        fake.dropSubscriptions();
        const later = [event(), event()];
        await store.appendToStream(streamId, later);
        await untilCount(5);
        await subscription.unsubscribe();

        expect(received.map((e) => e.id)).toEqual([...written, ...later].map((e) => e.id));
        expect(caughtUpCalls).toBe(1);
      },
    );

    it('hides EventStoreDB system events from readAll and headPosition', async () => {
      const { store } = open({ systemEventEvery: 1 });
      const streamId = newStream();
      const appended = await store.appendToStream(streamId, [event()]);

      const all = await store.readAll();
      const head = await store.headPosition();

      expect(all.map((e) => e.streamId)).toEqual([streamId]);
      expect(head).toEqual(appended.position);
    });

    it('matches event types exactly, not as prefixes', async () => {
      const { store } = open();
      const streamId = newStream();
      await store.appendToStream(streamId, [
        { id: randomUUID(), type: 'ArticleEdited', data: {} },
        { id: randomUUID(), type: 'ArticleEditedTwice', data: {} },
      ]);
      const received: string[] = [];
      let caughtUp!: () => void;
      const live = new Promise<void>((resolve) => (caughtUp = resolve));

      const subscription = store.subscribeToAll({
        filter: { eventTypes: ['ArticleEdited'] },
        onEvent: (e) => void received.push(e.type),
        onCaughtUp: () => caughtUp(),
      });
      await live;
      await subscription.unsubscribe();
      const read = await store.readAll({ filter: { eventTypes: ['ArticleEdited'] } });

      expect(received).toEqual(['ArticleEdited']);
      expect(read.map((e) => e.type)).toEqual(['ArticleEdited']);
    });

    it('reports the position of the last event of a batch, read back when the server reports the transaction', async () => {
      const { store } = open();
      const streamId = newStream();

      const result = await store.appendToStream(streamId, [event(), event(), event()]);
      const [, , last] = await store.readStream(streamId);

      expect(result.position).toEqual(last.position);
    });
  });
});
