import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, newsroom, removeDataDir } from '../support/galley.harness';
import { kill, spawnGalley, type ChildGalley } from './support/galley.process';
import { deliveries, publishedArticle, registerWebhook, settledDeliveries } from './support/publishing.flow';
import { WebhookReceiver } from './support/webhook.receiver';

const ENV = { GALLEY_WEBHOOK_BACKOFF_MS: '100', GALLEY_WEBHOOK_MAX_ATTEMPTS: '50' };


describe('the webhook outbox under SIGKILL', () => {
  it('sends what was queued, and what was not yet queued, after a kill: each effect once', async () => {
    const desk = newsroom();
    const receiver = await new WebhookReceiver().start();
    const dataDir = mkdtempSync(join(tmpdir(), 'galley-kill-'));
    let first: ChildGalley | null = null;
    let second: ChildGalley | null = null;
    try {
      receiver.behaviour = () => ({ status: 500 });
      first = await spawnGalley(dataDir, ENV);
      const { webhook } = await registerWebhook(first, desk.editor, { url: receiver.url, events: ['ArticlePublished'], secret: 'receiver-secret-0123456789abcdef' });
      const a = await publishedArticle(first, desk, { title: 'Killed once' });
      await eventually(async () => (await deliveries(first!, desk.editor, webhook.id)).find((d) => d.failures >= 1), 'a failed attempt');
      // Killed the moment the second publication is acknowledged: its delivery may not be queued yet.
      const b = await publishedArticle(first, desk, { title: 'Killed twice' });
      await kill(first.child, 'SIGKILL');
      expect(first.child.signalCode).toBe('SIGKILL');

      receiver.behaviour = () => ({ status: 200 });
      second = await spawnGalley(dataDir, ENV);
      const delivered = await settledDeliveries(second, desk.editor, webhook.id, 2);
      expect(delivered.map((d) => d.articleId).sort()).toEqual([a.id, b.id].sort());
      expect(receiver.effects.size).toBe(2);
      expect([...receiver.effects.values()].map((e) => (e as { articleId: string }).articleId).sort()).toEqual([a.id, b.id].sort());
    } finally {
      if (first) await kill(first.child, 'SIGKILL');
      if (second) await second.stop();
      await receiver.stop();
      removeDataDir(dataDir);
    }
  });
});
