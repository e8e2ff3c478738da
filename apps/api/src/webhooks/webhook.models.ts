import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { DeliveryStatus } from './webhook-outbox.store';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook.events';

function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const WebhookEventTypeEnum = enumOf(WEBHOOK_EVENT_TYPES);
export const DeliveryStatusEnum = enumOf(['PENDING', 'DELIVERED', 'DEAD', 'CANCELLED'] as const);

registerEnumType(WebhookEventTypeEnum, { name: 'WebhookEventType', description: 'The article events a webhook may subscribe to' });
registerEnumType(DeliveryStatusEnum, {
  name: 'DeliveryStatus',
  description: 'PENDING: being attempted; DELIVERED: a 2xx answer; DEAD: a dead letter after too many failures; CANCELLED: its webhook was removed',
});

@ObjectType('WebhookDeliveryCounts')
export class WebhookDeliveryCountsModel {
  @Field(() => Int) pending!: number;
  @Field(() => Int) delivered!: number;
  @Field(() => Int) dead!: number;
  @Field(() => Int) cancelled!: number;
}

@ObjectType('Webhook', { description: 'An outbound webhook: signed POSTs of the article events it subscribes to' })
export class WebhookModel {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => [WebhookEventTypeEnum]) events!: WebhookEventType[];
  @Field() active!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field() createdBy!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) removedAt!: Date | null;
  @Field(() => WebhookDeliveryCountsModel) deliveries!: WebhookDeliveryCountsModel;
}

@ObjectType('WebhookRegistration')
export class WebhookRegistrationModel {
  @Field(() => WebhookModel) webhook!: WebhookModel;
  @Field({ description: 'The signing secret: shown here only, keep it with the receiver' }) secret!: string;
}

@ObjectType('DeliveryAttempt')
export class DeliveryAttemptModel {
  @Field(() => Int) attempt!: number;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status, if it answered" }) statusCode!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) durationMs!: number;
}

@ObjectType('WebhookDelivery', { description: 'One event for one webhook, with every attempt to send it' })
export class WebhookDeliveryModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => ID, { description: 'The Galley-Event-Id header: the same on every attempt and redelivery' }) eventId!: string;
  @Field(() => WebhookEventTypeEnum) type!: WebhookEventType;
  @Field(() => ID) articleId!: string;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field(() => DeliveryStatusEnum) status!: DeliveryStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { description: 'Failed attempts since it was last queued' }) failures!: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) nextAttemptAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) deadAt!: Date | null;
  @Field(() => [DeliveryAttemptModel]) history!: DeliveryAttemptModel[];
}

@InputType()
export class RegisterWebhookInput {
  @Field(() => ID, { nullable: true, description: 'Idempotency key: the same commandId registers once' }) commandId?: string | null;
  @Field({ description: 'http(s); private addresses only where GALLEY_WEBHOOK_ALLOW_PRIVATE_URLS allows' }) url!: string;
  @Field(() => [WebhookEventTypeEnum]) events!: WebhookEventType[];
  @Field(() => String, { nullable: true, description: '16–256 characters; one is made when left out' }) secret?: string | null;
}

@InputType()
export class RemoveWebhookInput {
  @Field(() => ID, { nullable: true }) commandId?: string | null;
  @Field(() => ID) id!: string;
}

@InputType()
export class RedeliverInput {
  @Field(() => ID, { nullable: true }) commandId?: string | null;
  @Field(() => ID) deliveryId!: string;
}
