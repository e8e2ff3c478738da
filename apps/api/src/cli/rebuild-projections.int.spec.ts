import { SqliteEventStore } from '@galley/event-store';
import { CheckpointStore, openReadModelDatabase } from '@galley/read-models';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpFile, galley, newsroomFolder, tamper, temporaryFolder } from './testing/cli.harness';

describe('galley rebuild-projections', () => {
  let folder: ReturnType<typeof temporaryFolder>;
  let readModels: string;

  beforeEach(() => {
    folder = temporaryFolder();
    readModels = join(folder.path, 'read-models.sqlite');
  });

  afterEach(() => folder.cleanup());

  it('builds read models equal to the live projection, in a new file swapped in, keeping other checkpoints', async () => {
    const newsroom = await newsroomFolder(folder.path, 25);
    const db = openReadModelDatabase(readModels);
    new CheckpointStore(db).write('summary-process', { commit: 7n, prepare: 7n });
    db.close();
    const live = dumpFile(readModels);

    const run = await galley(folder.path, ['rebuild-projections']);

    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain(`Rebuilt the read models from ${newsroom.events} events up to position ${newsroom.head!.commit}`);
    expect(run.out).toContain('Kept the checkpoints of summary-process');
    // Nothing left behind: no temporary build, no stale write-ahead log.
    expect(readdirSync(folder.path).filter((f) => f.startsWith('read-models'))).toEqual(['read-models.sqlite']);
    expect(dumpFile(readModels)).toEqual(live);
  });

  it('replaces damaged read models with a correct build', async () => {
    await newsroomFolder(folder.path, 10);
    const live = dumpFile(readModels);
    writeFileSync(readModels, 'not a database at all');

    const run = await galley(folder.path, ['rebuild-projections']);

    expect(run.code).toBe(0);
    expect(run.err).toContain('the current read models cannot be read');
    expect(dumpFile(readModels)).toEqual(live);
  });

  it('refuses while a server holds the data folder, leaving the read models untouched', async () => {
    await newsroomFolder(folder.path, 5);
    const before = dumpFile(readModels);
    const server = new SqliteEventStore({ file: join(folder.path, 'events.sqlite') });
    await server.headPosition();
    try {
      const run = await galley(folder.path, ['rebuild-projections']);
      expect(run.code).toBe(1);
      expect(run.err).toContain('a Galley server is probably running on this data folder. Stop it before rebuilding the read models');
    } finally {
      await server.close();
    }
    expect(dumpFile(readModels)).toEqual(before);
  });

  it('builds read models where there were none', async () => {
    await newsroomFolder(folder.path, 5);
    const live = dumpFile(readModels);
    for (const suffix of ['', '-wal', '-shm']) rmSync(readModels + suffix, { force: true });

    expect((await galley(folder.path, ['rebuild-projections'])).code).toBe(0);
    expect(dumpFile(readModels)).toEqual(live);
  });

  it('fails on a damaged event, saying which, and leaves the read models in place untouched and no half-built file', async () => {
    await newsroomFolder(folder.path, 10);
    const before = dumpFile(readModels);
    tamper(join(folder.path, 'events.sqlite'), 'UPDATE events SET metadata = ? WHERE seq = 30', 'not json');

    const run = await galley(folder.path, ['rebuild-projections']);

    expect(run.code).toBe(1);
    expect(run.err).toMatch(/rebuild failed, the read models in place are unchanged: The event at position 30\/30 \(article-[0-9a-f-]+@\d+\) cannot be read/);
    expect(readdirSync(folder.path).filter((f) => f.includes('.rebuild-'))).toEqual([]);
    expect(dumpFile(readModels)).toEqual(before);
  });

  it('removes what killed rebuilds left behind, and only theirs: a build whose process still runs is kept', async () => {
    await newsroomFolder(folder.path, 5);
    // A process that has ended, and one that runs while the rebuild does.
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const leftovers = [`read-models.sqlite.rebuild-${ended}`, `read-models.sqlite.rebuild-${ended}-journal`];
      const kept = `read-models.sqlite.rebuild-${running.pid}`;
      for (const name of [...leftovers, kept]) writeFileSync(join(folder.path, name), 'half a build');

      const run = await galley(folder.path, ['rebuild-projections']);

      expect(run.code).toBe(0);
      expect(run.err).toBe(`Removed what rebuilds that were stopped left behind: ${leftovers.join(', ')}\n`);
      expect(readdirSync(folder.path).filter((f) => f.includes('.rebuild-'))).toEqual([kept]);
    } finally {
      running.kill();
    }
  });

  it('says so when the data folder holds no event store', async () => {
    const run = await galley(folder.path, ['rebuild-projections']);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`No event store in ${folder.path}`);
  });
});
