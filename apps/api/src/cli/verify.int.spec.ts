import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { galley, newsroomFolder, startLiveGalley, tamper, temporaryFolder } from './testing/cli.harness';
import { articleLife, eventData } from './testing/newsroom.fixtures';

describe('galley verify', () => {
  let folder: ReturnType<typeof temporaryFolder>;
  let events: string;
  let readModels: string;

  beforeEach(() => {
    folder = temporaryFolder();
    events = join(folder.path, 'events.sqlite');
    readModels = join(folder.path, 'read-models.sqlite');
  });

  afterEach(() => folder.cleanup());

  it('passes a sound data folder', async () => {
    const newsroom = await newsroomFolder(folder.path, 20);

    const run = await galley(folder.path, ['verify']);

    expect(run.code).toBe(0);
    expect(run.out).toContain('ok      stream revisions:');
    expect(run.out).toContain(`ok      $all: ${newsroom.events} events, positions strictly increasing up to ${newsroom.head!.commit}`);
    expect(run.out).toContain(`rows equal to a fresh rebuild up to position ${newsroom.head!.commit}`);
    expect(run.out).toContain('verify: no problem found');
  });

  it('finds an edited read-model row and names the column that differs', async () => {
    const { articles } = await newsroomFolder(folder.path, 10);
    const [published] = [...articles].find(([, stage]) => stage === 'PUBLISHED')!;
    expect(tamper(readModels, `UPDATE articles SET stage = 'DRAFT', title = 'Tampered' WHERE id = ?`, published)).toBe(1);

    const run = await galley(folder.path, ['verify']);

    expect(run.code).toBe(1);
    expect(run.out).toContain('PROBLEM read models: 1');
    expect(run.out).toContain(`articles [id=${published}]: stage is "DRAFT", a rebuild has "PUBLISHED"; title is "Tampered"`);
    expect(run.out).toContain('verify: 1 problem(s) found');
  });

  it('finds read-model rows missing or extra', async () => {
    const { articles } = await newsroomFolder(folder.path, 5);
    const [id] = [...articles.keys()];
    tamper(readModels, 'DELETE FROM audit_log WHERE stream_id = ? AND revision = 0', `article-${id}`);
    tamper(readModels, `INSERT INTO claim_queue VALUES ('nobody', 'claim-x', 'Ghost', '2025-01-01T00:00:00.000Z', 0)`);

    const run = await galley(folder.path, ['verify']);

    expect(run.code).toBe(1);
    expect(run.out).toContain(`audit_log [stream_id=article-${id}, revision=0]: missing from the read models (a rebuild has it)`);
    expect(run.out).toContain('claim_queue [article_id=nobody, claim_id=claim-x]: in the read models, not in a rebuild');
  });

  it('finds a gap in a stream\'s revisions and a stream that lost its first event', async () => {
    const { articles } = await newsroomFolder(folder.path, 5);
    const [first, second] = [...articles.keys()];
    expect(tamper(events, 'DELETE FROM events WHERE stream_id = ? AND revision = 1', `article-${first}`)).toBe(1);
    expect(tamper(events, 'DELETE FROM events WHERE stream_id = ? AND revision = 0', `article-${second}`)).toBe(1);

    const run = await galley(folder.path, ['verify']);

    expect(run.code).toBe(1);
    expect(run.out).toContain('PROBLEM stream revisions: 2');
    expect(run.out).toContain(`article-${first} jumps from revision 0 to 2: revision 1 is missing`);
    expect(run.out).toContain(`article-${second} starts at revision 1, not 0: revision 0 is missing`);
  });

  it('lets a stream start at its truncation point, and no later', async () => {
    const { articles } = await newsroomFolder(folder.path, 5);
    const [first, second] = [...articles.keys()].map((id) => `article-${id}`);
    const db = new Database(events);
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all('streams') as { name: string }[]).map((c) => c.name);
    if (!columns.includes('truncate_before')) db.exec('ALTER TABLE streams ADD COLUMN truncate_before INTEGER');
    db.close();
    // Both truncated before revision 1; the first lost what lay before, the second lost one event more.
    tamper(events, 'UPDATE streams SET truncate_before = 1 WHERE stream_id IN (?, ?)', first, second);
    tamper(events, 'DELETE FROM events WHERE stream_id = ? AND revision < 1', first);
    tamper(events, 'DELETE FROM events WHERE stream_id = ? AND revision < 2', second);

    const run = await galley(folder.path, ['verify']);

    expect(run.out).toContain('PROBLEM stream revisions: 1');
    expect(run.out).toContain(`${second} starts at revision 2, after its truncation point 1: revision 1 is missing`);
    expect(run.out).not.toContain(`${first} starts`);
  });

  it('finds a streams table that disagrees with the events, and events out of commit order', async () => {
    const { articles } = await newsroomFolder(folder.path, 5);
    const [first, second] = [...articles.keys()];
    tamper(events, 'UPDATE streams SET last_revision = last_revision + 3 WHERE stream_id = ?', `article-${first}`);
    // Revision 1 moved after revision 2 in $all: a store must never commit a stream out of order.
    const head = lastPosition(events);
    tamper(events, 'UPDATE events SET seq = ? WHERE stream_id = ? AND revision = 1', head + 1, `article-${second}`);

    const run = await galley(folder.path, ['verify']);

    expect(run.code).toBe(1);
    expect(run.out).toMatch(new RegExp(`article-${first}: the streams table says revision \\d+, its last event is \\d+`));
    expect(run.out).toContain(`article-${second} revision 2 is at position`);
  });

  it('checks a folder a server is writing to, against the read models\' own checkpoint', async () => {
    await newsroomFolder(folder.path, 5);
    const live = await startLiveGalley(folder.path);
    try {
      const id = randomUUID();
      let revision = -1;
      const appending = (async () => {
        for (const command of articleLife(id, 99, 'PUBLISHED', new Date('2025-04-01T09:00:00.000Z'))) {
          const result = await live.store.appendToStream(`article-${id}`, eventData(command), { expectedRevision: revision < 0 ? 'no_stream' : revision });
          revision = result.nextExpectedRevision;
        }
      })();
      const run = await galley(folder.path, ['verify']);
      await appending;
      expect(run.code).toBe(0);
      expect(run.out).toContain('verify: no problem found');
    } finally {
      await live.stop();
    }
  });

  it('says what is missing when there are no read models yet', async () => {
    await newsroomFolder(folder.path, 2);
    rmSync(readModels);
    const run = await galley(folder.path, ['verify']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Read models: none yet');
  });
});

function lastPosition(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq;
  } finally {
    db.close();
  }
}
