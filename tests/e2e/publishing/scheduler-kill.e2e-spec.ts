import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvedArticle, must, readArticle, type Article } from '../support/article.flow';
import { eventually, newsroom, removeDataDir } from '../support/galley.harness';
import { kill, spawnGalley, type ChildGalley } from './support/galley.process';

/** How far ahead the schedule is set: long enough to kill the service first, short enough to wait out. */
const LEAD_MS = 2_000;


const sleepUntil = (instant: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, Math.max(0, instant - Date.now())));
const publications = (article: Article) => article.history.filter((entry) => entry.type === 'ArticlePublished');

describe('the scheduler under SIGKILL', () => {
  it('publishes, once, a schedule that fell due while the service was killed; a cancelled one stays unpublished', async () => {
    const desk = newsroom();
    const dataDir = mkdtempSync(join(tmpdir(), 'galley-scheduler-kill-'));
    let first: ChildGalley | null = null;
    let second: ChildGalley | null = null;
    try {
      first = await spawnGalley(dataDir);
      const due = await approvedArticle(first, desk, { title: 'Due while the service was down' });
      const cancelled = await approvedArticle(first, desk, { title: 'Cancelled before the kill' });

      const cancelledFor = new Date(Date.now() + LEAD_MS).toISOString();
      await must(first, 'publishArticle', { id: cancelled.id, at: cancelledFor }, desk.publisher);
      expect((await must(first, 'cancelSchedule', { id: cancelled.id }, desk.editor)).stage).toBe('APPROVED');

      const scheduledFor = new Date(Date.now() + LEAD_MS).toISOString();
      const scheduled = await must(first, 'publishArticle', { id: due.id, at: scheduledFor }, desk.publisher);
      expect(scheduled).toMatchObject({ stage: 'SCHEDULED', scheduledFor, edition: null });
      await kill(first.child, 'SIGKILL');
      expect(first.child.signalCode).toBe('SIGKILL');
      // The test means something only if the service died before the schedule fell due.
      expect(Date.now()).toBeLessThan(Date.parse(scheduledFor));

      await sleepUntil(Math.max(Date.parse(scheduledFor), Date.parse(cancelledFor)) + 500);
      second = await spawnGalley(dataDir);
      const published = await eventually(async () => {
        const article = await readArticle(second!, due.id, desk.editor);
        return article?.stage === 'PUBLISHED' ? article : null;
      }, 'the schedule that fell due during the outage to be published');

      expect(published.edition).toBe(1);
      expect(published.slug).toBe('due-while-the-service-was-down');
      expect(Date.parse(published.publishedAt!)).toBeGreaterThan(Date.parse(scheduledFor));
      expect(publications(published)).toEqual([{ version: expect.any(Number), type: 'ArticlePublished', actor: { id: 'system', name: 'Galley' } }]);

      // A few scheduler ticks later: still one publication, and the cancelled schedule was not revived.
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 2_500));
      const settled = (await readArticle(second, due.id, desk.editor))!;
      expect(publications(settled)).toHaveLength(1);
      expect(settled).toMatchObject({ edition: 1, publishedAt: published.publishedAt, version: published.version });
      const untouched = (await readArticle(second, cancelled.id, desk.editor))!;
      expect(untouched).toMatchObject({ stage: 'APPROVED', edition: null, slug: null, publishedAt: null, scheduledFor: null });
      expect(publications(untouched)).toEqual([]);

      // Editions stay gap-free: the one the scheduler took was reserved once, so the next is 2.
      const next = await must(second, 'publishArticle', { id: cancelled.id }, desk.publisher);
      expect(next.edition).toBe(2);
    } finally {
      if (first) await kill(first.child, 'SIGKILL');
      if (second) await second.stop();
      removeDataDir(dataDir);
    }
  });
});
