import { SqliteEventStore } from '@galley/event-store';
import { join } from 'node:path';
import { approvedArticle, must, readArticle } from './support/article.flow';
import { eventually, newsroom, removeDataDir, startGalley } from './support/galley.harness';

describe('editions and slugs', () => {
  it('gives 20 articles published at once 20 consecutive editions and 20 distinct slugs', async () => {
    const galley = await startGalley();
    const desk = newsroom();
    try {
      const approved = [];
      for (let i = 0; i < 20; i++) approved.push(await approvedArticle(galley, desk, { title: 'The same headline, twenty times' }));
      const published = await Promise.all(approved.map((article) => must(galley, 'publishArticle', { id: article.id }, desk.publisher)));
      const editions = published.map((a) => a.edition!).sort((a, b) => a - b);
      expect(editions).toEqual(Array.from({ length: 20 }, (_, i) => editions[0] + i));
      expect(new Set(published.map((a) => a.slug)).size).toBe(20);
      expect(published.map((a) => a.slug)).toContain('the-same-headline-twenty-times');
      expect(published.map((a) => a.slug)).toContain('the-same-headline-twenty-times-20');
    } finally {
      await galley.stop();
      removeDataDir(galley.dataDir);
    }
  });

  it('completes a publication whose edition was reserved when the service stopped before the article was written', async () => {
    const desk = newsroom();
    const first = await startGalley();
    const { dataDir } = first;
    const approved = await approvedArticle(first, desk, { title: 'Interrupted at the press' });
    await first.stop();

    // What a crash between the two appends leaves: the edition is taken, the article not yet published.
    const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    await store.appendToStream(
      'edition-numbers',
      [{ id: '0f6f9a4e-55aa-4a3c-9a57-3d1f1a0c2b11', type: 'EditionAssigned', data: { edition: 1, articleId: approved.id, slug: 'interrupted-at-the-press', by: { id: 'pat', name: 'Pat Publisher' } } }],
      { expectedRevision: 'no_stream' },
    );
    await store.close();

    const second = await startGalley({ dataDir });
    try {
      const published = await eventually(async () => {
        const article = await readArticle(second, approved.id, desk.editor);
        return article?.stage === 'PUBLISHED' ? article : null;
      }, 'the interrupted publication to be completed', 15_000);
      expect(published).toMatchObject({ edition: 1, slug: 'interrupted-at-the-press' });
      const last = published.history[published.history.length - 1];
      expect(last).toMatchObject({ type: 'ArticlePublished', actor: { id: 'system' } });
      const next = await must(second, 'publishArticle', { id: (await approvedArticle(second, desk, { title: 'The next one' })).id }, desk.publisher);
      expect(next.edition).toBe(2);
    } finally {
      await second.stop();
      removeDataDir(dataDir);
    }
  });
});
