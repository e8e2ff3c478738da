import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, newsroom, removeDataDir, type Galley, type GraphQLResponse } from '../support/galley.harness';
import { deliveries, publishedArticle, registerWebhook, settledDeliveries } from './support/publishing.flow';
import { WebhookReceiver } from './support/webhook.receiver';

const ROOT = resolve(__dirname, '..', '..', '..');
const REGISTER = join(ROOT, 'tests', 'durability', 'swc-register.js');
const CHILD = join(__dirname, 'support', 'galley.child.ts');
const ENV = { GALLEY_WEBHOOK_BACKOFF_MS: '100', GALLEY_WEBHOOK_MAX_ATTEMPTS: '50' };

interface ChildGalley extends Galley {
  readonly child: ChildProcess;
}

/** Galley in a process of its own (see ./support/galley.child.ts), so that it can be SIGKILLed. */
function spawnGalley(dataDir: string): Promise<ChildGalley> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', REGISTER, CHILD, dataDir, JSON.stringify(ENV)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => reject(new Error(`Galley exited (${code}) before it listened:\n${stderr}`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const url = /listening (\S+)/.exec(chunk)?.[1];
      if (!url) return;
      resolvePromise({
        url,
        dataDir,
        child,
        app: undefined as never,
        async gql<T>(query: string, variables: Record<string, unknown> = {}, token: string | null = null): Promise<GraphQLResponse<T>> {
          const response = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ query, variables }),
          });
          const json = (await response.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
          return { status: response.status, data: json.data ?? null, errors: json.errors };
        },
        stop: () => kill(child, 'SIGTERM'),
      });
    });
  });
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill(signal);
  });
}

describe('the webhook outbox under SIGKILL', () => {
  it('sends what was queued, and what was not yet queued, after a kill: each effect once', async () => {
    const desk = newsroom();
    const receiver = await new WebhookReceiver().start();
    const dataDir = mkdtempSync(join(tmpdir(), 'galley-kill-'));
    let first: ChildGalley | null = null;
    let second: ChildGalley | null = null;
    try {
      receiver.behaviour = () => ({ status: 500 });
      first = await spawnGalley(dataDir);
      const { webhook } = await registerWebhook(first, desk.editor, { url: receiver.url, events: ['ArticlePublished'], secret: 'receiver-secret-0123456789abcdef' });
      const a = await publishedArticle(first, desk, { title: 'Killed once' });
      await eventually(async () => (await deliveries(first!, desk.editor, webhook.id)).find((d) => d.failures >= 1), 'a failed attempt');
      // Killed the moment the second publication is acknowledged: its delivery may not be queued yet.
      const b = await publishedArticle(first, desk, { title: 'Killed twice' });
      await kill(first.child, 'SIGKILL');
      expect(first.child.signalCode).toBe('SIGKILL');

      receiver.behaviour = () => ({ status: 200 });
      second = await spawnGalley(dataDir);
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
