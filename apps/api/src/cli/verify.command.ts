import type { Position } from '@galley/event-store';
import { READ_MODEL_OPENED_TABLE } from '@galley/read-models';
import type Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildReadModels,
  columnsOf,
  countEventsUpTo,
  dataFiles,
  describePosition,
  eventStoreFileProblems,
  EXIT,
  formatCount,
  headSeq,
  isEmbedded,
  openReadonly,
  openStore,
  Progress,
  READ_MODELS_RUNNER,
  type CliCommand,
  type CliIo,
} from './cli.plumbing';

/** Problems of one kind printed in full up to this many; the rest are counted. */
const SHOWN_PER_CHECK = 20;

/**
 * Checks the event store (SQLite's integrity, every stream's revisions contiguous and in `$all`
 * order, the streams table agreeing with the events) and the read models against a rebuild made in
 * a temporary file up to their checkpoint. Read-only: it runs beside a live server.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify',
  summary: 'check stream revisions, $all order and the read models against a fresh rebuild (exit 1 on a problem)',
  async run(args, { config, io }) {
    parseArgs({ args: [...args], options: {}, allowPositionals: false });
    const files = dataFiles(config);
    const report = new Report(io);

    if (isEmbedded(config)) {
      const store = openReadonly(files.events);
      try {
        checkEventStore(store, report);
      } finally {
        store.close();
      }
    } else {
      io.out('Event store: EventStoreDB keeps its own consistency (see its verification tools); checking the read models only\n');
    }

    if (!existsSync(files.readModels)) {
      io.out('Read models: none yet (Galley builds them when it starts)\n');
    } else {
      await checkReadModels(config, files.readModels, report);
    }

    if (report.problems === 0) {
      io.out('verify: no problem found\n');
      return EXIT.ok;
    }
    io.out(`verify: ${formatCount(report.problems)} problem(s) found\n`);
    return EXIT.problem;
  },
};

class Report {
  problems = 0;

  constructor(readonly io: CliIo) {}

  /** Prints one check's outcome: its problems (the first few in full), or that it passed. */
  check(name: string, problems: readonly string[], passed: string): void {
    if (problems.length === 0) {
      this.io.out(`ok      ${name}: ${passed}\n`);
      return;
    }
    this.problems += problems.length;
    this.io.out(`PROBLEM ${name}: ${formatCount(problems.length)}\n`);
    for (const problem of problems.slice(0, SHOWN_PER_CHECK)) this.io.out(`  - ${problem}\n`);
    if (problems.length > SHOWN_PER_CHECK) this.io.out(`  … and ${formatCount(problems.length - SHOWN_PER_CHECK)} more\n`);
  }
}

function checkEventStore(db: Database.Database, report: Report): void {
  const fileProblems = eventStoreFileProblems(db);
  report.check('event store file', fileProblems, 'SQLite integrity check passed, Galley schema present');
  if (fileProblems.length > 0) return;

  // One read transaction: every query sees the same store even while a server appends.
  db.transaction(() => {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const streams = (db.prepare('SELECT COUNT(*) AS n FROM streams').get() as { n: number }).n;
    report.check('stream revisions', revisionProblems(db), `${formatCount(streams)} streams, revisions contiguous, in $all order`);
    report.check('streams table', streamTableProblems(db), 'each stream\'s last revision matches its events');
    report.check('$all', allProblems(db), `${formatCount(events)} events, positions strictly increasing up to ${headSeq(db)}`);
  })();
}

/**
 * A stream starts at revision 0, or, when the store records a truncation point for it (soft delete,
 * `truncateBefore`), anywhere up to that point: the events before it may have been removed, and
 * EventStoreDB keeps the revision numbers of those after it.
 */
function truncationExpression(db: Database.Database): string {
  const column = columnsOf(db, 'streams').find((name) => /truncat/i.test(name));
  return column ? `(SELECT s."${column}" FROM streams s WHERE s.stream_id = e.stream_id)` : 'NULL';
}

function revisionProblems(db: Database.Database): string[] {
  // Each event beside the one before it in its stream: revisions step by one, seq (commit order) goes up.
  const rows = db
    .prepare(
      `SELECT stream_id, revision, seq, previous_revision, previous_seq, truncation FROM (
         SELECT e.stream_id, e.revision, e.seq,
                LAG(e.revision) OVER stream AS previous_revision,
                LAG(e.seq) OVER stream AS previous_seq,
                ${truncationExpression(db)} AS truncation
         FROM events e
         WINDOW stream AS (PARTITION BY e.stream_id ORDER BY e.revision))
       WHERE (previous_revision IS NULL AND revision <> 0 AND (truncation IS NULL OR revision > truncation))
          OR previous_revision + 1 <> revision
          OR previous_seq >= seq
       ORDER BY stream_id, revision`,
    )
    .all() as { stream_id: string; revision: number; seq: number; previous_revision: number | null; previous_seq: number | null; truncation: number | null }[];
  return rows.map((row) => {
    if (row.previous_revision === null) {
      const from = row.truncation ?? 0;
      const where = row.truncation === null ? 'not 0' : `after its truncation point ${row.truncation}`;
      return `${row.stream_id} starts at revision ${row.revision}, ${where}: ${missingRevisions(from, row.revision - 1)}`;
    }
    if (row.previous_revision + 1 !== row.revision) {
      return `${row.stream_id} jumps from revision ${row.previous_revision} to ${row.revision}: ${missingRevisions(row.previous_revision + 1, row.revision - 1)}`;
    }
    return `${row.stream_id} revision ${row.revision} is at position ${row.seq}, before revision ${row.previous_revision} at ${row.previous_seq}`;
  });
}

function missingRevisions(from: number, to: number): string {
  return from === to ? `revision ${from} is missing` : `revisions ${from} to ${to} are missing`;
}

function streamTableProblems(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT stream_id, last_revision, last_event FROM (
         SELECT s.stream_id, s.last_revision, (SELECT MAX(revision) FROM events e WHERE e.stream_id = s.stream_id) AS last_event FROM streams s
         UNION ALL
         SELECT e.stream_id, NULL, MAX(e.revision) FROM events e WHERE NOT EXISTS (SELECT 1 FROM streams s WHERE s.stream_id = e.stream_id) GROUP BY e.stream_id)
       WHERE last_revision IS NULL OR (last_event IS NOT NULL AND last_event <> last_revision)
       ORDER BY stream_id`,
    )
    .all() as { stream_id: string; last_revision: number | null; last_event: number | null }[];
  return rows.map((row) =>
    row.last_revision === null
      ? `${row.stream_id} has events but no entry in the streams table`
      : `${row.stream_id}: the streams table says revision ${row.last_revision}, its last event is ${row.last_event}`,
  );
}

function allProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const counter = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`).get() as { seq: number } | undefined;
  const head = headSeq(db);
  if (head > 0 && (counter === undefined || counter.seq < head)) {
    problems.push(`the position counter (${counter?.seq ?? 'missing'}) is behind the last event (${head}): positions could be reused`);
  }
  const invalid = db
    .prepare(`SELECT seq, stream_id FROM events WHERE json_valid(data) = 0 OR json_valid(metadata) = 0 ORDER BY seq`)
    .all() as { seq: number; stream_id: string }[];
  for (const row of invalid) problems.push(`event at position ${row.seq} (${row.stream_id}) holds data or metadata that is not JSON`);
  return problems;
}

async function checkReadModels(config: Parameters<typeof openStore>[0], file: string, report: Report): Promise<void> {
  const live = openReadonly(file);
  const folder = mkdtempSync(join(tmpdir(), 'galley-verify-'));
  const store = openStore(config);
  try {
    // The live read models as of one instant, with the checkpoint they claim to be at.
    const snapshot = live.transaction(() => ({ checkpoint: checkpointOf(live), tables: dumpTables(live) }))();
    const head = await store.headPosition();
    if (snapshot.checkpoint && (head === null || snapshot.checkpoint.commit > head.commit)) {
      report.check('read models', [`their checkpoint ${describePosition(snapshot.checkpoint)} is ahead of the event store's head ${describePosition(head)}`], '');
      return;
    }
    const total = isEmbedded(config) ? countEventsUpTo(dataFiles(config).events, snapshot.checkpoint) : null;
    const progress = new Progress(report.io, 'verify: rebuilding', total);
    const rebuiltFile = join(folder, 'read-models.sqlite');
    await buildReadModels(store, rebuiltFile, snapshot.checkpoint, { onApplied: (count) => progress.add(count) });
    progress.finish();
    const rebuilt = openReadonly(rebuiltFile);
    try {
      const differences = compareTables(snapshot.tables, dumpTables(rebuilt));
      const rows = Object.values(snapshot.tables).reduce((total, table) => total + table.rows.size, 0);
      report.check('read models', differences, `${formatCount(rows)} rows equal to a fresh rebuild up to position ${describePosition(snapshot.checkpoint)}`);
    } finally {
      rebuilt.close();
    }
  } finally {
    live.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function checkpointOf(db: Database.Database): Position | null {
  if (columnsOf(db, 'checkpoints').length === 0) return null;
  const row = db.prepare('SELECT commit_position, prepare_position FROM checkpoints WHERE name = ?').get(READ_MODELS_RUNNER) as
    | { commit_position: string; prepare_position: string }
    | undefined;
  return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : null;
}

/** A table's rows by primary key (the whole row when it has none), each row as JSON. */
interface TableDump {
  readonly keyColumns: readonly string[];
  readonly rows: Map<string, Record<string, unknown>>;
}

function dumpTables(db: Database.Database): Record<string, TableDump> {
  const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((t) => t.name)
    // Whether the file was closed cleanly says something of the file, not of the read models.
    .filter((name) => name !== READ_MODEL_OPENED_TABLE);
  const dump: Record<string, TableDump> = {};
  for (const name of names) {
    const info = db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY pk').all(name) as { name: string; pk: number }[];
    const keyColumns = info.filter((c) => c.pk > 0).map((c) => c.name);
    const rows = new Map<string, Record<string, unknown>>();
    // Other processes' checkpoints (the summary process) are not the read models' and not rebuilt.
    const where = name === 'checkpoints' ? ` WHERE name = '${READ_MODELS_RUNNER}'` : '';
    for (const row of db.prepare(`SELECT * FROM "${name}"${where}`).all() as Record<string, unknown>[]) {
      const key = keyColumns.length > 0 ? keyColumns.map((c) => `${c}=${String(row[c])}`).join(', ') : JSON.stringify(row);
      rows.set(rows.has(key) ? `${key} #${rows.size}` : key, row);
    }
    dump[name] = { keyColumns, rows };
  }
  return dump;
}

/** Differences between the live read models and a rebuild, one line per differing row. */
function compareTables(live: Record<string, TableDump>, rebuilt: Record<string, TableDump>): string[] {
  const differences: string[] = [];
  for (const name of [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].sort()) {
    const a = live[name];
    const b = rebuilt[name];
    if (!a || !b) {
      differences.push(`table ${name} is ${a ? 'not in a rebuild' : 'missing from the read models'}`);
      continue;
    }
    for (const [key, row] of a.rows) {
      const other = b.rows.get(key);
      if (!other) {
        differences.push(`${name} [${short(key)}]: in the read models, not in a rebuild`);
        continue;
      }
      const changed = Object.keys({ ...row, ...other }).filter((column) => JSON.stringify(row[column]) !== JSON.stringify(other[column]));
      if (changed.length > 0) {
        const detail = changed.map((column) => `${column} is ${short(JSON.stringify(row[column]))}, a rebuild has ${short(JSON.stringify(other[column]))}`);
        differences.push(`${name} [${short(key)}]: ${detail.join('; ')}`);
      }
    }
    for (const key of b.rows.keys()) {
      if (!a.rows.has(key)) differences.push(`${name} [${short(key)}]: missing from the read models (a rebuild has it)`);
    }
  }
  return differences;
}

function short(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
