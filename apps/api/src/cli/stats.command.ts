import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  columnsOf,
  dataFiles,
  describePosition,
  EXIT,
  formatBytes,
  formatCount,
  isEmbedded,
  openReadonly,
  openStore,
  sizeOnDisk,
  type CliCommand,
} from './cli.plumbing';

export interface Stats {
  readonly eventStore: {
    readonly kind: 'embedded' | 'eventstoredb';
    readonly head: string | null;
    /** Embedded store only: EventStoreDB's counts are its own (its stats page). */
    readonly events: number | null;
    readonly streams: number | null;
    readonly byCategory: Record<string, { streams: number; events: number }> | null;
    readonly bytes: number | null;
  };
  readonly readModels: {
    readonly bytes: number;
    readonly articlesByStage: Record<string, number>;
    /** Each checkpoint and how many events of `$all` lie after it. */
    readonly checkpoints: Record<string, { position: string; behindHead: number | null }>;
  } | null;
}

/** The category of a stream, as EventStoreDB's `$ce-` projection has it: the name up to its first dash. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash <= 0 ? streamId : streamId.slice(0, dash);
}

export const statsCommand: CliCommand = {
  name: 'stats',
  usage: 'stats [--json]',
  summary: 'events, streams by category, articles by stage, database sizes, projection lag',
  async run(args, { config, io }) {
    const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: false });
    const stats = await collectStats(config);
    io.out(values.json ? `${JSON.stringify(stats, null, 2)}\n` : render(stats));
    return EXIT.ok;
  },
};

export async function collectStats(config: Parameters<typeof openStore>[0]): Promise<Stats> {
  const files = dataFiles(config);
  let eventStore: Stats['eventStore'];
  let headSeq = 0;
  if (isEmbedded(config)) {
    const db = openReadonly(files.events);
    try {
      const counted = db.transaction(() => countEvents(db))();
      headSeq = counted.head;
      eventStore = { kind: 'embedded', ...counted, head: counted.head === 0 ? null : String(counted.head), bytes: sizeOnDisk(files.events) };
    } finally {
      db.close();
    }
  } else {
    const store = openStore(config);
    try {
      const head = await store.headPosition();
      eventStore = { kind: 'eventstoredb', head: head === null ? null : describePosition(head), events: null, streams: null, byCategory: null, bytes: null };
    } finally {
      await store.close();
    }
  }

  let readModels: Stats['readModels'] = null;
  if (existsSync(files.readModels)) {
    const db = openReadonly(files.readModels);
    try {
      readModels = db.transaction(() => ({
        bytes: sizeOnDisk(files.readModels),
        articlesByStage: articlesByStage(db),
        checkpoints: checkpoints(db, isEmbedded(config) ? files.events : null, headSeq),
      }))();
    } finally {
      db.close();
    }
  }
  return { eventStore, readModels };
}

function countEvents(db: Database.Database) {
  const rows = db
    .prepare(`SELECT stream_id, COUNT(*) AS events FROM events GROUP BY stream_id`)
    .all() as { stream_id: string; events: number }[];
  const byCategory: Record<string, { streams: number; events: number }> = {};
  let events = 0;
  for (const row of rows) {
    const entry = (byCategory[categoryOf(row.stream_id)] ??= { streams: 0, events: 0 });
    entry.streams += 1;
    entry.events += row.events;
    events += row.events;
  }
  const head = (db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number | null }).seq ?? 0;
  return { events, streams: rows.length, byCategory, head };
}

function articlesByStage(db: Database.Database): Record<string, number> {
  if (columnsOf(db, 'articles').length === 0) return {};
  const rows = db.prepare('SELECT stage, COUNT(*) AS n FROM articles GROUP BY stage ORDER BY stage').all() as { stage: string; n: number }[];
  return Object.fromEntries(rows.map((row) => [row.stage, row.n]));
}

function checkpoints(db: Database.Database, eventsFile: string | null, head: number): Record<string, { position: string; behindHead: number | null }> {
  if (columnsOf(db, 'checkpoints').length === 0) return {};
  const rows = db.prepare('SELECT name, commit_position FROM checkpoints ORDER BY name').all() as { name: string; commit_position: string }[];
  const events = eventsFile ? openReadonly(eventsFile) : null;
  try {
    const after = events?.prepare('SELECT COUNT(*) AS n FROM events WHERE seq > ?');
    return Object.fromEntries(
      rows.map((row) => {
        const position = Number(row.commit_position);
        const behind = after && position <= head ? (after.get(position) as { n: number }).n : after ? 0 : null;
        return [row.name, { position: row.commit_position, behindHead: behind }];
      }),
    );
  } finally {
    events?.close();
  }
}

function render(stats: Stats): string {
  const lines: string[] = [];
  const { eventStore, readModels } = stats;
  lines.push(`Event store (${eventStore.kind})`);
  if (eventStore.events !== null) {
    lines.push(`  events      ${formatCount(eventStore.events)}`);
    lines.push(`  streams     ${formatCount(eventStore.streams ?? 0)}`);
    lines.push(`  head        ${eventStore.head ?? 'empty'}`);
    lines.push(`  size        ${formatBytes(eventStore.bytes ?? 0)}`);
    lines.push('  by category');
    for (const [category, entry] of Object.entries(eventStore.byCategory ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`    ${category.padEnd(20)} ${formatCount(entry.streams).padStart(9)} streams ${formatCount(entry.events).padStart(11)} events`);
    }
  } else {
    lines.push(`  head        ${eventStore.head ?? 'empty'} (counts: see EventStoreDB's own statistics)`);
  }
  if (readModels === null) {
    lines.push('Read models: none yet (Galley builds them when it starts)');
  } else {
    lines.push('Read models');
    lines.push(`  size        ${formatBytes(readModels.bytes)}`);
    lines.push('  articles by stage');
    for (const [stage, count] of Object.entries(readModels.articlesByStage)) lines.push(`    ${stage.padEnd(20)} ${formatCount(count).padStart(9)}`);
    lines.push('  checkpoints');
    for (const [name, checkpoint] of Object.entries(readModels.checkpoints)) {
      const lag = checkpoint.behindHead === null ? '' : `, ${formatCount(checkpoint.behindHead)} events after it in $all`;
      lines.push(`    ${name.padEnd(20)} at ${checkpoint.position}${lag}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
