import { StreamNotFoundError } from '../../event-store.errors';
import type { EventStore } from '../../event-store.port';
import { event, newStream, rejection, type ContractContext } from './contract-helpers';

export function readStreamContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('readStream', () => {
    it('throws StreamNotFoundError for a stream without events', async () => {
      const streamId = newStream();

      const error = await rejection(store.readStream(streamId), StreamNotFoundError);

      expect(error.streamId).toBe(streamId);
    });

    it('reads forwards by default, with type, data and stream', async () => {
      const streamId = newStream();
      const written = [event('ArticleDrafted', { n: 0 }), event('ArticleEdited', { n: 1 }), event('ArticleEdited', { n: 2 })];
      await store.appendToStream(streamId, written);

      const read = await store.readStream(streamId);

      expect(read.map((e) => [e.id, e.streamId, e.revision, e.type, e.data])).toEqual(
        written.map((e, i) => [e.id, streamId, i, e.type, e.data]),
      );
    });

    it('reads backwards', async () => {
      const streamId = await streamWith(5);

      const read = await store.readStream(streamId, { direction: 'backwards' });

      expect(read.map((e) => e.revision)).toEqual([4, 3, 2, 1, 0]);
    });

    it('starts at fromRevision, inclusive, in either direction', async () => {
      const streamId = await streamWith(5);

      const forwards = await store.readStream(streamId, { fromRevision: 2 });
      const backwards = await store.readStream(streamId, { fromRevision: 2, direction: 'backwards' });

      expect(forwards.map((e) => e.revision)).toEqual([2, 3, 4]);
      expect(backwards.map((e) => e.revision)).toEqual([2, 1, 0]);
    });

    it("understands 'start' and 'end'", async () => {
      const streamId = await streamWith(3);

      const lastOnly = await store.readStream(streamId, { fromRevision: 'end', direction: 'backwards', maxCount: 1 });
      const fromStart = await store.readStream(streamId, { fromRevision: 'start' });

      expect(lastOnly.map((e) => e.revision)).toEqual([2]);
      expect(fromStart.map((e) => e.revision)).toEqual([0, 1, 2]);
    });

    it('stops at maxCount in either direction', async () => {
      const streamId = await streamWith(5);

      const forwards = await store.readStream(streamId, { fromRevision: 1, maxCount: 2 });
      const backwards = await store.readStream(streamId, { direction: 'backwards', maxCount: 2 });

      expect(forwards.map((e) => e.revision)).toEqual([1, 2]);
      expect(backwards.map((e) => e.revision)).toEqual([4, 3]);
    });
  });

  describe('readStream backwards with maxCount', () => {
    it("from the end: the newest maxCount events, newest first", async () => {
      const streamId = await streamWith(5);

      const fromEnd = await store.readStream(streamId, { direction: 'backwards', fromRevision: 'end', maxCount: 3 });

      expect(fromEnd.map((e) => e.revision)).toEqual([4, 3, 2]);
      expect(fromEnd.map((e) => e.data)).toEqual([{ n: 4 }, { n: 3 }, { n: 2 }]);
    });

    it('from a revision, inclusive: maxCount events at and before it', async () => {
      const streamId = await streamWith(5);

      const page = await store.readStream(streamId, { direction: 'backwards', fromRevision: 3, maxCount: 2 });
      const nextPage = await store.readStream(streamId, { direction: 'backwards', fromRevision: 1, maxCount: 2 });

      expect(page.map((e) => e.revision)).toEqual([3, 2]);
      expect(nextPage.map((e) => e.revision)).toEqual([1, 0]);
    });

    it('stops at the start when maxCount asks for more than there is', async () => {
      const streamId = await streamWith(3);

      const read = await store.readStream(streamId, { direction: 'backwards', fromRevision: 1, maxCount: 10 });

      expect(read.map((e) => e.revision)).toEqual([1, 0]);
    });

    it('throws StreamNotFoundError for a missing stream, in either direction', async () => {
      const streamId = newStream();

      const error = await rejection(store.readStream(streamId, { direction: 'backwards', maxCount: 1 }), StreamNotFoundError);

      expect(error.streamId).toBe(streamId);
      expect(error.code).toBe('STREAM_NOT_FOUND');
    });
  });

  async function streamWith(count: number): Promise<string> {
    const streamId = newStream();
    await store.appendToStream(
      streamId,
      Array.from({ length: count }, (_, n) => event('ArticleEdited', { n })),
    );
    return streamId;
  }
}
