import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { verifySignature } from '../../../apps/api/src/webhooks/webhook-signature';
import { ARTICLE } from '../support/article.fixture';
import { approvedArticle, must, type Desk } from '../support/article.flow';
import { eventually, newsroom, removeDataDir, startGalley, type Galley } from '../support/galley.harness';
import { deliveries, DELIVERY_FIELDS, publishedArticle, registerWebhook, settledDeliveries, type Delivery } from './support/publishing.flow';
import { WebhookReceiver } from './support/webhook.receiver';

const ALL_EVENTS = ['ArticlePublished', 'PublicationScheduled', 'ScheduleCancelled', 'CorrectionIssued', 'ArticleRetracted'];
const SECRET = 'receiver-secret-0123456789abcdef';

function expectSigned(receiver: WebhookReceiver, secret: string): void {
  for (const request of receiver.requests) {
    const signature = String(request.headers['galley-signature']);
    const t = Number(/t=(\d+)/.exec(signature)?.[1]);
    expect(verifySignature(secret, signature, request.body, t)).toEqual({ valid: true });
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(120);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body).id).toBe(request.headers['galley-event-id']);
  }
}

describe('outbound webhooks', () => {
  let receiver: WebhookReceiver;
  let desk: Desk;

  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
    desk = newsroom();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  describe('on one service', () => {
    let galley: Galley;

    beforeAll(async () => {
      galley = await startGalley({ env: { GALLEY_WEBHOOK_BACKOFF_MS: '20', GALLEY_WEBHOOK_MAX_ATTEMPTS: '8', GALLEY_PUBLIC_URL: 'https://review.example.org' } });
    });
    afterAll(async () => {
      await galley.stop();
      removeDataDir(galley.dataDir);
    });

    it('delivers every event through a receiver that fails intermittently; an idempotent receiver sees each effect once', async () => {
      // Each event is failed, dropped, then applied-but-failed before it is acknowledged.
      receiver.behaviour = (_n, eventId) => {
        const tries = receiver.requestsFor(eventId).length;
        if (tries === 0) return { status: 500 };
        if (tries === 1) return 'DROP';
        if (tries === 2) return { status: 503, applyFirst: true };
        return { status: 204 };
      };
      const { webhook, secret } = await registerWebhook(galley, desk.editor, { url: receiver.url, events: ALL_EVENTS, secret: SECRET });
      expect(secret).toBe(SECRET);
      expect(webhook).toMatchObject({ url: receiver.url, events: ALL_EVENTS });

      const a = await publishedArticle(galley, desk, { title: 'Webhook one' });
      const b = await publishedArticle(galley, desk, { title: 'Webhook two' });
      await must(galley, 'issueCorrection', { id: a.id, kind: 'CORRECTION', title: 'Webhook one, corrected', note: 'An earlier version of this article misnamed it.' }, desk.editor);
      await must(galley, 'retractArticle', { id: b.id, reason: 'Could not be substantiated.' }, desk.editor);
      const c = await approvedArticle(galley, desk, { title: 'Webhook three' });
      await must(galley, 'publishArticle', { id: c.id, at: new Date(Date.now() + 3_600_000).toISOString() }, desk.publisher);
      await must(galley, 'cancelSchedule', { id: c.id }, desk.publisher);

      const delivered = await settledDeliveries(galley, desk.editor, webhook.id, 6);
      expect(delivered.map((d) => d.type).sort()).toEqual(
        ['ArticlePublished', 'ArticlePublished', 'ArticleRetracted', 'CorrectionIssued', 'PublicationScheduled', 'ScheduleCancelled'].sort(),
      );
      // Retries are visible: each delivery records the failed attempts before its success.
      for (const delivery of delivered) {
        expect(delivery.attempts).toBe(4);
        expect(delivery.history.map((h) => h.statusCode)).toEqual([500, null, 503, 204]);
        expect(delivery.history[1].error).not.toBeNull();
      }
      // No event lost, each effect applied once, though some arrived several times.
      expect([...receiver.effects.keys()].sort()).toEqual(delivered.map((d) => d.eventId).sort());
      expect(receiver.requests).toHaveLength(4 * delivered.length);
      // Every attempt carried the same body, and every body was signed with the secret.
      for (const d of delivered) expect(new Set(receiver.requestsFor(d.eventId).map((r) => r.body)).size).toBe(1);
      expectSigned(receiver, SECRET);

      const published = [...receiver.effects.values()].find((e: any) => e.type === 'ArticlePublished' && e.articleId === a.id) as any;
      expect(published).toMatchObject({
        type: 'ArticlePublished',
        articleId: a.id,
        occurredAt: a.publishedAt,
        data: { title: 'Webhook one', slug: a.slug, url: `https://review.example.org/articles/${a.slug}`, edition: a.edition },
      });
      const scheduled = [...receiver.effects.values()].find((e: any) => e.type === 'PublicationScheduled') as any;
      // An unpublished article's text stays in the newsroom: the schedule says only when.
      expect(Object.keys(scheduled.data)).toEqual(['scheduledFor']);
    });

    it('dead-letters a delivery after N failures, and redelivers it on request with the same event id', async () => {
      const strict = await startGalley({ env: { GALLEY_WEBHOOK_BACKOFF_MS: '10', GALLEY_WEBHOOK_MAX_ATTEMPTS: '3' } });
      try {
        receiver.behaviour = () => ({ status: 503 });
        const { webhook, secret } = await registerWebhook(strict, desk.editor, { url: receiver.url, events: ['ArticlePublished'] });
        expect(secret).toMatch(/^whsec_/);
        const article = await publishedArticle(strict, desk);

        const [dead] = await settledDeliveries(strict, desk.editor, webhook.id, 1, 'DEAD');
        expect(dead).toMatchObject({ articleId: article.id, attempts: 3, failures: 3, lastStatusCode: 503, lastError: 'HTTP 503' });
        expect(dead.history.map((h) => h.statusCode)).toEqual([503, 503, 503]);
        const letters = await strict.gql(`{ deadLetters { ${DELIVERY_FIELDS} } }`, {}, desk.editor);
        expect(letters.data!.deadLetters.map((d: Delivery) => d.id)).toEqual([dead.id]);
        expect(receiver.requests).toHaveLength(3);
        expect(receiver.effects.size).toBe(0);

        // A pending delivery cannot be redelivered; a dead one can, once the receiver is fixed.
        receiver.behaviour = () => ({ status: 200 });
        const redelivered = await strict.gql(`mutation($input: RedeliverInput!) { redeliver(input: $input) { id status failures } }`, { input: { deliveryId: dead.id } }, desk.editor);
        expect(redelivered.errors).toBeUndefined();
        expect(redelivered.data!.redeliver).toMatchObject({ id: dead.id, failures: 0 });
        const [delivered] = await settledDeliveries(strict, desk.editor, webhook.id, 1, 'DELIVERED');
        expect(delivered).toMatchObject({ id: dead.id, eventId: dead.eventId, attempts: 4, lastStatusCode: 200 });
        expect(receiver.requests).toHaveLength(4);
        expect(receiver.requestsFor(dead.eventId)).toHaveLength(4);
        expect([...receiver.effects.keys()]).toEqual([dead.eventId]);
        expectSigned(receiver, secret);
        expect((await strict.gql(`{ deadLetters { id } }`, {}, desk.editor)).data!.deadLetters).toEqual([]);

        const again = await strict.gql(`mutation($input: RedeliverInput!) { redeliver(input: $input) { id } }`, { input: { deliveryId: randomUUID() } }, desk.editor);
        expect(again.errors?.[0].extensions.code).toBe('NOT_FOUND');
      } finally {
        await strict.stop();
        removeDataDir(strict.dataDir);
      }
    });

    it('lets only admins and editors manage webhooks, and checks what they register', async () => {
      const input = { url: receiver.url, events: ['ArticlePublished'] };
      const mutation = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret } }`;
      expect((await galley.gql(mutation, { input })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await galley.gql(mutation, { input }, desk.writer)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await galley.gql(`{ webhooks { id } }`, {}, desk.publisher)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await galley.gql(`{ deadLetters { id } }`, {}, desk.factChecker)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      const badUrl = await galley.gql(mutation, { input: { ...input, url: 'javascript:alert(1)' } }, desk.editor);
      expect(badUrl.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      const noEvents = await galley.gql(mutation, { input: { ...input, events: [] } }, desk.editor);
      expect(noEvents.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });

      // Registered once however often the command is sent; listed; removed.
      const commandId = randomUUID();
      const once = await registerWebhook(galley, desk.editor, { ...input, commandId } as never);
      const twice = await registerWebhook(galley, desk.editor, { ...input, commandId } as never);
      expect(twice.webhook.id).toBe(once.webhook.id);
      expect(twice.secret).toBe(once.secret);
      const listed = await galley.gql(`{ webhooks { id active } }`, {}, desk.editor);
      expect(listed.data!.webhooks.filter((w: { id: string }) => w.id === once.webhook.id)).toEqual([{ id: once.webhook.id, active: true }]);
      const removed = await galley.gql(`mutation($input: RemoveWebhookInput!) { removeWebhook(input: $input) { id active } }`, { input: { id: once.webhook.id } }, desk.editor);
      expect(removed.data!.removeWebhook).toEqual({ id: once.webhook.id, active: false });
    });
  });

  it('keeps secrets sealed at rest; under another key a delivery fails and says why, and the right key sends it', async () => {
    const env = { GALLEY_WEBHOOK_BACKOFF_MS: '50', GALLEY_WEBHOOK_MAX_ATTEMPTS: '50' };
    const first = await startGalley({ env });
    const { dataDir } = first;
    let webhookId: string;
    try {
      webhookId = (await registerWebhook(first, desk.editor, { url: receiver.url, events: ['ArticlePublished'], secret: SECRET })).webhook.id;
    } finally {
      await first.stop();
    }
    const stored = (file: string, sql: string) => {
      const db = new Database(join(dataDir, file), { readonly: true });
      try {
        return db.prepare(sql).pluck().all() as string[];
      } finally {
        db.close();
      }
    };
    const [registered] = stored('events.sqlite', `SELECT data FROM events WHERE type = 'WebhookRegistered'`);
    expect(registered).not.toContain(SECRET);
    expect(JSON.parse(registered).secret).toMatch(/^sealed:v1:[0-9a-f]{8}:/);
    expect(stored('webhooks.sqlite', 'SELECT secret FROM webhooks')).toEqual([JSON.parse(registered).secret]);

    const otherKey = await startGalley({ dataDir, env: { ...env, GALLEY_WEBHOOK_KEY: randomBytes(32).toString('base64') } });
    try {
      await publishedArticle(otherKey, desk);
      const failing = await eventually(async () => (await deliveries(otherKey, desk.editor, webhookId)).find((d) => d.failures >= 1), 'a failed attempt');
      expect(failing.lastError).toContain('restore that key');
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await otherKey.stop();
    }
    const rightKey = await startGalley({ dataDir, env });
    try {
      const [delivered] = await settledDeliveries(rightKey, desk.editor, webhookId, 1);
      expect(delivered.status).toBe('DELIVERED');
      expectSigned(receiver, SECRET);
    } finally {
      await rightKey.stop();
      removeDataDir(dataDir);
    }
  });

  it('keeps the outbox across a restart on the same data folder: pending deliveries resume', async () => {
    const env = { GALLEY_WEBHOOK_BACKOFF_MS: '100', GALLEY_WEBHOOK_MAX_ATTEMPTS: '50' };
    receiver.behaviour = () => ({ status: 500 });
    const first = await startGalley({ env });
    const { dataDir } = first;
    let webhookId: string;
    let articleId: string;
    try {
      webhookId = (await registerWebhook(first, desk.editor, { url: receiver.url, events: ['ArticlePublished', 'CorrectionIssued'], secret: SECRET })).webhook.id;
      articleId = (await publishedArticle(first, desk)).id;
      await eventually(async () => (await deliveries(first, desk.editor, webhookId)).find((d) => d.failures >= 2), 'two failed attempts');
    } finally {
      await first.stop();
    }
    const failedBefore = receiver.requests.length;
    receiver.behaviour = () => ({ status: 200 });

    const second = await startGalley({ dataDir, env });
    try {
      const [delivered] = await settledDeliveries(second, desk.editor, webhookId, 1);
      expect(delivered).toMatchObject({ articleId, status: 'DELIVERED', type: 'ArticlePublished' });
      // The failures before the restart are kept; the first attempt after it succeeds.
      expect(delivered.attempts).toBeGreaterThanOrEqual(3);
      expect(delivered.history.slice(0, -1).every((h) => h.statusCode === 500)).toBe(true);
      expect(delivered.history[delivered.history.length - 1].statusCode).toBe(200);
      expect(receiver.requests.slice(failedBefore).map((r) => r.answer)).toEqual([200]);
      expect(receiver.effects.size).toBe(1);

      // The outbox reads on from its checkpoint: a new event is queued once, nothing old again.
      await must(second, 'issueCorrection', { id: articleId, kind: 'CORRECTION', body: `${ARTICLE.body}\n\nA closing line.`, note: 'An earlier version lacked a line.' }, desk.editor);
      const both = await settledDeliveries(second, desk.editor, webhookId, 2);
      expect(both.map((d) => d.type).sort()).toEqual(['ArticlePublished', 'CorrectionIssued']);
      expect(receiver.effects.size).toBe(2);
      expectSigned(receiver, SECRET);
    } finally {
      await second.stop();
      removeDataDir(dataDir);
    }
  });
});
