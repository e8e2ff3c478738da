/**
 * `npm run bench`: every figure of issue 8 with its target, each ratio against a baseline measured in
 * this same run on this machine. A script, never a test: nothing here asserts a time.
 *
 *   npm run bench              the issue's 1,000,000-event newsroom, about 7.5 minutes on a quiet 2-core machine
 *   npm run bench -- --medium  a 200,000-event newsroom, about 3 minutes
 *   npm run bench -- --quick   a 10,000-event newsroom and shorter runs, for a look
 *   npm run bench -- --stacks  also ADR 0011's comparison of HTTP/GraphQL stacks on Galley's schema (about 5 more minutes)
 *   npm run bench -- --only=http,appends   only the named sections (appends, http, newsroom, long-stream, stacks)
 */
import { cpus } from 'node:os';
import { appendBenchmarks } from './appends.bench';
import { httpBenchmarks, stackBenchmarks } from './http.bench';
import { longStreamBenchmark } from './long-stream.bench';
import { newsroomBenchmarks } from './newsroom.bench';
import { log, renderTable, type Row } from './report';

const SCALES = {
  quick: { appendSeconds: 2, httpSeconds: 4, warmup: 1, factCheckArticles: 150, newsroomEvents: 10_000, querySeconds: 3, loads: 30 },
  medium: { appendSeconds: 3, httpSeconds: 8, warmup: 2, factCheckArticles: 300, newsroomEvents: 200_000, querySeconds: 5, loads: 100 },
  default: { appendSeconds: 3, httpSeconds: 10, warmup: 3, factCheckArticles: 300, newsroomEvents: 1_000_000, querySeconds: 5, loads: 100 },
} as const;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scaleName = args.includes('--quick') ? 'quick' : args.includes('--medium') ? 'medium' : 'default';
  const scale = SCALES[scaleName];
  const started = performance.now();
  process.on('unhandledRejection', (error) => log(`unhandled rejection: ${(error as Error)?.message ?? String(error)}`));

  const rows: Row[] = [];
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const section = async (name: string, run: () => Promise<Row[]>) => {
    if (only && !only.includes(name.replace(' ', '-'))) return;
    try {
      rows.push(...(await run()));
    } catch (error) {
      log(`${name} failed: ${(error as Error).stack ?? error}`);
      rows.push({ figure: name, value: 'failed', baseline: '—', ratio: '—', target: '—', pass: false, note: (error as Error).message });
    }
  };
  await section('appends', () => appendBenchmarks({ seconds: scale.appendSeconds }));
  await section('http', () => httpBenchmarks({ seconds: scale.httpSeconds, warmup: scale.warmup, factCheckArticles: scale.factCheckArticles }));
  await section('newsroom', () => newsroomBenchmarks({ events: scale.newsroomEvents, querySeconds: scale.querySeconds }));
  await section('long stream', () => longStreamBenchmark({ loads: scale.loads }));
  if (args.includes('--stacks') || only?.includes('stacks')) {
    await section('stacks', () => stackBenchmarks({ seconds: 3, warmup: scale.warmup, rounds: scale === SCALES.quick ? 3 : 5 }));
  }

  const minutes = (performance.now() - started) / 60_000;
  const misses = rows.filter((r) => r.pass === false).length;
  const passes = rows.filter((r) => r.pass === true).length;
  process.stdout.write(
    [
      '',
      `Galley benchmarks, scale "${scaleName}" (newsroom of ${scale.newsroomEvents.toLocaleString('en-US')} events), ${minutes.toFixed(1)} min`,
      `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
      '',
      renderTable(rows),
      '',
      `${passes} PASS, ${misses} MISS`,
      '',
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
