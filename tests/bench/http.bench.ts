import { SqliteEventStore } from '@galley/event-store';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signToken } from '../../apps/api/src/auth/tokens';
import { removeDir, tempDir } from './datasets';
import type { LoadPlan, LoadResult } from './load.child';
import { boundRow, fmt, log, ratio, ratioRow, summarize, type Row } from './report';
import type { FromServer, ToServer } from './servers/server.protocol';
import { articleLife, articleText, copyArticle, NEWSROOM, Rng } from './workload';

export const SWC_REGISTER = resolve(__dirname, '..', 'durability', 'swc-register.js');
const SECRET = 'galley-bench-secret-that-is-long-enough';
const CONNECTIONS = 32;

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  request<T extends FromServer['type']>(message: ToServer, answer: T): Promise<Extract<FromServer, { type: T }>>;
  notify(message: ToServer): void;
  stop(): Promise<void>;
}

/** Starts a TypeScript server file in its own process and waits for its port. */
export function startServer(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<ServerProcess> {
  // GALLEY_BENCH_CPU_PROF=<dir> profiles each server (one .cpuprofile per process, written when it stops).
  const profile = process.env.GALLEY_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.GALLEY_BENCH_CPU_PROF}`] : [];
  const child = fork(resolve(__dirname, file), args, {
    execArgv: [...profile, '--require', SWC_REGISTER],
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
    child.once('message', (message: FromServer) => {
      if (message.type === 'failed') return reject(new Error(`${file}: ${message.message}`));
      if (message.type !== 'ready') return reject(new Error(`${file}: unexpected ${message.type}`));
      child.removeAllListeners('exit');
      resolvePromise({
        child,
        url: `http://127.0.0.1:${message.port}`,
        request(toServer, answer) {
          return new Promise((done) => {
            const listen = (reply: FromServer) => {
              if (reply.type !== answer) return;
              child.off('message', listen);
              done(reply as never);
            };
            child.on('message', listen);
            child.send(toServer);
          });
        },
        notify(message) {
          child.send(message);
        },
        stop() {
          return new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.send({ type: 'stop' } satisfies ToServer);
          });
        },
      });
    });
  });
}

/** One autocannon run in a child process. */
export function load(plan: LoadPlan): Promise<LoadResult> {
  const child = fork(resolve(__dirname, 'load.child.ts'), [], { execArgv: ['--require', SWC_REGISTER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolvePromise, reject) => {
    child.once('message', (message: { ok: true; result: LoadResult } | { ok: false; message: string }) =>
      message.ok ? resolvePromise(message.result) : reject(new Error(message.message)),
    );
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send(plan);
  });
}

/** A short warm-up (JIT, caches, SQLite pages), then the measured run. */
async function measure(name: string, plan: Omit<LoadPlan, 'seconds' | 'connections'>, seconds: number, warmup: number): Promise<LoadResult> {
  await load({ ...plan, connections: CONNECTIONS, seconds: warmup });
  const result = await load({ ...plan, connections: CONNECTIONS, seconds });
  const failed = result.non2xx + result.errors + result.graphqlErrors;
  log(
    `${name}: ${fmt(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms` +
      (failed > 0 ? `; ${failed} failed of ${result.requests} (${result.firstError})` : ''),
  );
  return result;
}

export function gqlBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

const TYPENAME = gqlBody('{ __typename }');
const DRAFT = `mutation Draft($input: DraftArticleInput!) { draftArticle(input: $input) { id version stage } }`;
const VERDICT = `mutation Verdict($input: RecordVerdictInput!) { recordVerdict(input: $input) { id version stage } }`;

/**
 * Articles waiting in FACT_CHECK with 40 claims each, written straight to the data folder before the
 * server starts; the lines file holds one recordVerdict body per claim, the articles taken in turn so
 * that concurrent requests rarely touch the same article.
 */
export async function prepareFactCheck(dataDir: string, articles: number): Promise<string> {
  const templates = Array.from({ length: 20 }, (_, index) => articleLife({ seed: 8, index, until: 'FACT_CHECK', claims: 40, checked: 0 }));
  const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL', maxAppendSize: 64 * 1024 * 1024 });
  const claimsOf: { articleId: string; claims: string[] }[] = [];
  await Promise.all(
    Array.from({ length: articles }, (_, n) => {
      const template = templates[n % templates.length];
      const copy = copyArticle(template.eventData(), `fact-check:${n}`);
      claimsOf.push({ articleId: copy.articleId, claims: template.pendingClaims() });
      return store.appendToStream(copy.streamId, copy.events, { expectedRevision: 'no_stream' });
    }),
  );
  await store.close();
  const lines: string[] = [];
  const most = Math.max(...claimsOf.map((a) => a.claims.length));
  for (let k = 0; k < most; k++) {
    for (const { articleId, claims } of claimsOf) {
      if (k >= claims.length) continue;
      lines.push(
        gqlBody(VERDICT, {
          input: {
            id: articleId,
            claimId: claims[k],
            status: 'VERIFIED',
            evidence: [{ url: `https://example.org/filings/${k}`, title: 'Annual filing', quote: 'as reported' }],
          },
        }),
      );
    }
  }
  const file = join(dataDir, 'verdicts.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export async function httpBenchmarks(options: { seconds: number; warmup: number; factCheckArticles: number }): Promise<Row[]> {
  const { seconds, warmup } = options;
  const rows: Row[] = [];
  const writer = signToken(SECRET, { sub: NEWSROOM.writer.id, name: NEWSROOM.writer.name, roles: ['writer'] });
  const checker = signToken(SECRET, { sub: NEWSROOM.factChecker.id, name: NEWSROOM.factChecker.name, roles: ['fact_checker'] });
  const rng = new Rng(77);
  const text = articleText(rng, 1500, 20);
  const draftBody = gqlBody(DRAFT, { input: { title: text.title, dek: text.dek, body: text.body, series: text.series } });

  log('http: plain Node server (constant JSON)');
  const plain = await startServer('servers/plain-http.server.ts');
  const floor = await measure('plain http', { url: plain.url, token: writer, body: { fixed: TYPENAME } }, seconds, warmup).finally(() => plain.stop());

  log('http: Apollo on Express via @nestjs/apollo, { __typename }');
  let apollo: LoadResult | null = null;
  try {
    const server = await startServer('servers/apollo-express.server.ts');
    apollo = await measure('apollo express', { url: server.url, token: writer, body: { fixed: TYPENAME } }, seconds, warmup).finally(() => server.stop());
  } catch (error) {
    log(`Apollo baseline failed: ${(error as Error).message}`);
  }

  const dataDir = tempDir('http');
  try {
    log(`http: preparing ${options.factCheckArticles} articles in FACT_CHECK with 40 claims`);
    const verdicts = await prepareFactCheck(dataDir, options.factCheckArticles);
    const galley = await startServer('servers/galley.server.ts', [dataDir, SECRET]);
    try {
      const typename = await measure('galley __typename', { url: galley.url, token: writer, body: { fixed: TYPENAME } }, seconds, warmup);
      // Each load's lag is measured from a worker with nothing left of the load before, and counts
      // every event of the load, those the worker applies after it stopped included.
      const lagOf = async (run: () => Promise<LoadResult>) => {
        await galley.request({ type: 'drain' }, 'drained');
        galley.notify({ type: 'lag-reset' });
        const result = await run();
        const { ms: drainedMs } = await galley.request({ type: 'drain' }, 'drained');
        const report = await galley.request({ type: 'lag-report' }, 'lag');
        const lag = summarize(report.samples);
        const [waiting, applying] = [summarize(report.waiting), summarize(report.applying)];
        const parts = waiting.n ? ` (waiting for the worker p50 ${waiting.p50} p99 ${waiting.p99}, its batch p50 ${applying.p50} p99 ${applying.p99})` : '';
        return { result, report, lag, parts: `${parts}; the worker done ${fmt(drainedMs)} ms after the load` };
      };
      const drafting = await lagOf(() => measure('galley draftArticle', { url: galley.url, token: writer, body: { fixed: draftBody } }, seconds, warmup));
      const draft = drafting.result;
      log(`galley draftArticle: lag p50 ${drafting.lag.p50} p99 ${drafting.lag.p99} ms${drafting.parts} over ${drafting.lag.n} events`);
      await load({ url: galley.url, token: checker, body: { linesFile: verdicts }, connections: CONNECTIONS, seconds: warmup });
      const verdicting = await lagOf(() => load({ url: galley.url, token: checker, body: { linesFile: verdicts }, connections: CONNECTIONS, seconds }));
      const { result: verdict, report, lag, parts: lagParts } = verdicting;
      // The main thread parses, validates, decides, appends and answers; the projections have a thread of their own.
      const perVerdict = (ms: number) => fmt((ms * 1000) / Math.max(1, verdict.requests));
      const cpu = report.cpu
        ? `; CPU per verdict ${perVerdict(report.cpu.processMs)} µs (main thread ${perVerdict(report.cpu.mainMs)}, busiest other thread ${perVerdict(report.cpu.busiestOtherMs)})`
        : '';
      const mainThread = `main thread busy ${fmt(report.mainThread.utilization * 100)} %, ${perVerdict(report.mainThread.activeMs)} µs per verdict${cpu}`;
      log(`galley recordVerdict: ${fmt(verdict.requestsPerSecond)} req/s, p50 ${verdict.p50} ms, p99 ${verdict.p99} ms; ` +
        `${verdict.graphqlErrors + verdict.non2xx + verdict.errors} failed (${verdict.firstError ?? 'none'}); lag p50 ${lag.p50} p99 ${lag.p99} ms${lagParts} over ${lag.n} events; ${mainThread}`);

      for (const [name, result] of [['draftArticle', draft], ['recordVerdict', verdict]] as const) {
        const failed = result.graphqlErrors + result.non2xx + result.errors;
        const note = failed > 0 ? `${failed} of ${result.requests} requests failed: ${result.firstError}` : undefined;
        rows.push(ratioRow(`${name} req/s vs plain Node http`, result.requestsPerSecond, 'req/s', 'plain', floor.requestsPerSecond, 0.15, note));
        if (apollo) rows.push(ratioRow(`${name} req/s vs Apollo/Express { __typename }`, result.requestsPerSecond, 'req/s', 'Apollo', apollo.requestsPerSecond, 1.0));
        rows.push({
          figure: `${name} req/s vs Galley { __typename }`,
          value: `${fmt(result.requestsPerSecond)} req/s`,
          baseline: `Galley ${fmt(typename.requestsPerSecond)} req/s`,
          ratio: ratio(result.requestsPerSecond, typename.requestsPerSecond),
          target: 'report',
          pass: null,
        });
        rows.push(boundRow(`${name} p99 at ${CONNECTIONS} connections`, result.p99, 'ms', { max: 25 }, undefined, 0,
          `p50 ${result.p50} ms${name === 'recordVerdict' ? `; ${mainThread}` : ''}`));
      }
      rows.push({
        figure: 'Galley { __typename } vs Apollo/Express',
        value: `${fmt(typename.requestsPerSecond)} req/s`,
        baseline: apollo ? `Apollo ${fmt(apollo.requestsPerSecond)} req/s` : '—',
        ratio: apollo ? ratio(typename.requestsPerSecond, apollo.requestsPerSecond) : '—',
        target: 'report',
        pass: null,
        note: `plain Node http ${fmt(floor.requestsPerSecond)} req/s`,
      });
      for (const [name, { lag: of, parts }] of [['draftArticle', drafting], ['recordVerdict', verdicting]] as const) {
        rows.push(boundRow(`read-model lag p99 under ${name} load`, of.p99, 'ms', { max: 20 }, undefined, 0, `p50 ${of.p50} ms, max ${of.max} ms, ${of.n} events${parts}`));
      }
    } finally {
      await galley.stop();
    }
  } finally {
    removeDir(dataDir);
  }
  return rows;
}

const ARTICLE = `query Article($id: ID!) { article(id: $id) { id version stage title author { id name } claims { id text status kind score checkedBy { name } } } }`;

/**
 * ADR 0011: Galley's real schema behind each HTTP/GraphQL stack, each server in its own process on a
 * data folder of its own (the same articles). All four run at once, idle but for the one measured, and
 * the measurements are interleaved — `rounds` short runs of each stack in turn for each query, the
 * median kept — so that a burst of other work on the machine falls on every stack alike.
 */
export async function stackBenchmarks(options: { seconds: number; warmup: number; rounds: number }): Promise<Row[]> {
  const { seconds, warmup, rounds } = options;
  const stacks = ['apollo-express', 'apollo-fastify', 'mercurius', 'mercurius-jit'] as const;
  const writer = signToken(SECRET, { sub: NEWSROOM.writer.id, name: NEWSROOM.writer.name, roles: ['writer'] });
  const text = articleText(new Rng(77), 1500, 20);
  const draftBody = gqlBody(DRAFT, { input: { title: text.title, dek: text.dek, body: text.body, series: text.series } });
  const servers = new Map<string, ServerProcess>();
  const dataDirs: string[] = [];
  const rows: Row[] = [];
  try {
    let reads = '';
    for (const stack of stacks) {
      const dataDir = tempDir(`stack-${stack}`);
      dataDirs.push(dataDir);
      const verdicts = await prepareFactCheck(dataDir, 20);
      if (!reads) {
        const ids = new Set(readFileSync(verdicts, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { variables: { input: { id: string } } }).variables.input.id));
        reads = join(dataDir, 'reads.jsonl');
        writeFileSync(reads, `${[...ids].map((id) => gqlBody(ARTICLE, { id })).join('\n')}\n`);
      }
      servers.set(stack, await startServer('servers/stack.server.ts', [stack, dataDir, SECRET]));
    }
    const queries = [
      ['{ __typename }', { fixed: TYPENAME }],
      ['article(id) with 40 claims', { linesFile: reads }],
      ['draftArticle, 1,500 words', { fixed: draftBody }],
    ] as const;
    for (const [label, body] of queries) {
      const results = new Map<string, LoadResult[]>(stacks.map((s) => [s, []]));
      for (const stack of stacks) await load({ url: servers.get(stack)!.url, token: writer, body, connections: CONNECTIONS, seconds: warmup });
      for (let round = 0; round < rounds; round++) {
        for (const stack of stacks) {
          results.get(stack)!.push(await load({ url: servers.get(stack)!.url, token: writer, body, connections: CONNECTIONS, seconds }));
        }
      }
      const median = (list: LoadResult[]) => [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(list.length / 2)];
      const base = median(results.get('apollo-express')!);
      for (const stack of stacks) {
        const all = results.get(stack)!;
        const result = median(all);
        const failed = all.reduce((n, r) => n + r.graphqlErrors + r.non2xx + r.errors, 0);
        log(`${stack} ${label}: ${all.map((r) => fmt(r.requestsPerSecond)).join(' / ')} req/s; median ${fmt(result.requestsPerSecond)}, p99 ${result.p99} ms`);
        rows.push({
          figure: `stack ${stack}: ${label}`,
          value: `${fmt(result.requestsPerSecond)} req/s`,
          baseline: `apollo-express ${fmt(base.requestsPerSecond)} req/s`,
          ratio: ratio(result.requestsPerSecond, base.requestsPerSecond),
          target: 'report',
          pass: null,
          note: `median of ${rounds}: p50 ${result.p50} ms, p99 ${result.p99} ms` + (failed > 0 ? `; ${failed} requests failed: ${all.find((r) => r.firstError)?.firstError}` : ''),
        });
      }
    }
  } finally {
    for (const server of servers.values()) await server.stop();
    for (const dataDir of dataDirs) removeDir(dataDir);
  }
  return rows;
}
