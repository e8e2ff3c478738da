/**
 * What the read models write for each verdict, as the server's projection worker applies them: WAL
 * frames (pages) per verdict, by table and index, and the time to apply a batch in this thread.
 * Pages are what a read-model commit costs (ADR 20); unlike a timing, their count does not drift
 * with the machine.
 *
 *   node --require ./tests/durability/swc-register.js tests/bench/read-model-writes.ts [--articles=300] [--batch=17] [--batches=600]
 *
 * The shape is the HTTP benchmark's `recordVerdict` run: articles waiting in FACT_CHECK with 40
 * claims, verdicts taken one claim of each article in turn, in batches of about the size the worker
 * applies at 32 connections, each verdict stamped later than the one before.
 */
import { SqliteEventStore, type EventData } from '@galley/event-store';
import { LocalProjectionTarget, openReadModelDatabase, readModelProjections } from '@galley/read-models';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from './datasets';
import { fmt } from './report';
import { articleLife, copyArticle } from './workload';

/** A WAL frame: its 24-byte header and a page (the read models keep SQLite's 4,096-byte pages). */
const FRAME = 24 + 4096;
const WAL_HEADER = 32;

function option(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
}

async function main(): Promise<void> {
  const articleCount = option('articles', 300);
  const batchSize = option('batch', 17);
  const maxBatches = option('batches', 600);
  const dir = tempDir('read-model-writes');
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL', maxAppendSize: 64 * 1024 * 1024 });
  try {
    const templates = Array.from({ length: 20 }, (_, index) => articleLife({ seed: 8, index, until: 'FACT_CHECK', claims: 40, checked: 40 }));
    const firstVerdict = templates.map((life) => life.events.findIndex(({ event }) => event.type === 'VerdictRecorded'));
    const start = Date.now();
    const articles = Array.from({ length: articleCount }, (_, n) => {
      const t = n % templates.length;
      const copy = copyArticle(templates[t].eventData(), `verdicts:${n}`);
      const verdicts = copy.events.slice(firstVerdict[t]).map((event, k): EventData => {
        // Verdicts given now, in the order they are appended: indexes on time grow at their end, as live.
        const at = new Date(start + (k * articleCount + n) * 10).toISOString();
        return { ...event, data: { ...(event.data as object), at }, metadata: { ...event.metadata, timestamp: at } };
      });
      return { streamId: copy.streamId, before: copy.events.slice(0, firstVerdict[t]), verdicts };
    });
    await Promise.all(articles.map((a) => store.appendToStream(a.streamId, a.before, { expectedRevision: 'no_stream' })));
    const history = await store.readAll({ fromPosition: 'start', maxCount: Number.MAX_SAFE_INTEGER });

    const file = join(dir, 'read-models.sqlite');
    const db = openReadModelDatabase(file);
    db.pragma('synchronous = OFF');
    const target = new LocalProjectionTarget(db, readModelProjections(), 'read-models');
    for (let i = 0; i < history.length; i += 500) target.apply(history.slice(i, i + 500), i === 0 ? null : history[i - 1].position);
    target.createIndexes();
    // Every frame of the run stays in the WAL, to be counted and attributed at the end.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');

    const rounds = Math.max(...articles.map((a) => a.verdicts.length));
    for (let k = 0; k < rounds; k++) {
      const due = articles.filter((a) => k < a.verdicts.length);
      await Promise.all(due.map((a) => store.appendToStream(a.streamId, [a.verdicts[k]], { expectedRevision: a.before.length + k - 1 })));
    }
    const verdicts = (await store.readAll({ fromPosition: 'start', maxCount: Number.MAX_SAFE_INTEGER })).slice(history.length);

    let after = history[history.length - 1].position;
    let applyMs = 0;
    let applied = 0;
    for (let i = 0; i < verdicts.length && i / batchSize < maxBatches; i += batchSize) {
      const batch = verdicts.slice(i, i + batchSize);
      const started = performance.now();
      target.apply(batch, after);
      applyMs += performance.now() - started;
      applied += batch.length;
      after = batch[batch.length - 1].position;
    }

    const owner = new Map<number, string>();
    for (const row of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owner.set(row.pageno, row.name);
    const wal = readFileSync(`${file}-wal`);
    const frames = new Map<string, number>();
    let total = 0;
    for (let offset = WAL_HEADER; offset + FRAME <= wal.length; offset += FRAME) {
      const name = owner.get(wal.readUInt32BE(offset)) ?? '(freed page)';
      frames.set(name, (frames.get(name) ?? 0) + 1);
      total++;
    }
    const walMb = statSync(`${file}-wal`).size / 1e6;
    db.close();

    console.log(`${fmt(applied)} verdicts on ${fmt(articleCount)} articles, batches of ${batchSize}; WAL ${fmt(walMb, 1)} MB`);
    console.log(`pages written per verdict: ${(total / applied).toFixed(2)}; applied in ${fmt((applyMs * 1000) / applied)} µs per verdict (this thread, no checkpoint)`);
    for (const [name, count] of [...frames].sort((a, b) => b[1] - a[1])) console.log(`${(count / applied).toFixed(2).padStart(8)}  ${name}`);
  } finally {
    await store.close();
    removeDir(dir);
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
