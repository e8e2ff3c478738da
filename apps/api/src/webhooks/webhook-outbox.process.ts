import { comparePositions, type EventStore, type Position, type RecordedEvent } from '@galley/event-store';
import { CheckpointedConsumer } from '@galley/read-models';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ArticleRepository } from '../articles/article.repository';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { CLOCK, type Clock } from '../infrastructure/clock';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { ARTICLE_STREAM, uuidV5 } from '../infrastructure/ids';
import { WebhookOutboxStore, type NewDelivery } from './webhook-outbox.store';
import { webhookPayload } from './webhook-payload';
import { isWebhookEventType, WEBHOOK_EVENT_NAMES, WEBHOOK_EVENT_TYPES, WEBHOOK_STREAM, type WebhookEvent } from './webhook.events';

export const OUTBOX_CONSUMER = 'webhook-outbox';

type Waiter = { position: Position; resolve: () => void };

/** A delivery's id: one per webhook and event, however often the event is read. */
export function deliveryIdFor(webhookId: string, eventId: string): string {
  return uuidV5(`webhook-delivery:${webhookId}:${eventId}`);
}

/**
 * Feeds the outbox from `$all`: the webhooks' own events keep the subscription list, and each article
 * event of interest becomes one delivery per subscribed webhook. The deliveries and the checkpoint are
 * written in one transaction, so an event is queued exactly once even across a crash; a webhook sees
 * the events that follow its registration in `$all`, none before.
 */
@Injectable()
export class WebhookOutboxProcess {
  private readonly logger = new Logger('WebhookOutbox');
  readonly store: WebhookOutboxStore;
  private consumer: CheckpointedConsumer | null = null;
  private handled: Position | null;
  private waiters: Waiter[] = [];
  private readonly enqueuedListeners = new Set<() => void>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(GALLEY_CONFIG) private readonly config: GalleyConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly articles: ArticleRepository,
    store: WebhookOutboxStore,
  ) {
    this.store = store;
    this.handled = store.checkpoints.read(OUTBOX_CONSUMER);
  }

  start(): void {
    this.consumer = new CheckpointedConsumer({
      name: OUTBOX_CONSUMER,
      store: this.events,
      checkpoints: this.store.checkpoints,
      filter: { streamNamePrefixes: [ARTICLE_STREAM, WEBHOOK_STREAM], eventTypes: [...WEBHOOK_EVENT_TYPES, ...WEBHOOK_EVENT_NAMES] },
      handle: (event) => this.handle(event),
      onError: (error) => this.logger.error(`Outbox stopped, resubscribing from its checkpoint: ${error.message}`),
    });
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters = [];
  }

  onEnqueued(listener: () => void): () => void {
    this.enqueuedListeners.add(listener);
    return () => this.enqueuedListeners.delete(listener);
  }

  /** Resolves once the outbox has read up to `position` (or after `timeoutMs`). */
  waitFor(position: Position, timeoutMs = 5_000): Promise<void> {
    if (this.handled && comparePositions(this.handled, position) >= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiter: Waiter = { position, resolve: done };
      this.waiters.push(waiter);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.waiters = self.waiters.filter((w) => w !== waiter);
        resolve();
      }
    });
  }

  private async handle(event: RecordedEvent): Promise<void> {
    if (event.streamId.startsWith(WEBHOOK_STREAM)) {
      this.store.atomically(OUTBOX_CONSUMER, event.position, () => this.applyWebhookEvent({ type: event.type, data: event.data } as WebhookEvent));
    } else if (isWebhookEventType(event.type)) {
      const deliveries = await this.deliveriesFor(event);
      this.store.atomically(OUTBOX_CONSUMER, event.position, () => this.store.enqueue(deliveries, this.clock.now()));
    }
    this.advance(event.position);
  }

  private applyWebhookEvent(event: WebhookEvent): void {
    switch (event.type) {
      case 'WebhookRegistered':
        return this.store.saveWebhook(event.data);
      case 'WebhookRemoved':
        return this.store.removeWebhook(event.data.webhookId, event.data.at);
      case 'WebhookRedeliveryRequested':
        return this.store.requeue(event.data.deliveryId, this.clock.now());
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }

  private async deliveriesFor(event: RecordedEvent): Promise<NewDelivery[]> {
    if (!isWebhookEventType(event.type)) return [];
    const subscribers = this.store.subscribersOf(event.type);
    if (subscribers.length === 0) return [];
    const articleId = event.streamId.slice(ARTICLE_STREAM.length);
    // The article as it stood just after this event, so a payload says what was true then.
    const { state } = await this.articles.loadAsOf(articleId, { version: event.revision + 1 });
    const payload = JSON.stringify(webhookPayload(event, event.type, articleId, state, this.config.publicUrl));
    const occurredAt = (JSON.parse(payload) as { occurredAt: string }).occurredAt;
    return subscribers.map((webhook) => ({
      id: deliveryIdFor(webhook.id, event.id),
      webhookId: webhook.id,
      eventId: event.id,
      eventType: event.type,
      articleId,
      occurredAt,
      payload,
    }));
  }

  private advance(position: Position): void {
    this.handled = position;
    const [ready, waiting] = partition(this.waiters, (w) => comparePositions(position, w.position) >= 0);
    this.waiters = waiting;
    ready.forEach((w) => w.resolve());
    this.enqueuedListeners.forEach((listener) => listener());
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
