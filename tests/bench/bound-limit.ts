/**
 * What a bound LIMIT costs a statement (ADR 21): a stream read like the event store's, one event after
 * a revision, run with `LIMIT @limit` (a bare bound parameter, which SQLite plans with, so every run
 * compiles the statement again) and with `LIMIT +@limit` (an expression, compiled once), interleaved in
 * one run, on a file the store wrote. CPU time per run, and the ratio between the two.
 *
 *   node --require ./tests/durability/swc-register.js tests/bench/bound-limit.ts [--runs=20000]
 */
import { SqliteEventStore } from '@galley/event-store';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { removeDir, tempDir } from './datasets';
import { articleLife, copyArticle } from './workload';

const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 20_000);

/** A read shaped like the store's forward stream read (the stream's row joined for its rules), with its LIMIT written as given. */
function streamRead(limit: string): string {
  return `SELECT events.seq, events.stream_id, events.revision, events.event_id, events.type, events.data, events.metadata, events.created
    FROM events JOIN streams AS s ON s.stream_id = events.stream_id
    WHERE events.stream_id = @stream AND events.revision > @after AND s.tombstoned = 0
      AND +events.revision >= COALESCE(s.truncate_before, 0)
      AND (s.max_count IS NULL OR +events.revision > s.last_revision - s.max_count)
      AND (s.max_age IS NULL OR events.created >= @now - s.max_age * 1000)
    ORDER BY events.revision ASC LIMIT ${limit}`;
}

async function main(): Promise<void> {
  const dir = tempDir('bound-limit');
  try {
    const file = join(dir, 'events.sqlite');
    const store = new SqliteEventStore({ file, synchronous: 'NORMAL' });
    const life = articleLife({ seed: 8, index: 0, until: 'FACT_CHECK', claims: 40, checked: 0 });
    for (let n = 0; n < 300; n++) {
      const copy = copyArticle(life.eventData(), `bound-limit:${n}`);
      await store.appendToStream(copy.streamId, copy.events, { expectedRevision: 'no_stream' });
    }
    await store.close();

    const db = new Database(file, { readonly: true });
    const streams = db.prepare('SELECT stream_id, last_revision FROM streams').all() as { stream_id: string; last_revision: number }[];
    const variants = [
      ['LIMIT @limit', db.prepare(streamRead('@limit'))],
      ['LIMIT +@limit', db.prepare(streamRead('+@limit'))],
    ] as const;
    const spent = new Map<string, number>(variants.map(([name]) => [name, 0]));
    for (let round = 0; round < 6; round++) {
      for (const [name, statement] of variants) {
        const started = process.cpuUsage();
        for (let i = 0; i < runs / 6; i++) {
          const stream = streams[i % streams.length];
          statement.all({ stream: stream.stream_id, after: stream.last_revision - 1, limit: -1, now: Date.now() });
        }
        const { user, system } = process.cpuUsage(started);
        spent.set(name, (spent.get(name) ?? 0) + user + system);
      }
    }
    const version = String(db.prepare('SELECT sqlite_version()').pluck().get());
    db.close();
    const perRun = (name: string) => (spent.get(name) ?? 0) / runs;
    for (const [name] of variants) console.log(`${name.padEnd(14)} ${perRun(name).toFixed(1)} µs CPU per read of one event`);
    console.log(`ratio ${(perRun('LIMIT @limit') / perRun('LIMIT +@limit')).toFixed(2)}× (SQLite ${version})`);
  } finally {
    removeDir(dir);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
