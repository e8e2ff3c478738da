import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnreadableEventError } from '../event-store.errors';
import type { EventData, EventStore } from '../event-store.port';
import { parseRecordedEvent, readsSerialized } from '../serialized-events';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore.readAllSerialized (the rebuild\'s catch-up read, parsed elsewhere)', () => {
  let folder: string;
  let file: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'galley-serialized-'));
    file = join(folder, 'events.sqlite');
    store = new SqliteEventStore({ file, synchronous: 'NORMAL' });
  });

  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const event = (data: unknown): EventData => ({
    id: randomUUID(),
    type: 'ArticleEdited',
    data,
    metadata: { actor: { id: 'user-wanda', name: 'Wanda' }, schemaVersion: 2, note: 'l’été à 40 €' },
  });

  async function fill(): Promise<string[]> {
    const streams = [`article-${randomUUID()}`, `article-${randomUUID()}`, `article-${randomUUID()}`];
    for (const [n, stream] of streams.entries()) {
      await store.appendToStream(stream, [event({ n, body: 'Capex of €40 billion — “a lot”', nested: [1, { deep: null }] }), event({ n, second: true })]);
    }
    return streams;
  }

  it('gives, once parsed, exactly what readAll gives, between two positions', async () => {
    await fill();
    const all = await store.readAll();
    expect(all).toHaveLength(6);

    const serialized = await store.readAllSerialized({ after: all[0].position, upTo: all[4].position, maxCount: 100 });

    expect(serialized.map(parseRecordedEvent)).toEqual(all.slice(1, 5));
    // Unparsed: the text as stored.
    expect(typeof serialized[0].data).toBe('string');
    expect(JSON.parse(serialized[0].metadata)).toEqual(all[1].metadata);
  });

  it('reads from the start with no position, and stops at maxCount', async () => {
    await fill();
    const all = await store.readAll();
    const head = (await store.headPosition())!;

    const first = await store.readAllSerialized({ after: null, upTo: head, maxCount: 4 });
    const rest = await store.readAllSerialized({ after: first[first.length - 1].position, upTo: head, maxCount: 4 });

    expect([...first, ...rest].map(parseRecordedEvent)).toEqual(all);
    expect(first).toHaveLength(4);
    expect(await store.readAllSerialized({ after: head, upTo: head, maxCount: 4 })).toEqual([]);
  });

  it('leaves out what stream metadata hides, as readAll does', async () => {
    const [deleted, truncated] = await fill();
    await store.deleteStream(deleted);
    await store.setStreamMetadata(truncated, { truncateBefore: 1 });
    const head = (await store.headPosition())!;

    const serialized = await store.readAllSerialized({ after: null, upTo: head, maxCount: 100 });

    expect(serialized.map(parseRecordedEvent)).toEqual(await store.readAll());
    expect(serialized.map((e) => e.streamId)).not.toContain(deleted);
    expect(serialized.filter((e) => e.streamId === truncated).map((e) => e.revision)).toEqual([1]);
  });

  it('is offered by the embedded store only: the port itself has no such read', () => {
    expect(readsSerialized(store)).toBe(true);
    const portOnly = { readAll: () => Promise.resolve([]) } as unknown as EventStore;
    expect(readsSerialized(portOnly)).toBe(false);
  });

  it('an event whose data is not JSON is an UnreadableEventError naming it, from readAll as from the parse', async () => {
    const [stream] = await fill();
    const damage = new Database(file);
    damage.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 1').run('{"cut short', stream);
    damage.close();
    const head = (await store.headPosition())!;
    const [, damaged] = await store.readAllSerialized({ after: null, upTo: head, maxCount: 2 });

    let error: unknown;
    try {
      parseRecordedEvent(damaged);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(UnreadableEventError);
    expect(error).toMatchObject({ code: 'UNREADABLE_EVENT', streamId: stream, revision: 1, position: damaged.position });
    expect((error as Error).message).toContain(`position ${damaged.position.commit}/${damaged.position.prepare} (${stream}@1)`);
    await expect(store.readAll()).rejects.toBeInstanceOf(UnreadableEventError);
  });
});
