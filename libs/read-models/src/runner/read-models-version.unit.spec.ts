import Database from 'better-sqlite3';
import { CheckpointStore } from './checkpoint-store';
import { ReadModelsVersion } from './read-models-version';

describe('ReadModelsVersion', () => {
  let db: Database.Database;
  const position = { commit: 42n, prepare: 42n };

  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  /** A file as an older Galley left it: its tables, the runner's checkpoint and another process's. */
  function olderFile(version: number): void {
    db.exec(`CREATE TABLE articles (id TEXT PRIMARY KEY, state TEXT NOT NULL);
      CREATE INDEX articles_by_state ON articles (state);
      INSERT INTO articles VALUES ('a', '{}');`);
    const checkpoints = new CheckpointStore(db);
    checkpoints.write('read-models', position);
    checkpoints.write('summary-process', position);
    db.pragma(`user_version = ${version}`);
  }

  const tables = () => (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name`).all() as { name: string }[]).map((t) => t.name);

  it('empties a file of another version, keeping only the checkpoints of other processes, and stamps it', () => {
    olderFile(1);

    new ReadModelsVersion(2005, 'read-models').migrate(db);

    expect(tables()).toEqual(['checkpoints', 'sqlite_autoindex_checkpoints_1']);
    const checkpoints = new CheckpointStore(db);
    expect(checkpoints.read('read-models')).toBeNull();
    expect(checkpoints.read('summary-process')).toEqual(position);
    expect(db.pragma('user_version', { simple: true })).toBe(2005);
  });

  it('leaves a file of its own version as it is', () => {
    olderFile(2005);

    new ReadModelsVersion(2005, 'read-models').migrate(db);

    expect(tables()).toEqual(['articles', 'articles_by_state', 'checkpoints', 'sqlite_autoindex_articles_1', 'sqlite_autoindex_checkpoints_1']);
    expect(new CheckpointStore(db).read('read-models')).toEqual(position);
  });

  it('stamps a new, empty file', () => {
    new ReadModelsVersion(2005, 'read-models').migrate(db);
    expect(tables()).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(2005);
  });
});
