import { randomUUID } from 'node:crypto';
import { ConcurrencyError, MaxAppendSizeExceededError, StreamNotFoundError } from '../event-store.errors';
import {
  comparePositions,
  type EventData,
  type EventMetadata,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from '../event-store.port';

export interface EventStoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

export interface EventStoreContractOptions {
  /** The store's configured limit, in bytes; the suite appends just over it. Defaults to 4 MiB. */
  maxAppendSize?: number;
}

/**
 * The behaviour every EventStore adapter must share (DESIGN §5). Tests never assume an empty store:
 * each uses fresh stream ids, and reads `$all` after the head it saw or through a prefix of its own.
 */
export function eventStoreContract(
  name: string,
  makeStore: () => Promise<EventStoreFixture>,
  options: EventStoreContractOptions = {},
): void {
  describe(`${name}: event store contract`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;

    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.cleanup();
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

    describe('data and metadata', () => {
      it('round-trips metadata as given', async () => {
        const streamId = newStream();
        const metadata: EventMetadata = {
          actor: { id: 'user-1', name: 'Ada' },
          commandId: randomUUID(),
          correlationId: randomUUID(),
          causationId: randomUUID(),
          schemaVersion: 2,
          timestamp: '2024-05-01T10:00:00.000Z',
          tenant: { region: 'eu', tags: ['a', 'b'] },
        };
        await store.appendToStream(streamId, [{ ...event(), metadata }, event()]);

        const [withMetadata, without] = await store.readStream(streamId);

        expect(withMetadata.metadata).toEqual(metadata);
        expect(without.metadata).toEqual({});
        expect(withMetadata.created).toBeInstanceOf(Date);
        expect(Number.isNaN(withMetadata.created.getTime())).toBe(false);
      });

      it("returns copies, never the caller's objects", async () => {
        const streamId = newStream();
        const data = { title: 'Draft', tags: ['x'] };
        const metadata: EventMetadata = { actor: { id: 'u', name: 'Ada' } };
        await store.appendToStream(streamId, [{ id: randomUUID(), type: 'ArticleDrafted', data, metadata }]);
        data.tags.push('mutated-after-append');
        metadata.commandId = 'mutated-after-append';

        const [first] = await store.readStream(streamId);
        (first.data as { tags: string[] }).tags.push('mutated-after-read');
        const [again] = await store.readStream(streamId);

        expect(first.data).not.toBe(data);
        expect(again.data).toEqual({ title: 'Draft', tags: ['x'] });
        expect(again.metadata).toEqual({ actor: { id: 'u', name: 'Ada' } });
      });
    });

    describe('maxAppendSize', () => {
      const limit = options.maxAppendSize ?? 4 * 1024 * 1024;

      it('rejects an append over the limit with MaxAppendSizeExceededError and writes nothing', async () => {
        const streamId = newStream();
        const big = { id: randomUUID(), type: 'ArticleEdited', data: { body: 'x'.repeat(limit + 1024) } };

        const error = await rejection(store.appendToStream(streamId, [big]), MaxAppendSizeExceededError);

        expect(error.maxAppendSize).toBe(limit);
        expect(error.size).toBeGreaterThan(limit);
        await rejection(store.readStream(streamId), StreamNotFoundError);
      });

      it('accepts an append under the limit', async () => {
        const streamId = newStream();
        const fits = { id: randomUUID(), type: 'ArticleEdited', data: { body: 'x'.repeat(Math.floor(limit / 2)) } };

        const result = await store.appendToStream(streamId, [fits]);

        expect(result.nextExpectedRevision).toBe(0);
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
  });
}

function newStream(category = 'article'): string {
  return `${category}-${randomUUID()}`;
}

/** A stream-name prefix no other test shares; streams are `${prefix}-${suffix}`. */
function newPrefix(category = 'article'): string {
  return `${category}-${uniqueSuffix()}`;
}

function uniqueSuffix(): string {
  return randomUUID().replace(/-/g, '');
}

function event(type = 'ArticleEdited', data: unknown = { at: randomUUID() }): EventData {
  return { id: randomUUID(), type, data };
}

async function rejection<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`Expected a ${type.name}, but it resolved with ${JSON.stringify(outcome, bigintSafe)}`);
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function expectIncreasing(positions: readonly Position[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    expect(comparePositions(positions[i - 1], positions[i])).toBeLessThan(0);
  }
}

interface Sink {
  readonly subscription: Subscription;
  readonly received: RecordedEvent[];
  /** onEvent calls begun, finished or not. */
  readonly started: number;
  readonly caughtUp: Promise<void>;
  untilCount(count: number): Promise<void>;
  untilStarted(count: number): Promise<void>;
}

/** Subscribes and records; its promises reject if the subscription reports an error, so a test fails fast. */
function collect(
  store: EventStore,
  options: Pick<SubscribeToAllOptions, 'fromPosition' | 'filter'>,
  hooks: Partial<Pick<SubscribeToAllOptions, 'onEvent' | 'onCaughtUp'>> = {},
): Sink {
  const received: RecordedEvent[] = [];
  let started = 0;
  const waiters: { done: () => boolean; resolve(): void; reject(error: Error): void }[] = [];
  let failure: Error | null = null;
  const settle = (): void => {
    for (const waiter of [...waiters]) {
      if (failure) waiter.reject(failure);
      else if (waiter.done()) waiter.resolve();
      else continue;
      waiters.splice(waiters.indexOf(waiter), 1);
    }
  };
  const until = (done: () => boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ done, resolve, reject });
      settle();
    });
  let caughtUpFlag = false;

  const subscription = store.subscribeToAll({
    ...options,
    onEvent: async (recorded) => {
      started += 1;
      settle();
      await hooks.onEvent?.(recorded);
      received.push(recorded);
      settle();
    },
    onCaughtUp: () => {
      hooks.onCaughtUp?.();
      caughtUpFlag = true;
      settle();
    },
    onError: (error) => {
      failure = error;
      settle();
    },
  });

  const caughtUp = until(() => caughtUpFlag);
  // Tests that never await caughtUp must not see it as an unhandled rejection.
  caughtUp.catch(() => undefined);

  return {
    subscription,
    received,
    get started() {
      return started;
    },
    caughtUp,
    untilCount: (count) => until(() => received.length >= count),
    untilStarted: (count) => until(() => started >= count),
  };
}
