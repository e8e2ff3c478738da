import type Database from 'better-sqlite3';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildReadModels,
  CliError,
  countEventsUpTo,
  dataFiles,
  describePosition,
  EXIT,
  formatCount,
  isEmbedded,
  openSqliteFile,
  openStore,
  Progress,
  READ_MODELS_RUNNER,
  inUseError,
  refuseIfInUse,
  removeSqliteFiles,
  swapInto,
  type CliCommand,
} from './cli.plumbing';
import { lockExclusively } from '../infrastructure/data-folder-locks';

interface CheckpointRow {
  name: string;
  commit_position: string;
  prepare_position: string;
}

/**
 * Builds the read models from the events into a new file, then renames it over the old one: the
 * read models in place are always a complete build, the old or the new. The server must be stopped:
 * it holds the old file open and would keep writing to it.
 */
export const rebuildProjectionsCommand: CliCommand = {
  name: 'rebuild-projections',
  usage: 'rebuild-projections',
  summary: 'rebuild the read models from the events into a new file and swap it in (server stopped)',
  async run(args, { config, io }) {
    parseArgs({ args: [...args], options: {}, allowPositionals: false });
    const files = dataFiles(config);
    if (isEmbedded(config)) refuseIfInUse(files.events, 'rebuilding the read models');

    // Held until the swap: a server starting meanwhile waits, then fails, rather than open the old file.
    let lock: Database.Database | null = null;
    let kept: CheckpointRow[] = [];
    if (existsSync(files.readModels)) {
      let damaged = false;
      try {
        lock = lockExclusively(files.readModels);
        if (lock) kept = otherCheckpoints(lock);
      } catch (error) {
        // A damaged read model is just what a rebuild is for.
        damaged = true;
        lock?.close();
        lock = null;
        io.err(`warning: the current read models cannot be read (${(error as Error).message}); they will be replaced\n`);
      }
      if (lock === null && !damaged) throw inUseError(files.readModels, 'rebuilding the read models');
    }

    const swept = sweepAbandonedBuilds(files.readModels);
    if (swept.length > 0) io.err(`Removed what rebuilds that were stopped left behind: ${swept.join(', ')}\n`);
    const store = openStore(config);
    const building = `${files.readModels}.rebuild-${process.pid}`;
    try {
      const head = await store.headPosition();
      const total = isEmbedded(config) ? countEventsUpTo(files.events, head) : null;
      const progress = new Progress(io, 'rebuild-projections', total);
      const { checkpoint } = await buildReadModels(store, building, head, { onApplied: (count) => progress.add(count) });
      const rate = progress.finish();
      carryOver(building, kept);

      lock?.close();
      lock = null;
      swapInto(building, files.readModels);
      io.out(
        `Rebuilt the read models from ${formatCount(total ?? 0)} events up to position ${describePosition(checkpoint)} ` +
          `(${formatCount(Math.round(rate))} events/s) into ${files.readModels}\n`,
      );
      if (kept.length > 0) io.out(`Kept the checkpoints of ${kept.map((c) => c.name).join(', ')}\n`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`rebuild failed, the read models in place are unchanged: ${(error as Error).message}`);
    } finally {
      lock?.close();
      removeSqliteFiles(building);
      await store.close();
    }
  },
};

/**
 * Half-built read models of rebuilds that were killed (a failed one removes its own): each is named
 * after its process, and is removed once no such process runs. Returns the files removed.
 */
function sweepAbandonedBuilds(readModels: string): string[] {
  const prefix = `${basename(readModels)}.rebuild-`;
  const abandoned = readdirSync(dirname(readModels)).filter((name) => {
    if (!name.startsWith(prefix)) return false;
    const pid = Number(/^(\d+)(-wal|-shm|-journal)?$/.exec(name.slice(prefix.length))?.[1]);
    return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid);
  });
  for (const name of abandoned) rmSync(join(dirname(readModels), name), { force: true });
  return abandoned;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Checkpoints of processes other than the projections (the summary process): they must survive a rebuild. */
function otherCheckpoints(db: Database.Database): CheckpointRow[] {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'`).get();
  if (!table) return [];
  return db
    .prepare('SELECT name, commit_position, prepare_position FROM checkpoints WHERE name <> ?')
    .all(READ_MODELS_RUNNER) as CheckpointRow[];
}

function carryOver(file: string, checkpoints: readonly CheckpointRow[]): void {
  if (checkpoints.length === 0) return;
  const db = openSqliteFile(file);
  try {
    const insert = db.prepare('INSERT INTO checkpoints (name, commit_position, prepare_position) VALUES (@name, @commit_position, @prepare_position)');
    db.transaction(() => checkpoints.forEach((row) => insert.run(row)))();
  } finally {
    db.close();
  }
}
