import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readModelsBackupOf } from './backup.command';
import {
  assertSound,
  CliError,
  copyChecked,
  dataFiles,
  eventStoreFileProblems,
  EXIT,
  formatCount,
  headSeq,
  openSqliteFile,
  readModelFileProblems,
  READ_MODELS_RUNNER,
  refuseIfInUse,
  removeSqliteFiles,
  requireEmbedded,
  UsageError,
  type CliCommand,
} from './cli.plumbing';

interface StoreFacts {
  readonly events: number;
  readonly head: number;
}

/**
 * Puts a backup in place as the data folder's event store, after checking that it is one. The
 * read models go first: a crash half-way leaves old events without read models (rebuilt at start),
 * never new events beside read models of other events.
 */
export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore FILE [--force] [--without-read-models]',
  summary: 'restore a backup into an empty data folder (--force replaces what is there; server stopped)',
  async run(args, { config, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { force: { type: 'boolean', default: false }, 'without-read-models': { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    requireEmbedded(config, 'restore');
    if (positionals.length !== 1) throw new UsageError('restore needs the FILE of a backup');
    const source = resolve(positionals[0]);
    if (!existsSync(source)) throw new CliError(`${source} does not exist`);

    const facts = inspect(source);
    const readModelsSource = values['without-read-models'] ? null : usableReadModels(readModelsBackupOf(source), facts, io.err);

    const files = dataFiles(config);
    const present = [files.events, files.readModels].filter((file) => existsSync(file));
    if (present.length > 0 && !values.force) {
      throw new CliError(`${config.dataDir} already holds ${present.join(' and ')}; restore into an empty data folder, or pass --force to replace them`);
    }
    for (const file of present) refuseIfInUse(file, 'restoring');
    mkdirSync(config.dataDir, { recursive: true });

    removeSqliteFiles(files.readModels);
    await copyChecked(source, files.events, (copy) => {
      assertSound('the restored copy', eventStoreFileProblems(copy));
      const copied = storeFacts(copy);
      if (copied.events !== facts.events || copied.head !== facts.head) {
        throw new CliError(`the restored copy holds ${copied.events} events up to ${copied.head}, the backup ${facts.events} up to ${facts.head}`);
      }
    });
    io.out(`Restored ${formatCount(facts.events)} events (up to position ${facts.head}) into ${files.events}\n`);

    if (readModelsSource) {
      await copyChecked(readModelsSource, files.readModels, (copy) => assertSound('the restored read models', readModelFileProblems(copy)));
      io.out(`Restored the read models from ${readModelsSource}; Galley resumes them from their checkpoint\n`);
    } else {
      io.out('No read models restored: Galley rebuilds them when it starts (or run rebuild-projections now)\n');
    }
    return EXIT.ok;
  },
};

function storeFacts(db: Database.Database): StoreFacts {
  return { events: (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n, head: headSeq(db) };
}

function inspect(file: string): StoreFacts {
  const db = openSqliteFile(file, { readonly: true });
  try {
    assertSound(`${file} is not a sound Galley event store`, eventStoreFileProblems(db));
    return storeFacts(db);
  } finally {
    db.close();
  }
}

/** The backup's read models, when they are sound and not ahead of its events; otherwise null, said why. */
function usableReadModels(file: string, facts: StoreFacts, warn: (text: string) => void): string | null {
  if (!existsSync(file)) return null;
  const db = openSqliteFile(file, { readonly: true });
  try {
    const problems = readModelFileProblems(db);
    const row = problems.length === 0
      ? (db.prepare('SELECT commit_position FROM checkpoints WHERE name = ?').get(READ_MODELS_RUNNER) as { commit_position: string } | undefined)
      : undefined;
    if (row && BigInt(row.commit_position) > BigInt(facts.head)) problems.push(`their checkpoint ${row.commit_position} is ahead of the events (${facts.head})`);
    if (problems.length === 0) return file;
    warn(`warning: not restoring the read models of ${file}: ${problems.join('; ')}\n`);
    return null;
  } finally {
    db.close();
  }
}
