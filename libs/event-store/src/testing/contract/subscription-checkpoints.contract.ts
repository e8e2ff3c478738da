import { comparePositions, type EventStore, type Position } from '../../event-store.port';
import { collect, event, expectIncreasing, newPrefix, uniqueSuffix, type ContractContext } from './contract-helpers';

export function subscriptionCheckpointsContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('subscribeToAll checkpoints', () => {
    it('at catch-up, covers the history a filter left out', async () => {
      const prefix = newPrefix();
      const before = (await store.headPosition()) ?? 'start';
      const written = await store.appendToStream(`${prefix}-a`, Array.from({ length: 50 }, () => event('Unwanted')));
      const checkpoints: Position[] = [];

      const sink = collect(store, {
        fromPosition: before,
        filter: { eventTypes: [`Never${uniqueSuffix()}`] },
        onCheckpoint: (position) => void checkpoints.push(position),
      });
      await sink.caughtUp;
      await sink.subscription.unsubscribe();

      expect(sink.received).toEqual([]);
      expect(checkpoints.length).toBeGreaterThan(0);
      expect(comparePositions(checkpoints[checkpoints.length - 1], written.position)).toBeGreaterThanOrEqual(0);
    });

    it('while catching up, about every checkpointInterval events examined, in increasing order', async () => {
      const prefix = newPrefix();
      const before = (await store.headPosition()) ?? 'start';
      for (let i = 0; i < 4; i += 1) {
        await store.appendToStream(`${prefix}-${i}`, Array.from({ length: 50 }, () => event('Unwanted')));
      }
      const checkpoints: Position[] = [];
      let atCatchUp = -1;

      const sink = collect(
        store,
        {
          fromPosition: before,
          filter: { streamNamePrefixes: [prefix], eventTypes: [`Never${uniqueSuffix()}`] },
          checkpointInterval: 10,
          onCheckpoint: (position) => void checkpoints.push(position),
        },
        { onCaughtUp: () => void (atCatchUp = checkpoints.length) },
      );
      await sink.caughtUp;
      await sink.subscription.unsubscribe();

      expect(atCatchUp).toBeGreaterThanOrEqual(3);
      expectIncreasing(checkpoints);
    });

    it('resubscribing from the last checkpoint delivers exactly the events not yet delivered', async () => {
      const prefix = newPrefix();
      const wanted = `Wanted${uniqueSuffix()}`;
      const before = (await store.headPosition()) ?? 'start';
      const firstWanted: string[] = [];
      const appendMix = async (into: string[]): Promise<void> => {
        for (let i = 0; i < 6; i += 1) {
          const keep = event(wanted);
          into.push(keep.id);
          await store.appendToStream(`${prefix}-${i % 2}`, [event('Unwanted'), keep, event('Unwanted'), event('Unwanted')]);
        }
      };
      await appendMix(firstWanted);
      const filter = { streamNamePrefixes: [prefix], eventTypes: [wanted] };
      let stored: Position | 'start' = before;
      const store_ = (position: Position): void => {
        if (stored === 'start' || comparePositions(position, stored) > 0) stored = position;
      };

      const first = collect(store, { fromPosition: before, filter, checkpointInterval: 5, onCheckpoint: store_ }, {
        onEvent: (e) => store_(e.position),
      });
      await first.caughtUp;
      await first.subscription.unsubscribe();
      const laterWanted: string[] = [];
      await appendMix(laterWanted);
      const second = collect(store, { fromPosition: stored, filter });
      await second.untilCount(laterWanted.length);
      await second.caughtUp;
      await second.subscription.unsubscribe();

      expect(first.received.map((e) => e.id)).toEqual(firstWanted);
      expect(second.received.map((e) => e.id)).toEqual(laterWanted);
    });
  });
}
