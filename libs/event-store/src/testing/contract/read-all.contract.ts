import { comparePositions, type EventStore } from '../../event-store.port';
import { event, expectIncreasing, newPrefix, newStream, uniqueSuffix, type ContractContext } from './contract-helpers';

export function readAllContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('readAll', () => {
    it('returns events in commit order across streams, with growing positions', async () => {
      const prefix = newPrefix();
      const a = `${prefix}-a`;
      const b = `${prefix}-b`;
      const before = (await store.headPosition()) ?? 'start';
      const a1 = event();
      const b1 = event();
      const a2 = event();
      await store.appendToStream(a, [a1]);
      await store.appendToStream(b, [b1]);
      const last = await store.appendToStream(a, [a2]);

      const read = await store.readAll({ fromPosition: before, filter: { streamNamePrefixes: [prefix] } });

      expect(read.map((e) => [e.streamId, e.id])).toEqual([
        [a, a1.id],
        [b, b1.id],
        [a, a2.id],
      ]);
      expectIncreasing(read.map((e) => e.position));
      expect(comparePositions(read[2].position, last.position)).toBe(0);
    });

    it('starts after fromPosition, exclusive, and stops at maxCount', async () => {
      const prefix = newPrefix();
      await store.appendToStream(`${prefix}-a`, [event(), event(), event(), event()]);
      const all = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });

      const after = await store.readAll({ fromPosition: all[0].position, filter: { streamNamePrefixes: [prefix] } });
      const page = await store.readAll({
        fromPosition: all[0].position,
        maxCount: 2,
        filter: { streamNamePrefixes: [prefix] },
      });

      expect(all.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      expect(after.map((e) => e.revision)).toEqual([1, 2, 3]);
      expect(page.map((e) => e.revision)).toEqual([1, 2]);
    });

    it('reads from the head it saw, without events committed before', async () => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event()]);
      const head = await store.headPosition();
      const later = event();
      await store.appendToStream(streamId, [later]);

      const read = await store.readAll({ fromPosition: head ?? 'start' });

      expect(read.map((e) => e.id)).toContain(later.id);
      expect(read.filter((e) => e.streamId === streamId).map((e) => e.id)).toEqual([later.id]);
    });

    it('filters by stream name prefixes', async () => {
      const articles = newPrefix('article');
      const editions = newPrefix('edition');
      const others = newPrefix('slug');
      const before = (await store.headPosition()) ?? 'start';
      await store.appendToStream(`${articles}-1`, [event()]);
      await store.appendToStream(`${others}-1`, [event()]);
      await store.appendToStream(`${editions}-1`, [event()]);
      await store.appendToStream(`${articles}-2`, [event()]);

      const read = await store.readAll({ fromPosition: before, filter: { streamNamePrefixes: [articles, editions] } });

      expect(read.map((e) => e.streamId)).toEqual([`${articles}-1`, `${editions}-1`, `${articles}-2`]);
    });

    it('filters by event types, and by both', async () => {
      const prefix = newPrefix();
      const kept = `Kept${uniqueSuffix()}`;
      const alsoKept = `AlsoKept${uniqueSuffix()}`;
      const dropped = `Dropped${uniqueSuffix()}`;
      const before = (await store.headPosition()) ?? 'start';
      await store.appendToStream(`${prefix}-1`, [event(kept), event(dropped), event(alsoKept)]);
      await store.appendToStream(newStream(), [event(kept)]);

      const byType = await store.readAll({ fromPosition: before, filter: { eventTypes: [kept, alsoKept] } });
      const byBoth = await store.readAll({
        fromPosition: before,
        filter: { eventTypes: [kept], streamNamePrefixes: [prefix] },
      });

      expect(byType.map((e) => e.type)).toEqual([kept, alsoKept, kept]);
      expect(byBoth.map((e) => [e.streamId, e.type])).toEqual([[`${prefix}-1`, kept]]);
    });
  });
}
