import { SqliteEventStore } from '@galley/event-store';
import { evolveArticle, fold, initialArticleState, type ArticleEvent } from '@galley/editorial';
import { join } from 'node:path';
import { ArticleSnapshots } from '../../apps/api/src/articles/article-snapshots';
import { ArticleRepository } from '../../apps/api/src/articles/article.repository';
import { removeDir, tempDir } from './datasets';
import { boundRow, fmt, log, summarize, type Row } from './report';
import { articleLife, NEWSROOM } from './workload';

const EVENTS = 10_000;

/**
 * A published article whose claims keep being re-checked (VERIFIED ↔ ATTRIBUTED, one event each) until
 * its stream holds 10,000 events, written the way the command handler writes: load, append at the
 * revision read, take a snapshot every 200 events. Then loads are timed, with and without snapshots.
 */
export async function longStreamBenchmark(options: { loads: number }): Promise<Row[]> {
  const dir = tempDir('long-stream');
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL', maxAppendSize: 64 * 1024 * 1024 });
  try {
    const life = articleLife({ seed: 3, index: 0, until: 'PUBLISHED', claims: 40, words: 2500 });
    const claims = life.state.claims.map((c) => c.id);
    for (let i = 0; life.events.length < EVENTS; i++) {
      const status = Math.floor(i / claims.length) % 2 === 0 ? 'ATTRIBUTED' : 'VERIFIED';
      life.run('RecordVerdict', NEWSROOM.factChecker, { claimId: claims[i % claims.length], status, evidence: [], note: null });
    }
    const all = life.eventData(0, EVENTS);
    const snapshots = new ArticleSnapshots(store);
    const repository = new ArticleRepository(store, snapshots);
    log(`long stream: writing ${fmt(EVENTS)} events with snapshots every 200`);
    for (let from = 0; from < EVENTS; ) {
      const loaded = await repository.load(life.id);
      const to = Math.min(EVENTS, from + 150);
      await store.appendToStream(life.streamId, all.slice(from, to), { expectedRevision: from === 0 ? 'no_stream' : from - 1 });
      const state = life.events.slice(from, to).reduce((s, e) => evolveArticle(s, e.event as ArticleEvent), loaded.state);
      repository.maybeSnapshot(life.id, loaded, state, to);
      from = to;
    }
    await new Promise((r) => setImmediate(r));

    // CPU time beside wall time: on a busy machine the wall-clock tail is mostly waiting for a core.
    const time = async (load: () => Promise<unknown>) => {
      const samples: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < options.loads; i++) {
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        await load();
        samples.push(performance.now() - started);
        const used = process.cpuUsage(cpuStarted);
        cpu.push((used.user + used.system) / 1000);
      }
      const warm = Math.min(5, samples.length - 1);
      return { ...summarize(samples.slice(warm)), cpuP99: summarize(cpu.slice(warm)).p99 };
    };
    // A repository of its own per load, as after a restart: the snapshot is read, not the article kept in memory.
    const withSnapshots = await time(() => new ArticleRepository(store, snapshots).load(life.id));
    const check = await new ArticleRepository(store, snapshots).load(life.id);
    await repository.load(life.id);
    const cached = await time(() => repository.load(life.id));
    const folded = await time(async () => {
      const events = await store.readStream(life.streamId);
      return fold({ evolve: evolveArticle, initialState: initialArticleState }, events.map((e) => ({ type: e.type, data: e.data }) as ArticleEvent));
    });
    log(`long stream: load p50 ${withSnapshots.p50.toFixed(2)} ms (snapshot at ${check.snapshotVersion}, version ${check.version}); whole fold p50 ${folded.p50.toFixed(2)} ms`);
    return [
      boundRow(`load a ${fmt(EVENTS)}-event article (ArticleRepository, snapshots)`, withSnapshots.p50, 'ms', { max: 5 },
        { label: 'whole-stream fold', value: folded.p50 }, 2, `p99 ${withSnapshots.p99.toFixed(2)} ms (CPU time p99 ${withSnapshots.cpuP99.toFixed(2)} ms) over ${withSnapshots.n} loads; ` +
          `snapshot at version ${check.snapshotVersion}; kept in memory: p50 ${cached.p50.toFixed(2)} ms, p99 ${cached.p99.toFixed(2)} ms`),
    ];
  } finally {
    await store.close();
    removeDir(dir);
  }
}
