import type Database from 'better-sqlite3';
import type { Projection } from './projection';

/**
 * Placed first among the projections, it keeps the file's `user_version` at the version of the
 * read models' code. A file written by another version is emptied (every table but the
 * checkpoints) and the runner's own checkpoint removed, so the runner rebuilds it from the events
 * instead of reading tables it does not understand. Other processes' checkpoints are kept: what
 * they did happened, whatever the read models look like.
 */
export class ReadModelsVersion implements Projection {
  readonly name = 'read-models-version';

  constructor(
    private readonly version: number,
    private readonly runner: string,
  ) {}

  migrate(db: Database.Database): void {
    if ((db.pragma('user_version', { simple: true }) as number) === this.version) return;
    db.transaction(() => {
      const tables = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'checkpoints'`)
        .all() as { name: string }[];
      for (const { name } of tables) db.exec(`DROP TABLE "${name.replace(/"/g, '""')}"`);
      const checkpoints = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'`).get();
      if (checkpoints) db.prepare('DELETE FROM checkpoints WHERE name = ?').run(this.runner);
      db.pragma(`user_version = ${Math.floor(this.version)}`);
    })();
  }

  handles(): boolean {
    return false;
  }

  apply(): void {
    // Nothing to apply: it only guards the file's shape.
  }
}
