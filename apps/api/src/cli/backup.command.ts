import { UnsyncedWritesGuard } from '@galley/read-models';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WEBHOOK_KEY_FILE } from '../webhooks/webhook-secret-box';
import { parseArgs } from 'node:util';
import {
  assertSound,
  CliError,
  copyChecked,
  dataFiles,
  eventStoreFileProblems,
  EXIT,
  formatBytes,
  formatCount,
  headSeq,
  readModelFileProblems,
  requireEmbedded,
  UsageError,
  webhookOutboxFileProblems,
  type CliCommand,
} from './cli.plumbing';

/** Where `backup FILE --read-models` puts the read models, and where `restore FILE` looks for them. */
export function readModelsBackupOf(file: string): string {
  return `${file}.read-models`;
}

/** Where `backup FILE` puts the webhook outbox, and where `restore FILE` looks for it. */
export function webhooksBackupOf(file: string): string {
  return `${file}.webhooks`;
}

/**
 * An online, consistent copy of the event store, made by SQLite's backup API while the server may
 * go on writing: the copy is the store as it stood at one instant, holding every event acknowledged
 * before the backup began. The webhook outbox (what is queued, delivered and dead) and, with
 * --read-models, the read models are copied first, so their checkpoints are never ahead of the
 * copied events: a restored outbox queues what followed its copy, and sends nothing twice that it
 * had already recorded as sent.
 */
export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup FILE [--read-models] [--force]',
  summary: 'copy the event store (and, with --read-models, the read models) while Galley runs',
  async run(args, { config, io }) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { 'read-models': { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    requireEmbedded(config, 'backup');
    if (positionals.length !== 1) throw new UsageError('backup needs one FILE to write');
    const target = resolve(positionals[0]);
    const files = dataFiles(config);
    const withWebhooks = existsSync(files.webhooks);
    const targets = [target, ...(values['read-models'] ? [readModelsBackupOf(target)] : []), ...(withWebhooks ? [webhooksBackupOf(target)] : [])];
    if (!existsSync(dirname(target))) throw new CliError(`The folder ${dirname(target)} does not exist`);
    for (const file of targets) {
      if (existsSync(file) && !values.force) throw new CliError(`${file} exists; pass --force to overwrite it`);
    }
    if (!existsSync(files.events)) throw new CliError(`No event store in ${config.dataDir}: nothing to back up`);

    const startedAt = Date.now();
    if (withWebhooks) {
      await copyChecked(files.webhooks, webhooksBackupOf(target), (db) => assertSound('the webhook outbox copy', webhookOutboxFileProblems(db)));
      io.out(`Webhook outbox: ${webhooksBackupOf(target)} (${formatBytes(statSync(webhooksBackupOf(target)).size)})\n`);
    }
    if (values['read-models']) {
      if (!existsSync(files.readModels)) throw new CliError(`No read models in ${config.dataDir} (they appear once Galley has run)`);
      await copyChecked(
        files.readModels,
        readModelsBackupOf(target),
        (db) => assertSound('the read-model copy', readModelFileProblems(db)),
        // A consistent copy, synced when finished: a restore after a restart may trust it (UnsyncedWritesGuard).
        (copy) => new UnsyncedWritesGuard(copy).markClosed(),
      );
      io.out(`Read models: ${readModelsBackupOf(target)} (${formatBytes(statSync(readModelsBackupOf(target)).size)})\n`);
    }
    const copied = await copyChecked(files.events, target, (db) => {
      assertSound('the event store copy', eventStoreFileProblems(db));
      return {
        events: (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n,
        streams: (db.prepare('SELECT COUNT(*) AS n FROM streams').get() as { n: number }).n,
        head: headSeq(db),
      };
    });
    io.out(
      `Event store: ${target} (${formatBytes(statSync(target).size)}): ${formatCount(copied.events)} events in ` +
        `${formatCount(copied.streams)} streams, up to position ${copied.head}, in ${Date.now() - startedAt} ms\n`,
    );
    if (existsSync(join(config.dataDir, WEBHOOK_KEY_FILE))) {
      io.out(`Webhook secrets in it are sealed with ${join(config.dataDir, WEBHOOK_KEY_FILE)}: keep a copy of that key apart from the backup\n`);
    }
    return EXIT.ok;
  },
};
