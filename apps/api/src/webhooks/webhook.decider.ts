import { Forbidden, InvalidInput, InvalidTransition, NotFound, personOf, type Actor } from '@galley/editorial';
import { isWebhookEventType, type WebhookEvent, type WebhookEventType } from './webhook.events';

type Metadata = { readonly actor: Actor; readonly now: Date };

export type WebhookCommand =
  | { type: 'RegisterWebhook'; data: { webhookId: string; url: string; events: readonly string[]; secret: string }; metadata: Metadata }
  | { type: 'RemoveWebhook'; data: { webhookId: string }; metadata: Metadata }
  | { type: 'RequestRedelivery'; data: { webhookId: string; deliveryId: string }; metadata: Metadata };

export interface WebhookState {
  readonly exists: boolean;
  readonly removed: boolean;
  readonly url: string | null;
  readonly events: readonly WebhookEventType[];
}

export interface WebhookPolicy {
  /** Whether a webhook may point at loopback or private addresses (development and tests). */
  readonly allowPrivateUrls: boolean;
}

export const WEBHOOK_LIMITS = { urlLength: 2048, secretMin: 16, secretMax: 256 } as const;

export function initialWebhookState(): WebhookState {
  return { exists: false, removed: false, url: null, events: [] };
}

export function evolveWebhook(state: WebhookState, event: WebhookEvent): WebhookState {
  switch (event.type) {
    case 'WebhookRegistered':
      return { exists: true, removed: false, url: event.data.url, events: event.data.events };
    case 'WebhookRemoved':
      return { ...state, removed: true };
    case 'WebhookRedeliveryRequested':
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** Webhooks send the newsroom's events outside: only admins and editors manage them. */
export function assertWebhookManager(actor: Actor): void {
  if (!actor.roles.includes('admin') && !actor.roles.includes('editor')) {
    throw new Forbidden('WEBHOOK_MANAGER', 'Only admins and editors manage webhooks');
  }
}

export function decideWebhook(command: WebhookCommand, state: WebhookState, policy: WebhookPolicy): WebhookEvent[] {
  const { actor, now } = command.metadata;
  assertWebhookManager(actor);
  const facts = { webhookId: command.data.webhookId, by: personOf(actor), at: now.toISOString() };
  switch (command.type) {
    case 'RegisterWebhook': {
      const url = validUrl(command.data.url, policy);
      const events = validEvents(command.data.events);
      const { secret } = command.data;
      if (secret.length < WEBHOOK_LIMITS.secretMin || secret.length > WEBHOOK_LIMITS.secretMax) {
        throw new InvalidInput('secret', `A secret has ${WEBHOOK_LIMITS.secretMin} to ${WEBHOOK_LIMITS.secretMax} characters`);
      }
      // Stored secrets are sealed with this prefix: a secret given in that form could not be told apart.
      if (secret.startsWith('sealed:')) throw new InvalidInput('secret', 'A secret may not begin with "sealed:"');
      if (state.exists) throw new InvalidTransition('REGISTERED', 'ALREADY_REGISTERED', 'This webhook is already registered');
      return [{ type: 'WebhookRegistered', data: { ...facts, url, events, secret } }];
    }
    case 'RemoveWebhook':
      if (!state.exists) throw new NotFound('Webhook', command.data.webhookId);
      if (state.removed) throw new InvalidTransition('REMOVED', 'ALREADY_REMOVED', 'This webhook has been removed');
      return [{ type: 'WebhookRemoved', data: facts }];
    case 'RequestRedelivery':
      if (!state.exists) throw new NotFound('Webhook', command.data.webhookId);
      if (state.removed) throw new InvalidTransition('REMOVED', 'WEBHOOK_REMOVED', 'A removed webhook delivers nothing');
      return [{ type: 'WebhookRedeliveryRequested', data: { ...facts, deliveryId: command.data.deliveryId } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function validUrl(raw: string, policy: WebhookPolicy): string {
  const text = raw.trim();
  if (text.length === 0 || text.length > WEBHOOK_LIMITS.urlLength) throw new InvalidInput('url', `A URL has 1 to ${WEBHOOK_LIMITS.urlLength} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInput('url', 'Not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidInput('url', 'A webhook URL is http(s)');
  if (url.username || url.password) throw new InvalidInput('url', 'Credentials do not belong in a webhook URL: use the secret');
  if (!policy.allowPrivateUrls && isPrivateHost(url.hostname)) {
    throw new InvalidInput('url', 'A webhook may not point at a loopback or private address');
  }
  return url.toString();
}

function validEvents(events: readonly string[]): WebhookEventType[] {
  const unique = [...new Set(events)];
  if (unique.length === 0) throw new InvalidInput('events', 'Subscribe to at least one event');
  const unknown = unique.filter((type) => !isWebhookEventType(type));
  if (unknown.length > 0) throw new InvalidInput('events', `Unknown events: ${unknown.join(', ')}`);
  return unique as WebhookEventType[];
}

/** Literal loopback, private, link-local and unique-local addresses, and local host names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (host.includes(':')) {
    return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  }
  return !host.includes('.'); // a bare name resolves inside the network
}
