import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OUTBOX_CONSUMER } from '../webhooks/webhook-outbox.process';
import { readModelsBackupOf, webhooksBackupOf } from './backup.command';
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
  webhookOutboxFileProblems,
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
    const readModelsSource = values['without-read-models']
      ? null
      : usableCopy(readModelsBackupOf(source), facts, { what: 'the read models', checkpoint: READ_MODELS_RUNNER, problems: readModelFileProblems }, io.err);
    const webhooksSource = usableCopy(webhooksBackupOf(source), facts, { what: 'the webhook outbox', checkpoint: OUTBOX_CONSUMER, problems: webhookOutboxFileProblems }, io.err);

    const files = dataFiles(config);
    const present = [files.events, files.readModels, files.webhooks].filter((file) => existsSync(file));
    if (present.length > 0 && !values.force) {
      throw new CliError(`${config.dataDir} already holds ${present.join(' and ')}; restore into an empty data folder, or pass --force to replace them`);
    }
    for (const file of present) refuseIfInUse(file, 'restoring');
    mkdirSync(config.dataDir, { recursive: true });

    // An outbox or read models of other events must never sit beside these: they go first.
    removeSqliteFiles(files.readModels);
    removeSqliteFiles(files.webhooks);
    await copyChecked(source, files.events, (copy) => {
      assertSound('the restored copy', eventStoreFileProblems(copy));
      const copied = storeFacts(copy);
      if (copied.events !== facts.events || copied.head !== facts.head) {
        throw new CliError(`the restored copy holds ${copied.events} events up to ${copied.head}, the backup ${facts.events} up to ${facts.head}`);
      }
    });
    io.out(`Restored ${formatCount(facts.events)} events (up to position ${facts.head}) into ${files.events}\n`);

    if (webhooksSource) {
      await copyChecked(webhooksSource, files.webhooks, (copy) => assertSound('the restored webhook outbox', webhookOutboxFileProblems(copy)));
      io.out(`Restored the webhook outbox from ${webhooksSource}: deliveries resume from where it stood\n`);
    } else {
      io.out('No webhook outbox restored: webhooks are sent again every event since they were registered (receivers tell repeats by Galley-Event-Id)\n');
    }
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

interface CopyCheck {
  readonly what: string;
  /** The checkpoint the copy keeps in its `checkpoints` table, which may not be ahead of the events. */
  readonly checkpoint: string;
  readonly problems: (db: Database.Database) => string[];
}

/** A copy that came with the backup, when it is sound and not ahead of its events; otherwise null, said why. */
function usableCopy(file: string, facts: StoreFacts, check: CopyCheck, warn: (text: string) => void): string | null {
  if (!existsSync(file)) return null;
  const db = openSqliteFile(file, { readonly: true });
  try {
    const problems = check.problems(db);
    const row = problems.length === 0
      ? (db.prepare('SELECT commit_position FROM checkpoints WHERE name = ?').get(check.checkpoint) as { commit_position: string } | undefined)
      : undefined;
    if (row && BigInt(row.commit_position) > BigInt(facts.head)) problems.push(`its checkpoint ${row.commit_position} is ahead of the events (${facts.head})`);
    if (problems.length === 0) return file;
    warn(`warning: not restoring ${check.what} of ${file}: ${problems.join('; ')}\n`);
    return null;
  } finally {
    db.close();
  }
}
