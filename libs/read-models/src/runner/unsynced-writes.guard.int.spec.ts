import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ANALYSIS, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleScript, minute, PositionCounter, recordedEvents } from '../testing/article-script.fixtures';
import { READ_MODELS_RUNNER, readModelProjections } from '../read-models';
import { CheckpointStore } from './checkpoint-store';
import { applyBatch } from './projection';
import { openReadModelDatabase } from './read-model.database';
import { UnsyncedWritesGuard } from './unsynced-writes.guard';

const BOOT = Date.UTC(2026, 10, 29, 6, 0, 0);
const HOUR = 3_600_000;

describe('UnsyncedWritesGuard (a read-model file written without fsync)', () => {
  let folder: string;
  let file: string;
  const open: Database.Database[] = [];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'galley-guard-'));
    file = join(folder, 'read-models.sqlite');
  });

  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function reopen(): Database.Database {
    const db = openReadModelDatabase(file);
    open.push(db);
    return db;
  }

  it('trusts a new file, one closed cleanly, and one left open on this same boot (a process that died)', () => {
    const db = reopen();
    expect(new UnsyncedWritesGuard(db, BOOT).lostWritesPossible()).toBe(false);
    new UnsyncedWritesGuard(db, BOOT).markOpen();
    // Readings of the boot time a few seconds apart are the same boot.
    expect(new UnsyncedWritesGuard(db, BOOT + 2_000).lostWritesPossible()).toBe(false);
    new UnsyncedWritesGuard(db, BOOT).markClosed();
    expect(new UnsyncedWritesGuard(db, BOOT + HOUR).lostWritesPossible()).toBe(false);
  });

  it('distrusts a file left open when the machine restarted, and the version rule then empties it, keeping the process checkpoints', () => {
    const db = reopen();
    const projections = readModelProjections();
    for (const projection of projections) projection.migrate(db);
    const script = new ArticleScript(randomUUID(), wanda).draft(ANALYSIS, minute(0)).submit(minute(1));
    applyBatch(db, projections, recordedEvents(script, new PositionCounter()));
    const checkpoints = new CheckpointStore(db);
    checkpoints.write('summary-process', { commit: 7n, prepare: 7n });
    new UnsyncedWritesGuard(db, BOOT).markOpen();
    db.close();

    const after = reopen();
    const guard = new UnsyncedWritesGuard(after, BOOT + HOUR);
    expect(guard.lostWritesPossible()).toBe(true);
    expect((after.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n).toBe(1);

    after.pragma('user_version = 0');
    for (const projection of readModelProjections()) projection.migrate(after);
    guard.markOpen();

    expect((after.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n).toBe(0);
    expect(new CheckpointStore(after).read('summary-process')).toEqual({ commit: 7n, prepare: 7n });
    expect(new CheckpointStore(after).read(READ_MODELS_RUNNER)).toBeNull();
    // Marked open again on this boot: a second start on the same boot trusts it.
    expect(new UnsyncedWritesGuard(after, BOOT + HOUR).lostWritesPossible()).toBe(false);
  });
});
