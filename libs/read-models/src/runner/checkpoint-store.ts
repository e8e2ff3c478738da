import type { Position } from '@galley/event-store';
import type Database from 'better-sqlite3';

/** Checkpoints kept as EventStoreDB's commit/prepare pair, in decimal text (they are 64-bit). */
export class CheckpointStore {
  private readonly readStatement: Database.Statement<[string], { commit_position: string; prepare_position: string }>;
  private readonly writeStatement: Database.Statement<[string, string, string]>;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
      name TEXT PRIMARY KEY,
      commit_position TEXT NOT NULL,
      prepare_position TEXT NOT NULL
    )`);
    this.readStatement = db.prepare('SELECT commit_position, prepare_position FROM checkpoints WHERE name = ?');
    this.writeStatement = db.prepare(
      `INSERT INTO checkpoints (name, commit_position, prepare_position) VALUES (?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET commit_position = excluded.commit_position, prepare_position = excluded.prepare_position`,
    );
  }

  read(name: string): Position | null {
    const row = this.readStatement.get(name);
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : null;
  }

  write(name: string, position: Position): void {
    this.writeStatement.run(name, position.commit.toString(), position.prepare.toString());
  }
}
