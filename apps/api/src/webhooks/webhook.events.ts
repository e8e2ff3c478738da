import type { Person } from '@galley/editorial';

/** Each subscription is its own stream, `webhook-<id>`, so that webhooks are event-sourced too. */
export const WEBHOOK_STREAM = 'webhook-';

export function webhookStream(webhookId: string): string {
  return `${WEBHOOK_STREAM}${webhookId}`;
}

/** The article events a webhook may subscribe to: the public life of an article, and its schedule. */
export const WEBHOOK_EVENT_TYPES = ['ArticlePublished', 'PublicationScheduled', 'ScheduleCancelled', 'CorrectionIssued', 'ArticleRetracted'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Data };
type Facts = { webhookId: string; by: Person; at: string };

export type WebhookRegistered = Event<'WebhookRegistered', Facts & { url: string; events: WebhookEventType[]; secret: string }>;
export type WebhookRemoved = Event<'WebhookRemoved', Facts>;
/** An admin asked for a delivery to be sent again: the outbox resets it when it reads this. */
export type WebhookRedeliveryRequested = Event<'WebhookRedeliveryRequested', Facts & { deliveryId: string }>;

export type WebhookEvent = WebhookRegistered | WebhookRemoved | WebhookRedeliveryRequested;
export const WEBHOOK_EVENT_NAMES: readonly WebhookEvent['type'][] = ['WebhookRegistered', 'WebhookRemoved', 'WebhookRedeliveryRequested'];
