import { SqliteEventStore } from '@galley/event-store';
import { openReadModelDatabase, ProjectionRunner, READ_MODELS_RUNNER, readModelProjections } from '@galley/read-models';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../galley.cli';
import type { CliIo } from '../cli.plumbing';
import { fillNewsroom, type Newsroom } from './newsroom.fixtures';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `galley <argv>` in-process on a data folder, capturing what it prints. */
export async function galley(dataDir: string, argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => void (out += text), err: (text) => void (err += text), interactive: false };
  const code = await runCli(argv, { GALLEY_DATA_DIR: dataDir, ...env }, io);
  return { code, out, err };
}

/** A fresh temporary folder, removed by `cleanup()`. */
export function temporaryFolder(prefix = 'galley-cli-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** What a running Galley server holds: the store and its projection runner, on the data folder's files. */
export interface LiveGalley {
  readonly store: SqliteEventStore;
  readonly readModels: Database.Database;
  readonly runner: ProjectionRunner;
  stop(): Promise<void>;
}

export async function startLiveGalley(dataDir: string): Promise<LiveGalley> {
  const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL', pollIntervalMs: 20 });
  const readModels = openReadModelDatabase(join(dataDir, 'read-models.sqlite'));
  const runner = new ProjectionRunner({ name: READ_MODELS_RUNNER, store, db: readModels, projections: readModelProjections() });
  await runner.start();
  return {
    store,
    readModels,
    runner,
    async stop() {
      await runner.stop();
      readModels.close();
      await store.close();
    },
  };
}

/** A data folder as a server leaves it after a day's work: events, and read models caught up with them. */
export async function newsroomFolder(dataDir: string, articles: number): Promise<Newsroom> {
  const live = await startLiveGalley(dataDir);
  try {
    const newsroom = await fillNewsroom(live.store, articles);
    if (newsroom.head && !(await live.runner.waitFor(newsroom.head, 5_000))) throw new Error('the live projection did not catch up');
    return newsroom;
  } finally {
    await live.stop();
  }
}

/** Every table of a SQLite file, rows sorted: equal dumps mean equal contents. */
export function dumpFile(file: string, except: readonly string[] = []): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
    const dump: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      if (except.includes(name)) continue;
      dump[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
    }
    return dump;
  } finally {
    db.close();
  }
}

/** Runs a statement on a file behind the store's back, as damage would. */
export function tamper(file: string, sql: string, ...params: unknown[]): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}
