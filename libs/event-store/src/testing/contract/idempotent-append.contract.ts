import { ConcurrencyError } from '../../event-store.errors';
import { comparePositions, type EventData, type EventStore } from '../../event-store.port';
import { event, newStream, rejection, type ContractContext } from './contract-helpers';

export function idempotentAppendContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('idempotent append', () => {
    it('repeating the same ids at the same exact revision writes nothing', async () => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event()]);
      const batch = [event(), event()];
      const first = await store.appendToStream(streamId, batch, { expectedRevision: 0 });

      const repeat = await store.appendToStream(streamId, batch, { expectedRevision: 0 });

      expect(repeat.nextExpectedRevision).toBe(first.nextExpectedRevision);
      expect(comparePositions(repeat.position, first.position)).toBe(0);
      expect((await store.readStream(streamId)).map((e) => e.id)).toEqual([
        expect.any(String),
        batch[0].id,
        batch[1].id,
      ]);
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it("repeating with 'no_stream' writes nothing", async () => {
      const streamId = newStream();
      const batch = [event(), event()];
      const first = await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });

      const repeat = await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });

      expect(repeat).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it("repeating with 'any' writes nothing", async () => {
      const streamId = newStream();
      await store.appendToStream(streamId, [event()]);
      const batch = [event(), event()];
      const first = await store.appendToStream(streamId, batch);

      const repeat = await store.appendToStream(streamId, batch);

      expect(repeat).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it('a retry at its original revision succeeds after the stream moved on', async () => {
      const streamId = newStream();
      const batch = [event()];
      const first = await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
      await store.appendToStream(streamId, [event()], { expectedRevision: 0 });

      const repeat = await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });

      expect(repeat).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it.each([
      ['no_stream', 'a new id after a known one', (a: EventData, _b: EventData) => [a, event()]],
      ['any', 'a known id then a new one', (_a: EventData, b: EventData) => [b, event()]],
    ] as const)("a partial overlap with '%s' (%s) is a ConcurrencyError", async (expectedRevision, _label, build) => {
      const streamId = newStream();
      const a = event();
      const b = event();
      await store.appendToStream(streamId, [a, b], { expectedRevision: 'no_stream' });

      const error = await rejection(
        store.appendToStream(streamId, build(a, b), { expectedRevision }),
        ConcurrencyError,
      );

      expect(error.streamId).toBe(streamId);
      expect(error.expected).toBe(expectedRevision);
      expect(error.actual).toBe(1);
      expect((await store.readStream(streamId)).map((e) => e.id)).toEqual([a.id, b.id]);
    });

    it('known ids at a revision other than theirs are a ConcurrencyError', async () => {
      const streamId = newStream();
      const batch = [event(), event()];
      await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });

      const error = await rejection(store.appendToStream(streamId, batch, { expectedRevision: 0 }), ConcurrencyError);

      expect(error.expected).toBe(0);
      expect(error.actual).toBe(1);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('the same id in another stream is a new event', async () => {
      const first = newStream();
      const second = newStream();
      const shared = event();
      await store.appendToStream(first, [shared]);

      const result = await store.appendToStream(second, [shared], { expectedRevision: 'no_stream' });

      expect(result.nextExpectedRevision).toBe(0);
      const [copy] = await store.readStream(second);
      expect(copy.id).toBe(shared.id);
      expect(copy.streamId).toBe(second);
      expect(await store.readStream(first)).toHaveLength(1);
    });
  });
}
