import type { Actor } from '@galley/editorial';
import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/auth.decorators';
import { GraphqlErrorFilter } from '../graphql/graphql-error.filter';
import { WebhookOutboxStore, type DeliveryRow, type DeliveryStatus, type WebhookRow } from './webhook-outbox.store';
import { WebhookCommands } from './webhook.commands';
import { assertWebhookManager } from './webhook.decider';
import {
  DeliveryStatusEnum,
  RedeliverInput,
  RegisterWebhookInput,
  RemoveWebhookInput,
  WebhookDeliveryModel,
  WebhookModel,
  WebhookRegistrationModel,
} from './webhook.models';
import type { WebhookEventType } from './webhook.events';

/** Webhook administration, for admins and editors. */
@Resolver(() => WebhookModel)
@UseFilters(GraphqlErrorFilter)
export class WebhookResolver {
  constructor(
    private readonly commands: WebhookCommands,
    private readonly outbox: WebhookOutboxStore,
  ) {}

  @Mutation(() => WebhookRegistrationModel, { description: 'Subscribe a URL to article events; answers the signing secret once' })
  async registerWebhook(@Args('input') input: RegisterWebhookInput, @CurrentActor() actor: Actor): Promise<WebhookRegistrationModel> {
    const { webhook, secret } = await this.commands.register(input, actor, { commandId: input.commandId });
    return { webhook: this.webhookModel(webhook), secret };
  }

  @Mutation(() => WebhookModel, { description: 'Stop a webhook: its pending deliveries are cancelled' })
  async removeWebhook(@Args('input') input: RemoveWebhookInput, @CurrentActor() actor: Actor): Promise<WebhookModel> {
    return this.webhookModel(await this.commands.remove(input.id, actor, { commandId: input.commandId }));
  }

  @Mutation(() => WebhookDeliveryModel, { description: 'Send a dead letter (or a delivered event) again, with the same Galley-Event-Id' })
  async redeliver(@Args('input') input: RedeliverInput, @CurrentActor() actor: Actor): Promise<WebhookDeliveryModel> {
    return this.deliveryModel(await this.commands.redeliver(input.deliveryId, actor, { commandId: input.commandId }));
  }

  @Query(() => [WebhookModel])
  webhooks(@CurrentActor() actor: Actor): WebhookModel[] {
    assertWebhookManager(actor);
    return this.outbox.webhooks().map((webhook) => this.webhookModel(webhook));
  }

  @Query(() => [WebhookDeliveryModel], { description: 'Deliveries, newest first' })
  webhookDeliveries(
    @CurrentActor() actor: Actor,
    @Args('webhookId', { type: () => ID, nullable: true }) webhookId: string | null,
    @Args('status', { type: () => DeliveryStatusEnum, nullable: true }) status: DeliveryStatus | null,
    @Args('articleId', { type: () => ID, nullable: true }) articleId: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
  ): WebhookDeliveryModel[] {
    assertWebhookManager(actor);
    return this.outbox.deliveries({ webhookId, status, articleId }, first).map((delivery) => this.deliveryModel(delivery));
  }

  @Query(() => [WebhookDeliveryModel], { description: 'Deliveries given up on after too many failures, newest first' })
  deadLetters(
    @CurrentActor() actor: Actor,
    @Args('webhookId', { type: () => ID, nullable: true }) webhookId: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
  ): WebhookDeliveryModel[] {
    assertWebhookManager(actor);
    return this.outbox.deliveries({ webhookId, status: 'DEAD' }, first).map((delivery) => this.deliveryModel(delivery));
  }

  private webhookModel(webhook: WebhookRow): WebhookModel {
    const counts = this.outbox.counts(webhook.id);
    return {
      id: webhook.id,
      url: webhook.url,
      events: webhook.events,
      active: webhook.removedAt === null,
      createdAt: new Date(webhook.createdAt),
      createdBy: webhook.createdBy.name,
      removedAt: webhook.removedAt ? new Date(webhook.removedAt) : null,
      deliveries: { pending: counts.PENDING, delivered: counts.DELIVERED, dead: counts.DEAD, cancelled: counts.CANCELLED },
    };
  }

  private deliveryModel(delivery: DeliveryRow): WebhookDeliveryModel {
    const date = (iso: string | null) => (iso ? new Date(iso) : null);
    return {
      id: delivery.id,
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
      type: delivery.eventType as WebhookEventType,
      articleId: delivery.articleId,
      occurredAt: new Date(delivery.occurredAt),
      status: delivery.status,
      attempts: delivery.attempts,
      failures: delivery.failures,
      nextAttemptAt: date(delivery.nextAttemptAt),
      lastAttemptAt: date(delivery.lastAttemptAt),
      lastStatusCode: delivery.lastStatusCode,
      lastError: delivery.lastError,
      deliveredAt: date(delivery.deliveredAt),
      deadAt: date(delivery.deadAt),
      history: this.outbox.attempts(delivery.id).map((a) => ({ ...a, at: new Date(a.at) })),
    };
  }
}
