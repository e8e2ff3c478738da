/**
 * What the dashboard costs while articles move from stage to stage. Its median time in each stage
 * reads only the visits the projection wrote since the dashboard before (ADR 0012, amended); the
 * baseline, in the same run, is a reader that reads every visit, which is what each dashboard after a
 * stage change cost before.
 *
 *   node --require ./tests/durability/swc-register.js tests/bench/dashboard-reads.ts [--events=200000] [--moving=600]
 *
 * A newsroom of about `--events` events is projected as a rebuild would; then `--moving` new articles
 * live their lives one event at a time, each event applied as the live worker applies it, on the
 * server's two connections: the projection's, and the one reads go through.
 */
import { SqliteEventStore, type Position } from '@galley/event-store';
import { ArticleReadModel, LocalProjectionTarget, openReadModelDatabase, READ_MODELS_RUNNER, readModelProjections } from '@galley/read-models';
import { join } from 'node:path';
import { buildNewsroomStore, removeDir } from './datasets';
import { fmt, percentile } from './report';
import { NewsroomWorkload } from './workload';

const DASHBOARDS = 40;

function option(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
}

/** Milliseconds `read` takes, each time: p50 and p99 of `times` runs. */
function timed(times: number, read: () => unknown): { p50: number; p99: number } {
  const samples: number[] = [];
  for (let n = 0; n < times; n++) {
    const started = performance.now();
    read();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function main(): Promise<void> {
  const newsroom = await buildNewsroomStore(option('events', 200_000));
  const store = new SqliteEventStore({ file: newsroom.eventsFile, synchronous: 'NORMAL' });
  try {
    const file = join(newsroom.dataDir, 'read-models.sqlite');
    const writer = openReadModelDatabase(file);
    writer.pragma('synchronous = OFF');
    const target = new LocalProjectionTarget(writer, readModelProjections(), READ_MODELS_RUNNER);
    let at: Position | null = null;
    const catchUp = async (maxCount: number): Promise<number> => {
      let applied = 0;
      for (;;) {
        const events = await store.readAll({ fromPosition: at ?? 'start', maxCount });
        const fresh = at === null ? events : events.slice(1);
        if (fresh.length === 0) return applied;
        target.apply(fresh, at);
        at = fresh[fresh.length - 1].position;
        applied += fresh.length;
      }
    };
    await catchUp(2_000);
    target.createIndexes();

    const reader = openReadModelDatabase(file);
    const reads = new ArticleReadModel(reader);
    const visits = reader.prepare('SELECT COUNT(*) FROM stage_visits').pluck();
    const changes = reader.prepare(`SELECT n FROM article_counts WHERE key = 'stage_visits_changes'`).pluck();
    const now = new Date();
    console.log(`${fmt(newsroom.events)} events, ${fmt(newsroom.articles)} articles, ${fmt(visits.get() as number)} stage visits`);
    const everyVisit = timed(5, () => new ArticleReadModel(reader).dashboard(now, 'listing'));
    console.log(`a dashboard that reads every visit: p50 ${fmt(everyVisit.p50, 1)} ms`);
    reads.dashboard(now, 'listing');

    // New articles, their events taken in turn: each event is appended, then applied alone.
    const workload = new NewsroomWorkload(7);
    const moving = Array.from({ length: option('moving', 600) }, (_, n) => ({ ...workload.article(n), next: 0 }));
    const pending = () => moving.filter((article) => article.next < article.events.length);
    const step = async (): Promise<boolean> => {
      const article = pending()[0];
      if (!article) return false;
      moving.push(...moving.splice(moving.indexOf(article), 1));
      await store.appendToStream(article.streamId, [article.events[article.next]], { expectedRevision: article.next === 0 ? 'no_stream' : article.next - 1 });
      article.next++;
      await catchUp(100);
      return true;
    };
    console.log('events between dashboards | stage changes between | dashboard p50 | p99 | p50 vs reading every visit');
    for (const every of [1, 10, 100]) {
      const samples: number[] = [];
      const before = changes.get() as number;
      for (let n = 0; n < DASHBOARDS; n++) {
        for (let e = 0; e < every; e++) if (!(await step())) break;
        samples.push(timed(1, () => reads.dashboard(now, 'listing')).p50);
      }
      samples.sort((a, b) => a - b);
      const p50 = percentile(samples, 50);
      const stageChanges = ((changes.get() as number) - before) / DASHBOARDS;
      console.log(
        `${String(every).padStart(24)} | ${fmt(stageChanges, 1).padStart(21)} | ${fmt(p50 * 1000).padStart(10)} µs | ` +
          `${fmt(percentile(samples, 99) * 1000).padStart(6)} µs | ${(p50 / everyVisit.p50).toFixed(3)}×`,
      );
    }
  } finally {
    await store.close();
    removeDir(newsroom.dataDir);
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
