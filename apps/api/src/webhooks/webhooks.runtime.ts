import { Injectable } from '@nestjs/common';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookOutboxProcess } from './webhook-outbox.process';
import { webhookOutboxFile, WebhookOutboxStore } from './webhook-outbox.store';
import { WebhookSecretBox } from './webhook-secret-box';
import { WebhookCommands } from './webhook.commands';
import { WebhookResolver } from './webhook.resolver';

/** Starts the outbox and the delivery worker, and stops them (the worker first) and the outbox file. */
@Injectable()
export class WebhooksRuntime {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly outbox: WebhookOutboxProcess,
    private readonly worker: WebhookDeliveryWorker,
    private readonly store: WebhookOutboxStore,
  ) {}

  start(): void {
    this.unsubscribe = this.outbox.onEnqueued(() => this.worker.wake());
    this.outbox.start();
    this.worker.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.worker.stop();
    await this.outbox.stop();
    this.store.close();
  }
}

/** What app.module registers for webhooks. */
export const WEBHOOK_PROVIDERS = [
  {
    provide: WebhookOutboxStore,
    inject: [GALLEY_CONFIG],
    useFactory: (config: GalleyConfig) => new WebhookOutboxStore(webhookOutboxFile(config)),
  },
  {
    provide: WebhookSecretBox,
    inject: [GALLEY_CONFIG],
    useFactory: (config: GalleyConfig) => WebhookSecretBox.fromConfig(config),
  },
  WebhookOutboxProcess,
  WebhookDeliveryWorker,
  WebhookCommands,
  WebhookResolver,
  WebhooksRuntime,
];
