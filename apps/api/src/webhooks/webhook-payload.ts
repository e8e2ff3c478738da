import type { ArticleState } from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type { WebhookEventType } from './webhook.events';

/** What a receiver gets: the same body on every attempt, so that `id` can be used to deduplicate. */
export interface WebhookPayload {
  /** The event's id in the store: the `Galley-Event-Id` header. */
  readonly id: string;
  readonly type: WebhookEventType;
  readonly articleId: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

/**
 * The payload of an article event, from the article as it stood just after it. Receivers are the
 * newsroom's integrations, yet an unpublished article's text stays in: a schedule tells only when.
 */
export function webhookPayload(event: RecordedEvent, type: WebhookEventType, articleId: string, state: ArticleState, publicUrl: string): WebhookPayload {
  const data = event.data as Record<string, unknown>;
  const occurredAt = typeof data.at === 'string' ? data.at : event.created.toISOString();
  const url = state.slug ? `${publicUrl}/articles/${encodeURIComponent(state.slug)}` : null;
  return { id: event.id, type, articleId, occurredAt, data: payloadData(type, data, state, url) };
}

function payloadData(type: WebhookEventType, data: Record<string, unknown>, state: ArticleState, url: string | null): Record<string, unknown> {
  switch (type) {
    case 'ArticlePublished':
      return {
        title: state.title,
        dek: state.dek,
        slug: state.slug,
        url,
        edition: state.edition,
        series: state.series,
        author: state.author ? { name: state.author.name } : null,
        publishedAt: state.publishedAt,
      };
    case 'PublicationScheduled':
      return { scheduledFor: data.scheduledFor };
    case 'ScheduleCancelled':
      return { reason: data.reason };
    case 'CorrectionIssued':
      return {
        kind: data.kind,
        note: data.note ?? null,
        changed: data.changed ?? [],
        title: state.title,
        slug: state.slug,
        url,
      };
    case 'ArticleRetracted':
      return { reason: data.reason, slug: state.slug, url, title: state.title };
    default: {
      const _exhaustive: never = type;
      return _exhaustive;
    }
  }
}
