import { CheckpointStore, openReadModelDatabase } from '@galley/read-models';
import { join } from 'node:path';
import { galley, newsroomFolder, startLiveGalley, temporaryFolder } from './testing/cli.harness';
import { articleLife, eventData } from './testing/newsroom.fixtures';
import type { Stats } from './stats.command';

describe('galley stats', () => {
  let folder: ReturnType<typeof temporaryFolder>;

  beforeEach(() => {
    folder = temporaryFolder();
  });

  afterEach(() => folder.cleanup());

  it('counts events, streams by category, articles by stage, sizes and each checkpoint\'s lag', async () => {
    const newsroom = await newsroomFolder(folder.path, 10);
    const db = openReadModelDatabase(join(folder.path, 'read-models.sqlite'));
    new CheckpointStore(db).write('summary-process', { commit: 3n, prepare: 3n });
    db.close();

    const run = await galley(folder.path, ['stats', '--json']);

    expect(run.code).toBe(0);
    const stats = JSON.parse(run.out) as Stats;
    const published = [...newsroom.articles.values()].filter((stage) => stage === 'PUBLISHED').length;
    expect(stats.eventStore).toMatchObject({
      kind: 'embedded',
      events: newsroom.events,
      streams: 10 + 1 + published,
      head: String(newsroom.head!.commit),
      byCategory: {
        article: { streams: 10, events: newsroom.events - 2 * published },
        edition: { streams: 1, events: published },
        slug: { streams: published, events: published },
      },
    });
    expect(stats.eventStore.bytes).toBeGreaterThan(0);
    expect(stats.readModels?.articlesByStage).toEqual({ APPROVED: 2, DRAFT: 2, FACT_CHECK: 2, PUBLISHED: 2, REVIEW: 2 });
    expect(stats.readModels?.checkpoints).toEqual({
      'read-models': { position: String(newsroom.head!.commit), behindHead: 0 },
      'summary-process': { position: '3', behindHead: newsroom.events - 3 },
    });
  });

  it('shows the projection\'s lag when events arrive that it has not applied', async () => {
    await newsroomFolder(folder.path, 3);
    // Events appended while no projection runs: the read models are behind until Galley starts.
    const live = await startLiveGalley(folder.path);
    await live.runner.stop();
    const id = 'a0b1c2d3-0000-4000-8000-000000000001';
    let appended = 0;
    let revision = -1;
    for (const command of articleLife(id, 42, 'REVIEW', new Date('2025-05-01T09:00:00.000Z'))) {
      const data = eventData(command);
      revision = (await live.store.appendToStream(`article-${id}`, data, { expectedRevision: revision < 0 ? 'no_stream' : revision })).nextExpectedRevision;
      appended += data.length;
    }
    await live.stop();

    const run = await galley(folder.path, ['stats']);

    expect(run.code).toBe(0);
    expect(run.out).toContain('Event store (embedded)');
    expect(run.out).toMatch(/article\s+4 streams/);
    expect(run.out).toMatch(new RegExp(`read-models\\s+at \\d+, ${appended} events after it in \\$all`));
  });
});
