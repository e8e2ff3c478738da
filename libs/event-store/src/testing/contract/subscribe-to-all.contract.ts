import type { EventStore } from '../../event-store.port';
import { collect, event, expectIncreasing, newPrefix, newStream, uniqueSuffix, type ContractContext } from './contract-helpers';

export function subscribeToAllContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('subscribeToAll', () => {
    it('delivers history, then reports caught up, then delivers live events, in order', async () => {
      const prefix = newPrefix();
      const history = [event(), event(), event()];
      await store.appendToStream(`${prefix}-a`, history);
      const log: string[] = [];
      const sink = collect(store, { fromPosition: 'start', filter: { streamNamePrefixes: [prefix] } }, {
        onEvent: (e) => void log.push(e.id),
        onCaughtUp: () => void log.push('caught-up'),
      });

      await sink.caughtUp;
      const live = [event(), event()];
      await store.appendToStream(`${prefix}-b`, [live[0]]);
      await store.appendToStream(`${prefix}-a`, [live[1]]);
      await sink.untilCount(5);
      await sink.subscription.unsubscribe();

      expect(log).toEqual([...history.map((e) => e.id), 'caught-up', ...live.map((e) => e.id)]);
      expectIncreasing(sink.received.map((e) => e.position));
    });

    it('starts after fromPosition, exclusive', async () => {
      const prefix = newPrefix();
      const written = [event(), event(), event()];
      await store.appendToStream(`${prefix}-a`, written);
      const [first] = await store.readStream(`${prefix}-a`);
      const sink = collect(store, { fromPosition: first.position, filter: { streamNamePrefixes: [prefix] } });

      await sink.untilCount(2);
      await sink.caughtUp;
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => e.id)).toEqual([written[1].id, written[2].id]);
    });

    it("from 'end' delivers only events committed after it subscribed", async () => {
      const prefix = newPrefix();
      await store.appendToStream(`${prefix}-a`, [event(), event()]);
      const sink = collect(store, { fromPosition: 'end', filter: { streamNamePrefixes: [prefix] } });
      await sink.caughtUp;

      const live = event();
      await store.appendToStream(`${prefix}-a`, [live]);
      await sink.untilCount(1);
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => e.id)).toEqual([live.id]);
    });

    it('applies stream prefix and event type filters', async () => {
      const prefix = newPrefix();
      const wanted = `Wanted${uniqueSuffix()}`;
      const sink = collect(store, { fromPosition: 'end', filter: { streamNamePrefixes: [prefix], eventTypes: [wanted] } });
      await sink.caughtUp;

      const first = event(wanted);
      const last = event(wanted);
      await store.appendToStream(`${prefix}-a`, [event('Unwanted'), first]);
      await store.appendToStream(newStream(), [event(wanted)]);
      await store.appendToStream(`${prefix}-b`, [event('Unwanted'), last]);
      await sink.untilCount(2);
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => e.id)).toEqual([first.id, last.id]);
    });

    it('gives a slow consumer every event, in order, and is caught up only after all history', async () => {
      const prefix = newPrefix();
      const streams = [0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`);
      const written: string[] = [];
      const appendRound = async (): Promise<void> => {
        for (const streamId of streams) {
          const batch = Array.from({ length: 10 }, () => event());
          await store.appendToStream(streamId, batch);
          written.push(...batch.map((e) => e.id));
        }
      };
      // More history than any sensible page, so paging and the catch-up boundary are exercised.
      for (let round = 0; round < 12; round += 1) await appendRound();
      let receivedWhenCaughtUp = -1;
      // Yields to the event loop on every event, so live appends overtake the consumer.
      const sink = collect(store, { fromPosition: 'start', filter: { streamNamePrefixes: [prefix] } }, {
        onEvent: () => new Promise<void>((resolve) => setImmediate(resolve)),
        onCaughtUp: () => void (receivedWhenCaughtUp = sink.received.length),
      });
      for (let round = 0; round < 8; round += 1) await appendRound();

      await sink.untilCount(1000);
      await sink.caughtUp;
      await sink.subscription.unsubscribe();

      expect(sink.received.map((e) => e.id)).toEqual(written);
      expectIncreasing(sink.received.map((e) => e.position));
      expect(receivedWhenCaughtUp).toBeGreaterThanOrEqual(600);
    });

    it('unsubscribe waits for the running onEvent, and nothing is delivered afterwards', async () => {
      const prefix = newPrefix();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let handlerFinished = false;
      const sink = collect(store, { fromPosition: 'end', filter: { streamNamePrefixes: [prefix] } }, {
        onEvent: async () => {
          await gate;
          handlerFinished = true;
        },
      });
      await sink.caughtUp;
      await store.appendToStream(`${prefix}-a`, [event()]);
      await sink.untilStarted(1);

      const stopped = sink.subscription.unsubscribe().then(() => handlerFinished);
      release();

      expect(await stopped).toBe(true);
      await store.appendToStream(`${prefix}-a`, [event(), event()]);
      // A second subscriber seeing the later events shows they were published while the first was stopped.
      const witness = collect(store, { fromPosition: 'start', filter: { streamNamePrefixes: [prefix] } });
      await witness.untilCount(3);
      await witness.subscription.unsubscribe();
      expect(sink.started).toBe(1);
    });

    it('unsubscribe called from inside onEvent, after an await, resolves, also while another subscription\'s onEvent is running', async () => {
      const prefix = newPrefix();
      let releaseOther!: () => void;
      const otherGate = new Promise<void>((resolve) => (releaseOther = resolve));
      const other = collect(store, { fromPosition: 'end', filter: { streamNamePrefixes: [`${prefix}-other`] } }, {
        onEvent: async () => {
          await otherGate;
        },
      });
      let stoppedFromInside!: (subscription: Promise<void>) => void;
      const insideStop = new Promise<Promise<void>>((resolve) => (stoppedFromInside = resolve));
      let self: { unsubscribe(): Promise<void> } | null = null;
      let calls = 0;
      const sink = collect(store, { fromPosition: 'end', filter: { streamNamePrefixes: [`${prefix}-self`] } }, {
        onEvent: async () => {
          calls += 1;
          await new Promise((resolve) => setTimeout(resolve, 1));
          // The other subscription's onEvent ends while this one is still running.
          releaseOther();
          await other.subscription.unsubscribe();
          const stopping = self!.unsubscribe();
          stoppedFromInside(stopping);
          await stopping;
        },
      });
      self = sink.subscription;
      await Promise.all([sink.caughtUp, other.caughtUp]);
      await store.appendToStream(`${prefix}-other-a`, [event()]);
      await other.untilStarted(1);
      await store.appendToStream(`${prefix}-self-a`, [event(), event()]);

      await (await insideStop);
      await store.appendToStream(`${prefix}-self-a`, [event()]);
      const witness = collect(store, { fromPosition: 'start', filter: { streamNamePrefixes: [`${prefix}-self`] } });
      await witness.untilCount(3);
      await witness.subscription.unsubscribe();
      expect(calls).toBe(1);
    });

    it('stops and reports through onError when onEvent throws', async () => {
      const prefix = newPrefix();
      const failure = new Error('projection failed');
      await store.appendToStream(`${prefix}-a`, [event(), event(), event()]);
      let calls = 0;
      const errors: Error[] = [];
      let reported!: () => void;
      const errorReported = new Promise<void>((resolve) => (reported = resolve));
      const subscription = store.subscribeToAll({
        fromPosition: 'start',
        filter: { streamNamePrefixes: [prefix] },
        onEvent: () => {
          calls += 1;
          if (calls === 2) throw failure;
        },
        onError: (error) => {
          errors.push(error);
          reported();
        },
      });

      await errorReported;
      await subscription.unsubscribe();

      expect(errors).toEqual([failure]);
      expect(calls).toBe(2);
    });
  });
}
