import { evolveArticle, initialArticleState, type ArticleEvent } from '@galley/editorial';
import { SqliteEventStore, type EventData } from '@galley/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventIdFor } from '../infrastructure/ids';
import { ArticleSnapshots, SNAPSHOT_EVERY, snapshotStream } from './article-snapshots';
import { ArticleRepository } from './article.repository';

const AUTHOR = { id: 'wanda', name: 'Wanda Writer' };
const EDITOR = { id: 'eddie', name: 'Eddie Editor' };

/** A real article history: a draft, then many deadline changes (as a long-running piece gathers). */
function longHistory(articleId: string, length: number): ArticleEvent[] {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const events: ArticleEvent[] = [
    {
      type: 'ArticleDrafted',
      data: { articleId, title: 'A long story', dek: '', body: 'Revenue rose 12% in 2025.', series: null, sensitive: false, language: 'en', author: AUTHOR, at: new Date(start).toISOString() },
    },
  ];
  for (let i = 1; i < length; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    events.push({ type: 'DeadlineSet', data: { dueAt: new Date(start + (i + 1000) * 60_000).toISOString(), by: EDITOR, at } });
  }
  return events;
}

describe('ArticleRepository with snapshots', () => {
  let dir: string;
  let store: SqliteEventStore;
  let repository: ArticleRepository;
  let snapshots: ArticleSnapshots;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'galley-snapshots-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    snapshots = new ArticleSnapshots(store);
    repository = new ArticleRepository(store, snapshots);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function append(articleId: string, events: ArticleEvent[]): Promise<string[]> {
    const commandIds: string[] = [];
    for (let offset = 0; offset < events.length; offset += 1000) {
      const batch: EventData[] = events.slice(offset, offset + 1000).map((event) => {
        const commandId = randomUUID();
        commandIds.push(commandId);
        return { id: eventIdFor(commandId, 0), type: event.type, data: event.data, metadata: { commandId, schemaVersion: event.type === 'ArticleDrafted' ? 2 : 1 } };
      });
      await store.appendToStream(`article-${articleId}`, batch);
    }
    return commandIds;
  }

  it('loads a 10,000-event article from its snapshot plus the tail, to the same state as a full fold', async () => {
    const articleId = randomUUID();
    const events = longHistory(articleId, 10_000);
    const commandIds = await append(articleId, events);
    const full = await repository.load(articleId);
    expect(full).toMatchObject({ version: 10_000, snapshotVersion: 0 });
    expect(full.events).toHaveLength(10_000);
    expect(full.state).toEqual(events.reduce(evolveArticle, initialArticleState()));

    repository.maybeSnapshot(articleId, { ...full, snapshotVersion: 0 }, full.state, full.version);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tail = longHistory(articleId, 10_010).slice(10_000);
    const tailCommandIds = await append(articleId, tail);

    // Another process, or this one after a restart: nothing in memory.
    const restarted = new ArticleRepository(store, new ArticleSnapshots(store));
    const fromSnapshot = await restarted.load(articleId);
    expect(fromSnapshot).toMatchObject({ version: 10_010, snapshotVersion: 10_000 });
    expect(fromSnapshot.events).toHaveLength(10);
    expect(fromSnapshot.state).toEqual([...events, ...tail].reduce(evolveArticle, initialArticleState()));
    // The snapshot holds the state only; retries of commands before it are recognised through the store.
    const [stored] = await store.readStream(snapshotStream(articleId));
    expect(Object.keys(stored.data as object).sort()).toEqual(['state', 'stateVersion', 'version']);
    expect([...fromSnapshot.commandIds]).toEqual(tailCommandIds);
    expect(await restarted.hasApplied(articleId, fromSnapshot, commandIds[0])).toBe(true);
    expect(await restarted.hasApplied(articleId, fromSnapshot, commandIds[9_999])).toBe(true);
    expect(await restarted.hasApplied(articleId, fromSnapshot, tailCommandIds[9])).toBe(true);
    expect(await restarted.hasApplied(articleId, fromSnapshot, randomUUID())).toBe(false);
  });

  it('takes one snapshot when several commands that loaded before it landed each ask for one', async () => {
    const articleId = randomUUID();
    await append(articleId, longHistory(articleId, SNAPSHOT_EVERY + 3));
    const loaded = await repository.load(articleId);

    for (let extra = 0; extra < 3; extra++) repository.maybeSnapshot(articleId, loaded, loaded.state, SNAPSHOT_EVERY + 1 + extra);
    await new Promise((resolve) => setTimeout(resolve, 50));
    repository.maybeSnapshot(articleId, loaded, loaded.state, loaded.version);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect((await store.readStream(snapshotStream(articleId))).map((e) => (e.data as { version: number }).version)).toEqual([SNAPSHOT_EVERY + 1]);
  });

  it('keeps a loaded article in memory and reads only the events appended after it, in one read of the store', async () => {
    const articleId = randomUUID();
    const events = longHistory(articleId, 12);
    await append(articleId, events.slice(0, 10));
    const first = await repository.load(articleId);
    const laterCommandIds = await append(articleId, events.slice(10));

    const reads = jest.spyOn(store, 'readStream');
    const second = await repository.load(articleId);
    const unchanged = await repository.load(articleId);
    expect(reads).toHaveBeenCalledTimes(2);
    reads.mockRestore();

    expect(first.events).toHaveLength(10);
    expect(second.events.map((e) => e.revision)).toEqual([10, 11]);
    expect(second).toMatchObject({ version: 12, snapshotVersion: 0 });
    expect(second.state).toEqual(events.reduce(evolveArticle, initialArticleState()));
    expect(second.history?.map((entry) => entry.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await repository.hasApplied(articleId, second, laterCommandIds[1])).toBe(true);
    expect(unchanged.events).toHaveLength(0);
    expect(unchanged).toMatchObject({ version: 12, state: second.state });
  });

  it('remembers the article a command answered, so the next load reads only the event it stands on, and never an older answer', async () => {
    const articleId = randomUUID();
    const events = longHistory(articleId, 12);
    await append(articleId, events.slice(0, 10));
    const loaded = await repository.load(articleId);
    const [commandId] = await append(articleId, events.slice(10));
    const answer = { state: events.slice(10).reduce(evolveArticle, loaded.state), version: 12 };
    repository.appended(articleId, loaded, answer, commandId);
    // An answer that lands after a newer one must not replace it.
    repository.appended(articleId, loaded, { state: evolveArticle(loaded.state, events[10]), version: 11 }, randomUUID());

    const reads = jest.spyOn(store, 'readStream');
    const next = await repository.load(articleId);
    expect(reads).toHaveBeenCalledTimes(1);
    expect((await reads.mock.results[0].value).map((e: { revision: number }) => e.revision)).toEqual([11]);
    reads.mockRestore();
    expect(next).toMatchObject({ version: 12, events: [] });
    expect(next.state).toStrictEqual(answer.state);
    expect(next.state).toStrictEqual(events.reduce(evolveArticle, initialArticleState()));
    expect(await repository.hasApplied(articleId, next, commandId)).toBe(true);
  });

  it('takes a snapshot only after enough new events', async () => {
    const articleId = randomUUID();
    await append(articleId, longHistory(articleId, SNAPSHOT_EVERY - 1));
    const loaded = await repository.load(articleId);
    repository.maybeSnapshot(articleId, loaded, loaded.state, loaded.version);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await snapshots.load(articleId)).toBeNull();
    repository.maybeSnapshot(articleId, loaded, loaded.state, loaded.version + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await snapshots.load(articleId))?.version).toBe(SNAPSHOT_EVERY);
  });

  it('ignores a snapshot that does not line up with the stream, and folds it all', async () => {
    const articleId = randomUUID();
    const events = longHistory(articleId, 30);
    await append(articleId, events);
    await store.appendToStream(snapshotStream(articleId), [
      { id: randomUUID(), type: 'ArticleSnapshotted', data: { version: 50, state: initialArticleState(), commandIds: [], stateVersion: 2 } },
    ]);
    const loaded = await repository.load(articleId);
    expect(loaded).toMatchObject({ version: 30, snapshotVersion: 0 });
    expect(loaded.state).toEqual(events.reduce(evolveArticle, initialArticleState()));
  });
});
