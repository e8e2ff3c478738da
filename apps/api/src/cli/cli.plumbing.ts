import { comparePositions, readsSerialized, type EventStore, type Position, type RecordedEvent, type SerializedRecordedEvent } from '@galley/event-store';
import { pipelinedCatchUp, READ_MODELS_RUNNER, WorkerProjectionTarget } from '@galley/read-models';
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dataFiles } from '../config/data-files';
import type { GalleyConfig } from '../config/galley.config';
import { inUse } from '../infrastructure/data-folder-locks';
import { createEventStore } from '../infrastructure/event-store.provider';
import { workerExecArgv } from '../infrastructure/worker-exec-argv';

/** 0: done, nothing wrong; 1: a problem found or the operation failed; 2: bad usage or unsupported here. */
export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

/** A failure the user can act on: its message is printed as is, without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.problem,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** Where a command writes: stdout for results, stderr for progress and complaints. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal: progress then rewrites one line instead of adding lines. */
  readonly interactive: boolean;
}

export interface CliContext {
  readonly config: GalleyConfig;
  readonly io: CliIo;
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], context: CliContext): Promise<number>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
};

export { dataFiles } from '../config/data-files';
export { READ_MODELS_RUNNER, readModelProjections } from '@galley/read-models';

/** Commands that handle the SQLite files themselves have nothing to do on EventStoreDB. */
export function requireEmbedded(config: GalleyConfig, command: string): void {
  if (config.eventStore === 'embedded') return;
  throw new CliError(
    `${command} works on the embedded event store only. GALLEY_EVENT_STORE is "eventstoredb": ` +
      `back up and restore EventStoreDB with its own tools (file-copy or disk snapshots of the database ` +
      `folder, see EventStoreDB's "Backup and restore" documentation).`,
    EXIT.usage,
  );
}

export function openStore(config: GalleyConfig): EventStore {
  if (config.eventStore === 'embedded' && !existsSync(dataFiles(config).events)) {
    throw new CliError(`No event store in ${config.dataDir} (no events.sqlite). Set GALLEY_DATA_DIR to Galley's data folder.`);
  }
  return createEventStore(config);
}

export function refuseIfInUse(file: string, action: string): void {
  if (inUse(file)) throw inUseError(file, action);
}

export function inUseError(file: string, action: string): CliError {
  return new CliError(`${file} is open in another process: a Galley server is probably running on this data folder. Stop it before ${action}.`);
}

export function openReadonly(file: string): Database.Database {
  if (!existsSync(file)) throw new CliError(`${file} does not exist`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Columns the embedded store's tables must have; the store may add more. */
const EVENT_STORE_SCHEMA: Record<string, readonly string[]> = {
  events: ['seq', 'stream_id', 'revision', 'event_id', 'type', 'data', 'metadata', 'created'],
  streams: ['stream_id', 'last_revision'],
};

export function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/** Problems that make a file not a (sound) Galley event store: SQLite's integrity check, then the schema. */
export function eventStoreFileProblems(db: Database.Database): string[] {
  const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (integrity.length !== 1 || integrity[0] !== 'ok') return integrity.map((line) => `integrity check: ${line}`);
  const problems: string[] = [];
  for (const [table, required] of Object.entries(EVENT_STORE_SCHEMA)) {
    const columns = columnsOf(db, table);
    if (columns.length === 0) {
      problems.push(`no "${table}" table: not a Galley event store`);
      continue;
    }
    const missing = required.filter((c) => !columns.includes(c));
    if (missing.length > 0) problems.push(`table "${table}" lacks ${missing.join(', ')}: not a Galley event store`);
  }
  return problems;
}

/** Problems that make a file not (sound) Galley read models. */
export function readModelFileProblems(db: Database.Database): string[] {
  const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (integrity.length !== 1 || integrity[0] !== 'ok') return integrity.map((line) => `integrity check: ${line}`);
  return columnsOf(db, 'checkpoints').length === 0 ? ['no "checkpoints" table: not Galley read models'] : [];
}

export function webhookOutboxFileProblems(db: Database.Database): string[] {
  const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (integrity.length !== 1 || integrity[0] !== 'ok') return integrity.map((line) => `integrity check: ${line}`);
  return ['webhooks', 'deliveries', 'checkpoints']
    .filter((table) => columnsOf(db, table).length === 0)
    .map((table) => `no "${table}" table: not a Galley webhook outbox`);
}

/** Throws when a file failed its checks, naming it. */
export function assertSound(what: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new CliError(`${what}: ${problems.join('; ')}`);
}

/** Opens a file as SQLite, turning "not a database" into a message about that file. */
export function openSqliteFile(file: string, options: Database.Options = {}): Database.Database {
  try {
    const db = new Database(file, { fileMustExist: true, ...options });
    db.pragma('schema_version'); // Reads page 1: a file that is not SQLite fails here.
    return db;
  } catch (error) {
    throw new CliError(`${file} is not a SQLite database (${(error as Error).message})`);
  }
}

export function headSeq(db: Database.Database): number {
  return (db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number | null }).seq ?? 0;
}

/** SQLite's own copy: consistent, even while another process writes. One step, so one snapshot. */
export async function copyDatabase(source: Database.Database, target: string): Promise<void> {
  rmSync(target, { force: true });
  // The first step only sizes the copy; the second copies every page under one read transaction.
  await source.backup(target, { progress: () => 0x7fffffff });
}

/**
 * Copies a SQLite file (live or not) into a temporary file next to `target`, checks the copy, then
 * renames it into place: `target` is never a half-written copy.
 */
export async function copyChecked<T>(
  source: string,
  target: string,
  check: (copy: Database.Database) => T,
  prepare?: (copy: Database.Database) => void,
): Promise<T> {
  const partial = `${target}.partial-${process.pid}`;
  const db = openReadonly(source);
  try {
    await copyDatabase(db, partial);
    if (prepare) {
      const copy = new Database(partial, { fileMustExist: true });
      try {
        prepare(copy);
      } finally {
        copy.close();
      }
    }
    finalizeCopy(partial);
    const copy = openSqliteFile(partial, { readonly: true });
    let result: T;
    try {
      result = check(copy);
    } finally {
      copy.close();
    }
    swapInto(partial, target);
    return result;
  } finally {
    db.close();
    removeSqliteFiles(partial);
  }
}

/** Makes `file` a self-contained, rollback-journal SQLite file, flushed to disk. */
export function finalizeCopy(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('journal_mode = DELETE');
  db.close();
  fsyncFile(file);
}

/** fdatasync on libuv's pool: this thread goes on meanwhile. */
async function fdatasyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Renames `from` over `to` and flushes the folder, so the swap itself survives a power cut. */
export function swapInto(from: string, to: string): void {
  removeSqliteFiles(to, { mainFile: false });
  renameSync(from, to);
  fsyncFile(dirname(to));
}

/** A SQLite file's companions (-wal, -shm) and, unless told otherwise, the file itself. */
export function removeSqliteFiles(file: string, options: { mainFile: boolean } = { mainFile: true }): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  if (options.mainFile) rmSync(file, { force: true });
}

export function sizeOnDisk(file: string): number {
  return ['', '-wal'].reduce((total, suffix) => total + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Reports "applied / total, rate" on stderr at most once a second, and only for runs that last. */
export class Progress {
  private readonly startedAt = Date.now();
  private lastReport = this.startedAt;
  private done = 0;
  private reported = false;

  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    /** Null when the store cannot say how many events there are. */
    private readonly total: number | null,
    private readonly intervalMs = 1_000,
  ) {}

  add(count: number): void {
    this.done += count;
    const now = Date.now();
    if (now - this.lastReport < this.intervalMs) return;
    this.lastReport = now;
    this.reported = true;
    this.io.err(`${this.io.interactive ? '\r' : ''}${this.line(now)}${this.io.interactive ? '' : '\n'}`);
  }

  /** Ends the progress line; returns the rate in events per second. */
  finish(): number {
    const now = Date.now();
    if (this.reported && this.io.interactive) this.io.err(`\r${this.line(now)}\n`);
    return this.rate(now);
  }

  private rate(now: number): number {
    return this.done / Math.max((now - this.startedAt) / 1000, 0.001);
  }

  private line(now: number): string {
    const of = this.total === null ? '' : ` / ${formatCount(this.total)}`;
    const percent = this.total ? ` (${Math.floor((100 * this.done) / this.total)}%)` : '';
    return `${this.label}: ${formatCount(this.done)}${of} events${percent}, ${formatCount(Math.round(this.rate(now)))} events/s`;
  }
}

/**
 * A rebuild's batches (ADR 0019, amended, measured): 500 events, as in-thread (250 and 1,000 did no
 * better); two handed to the worker at a time, so that the next is read while one is applied; and a
 * worker with twice the default young generation, so that fewer collections copy a batch's events.
 */
const REBUILD = { batchSize: 500, ahead: 2, youngGenerationMb: 64 } as const;

export interface BuildReadModelsOptions {
  /** After each batch is applied, with its number of events (progress). */
  readonly onApplied?: (count: number) => void;
  /** Events per batch; the default was measured (tests make it small to cross many batches). */
  readonly batchSize?: number;
}

/**
 * Builds the read models from scratch into `file` with the server's own projections, up to `upTo`,
 * then leaves a self-contained file (no -wal, in rollback-journal mode: a server turns it to WAL when
 * it opens it) flushed to disk. The projections run in a worker thread (ADR 0019) while this thread
 * reads the next batch; the embedded store hands its events over unparsed, and the worker parses them.
 * A failure anywhere rejects, and leaves nothing at `file`: a half-built file is never used.
 */
export async function buildReadModels(
  store: EventStore,
  file: string,
  upTo: Position | null,
  options: BuildReadModelsOptions = {},
): Promise<{ checkpoint: Position | null }> {
  removeSqliteFiles(file);
  let target: WorkerProjectionTarget | null = null;
  let built = false;
  try {
    target = await WorkerProjectionTarget.open({
      file,
      name: READ_MODELS_RUNNER,
      rebuild: true,
      execArgv: workerExecArgv(),
      youngGenerationMb: REBUILD.youngGenerationMb,
    });
    const checkpoint = upTo === null ? null : await catchUp(store, target, upTo, options);
    // The tables' pages go to disk while the worker builds the indexes; the last fsync then has only
    // the indexes to write.
    await Promise.all([fdatasyncFile(file), target.createIndexes()]);
    await target.close();
    fsyncFile(file);
    built = true;
    return { checkpoint };
  } finally {
    if (!built) {
      await target?.close().catch(() => undefined);
      removeSqliteFiles(file);
    }
  }
}

/** Feeds the worker every event up to `upTo`; resolves to the last one it applied. */
function catchUp(store: EventStore, target: WorkerProjectionTarget, upTo: Position, options: BuildReadModelsOptions): Promise<Position | null> {
  const feed = {
    from: null,
    batchSize: options.batchSize ?? REBUILD.batchSize,
    ahead: REBUILD.ahead,
    onApplied: (events: readonly unknown[]) => options.onApplied?.(events.length),
  };
  if (readsSerialized(store)) {
    return pipelinedCatchUp<SerializedRecordedEvent>({
      ...feed,
      read: (after, maxCount) => store.readAllSerialized({ after, upTo, maxCount }),
      apply: (events, after) => target.applySerialized(events, after),
    });
  }
  // A store without serialized reads (EventStoreDB): its events are parsed here and copied over.
  return pipelinedCatchUp<RecordedEvent>({
    ...feed,
    read: async (after, maxCount) => {
      const events = await store.readAll({ fromPosition: after ?? 'start', maxCount });
      return events.filter((event) => comparePositions(event.position, upTo) <= 0);
    },
    apply: (events, after) => target.apply(events, after),
  });
}

/** Counts the events of `$all` up to a position, straight from the embedded store's table. */
export function countEventsUpTo(eventsFile: string, upTo: Position | null): number {
  if (upTo === null || !existsSync(eventsFile)) return 0;
  const db = openReadonly(eventsFile);
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM events WHERE seq <= ?').get(Number(upTo.commit)) as { n: number }).n;
  } finally {
    db.close();
  }
}

export function isEmbedded(config: GalleyConfig): boolean {
  return config.eventStore === 'embedded';
}

export function describePosition(position: Position | null): string {
  return position === null ? 'none' : position.commit.toString();
}
