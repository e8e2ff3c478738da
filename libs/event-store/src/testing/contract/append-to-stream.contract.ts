import { ConcurrencyError, StreamNotFoundError } from '../../event-store.errors';
import { comparePositions, type EventStore, type Position } from '../../event-store.port';
import { event, expectIncreasing, newPrefix, newStream, rejection, type ContractContext } from './contract-helpers';

export function appendToStreamContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('appendToStream with an expected revision', () => {
    it("'no_stream' creates the stream at revision 0", async () => {
      const streamId = newStream();
      const result = await store.appendToStream(streamId, [event(), event()], { expectedRevision: 'no_stream' });

      expect(result.nextExpectedRevision).toBe(1);
      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1]);
    });

    it("'no_stream' fails on an existing stream", async () => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event(), event()]);

      const error = await rejection(
        store.appendToStream(streamId, [event()], { expectedRevision: 'no_stream' }),
        ConcurrencyError,
      );

      expect(error.streamId).toBe(streamId);
      expect(error.expected).toBe('no_stream');
      expect(error.actual).toBe(1);
    });

    it("'stream_exists' fails on a missing stream and creates nothing", async () => {
      const streamId = newStream();

      const error = await rejection(
        store.appendToStream(streamId, [event()], { expectedRevision: 'stream_exists' }),
        ConcurrencyError,
      );

      expect(error.streamId).toBe(streamId);
      expect(error.expected).toBe('stream_exists');
      expect(error.actual).toBe('no_stream');
      await rejection(store.readStream(streamId), StreamNotFoundError);
    });

    it("'stream_exists' appends to an existing stream", async () => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event()]);

      const result = await store.appendToStream(streamId, [event()], { expectedRevision: 'stream_exists' });

      expect(result.nextExpectedRevision).toBe(1);
    });

    it("'any' (the default) appends whether or not the stream exists", async () => {
      const streamId = newStream();

      const first = await store.appendToStream(streamId, [event()], { expectedRevision: 'any' });
      const second = await store.appendToStream(streamId, [event(), event()]);

      expect(first.nextExpectedRevision).toBe(0);
      expect(second.nextExpectedRevision).toBe(2);
    });

    it('an exact revision appends when it is the last revision', async () => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event(), event(), event()]);

      const result = await store.appendToStream(streamId, [event()], { expectedRevision: 2 });

      expect(result.nextExpectedRevision).toBe(3);
      expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    });

    it.each([1, 3, 0])('an exact revision %i fails on a stream at revision 2', async (expectedRevision) => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event(), event(), event()]);

      const error = await rejection(store.appendToStream(streamId, [event()], { expectedRevision }), ConcurrencyError);

      expect(error.streamId).toBe(streamId);
      expect(error.expected).toBe(expectedRevision);
      expect(error.actual).toBe(2);
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it('an exact revision fails on a missing stream', async () => {
      const streamId = newStream();

      const error = await rejection(store.appendToStream(streamId, [event()], { expectedRevision: 0 }), ConcurrencyError);

      expect(error.streamId).toBe(streamId);
      expect(error.expected).toBe(0);
      expect(error.actual).toBe('no_stream');
    });

    it("returns the last event's position, and positions grow with each append", async () => {
      const streamId = newStream();

      const first = await store.appendToStream(streamId, [event(), event()]);
      const second = await store.appendToStream(newStream(), [event()]);

      const written = await store.readStream(streamId);
      expect(comparePositions(first.position, written[1].position)).toBe(0);
      expect(comparePositions(written[0].position, written[1].position)).toBeLessThan(0);
      expect(comparePositions(first.position, second.position)).toBeLessThan(0);
      const head = await store.headPosition();
      expect(head).not.toBeNull();
      expect(comparePositions(head as Position, second.position)).toBeGreaterThanOrEqual(0);
    });
  });

  describe('concurrent appends', () => {
    it('to many streams all land, with contiguous revisions', async () => {
      const prefix = newPrefix();
      const streams = Array.from({ length: 40 }, (_, i) => `${prefix}-${i}`);
      const appends = streams.flatMap((streamId) =>
        Array.from({ length: 5 }, () => ({ streamId, events: [event(), event()] })),
      );

      await Promise.all(appends.map(({ streamId, events }) => store.appendToStream(streamId, events)));

      for (const streamId of streams) {
        const read = await store.readStream(streamId);
        expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => i));
        const expectedIds = appends.filter((a) => a.streamId === streamId).flatMap((a) => a.events.map((e) => e.id));
        expect(read.map((e) => e.id).sort()).toEqual(expectedIds.sort());
      }
      const all = await store.readAll({ filter: { streamNamePrefixes: [prefix] } });
      expect(all).toHaveLength(400);
      expectIncreasing(all.map((e) => e.position));
    });

    it('at the same expected revision: exactly one wins', async () => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event()]);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.appendToStream(streamId, [event()], { expectedRevision: 0 })),
      );

      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const error of lost) {
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).actual).toBe(1);
      }
      expect(await store.readStream(streamId)).toHaveLength(2);
    });
  });
}
