import { SqliteEventStore } from '@galley/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, readArticle } from './support/article.flow';
import { newsroom, removeDataDir, startGalley } from './support/galley.harness';

describe('events stored with an older schema', () => {
  it('are read in the current shape: a version-1 ArticleDrafted becomes version 2 for the read model, time travel and commands', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'galley-schema-'));
    const desk = newsroom();
    const articleId = randomUUID();
    const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
    // Written the way Galley wrote it before articles recorded their language.
    await store.appendToStream(
      `article-${articleId}`,
      [
        {
          id: randomUUID(),
          type: 'ArticleDrafted',
          data: {
            articleId,
            title: 'An article from before',
            dek: '',
            body: 'Nvidia said data-centre revenue reached $18.4 billion in the quarter.',
            series: null,
            sensitive: false,
            author: { id: 'old-writer', name: 'Old Writer' },
            at: '2025-01-15T09:00:00.000Z',
          },
          metadata: { actor: { id: 'old-writer', name: 'Old Writer' }, schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.close();

    const galley = await startGalley({ dataDir });
    try {
      const fields = `{ id version stage language title author { id } }`;
      const current = await galley.gql(`query($id: ID!) { article(id: $id) ${fields} }`, { id: articleId }, desk.editor);
      expect(current.data!.article).toEqual({ id: articleId, version: 1, stage: 'DRAFT', language: 'en', title: 'An article from before', author: { id: 'old-writer' } });
      const folded = await galley.gql(`query($id: ID!) { article(id: $id, version: 1) ${fields} }`, { id: articleId }, desk.editor);
      expect(folded.data!.article.language).toBe('en');

      const submitted = await must(galley, 'submitForFactCheck', { id: articleId }, desk.editor);
      expect(submitted).toMatchObject({ stage: 'FACT_CHECK', version: 3 });
      expect((await readArticle(galley, articleId, desk.editor))!.claims[0]).toMatchObject({ kind: 'MONEY', value: 1.84e10 });
    } finally {
      await galley.stop();
      removeDataDir(dataDir);
    }
  });
});
