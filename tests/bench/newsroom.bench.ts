import { SqliteEventStore } from '@galley/event-store';
import { CheckpointStore, openReadModelDatabase } from '@galley/read-models';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { signToken } from '../../apps/api/src/auth/tokens';
import { buildReadModels } from '../../apps/api/src/cli/cli.plumbing';
import { dataFiles } from '../../apps/api/src/config/data-files';
import { OUTBOX_CONSUMER } from '../../apps/api/src/webhooks/webhook-outbox.process';
import { WebhookOutboxStore } from '../../apps/api/src/webhooks/webhook-outbox.store';
import { buildNewsroomStore, removeDir, type NewsroomStore } from './datasets';
import { load } from './http.bench';
import { boundRow, fmt, log, ratioRow, type Row } from './report';
import { NEWSROOM } from './workload';

const SECRET = 'galley-bench-secret-that-is-long-enough';
/** The server as `npm run start:prod` runs it: the bundle `npm run build:api` makes (ADR 0016). */
const MAIN = resolve(__dirname, '..', '..', 'dist', 'server', 'main.cjs');

/** The floor of any projection: read every event and write one row for it, in batches of 2,000, straight SQL. */
export function rawBatchedInserts(store: NewsroomStore): number {
  const source = new Database(store.eventsFile, { readonly: true });
  const target = new Database(join(store.dataDir, 'raw-rebuild.sqlite'));
  target.pragma('journal_mode = WAL');
  target.pragma('synchronous = OFF');
  target.exec(`CREATE TABLE rows (stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (stream_id, revision))`);
  const insert = target.prepare('INSERT INTO rows (stream_id, revision, type, data) VALUES (?, ?, ?, ?)');
  const write = target.transaction((batch: { stream_id: string; revision: number; type: string; data: string }[]) => {
    for (const row of batch) insert.run(row.stream_id, row.revision, row.type, row.data);
  });
  const started = performance.now();
  let batch: { stream_id: string; revision: number; type: string; data: string }[] = [];
  let count = 0;
  for (const row of source.prepare('SELECT stream_id, revision, type, data FROM events ORDER BY seq').iterate() as Iterable<{
    stream_id: string;
    revision: number;
    type: string;
    data: string;
  }>) {
    batch.push(row);
    if (batch.length === 2000) {
      write(batch);
      count += batch.length;
      batch = [];
    }
  }
  write(batch);
  count += batch.length;
  const rate = count / ((performance.now() - started) / 1000);
  source.close();
  target.close();
  return rate;
}

/** The app's own rebuild (the operations command's code path): a projection runner from the start of `$all`. */
export async function rebuild(store: NewsroomStore): Promise<number> {
  const events = new SqliteEventStore({ file: store.eventsFile });
  const head = await events.headPosition();
  const started = performance.now();
  await buildReadModels(events, dataFiles({ dataDir: store.dataDir }).readModels, head);
  const rate = store.events / ((performance.now() - started) / 1000);
  // A server that has been running has its processes' checkpoints at the head too (they move past what
  // their filters leave out); without them the first start would spend half a minute on the outbox alone.
  const files = dataFiles({ dataDir: store.dataDir });
  const db = openReadModelDatabase(files.readModels);
  const outbox = new WebhookOutboxStore(files.webhooks);
  if (head) {
    for (const process of ['summary-process', 'publication-completion']) new CheckpointStore(db).write(process, head);
    outbox.checkpoints.write(OUTBOX_CONSUMER, head);
  }
  outbox.close();
  db.close();
  await events.close();
  return rate;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function rssMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Starts the built server (as `npm run start:prod` does) and times it until /health says ready. */
async function coldStart(dataDir: string): Promise<{ readyMs: number; rssMb: number; url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      GALLEY_DATA_DIR: dataDir,
      GALLEY_PORT: String(port),
      GALLEY_JWT_SECRET: SECRET,
      GALLEY_RATE_LIMIT_USER: '0',
      GALLEY_RATE_LIMIT_IP: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} while starting`);
    if (performance.now() - started > 120_000) {
      await stop();
      throw new Error('the server was not ready after 120 s');
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok && ((await response.json()) as { ready?: boolean }).ready) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - started;
  return { readyMs, rssMb: rssMegabytes(child.pid!), url, pid: child.pid!, stop };
}

export interface NewsroomBenchOptions {
  readonly events: number;
  readonly querySeconds: number;
}

export async function newsroomBenchmarks(options: NewsroomBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  log(`newsroom: writing about ${fmt(options.events)} events through the store`);
  const store = await buildNewsroomStore(options.events);
  log(`newsroom: ${fmt(store.articles)} articles, ${fmt(store.events)} events, ${fmt(store.bytes / 1e6)} MB in ${store.seconds.toFixed(1)} s`);
  try {
    log('rebuild: raw batched inserts (floor)');
    const raw = rawBatchedInserts(store);
    log(`rebuild: raw ${fmt(raw)} rows/s; the projection runner now`);
    const projected = await rebuild(store);
    log(`rebuild: ${fmt(projected)} events/s`);
    rows.push(ratioRow(`projection rebuild, ${fmt(store.events)} events`, projected, 'events/s', 'raw batched', raw, 0.5,
      `1,000,000 events at this rate: ${fmt(1_000_000 / projected / 60, 1)} min`));

    if (!existsSync(MAIN)) {
      log(`cold start skipped: ${MAIN} is missing (npm run build)`);
      return rows;
    }
    log('cold start: the built server on that data, 3 times');
    const starts: { readyMs: number; rssMb: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const server = await coldStart(store.dataDir);
      starts.push(server);
      if (i < 2) {
        await server.stop();
        continue;
      }
      const editor = signToken(SECRET, { sub: NEWSROOM.editor.id, name: NEWSROOM.editor.name, roles: ['editor'] });
      const articles = await load({
        url: server.url,
        connections: 1,
        seconds: options.querySeconds,
        token: editor,
        body: { fixed: JSON.stringify({ query: '{ articles(first: 20) { totalCount edges { cursor node { id title stage version } } } }' }) },
      });
      const dashboard = await load({
        url: server.url,
        connections: 1,
        seconds: options.querySeconds,
        token: editor,
        body: {
          fixed: JSON.stringify({
            query: '{ dashboard { articlesPerStage { stage count } medianTimeInStage { stage medianSeconds } pendingClaims overdue { id } correctionSuggested { id } } }',
          }),
        },
      });
      const rssAfter = rssMegabytes(server.pid);
      await server.stop();
      for (const [name, result] of [['articles(first: 20)', articles], ['dashboard', dashboard]] as const) {
        const failed = result.graphqlErrors + result.non2xx + result.errors;
        if (result.requests === 0) {
          rows.push({ figure: `${name} p99, ${fmt(store.articles)} articles, 1 connection`, value: 'no answer', baseline: '—', ratio: '—',
            target: '< 10 ms', pass: false, note: `no request completed in ${options.querySeconds} s (autocannon times out at 10 s)` });
          continue;
        }
        rows.push(
          boundRow(`${name} p99, ${fmt(store.articles)} articles, 1 connection`, result.p99, 'ms', { max: 10 }, undefined, 0,
            `p50 ${result.p50} ms, ${fmt(result.requestsPerSecond)} req/s${failed ? `; ${failed} failed: ${result.firstError}` : ''}`),
        );
      }
      log(`cold start: RSS after the queries ${fmt(rssAfter)} MB`);
    }
    const ready = starts.map((s) => s.readyMs).sort((a, b) => a - b)[1];
    const rss = Math.max(...starts.map((s) => s.rssMb));
    rows.splice(1, 0,
      boundRow(`cold start to ready, ${fmt(store.events)} events stored`, ready / 1000, 's', { max: 3 }, undefined, 2, 'median of 3, spawn to /health ready'),
      boundRow(`RSS when ready, ${fmt(store.events)} events stored`, rss, 'MB', { max: 300 }),
    );
  } finally {
    removeDir(store.dataDir);
  }
  return rows;
}
