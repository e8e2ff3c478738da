import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ARTICLE } from './support/article.fixture';
import { must, readArticle } from './support/article.flow';
import { newsroom, removeDataDir, startGalley } from './support/galley.harness';

describe('a long article', () => {
  it('is served from a snapshot plus its tail once it has many events, with nothing lost', async () => {
    const galley = await startGalley();
    const desk = newsroom();
    try {
      const draftCommand = randomUUID();
      const drafted = await must(galley, 'draftArticle', { ...ARTICLE, commandId: draftCommand }, desk.writer);
      let last = drafted;
      for (let i = 0; i < 230; i++) {
        last = await must(galley, 'setDeadline', { id: drafted.id, dueAt: new Date(Date.UTC(2027, 0, 1, 0, i)).toISOString() }, desk.editor);
      }
      expect(last.version).toBe(231);

      const db = new Database(join(galley.dataDir, 'events.sqlite'), { readonly: true });
      const snapshots = db.prepare(`SELECT COUNT(*) AS n FROM events WHERE stream_id = ?`).get(`snapshot-article-${drafted.id}`) as { n: number };
      db.close();
      expect(snapshots.n).toBeGreaterThanOrEqual(1);

      // After the snapshot: the next command, a retry of the very first one, and the full timeline.
      const next = await must(galley, 'reviseArticle', { id: drafted.id, dek: 'Still being reported.', expectedVersion: 231 }, desk.writer);
      expect(next.version).toBe(232);
      const retried = await must(galley, 'draftArticle', { ...ARTICLE, commandId: draftCommand }, desk.writer);
      expect(retried).toMatchObject({ id: drafted.id, version: 232 });
      expect(retried.history.map((h) => h.version)).toEqual(Array.from({ length: 232 }, (_, i) => i + 1));
      const read = await readArticle(galley, drafted.id, desk.editor);
      expect(read).toMatchObject({ version: 232, dek: 'Still being reported.' });
    } finally {
      await galley.stop();
      removeDataDir(galley.dataDir);
    }
  });
});
