import { NotFound, InvalidTransition, type Actor } from '@galley/editorial';
import { ConcurrencyError, StreamNotFoundError, type EventStore, type RecordedEvent } from '@galley/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { CLOCK, type Clock } from '../infrastructure/clock';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { eventIdFor, uuidV5 } from '../infrastructure/ids';
import { WebhookOutboxProcess } from './webhook-outbox.process';
import type { DeliveryRow, WebhookRow } from './webhook-outbox.store';
import { WebhookSecretBox } from './webhook-secret-box';
import { newWebhookSecret } from './webhook-signature';
import { decideWebhook, evolveWebhook, initialWebhookState, type WebhookCommand, type WebhookState } from './webhook.decider';
import { webhookStream, type WebhookEvent, type WebhookRegistered } from './webhook.events';

const RETRIES = 3;

export interface CommandOptions {
  readonly commandId?: string | null;
}

/**
 * Webhook commands, handled as articles' are: read the stream, fold, decide, append at the revision
 * read. Answers come from the outbox once it has read the append (read your own writes).
 */
@Injectable()
export class WebhookCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(GALLEY_CONFIG) private readonly config: GalleyConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: WebhookOutboxProcess,
    private readonly secrets: WebhookSecretBox,
  ) {}

  async register(input: { url: string; events: readonly string[]; secret?: string | null }, actor: Actor, options: CommandOptions = {}): Promise<{ webhook: WebhookRow; secret: string }> {
    const commandId = options.commandId ?? randomUUID();
    const webhookId = uuidV5(`webhook:${commandId}`);
    const secret = input.secret ?? newWebhookSecret();
    const events = await this.execute(
      { type: 'RegisterWebhook', data: { webhookId, url: input.url, events: input.events, secret }, metadata: { actor, now: this.clock.now() } },
      commandId,
    );
    const registered = events.find((event): event is RecordedEvent<'WebhookRegistered', WebhookRegistered['data']> => event.type === 'WebhookRegistered');
    const webhook = this.outbox.store.webhook(webhookId);
    if (!webhook || !registered) throw new Error(`Webhook ${webhookId} was registered but the outbox has not read it yet`);
    // The secret is shown once, in this answer; the event keeps it sealed.
    return { webhook, secret: this.secrets.open(registered.data.secret) };
  }

  async remove(webhookId: string, actor: Actor, options: CommandOptions = {}): Promise<WebhookRow> {
    await this.execute({ type: 'RemoveWebhook', data: { webhookId }, metadata: { actor, now: this.clock.now() } }, options.commandId ?? randomUUID());
    return this.outbox.store.webhook(webhookId)!;
  }

  /** Sends a delivery again (a dead letter, or one delivered that the receiver lost), with the same event id. */
  async redeliver(deliveryId: string, actor: Actor, options: CommandOptions = {}): Promise<DeliveryRow> {
    const delivery = this.outbox.store.delivery(deliveryId);
    if (!delivery) throw new NotFound('Delivery', deliveryId);
    if (delivery.status === 'PENDING') throw new InvalidTransition('PENDING', 'DELIVERY_PENDING', 'This delivery is still being attempted');
    if (delivery.status === 'CANCELLED') throw new InvalidTransition('CANCELLED', 'WEBHOOK_REMOVED', 'A removed webhook delivers nothing');
    await this.execute(
      { type: 'RequestRedelivery', data: { webhookId: delivery.webhookId, deliveryId }, metadata: { actor, now: this.clock.now() } },
      options.commandId ?? randomUUID(),
    );
    return this.outbox.store.delivery(deliveryId)!;
  }

  private async execute(command: WebhookCommand, commandId: string): Promise<RecordedEvent[]> {
    const streamId = webhookStream(command.data.webhookId);
    for (let attempt = 1; ; attempt += 1) {
      const recorded = await this.read(streamId);
      // A retried command finds its events already there: it answers them rather than decide again.
      if (recorded.some((event) => event.metadata.commandId === commandId)) {
        await this.outbox.waitFor(recorded[recorded.length - 1].position);
        return recorded;
      }
      const state = recorded.reduce<WebhookState>((s, e) => evolveWebhook(s, { type: e.type, data: e.data } as WebhookEvent), initialWebhookState());
      const events = decideWebhook(command, state, { allowPrivateUrls: this.config.webhookAllowPrivateUrls });
      try {
        const { actor, now } = command.metadata;
        const result = await this.store.appendToStream(
          streamId,
          events.map((event, index) => ({
            id: eventIdFor(commandId, index),
            type: event.type,
            data: event.type === 'WebhookRegistered' ? { ...event.data, secret: this.secrets.seal(event.data.secret) } : event.data,
            metadata: { actor: { id: actor.id, name: actor.name }, commandId, correlationId: commandId, causationId: commandId, schemaVersion: 1, timestamp: now.toISOString() },
          })),
          { expectedRevision: recorded.length === 0 ? 'no_stream' : recorded.length - 1 },
        );
        await this.outbox.waitFor(result.position);
        return this.read(streamId);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= RETRIES) throw error;
      }
    }
  }

  private async read(streamId: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
