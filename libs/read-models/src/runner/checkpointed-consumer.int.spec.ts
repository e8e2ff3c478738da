import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type AllFilter, type Position, type RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { CheckpointedConsumer, PROGRESS_CHECKPOINT_INTERVAL, type CheckpointedConsumerOptions } from './checkpointed-consumer';
import { CheckpointStore } from './checkpoint-store';
import { openReadModelDatabase } from './read-model.database';

const NAME = 'summary-process';
const FILTER: AllFilter = { streamNamePrefixes: ['article-'], eventTypes: ['SummaryRequested'] };
const WAIT_MS = 5_000;

describe('CheckpointedConsumer (on a real SqliteEventStore)', () => {
  let folder: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  let checkpoints: CheckpointStore;
  const consumers: CheckpointedConsumer[] = [];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'galley-rm-'));
    store = new SqliteEventStore({ file: join(folder, 'events.sqlite'), synchronous: 'NORMAL' });
    db = openReadModelDatabase(join(folder, 'read-models.sqlite'));
    checkpoints = new CheckpointStore(db);
  });

  afterEach(async () => {
    for (const consumer of consumers.splice(0)) await consumer.stop();
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** What a handler saw: each call, with the checkpoint as it stood when the call began. */
  interface Call {
    readonly id: string;
    readonly checkpointAtEntry: Position | null;
  }

  /** A consumer whose handler records its calls and lets a spec await a given event. */
  function consumer(options: Partial<CheckpointedConsumerOptions> & { fail?: (event: RecordedEvent, attempt: number) => boolean } = {}) {
    const calls: Call[] = [];
    const waiting = new Map<string, () => void>();
    const attempts = new Map<string, number>();
    const created = new CheckpointedConsumer({
      name: NAME,
      store,
      checkpoints,
      filter: FILTER,
      retryDelayMs: 10,
      handle: async (event) => {
        const attempt = (attempts.get(event.id) ?? 0) + 1;
        attempts.set(event.id, attempt);
        calls.push({ id: event.id, checkpointAtEntry: checkpoints.read(NAME) });
        // Real handlers await I/O: the checkpoint must not move meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        expect(checkpoints.read(NAME)).toEqual(calls[calls.length - 1].checkpointAtEntry);
        if (options.fail?.(event, attempt)) throw new Error(`handler failed on ${event.id}`);
        waiting.get(event.id)?.();
      },
      ...options,
    });
    consumers.push(created);
    /** Resolves once the handler has succeeded on `id`; fails the spec after a bounded wait. */
    const handled = (id: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${id} was not handled within ${WAIT_MS} ms`)), WAIT_MS);
        waiting.set(id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    return { consumer: created, calls, handled };
  }

  async function append(streamId: string, type: string): Promise<{ id: string; position: Position }> {
    const id = randomUUID();
    const { position } = await store.appendToStream(streamId, [{ id, type, data: { requestId: id } }]);
    return { id, position };
  }

  /** Five requests on two articles, among events the filter leaves out; returns the requests. */
  async function seed(articleA = `article-${randomUUID()}`, articleB = `article-${randomUUID()}`) {
    const requests: { id: string; position: Position }[] = [];
    for (let i = 0; i < 5; i++) {
      await append(articleA, 'ArticleRevised');
      requests.push(await append(i % 2 === 0 ? articleA : articleB, 'SummaryRequested'));
      await append(`slug-${randomUUID()}`, 'SummaryRequested');
      await append(articleB, 'SummaryGenerated');
    }
    return requests;
  }

  it('hands the handler every matching event once, in order, history then live, checkpointing each', async () => {
    const history = await seed();
    const { consumer: c, calls, handled } = consumer();
    const lastOfHistory = handled(history[4].id);
    c.start();
    await lastOfHistory;

    const live = await append(`article-${randomUUID()}`, 'SummaryRequested');
    await append('edition-2025', 'EditionReserved');
    const sentinel = await append(`article-${randomUUID()}`, 'SummaryRequested');
    await handled(sentinel.id);
    // stop() waits for the event in hand, its checkpoint included.
    await c.stop();

    const expected = [...history, live, sentinel];
    expect(calls.map((call) => call.id)).toEqual(expected.map((e) => e.id));
    expect(calls.map((call) => call.checkpointAtEntry)).toEqual([null, ...expected.slice(0, -1).map((e) => e.position)]);
    expect(checkpoints.read(NAME)).toEqual(sentinel.position);
  });

  it('retries a failed event from the checkpoint (at-least-once); the checkpoint moves only after success', async () => {
    const requests = await seed();
    const errors: { message: string; checkpoint: Position | null }[] = [];
    const { consumer: c, calls, handled } = consumer({
      fail: (event, attempt) => event.id === requests[2].id && attempt === 1,
      onError: (error) => errors.push({ message: error.message, checkpoint: checkpoints.read(NAME) }),
    });
    const last = handled(requests[4].id);
    c.start();
    await last;
    await c.stop();

    const [r0, r1, r2, r3, r4] = requests;
    expect(calls).toEqual([
      { id: r0.id, checkpointAtEntry: null },
      { id: r1.id, checkpointAtEntry: r0.position },
      { id: r2.id, checkpointAtEntry: r1.position },
      { id: r2.id, checkpointAtEntry: r1.position },
      { id: r3.id, checkpointAtEntry: r2.position },
      { id: r4.id, checkpointAtEntry: r3.position },
    ]);
    expect(errors).toEqual([{ message: `handler failed on ${r2.id}`, checkpoint: r1.position }]);
    expect(checkpoints.read(NAME)).toEqual(r4.position);
  });

  it('keeps retrying a failing event without moving past it, and stops retrying once stopped', async () => {
    const requests = await seed();
    let errors = 0;
    let stoppedAfterThird: Promise<void> | null = null;
    const { consumer: c, calls } = consumer({
      fail: (event) => event.id === requests[1].id,
      onError: () => {
        errors += 1;
        if (errors === 3) stoppedAfterThird = c.stop();
      },
    });
    c.start();
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error('no third failure')), WAIT_MS);
      const poll = setInterval(() => {
        if (stoppedAfterThird === null) return;
        clearInterval(poll);
        clearTimeout(deadline);
        resolve();
      }, 5);
    });
    await stoppedAfterThird;
    // Several retry delays: a consumer that kept going would have called the handler again.
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(calls.map((call) => call.id)).toEqual([requests[0].id, requests[1].id, requests[1].id, requests[1].id]);
    expect(errors).toBe(3);
    expect(checkpoints.read(NAME)).toEqual(requests[0].position);
  });

  it('resumes after its checkpoint when started again, by a new consumer or the same one', async () => {
    const articleA = `article-${randomUUID()}`;
    const articleB = `article-${randomUUID()}`;
    const first = await seed(articleA, articleB);
    const one = consumer();
    const done = one.handled(first[4].id);
    one.consumer.start();
    await done;
    await one.consumer.stop();

    const second = await seed(articleA, articleB);
    // A new process: a new connection to the same checkpoint file.
    db.close();
    db = openReadModelDatabase(join(folder, 'read-models.sqlite'));
    checkpoints = new CheckpointStore(db);
    const two = consumer();
    const secondDone = two.handled(second[4].id);
    two.consumer.start();
    await secondDone;
    await two.consumer.stop();

    const third = await append(articleB, 'SummaryRequested');
    const thirdDone = two.handled(third.id);
    two.consumer.start();
    await thirdDone;
    await two.consumer.stop();

    expect(one.calls.map((call) => call.id)).toEqual(first.map((e) => e.id));
    expect(two.calls.map((call) => call.id)).toEqual([...second, third].map((e) => e.id));
    expect(two.calls[0].checkpointAtEntry).toEqual(first[4].position);
    expect(checkpoints.read(NAME)).toEqual(third.position);
  });
  it('moves its checkpoint past a long stretch its filter leaves out, so the next start does not read it again', async () => {
    const request = await append(`article-${randomUUID()}`, 'SummaryRequested');
    const other = `article-${randomUUID()}`;
    for (let written = 0; written < PROGRESS_CHECKPOINT_INTERVAL + 500; written += 1000) {
      await store.appendToStream(other, Array.from({ length: 1000 }, () => ({ id: randomUUID(), type: 'ArticleRevised', data: {} })));
    }
    const head = (await store.headPosition())!;
    const one = consumer();
    const done = one.handled(request.id);
    one.consumer.start();
    await done;
    await waitUntil(() => checkpoints.read(NAME)?.commit === head.commit);
    await one.consumer.stop();

    const later = await append(`article-${randomUUID()}`, 'SummaryRequested');
    const two = consumer();
    const laterDone = two.handled(later.id);
    two.consumer.start();
    await laterDone;
    await two.consumer.stop();

    expect(one.calls.map((call) => call.id)).toEqual([request.id]);
    expect(two.calls).toEqual([{ id: later.id, checkpointAtEntry: head }]);
    expect(checkpoints.read(NAME)).toEqual(later.position);
  });

  it('leaves its checkpoint at the last event handled when only a short stretch follows it', async () => {
    const requests = await seed();
    const { consumer: c, handled } = consumer();
    const last = handled(requests[4].id);
    c.start();
    await last;
    // A few polls of the idle subscription: none of them moves the checkpoint for progress alone.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await c.stop();

    expect((await store.headPosition())!.commit).toBeGreaterThan(requests[4].position.commit);
    expect(checkpoints.read(NAME)).toEqual(requests[4].position);
  });

  async function waitUntil(condition: () => boolean): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('the condition did not hold in time');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
});
