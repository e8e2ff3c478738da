import { Forbidden, InvalidInput, InvalidTransition, NotFound, type Actor } from '@galley/editorial';
import { decideWebhook, evolveWebhook, initialWebhookState, isPrivateHost, type WebhookCommand, type WebhookState } from './webhook.decider';
import type { WebhookEvent } from './webhook.events';

const NOW = new Date('2025-03-14T10:00:00Z');
const EDITOR: Actor = { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] };
const WRITER: Actor = { id: 'wanda', name: 'Wanda Writer', roles: ['writer'] };
const OPEN = { allowPrivateUrls: true };
const STRICT = { allowPrivateUrls: false };

function register(overrides: Partial<{ url: string; events: string[]; secret: string }> = {}, actor = EDITOR): WebhookCommand {
  return {
    type: 'RegisterWebhook',
    data: { webhookId: 'w1', url: 'https://hooks.example.org/galley', events: ['ArticlePublished'], secret: 's'.repeat(32), ...overrides },
    metadata: { actor, now: NOW },
  };
}

function given(events: WebhookEvent[]): WebhookState {
  return events.reduce(evolveWebhook, initialWebhookState());
}

describe('the webhook decider', () => {
  it('registers a webhook for an editor', () => {
    expect(decideWebhook(register(), initialWebhookState(), STRICT)).toEqual([
      {
        type: 'WebhookRegistered',
        data: {
          webhookId: 'w1',
          url: 'https://hooks.example.org/galley',
          events: ['ArticlePublished'],
          secret: 's'.repeat(32),
          by: { id: 'eddie', name: 'Eddie Editor' },
          at: NOW.toISOString(),
        },
      },
    ]);
  });

  it('refuses a writer', () => {
    expect(() => decideWebhook(register({}, WRITER), initialWebhookState(), STRICT)).toThrow(Forbidden);
  });

  it.each([
    [{ url: 'ftp://example.org/x' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'https://user:pw@example.org/' }, 'url'],
    [{ events: [] }, 'events'],
    [{ events: ['ArticleDrafted'] }, 'events'],
    [{ secret: 'short' }, 'secret'],
    [{ secret: 'sealed:v1:0123abcd:looks-like-a-stored-one' }, 'secret'],
  ])('refuses %j', (overrides, field) => {
    try {
      decideWebhook(register(overrides), initialWebhookState(), OPEN);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).field).toBe(field);
    }
  });

  it('refuses private addresses unless the policy allows them', () => {
    expect(() => decideWebhook(register({ url: 'http://127.0.0.1:9000/x' }), initialWebhookState(), STRICT)).toThrow(InvalidInput);
    expect(decideWebhook(register({ url: 'http://127.0.0.1:9000/x' }), initialWebhookState(), OPEN)).toHaveLength(1);
  });

  it('registers once, removes once, and redelivers only for a live webhook', () => {
    const registered = given(decideWebhook(register(), initialWebhookState(), OPEN));
    expect(() => decideWebhook(register(), registered, OPEN)).toThrow(InvalidTransition);
    const redelivery = decideWebhook({ type: 'RequestRedelivery', data: { webhookId: 'w1', deliveryId: 'd1' }, metadata: { actor: EDITOR, now: NOW } }, registered, OPEN);
    expect(redelivery[0]).toMatchObject({ type: 'WebhookRedeliveryRequested', data: { deliveryId: 'd1' } });
    const remove: WebhookCommand = { type: 'RemoveWebhook', data: { webhookId: 'w1' }, metadata: { actor: EDITOR, now: NOW } };
    const removed = given([...decideWebhook(register(), initialWebhookState(), OPEN), ...decideWebhook(remove, registered, OPEN)]);
    expect(() => decideWebhook(remove, removed, OPEN)).toThrow(InvalidTransition);
    expect(() => decideWebhook({ ...remove, type: 'RequestRedelivery', data: { webhookId: 'w1', deliveryId: 'd1' } }, removed, OPEN)).toThrow(InvalidTransition);
    expect(() => decideWebhook(remove, initialWebhookState(), OPEN)).toThrow(NotFound);
  });

  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['[::1]', true],
    ['intranet', true],
    ['hooks.example.org', false],
    ['93.184.216.34', false],
  ])('judges %s private: %s', (host, expected) => {
    expect(isPrivateHost(host)).toBe(expected);
  });
});
