import { SqliteEventStore, type RecordedEvent } from '@galley/event-store';
import { UnsyncedWritesGuard } from '@galley/read-models';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebhookOutboxStore } from '../webhooks/webhook-outbox.store';
import { OUTBOX_CONSUMER } from '../webhooks/webhook-outbox.process';
import { dumpFile, galley, newsroomFolder, startLiveGalley, temporaryFolder, type LiveGalley } from './testing/cli.harness';
import { articleLife, eventData, FINAL_STAGES } from './testing/newsroom.fixtures';

interface Acknowledged {
  readonly streamId: string;
  readonly revision: number;
  readonly id: string;
}

/** Writers that keep appending whole article lives, as a busy newsroom would, recording each acknowledged event. */
function keepAppending(live: LiveGalley, writers: number) {
  const acknowledged: Acknowledged[] = [];
  let running = true;
  const writer = async (w: number) => {
    for (let n = 0; running; n++) {
      const id = randomUUID();
      let revision = -1;
      for (const command of articleLife(id, w * 1000 + n, FINAL_STAGES[n % FINAL_STAGES.length], new Date('2025-03-10T09:00:00.000Z'))) {
        if (!running) return;
        const data = eventData(command);
        const result = await live.store.appendToStream(`article-${id}`, data, { expectedRevision: revision < 0 ? 'no_stream' : revision });
        data.forEach((event, index) => acknowledged.push({ streamId: `article-${id}`, revision: revision + 1 + index, id: event.id }));
        revision = result.nextExpectedRevision;
      }
    }
  };
  const done = Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return {
    acknowledged,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** An outbox as a server leaves it: one webhook, a delivery sent and one queued, its checkpoint at `commit`. */
function outboxFolder(dataDir: string, commit: bigint): void {
  const outbox = new WebhookOutboxStore(join(dataDir, 'webhooks.sqlite'));
  try {
    const at = '2025-03-10T09:00:00.000Z';
    outbox.atomically(OUTBOX_CONSUMER, { commit, prepare: commit }, () => {
      outbox.saveWebhook({ webhookId: 'w1', url: 'https://hooks.example.org/galley', events: ['ArticlePublished'], secret: 's3cret', by: { id: 'ada', name: 'Ada Admin' }, at });
      outbox.enqueue(
        ['d1', 'd2'].map((id) => ({ id, webhookId: 'w1', eventId: `e-${id}`, eventType: 'ArticlePublished', articleId: 'a1', occurredAt: at, payload: '{}' })),
        new Date(at),
      );
    });
    outbox.db.prepare(`UPDATE deliveries SET status = 'DELIVERED' WHERE id = 'd1'`).run();
  } finally {
    outbox.db.close();
  }
}

async function allEvents(file: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore({ file });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

describe('galley backup and restore', () => {
  let source: ReturnType<typeof temporaryFolder>;
  let target: ReturnType<typeof temporaryFolder>;
  let backups: ReturnType<typeof temporaryFolder>;

  beforeEach(() => {
    source = temporaryFolder();
    target = temporaryFolder();
    backups = temporaryFolder();
  });

  afterEach(() => {
    source.cleanup();
    target.cleanup();
    backups.cleanup();
  });

  it('copies a store that is being written to: the restore passes verify and holds every event acknowledged before the backup', async () => {
    await newsroomFolder(source.path, 10);
    const live = await startLiveGalley(source.path);
    const appends = keepAppending(live, 4);
    let before: Acknowledged[];
    let during: number;
    const file = join(backups.path, 'galley.backup');
    try {
      while (appends.acknowledged.length < 200) await new Promise((resolve) => setTimeout(resolve, 5));
      before = [...appends.acknowledged];
      const run = await galley(source.path, ['backup', file, '--read-models']);
      during = appends.acknowledged.length - before.length;
      expect(run).toMatchObject({ code: 0, err: '' });
      expect(run.out).toContain(`Event store: ${file}`);
      expect(run.out).toContain(`Read models: ${file}.read-models`);
      // The writers went on while the backup ran (its copy is taken between their commits), and after it.
      expect(during).toBeGreaterThan(0);
      while (appends.acknowledged.length < before.length + during + 50) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      await appends.stop();
      await live.stop();
    }
    expect(readdirSync(backups.path).sort()).toEqual(['galley.backup', 'galley.backup.read-models']);

    const restore = await galley(target.path, ['restore', file]);
    expect(restore.code).toBe(0);
    expect(restore.out).toContain('Restored the read models');

    const restored = await allEvents(join(target.path, 'events.sqlite'));
    const byId = new Map(restored.map((event) => [event.id, event]));
    for (const ack of before) expect(byId.get(ack.id)).toMatchObject({ streamId: ack.streamId, revision: ack.revision });
    // A consistent copy is a prefix of the source's $all, nothing more, nothing reordered.
    const original = await allEvents(join(source.path, 'events.sqlite'));
    expect(original.slice(0, restored.length).map((e) => e.id)).toEqual(restored.map((e) => e.id));
    expect(restored.length).toBeLessThan(original.length);

    const verify = await galley(target.path, ['verify']);
    expect(verify.out).toContain('verify: no problem found');
    expect(verify.code).toBe(0);
  });

  it('marks the read models it copies as closed cleanly: a restore after a machine restart may trust them', async () => {
    await newsroomFolder(source.path, 3);
    const live = new Database(join(source.path, 'read-models.sqlite'));
    const booted = Date.now() - 3_600_000;
    new UnsyncedWritesGuard(live, booted).markOpen();
    live.close();
    const file = join(backups.path, 'galley.backup');

    expect(await galley(source.path, ['backup', file, '--read-models'])).toMatchObject({ code: 0 });

    const copy = new Database(`${file}.read-models`, { readonly: true });
    try {
      // Read as the server would after a restart: a file left open then would be rebuilt.
      expect(new UnsyncedWritesGuard(copy, Date.now()).lostWritesPossible()).toBe(false);
    } finally {
      copy.close();
    }
    const original = new Database(join(source.path, 'read-models.sqlite'), { readonly: true });
    try {
      expect(new UnsyncedWritesGuard(original, Date.now()).lostWritesPossible()).toBe(true);
    } finally {
      original.close();
    }
  });

  it('restores without read models, which a rebuild then makes equal to the source\'s', async () => {
    await newsroomFolder(source.path, 8);
    const file = join(backups.path, 'events.backup');
    expect((await galley(source.path, ['backup', file])).code).toBe(0);

    const restore = await galley(target.path, ['restore', file]);
    expect(restore.code).toBe(0);
    expect(restore.out).toContain('No read models restored: Galley rebuilds them when it starts');
    expect(existsSync(join(target.path, 'read-models.sqlite'))).toBe(false);

    expect((await galley(target.path, ['rebuild-projections'])).code).toBe(0);
    expect(dumpFile(join(target.path, 'read-models.sqlite'))).toEqual(dumpFile(join(source.path, 'read-models.sqlite')));
    expect((await galley(target.path, ['verify'])).code).toBe(0);
  });

  it('restores only into an empty data folder unless forced, and then replaces events and read models', async () => {
    await newsroomFolder(source.path, 4);
    await newsroomFolder(target.path, 6);
    const file = join(backups.path, 'events.backup');
    expect((await galley(source.path, ['backup', file])).code).toBe(0);
    const untouched = dumpFile(join(target.path, 'events.sqlite'));

    const refused = await galley(target.path, ['restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('already holds');
    expect(refused.err).toContain('pass --force to replace them');
    expect(dumpFile(join(target.path, 'events.sqlite'))).toEqual(untouched);

    const forced = await galley(target.path, ['restore', file, '--force']);
    expect(forced.code).toBe(0);
    expect(dumpFile(join(target.path, 'events.sqlite'))).toEqual(dumpFile(join(source.path, 'events.sqlite')));
    expect(existsSync(join(target.path, 'read-models.sqlite'))).toBe(false);
  });

  it('backs up the webhook outbox and restores it, so what was sent is not sent again and what was queued still goes', async () => {
    const newsroom = await newsroomFolder(source.path, 3);
    outboxFolder(source.path, newsroom.head!.commit);
    const file = join(backups.path, 'galley.backup');
    const backup = await galley(source.path, ['backup', file]);
    expect(backup.out).toContain(`Webhook outbox: ${file}.webhooks`);
    expect(readdirSync(backups.path).sort()).toEqual(['galley.backup', 'galley.backup.webhooks']);

    const restore = await galley(target.path, ['restore', file]);
    expect(restore.code).toBe(0);
    expect(restore.out).toContain('Restored the webhook outbox');
    expect(dumpFile(join(target.path, 'webhooks.sqlite'))).toEqual(dumpFile(join(source.path, 'webhooks.sqlite')));
  });

  it('does not restore an outbox that is ahead of the events, and replaces the one in the folder when forced', async () => {
    const newsroom = await newsroomFolder(source.path, 3);
    outboxFolder(source.path, newsroom.head!.commit + 1_000n);
    const file = join(backups.path, 'galley.backup');
    expect((await galley(source.path, ['backup', file])).code).toBe(0);
    await newsroomFolder(target.path, 2);
    outboxFolder(target.path, 1n);

    const refused = await galley(target.path, ['restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('webhooks.sqlite');

    const forced = await galley(target.path, ['restore', file, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.err).toContain('warning: not restoring the webhook outbox');
    expect(forced.err).toContain('is ahead of the events');
    expect(forced.out).toContain('No webhook outbox restored');
    // The target's old outbox described other events: it is gone, not left beside the restored ones.
    expect(existsSync(join(target.path, 'webhooks.sqlite'))).toBe(false);
  });

  it('refuses a file that is not a Galley event store, and leaves the data folder alone', async () => {
    const garbage = join(backups.path, 'garbage.bin');
    writeFileSync(garbage, Buffer.alloc(8192, 7));
    const otherDb = join(backups.path, 'other.sqlite');
    const other = new Database(otherDb);
    other.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT)');
    other.close();

    const notSqlite = await galley(target.path, ['restore', garbage]);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.err).toContain('is not a SQLite database');

    const notGalley = await galley(target.path, ['restore', otherDb]);
    expect(notGalley.code).toBe(1);
    expect(notGalley.err).toContain('table "events" lacks seq, stream_id, revision, event_id, type, data, metadata, created: not a Galley event store');
    expect(notGalley.err).toContain('no "streams" table');
    expect(readdirSync(target.path)).toEqual([]);
  });

  it('refuses to overwrite a backup unless forced', async () => {
    await newsroomFolder(source.path, 2);
    const file = join(backups.path, 'events.backup');
    writeFileSync(file, 'precious');
    const refused = await galley(source.path, ['backup', file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('exists; pass --force to overwrite it');
    expect((await galley(source.path, ['backup', file, '--force'])).code).toBe(0);
  });

  it('leaves EventStoreDB to its own tools (exit 2)', async () => {
    const env = { GALLEY_EVENT_STORE: 'eventstoredb', GALLEY_EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' };
    for (const argv of [['backup', 'x.backup'], ['restore', 'x.backup']]) {
      const run = await galley(target.path, argv, env);
      expect(run.code).toBe(2);
      expect(run.err).toContain('back up and restore EventStoreDB with its own tools');
    }
  });

  it('explains its usage', async () => {
    expect(await galley(target.path, ['backup'])).toMatchObject({ code: 2, err: expect.stringContaining('backup needs one FILE') });
    expect(await galley(target.path, ['backup', 'a', '--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--bogus'") });
    expect(await galley(target.path, ['frobnicate'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') });
  });
});
