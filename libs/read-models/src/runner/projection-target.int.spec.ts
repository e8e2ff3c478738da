import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from './checkpoint-store';
import type { Projection } from './projection';
import { LocalProjectionTarget } from './projection-target';
import { openReadModelDatabase } from './read-model.database';

const event: RecordedEvent = {
  id: 'e1',
  streamId: 'article-a',
  revision: 0,
  position: { commit: 1n, prepare: 1n },
  type: 'Noted',
  data: {},
  metadata: {},
  created: new Date('2026-01-01T00:00:00.000Z'),
};

describe('LocalProjectionTarget, beside another connection that writes to the same file', () => {
  let dir: string;
  let mine: Database.Database;
  let theirs: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'galley-target-'));
    const file = join(dir, 'read-models.sqlite');
    mine = openReadModelDatabase(file);
    theirs = openReadModelDatabase(file);
    // The other writer gives up at once instead of waiting: it shows who holds the write lock.
    theirs.pragma('busy_timeout = 0');
  });
  afterEach(() => {
    mine.close();
    theirs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the write lock from the start of a batch, so a write landing between its reads and its writes cannot fail it', () => {
    // The server's processes write their checkpoints to the read-model file from the main thread while the worker applies.
    const processes = new CheckpointStore(theirs);
    let refused: unknown = null;
    const readsThenWrites: Projection = {
      name: 'reads-then-writes',
      migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY)'),
      handles: () => true,
      apply: (db, applied) => {
        db.prepare('SELECT COUNT(*) FROM seen').get();
        try {
          processes.write('summary-process', applied.position);
        } catch (error) {
          refused = error;
        }
        db.prepare('INSERT INTO seen (id) VALUES (?)').run(applied.id);
      },
    };
    const target = new LocalProjectionTarget(mine, [readsThenWrites], 'read-models');

    expect(() => target.apply([event], null)).not.toThrow();
    expect(mine.prepare('SELECT id FROM seen').pluck().all()).toEqual(['e1']);
    // The other connection had to wait for the batch (here, with no patience, it was refused) ...
    expect(refused).toMatchObject({ code: 'SQLITE_BUSY' });
    // ... and writes once the batch has committed.
    processes.write('summary-process', event.position);
    expect(new CheckpointStore(mine).read('summary-process')).toEqual(event.position);
  });
});
