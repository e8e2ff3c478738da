import Database from 'better-sqlite3';
import { join } from 'node:path';
import { approvedArticle, draft, must, readArticle, type Article } from './support/article.flow';
import { DataFolderInUseError } from '../../apps/api/src/infrastructure/data-folder-locks';
import { eventually, newsroom, removeDataDir, startGalley } from './support/galley.harness';

const SNAPSHOT_QUERY = `{
  articles(first: 100) { totalCount edges { node { id version stage claims { id status } reviews { verdict } history { version } } } }
  dashboard { articlesPerStage { stage count } pendingClaims }
}`;

describe('a restart on the same data folder', () => {
  it('keeps everything, and no projection applies an event twice', async () => {
    const desk = newsroom();
    const first = await startGalley();
    const { dataDir } = first;
    let published: Article;
    let inFactCheck: Article;
    let before: any;
    try {
      published = await must(first, 'publishArticle', { id: (await approvedArticle(first, desk)).id }, desk.publisher);
      inFactCheck = await must(first, 'submitForFactCheck', { id: (await draft(first, desk)).id }, desk.writer);
      before = (await first.gql(SNAPSHOT_QUERY, {}, desk.editor)).data;
    } finally {
      await first.stop();
    }

    const second = await startGalley({ dataDir });
    try {
      const after = (await second.gql(SNAPSHOT_QUERY, {}, desk.editor)).data!;
      expect(after).toEqual(before);
      expect(await readArticle(second, published.id, desk.editor)).toMatchObject({ stage: 'PUBLISHED', version: published.version, slug: published.slug });

      // Every article's timeline holds each version once, and the read model's version is the stream's.
      for (const { node } of after.articles.edges) {
        expect(node.history.map((h: { version: number }) => h.version)).toEqual(Array.from({ length: node.version }, (_, i) => i + 1));
        expect(new Set(node.claims.map((c: { id: string }) => c.id)).size).toBe(node.claims.length);
      }

      // Work goes on where it stopped.
      const next = await must(second, 'recordVerdict', { id: inFactCheck.id, claimId: inFactCheck.claims[0].id, status: 'VERIFIED' }, desk.factChecker);
      expect(next.version).toBe(inFactCheck.version + 1);
    } finally {
      await second.stop();
    }

    // The checkpoint is the last event's position: nothing is waiting to be applied again.
    const events = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const readModels = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
    try {
      const head = events.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number };
      const checkpoint = readModels.prepare(`SELECT commit_position FROM checkpoints WHERE name = 'read-models'`).get() as { commit_position: string };
      expect(Number(checkpoint.commit_position)).toBe(head.seq);
    } finally {
      events.close();
      readModels.close();
      removeDataDir(dataDir);
    }
  });

  it('publishes a schedule that fell due while the service was down, at start', async () => {
    const desk = newsroom();
    const first = await startGalley();
    const { dataDir } = first;
    let scheduled: Article;
    try {
      const approved = await approvedArticle(first, desk);
      scheduled = await must(first, 'publishArticle', { id: approved.id, at: new Date(Date.now() + 1_500).toISOString() }, desk.publisher);
      expect(scheduled.stage).toBe('SCHEDULED');
    } finally {
      await first.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_600));

    const second = await startGalley({ dataDir });
    try {
      const published = await eventually(async () => {
        const article = await readArticle(second, scheduled.id, desk.editor);
        return article?.stage === 'PUBLISHED' ? article : null;
      }, 'the due schedule to be published');
      expect(published.edition).toBeGreaterThanOrEqual(1);
      expect(published.history[published.history.length - 1]).toMatchObject({ type: 'ArticlePublished', actor: { id: 'system' } });
    } finally {
      await second.stop();
      removeDataDir(dataDir);
    }
  });

  it('refuses a second server on a data folder another one serves, before it touches anything; the first serves on', async () => {
    const desk = newsroom();
    const first = await startGalley();
    const { dataDir } = first;
    try {
      const drafted = await draft(first, desk);
      const second = startGalley({ dataDir });
      await expect(second).rejects.toThrow(DataFolderInUseError);
      await expect(second).rejects.toThrow(`is open in another process: a Galley server or a galley command is running on ${dataDir}`);
      expect(await readArticle(first, drafted.id, desk.writer)).toMatchObject({ id: drafted.id, version: drafted.version });
      await must(first, 'submitForFactCheck', { id: drafted.id }, desk.writer);
    } finally {
      await first.stop();
    }
    // Once the first has stopped, the folder is free again.
    const third = await startGalley({ dataDir });
    try {
      expect(await readArticle(third, (await draft(third, desk)).id, desk.writer)).toMatchObject({ stage: 'DRAFT' });
    } finally {
      await third.stop();
      removeDataDir(dataDir);
    }
  });
});
