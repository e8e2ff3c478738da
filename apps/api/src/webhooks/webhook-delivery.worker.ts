import { Inject, Injectable, Logger } from '@nestjs/common';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { CLOCK, type Clock } from '../infrastructure/clock';
import { WebhookOutboxStore, type DeliveryRow } from './webhook-outbox.store';
import { WebhookSecretBox } from './webhook-secret-box';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, signPayload, SIGNATURE_HEADER } from './webhook-signature';

/** Deliveries in flight at once. */
const CONCURRENCY = 8;
/** The longest the worker sleeps without looking at the outbox. */
const MAX_IDLE_MS = 1_000;

/** Delay before the next attempt after `failures` failed ones: base·2^(failures−1), capped; null: dead letter. */
export function retryDelay(failures: number, options: { baseMs: number; maxMs: number; maxAttempts: number }): number | null {
  if (failures >= options.maxAttempts) return null;
  return Math.min(options.maxMs, options.baseMs * 2 ** (failures - 1));
}

/**
 * Sends queued deliveries: a signed JSON POST each, a 2xx answer within the timeout counts as
 * delivered; anything else is retried with exponential backoff until the dead-letter limit. Every
 * attempt is recorded. At least once: a crash mid-send leaves the delivery pending, and it is sent
 * again on restart (receivers deduplicate by `Galley-Event-Id`).
 */
@Injectable()
export class WebhookDeliveryWorker {
  private readonly logger = new Logger('WebhookDelivery');
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopping: AbortController | null = null;
  private ticking = false;
  private again = false;

  constructor(
    private readonly outbox: WebhookOutboxStore,
    @Inject(GALLEY_CONFIG) private readonly config: GalleyConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly secrets: WebhookSecretBox,
  ) {}

  start(): void {
    this.stopping = new AbortController();
    this.wake();
  }

  /** Stops at once: sends in flight are abandoned and stay pending, to be sent again on restart. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Looks at the outbox now (new deliveries were queued). */
  wake(): void {
    if (!this.stopping || this.stopping.signal.aborted) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopping?.signal.aborted) return;
    this.ticking = true;
    try {
      const free = CONCURRENCY - this.inFlight.size;
      if (free > 0) {
        for (const delivery of this.outbox.due(this.clock.now(), free, new Set(this.inFlight.keys()))) {
          const sending = this.send(delivery).finally(() => {
            this.inFlight.delete(delivery.id);
            this.wake();
          });
          this.inFlight.set(delivery.id, sending);
        }
      }
    } catch (error) {
      this.logger.error(`Reading the outbox failed: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
    if (this.stopping?.signal.aborted) return;
    const next = this.outbox.nextDue();
    const idle = next === null ? MAX_IDLE_MS : Math.min(MAX_IDLE_MS, next - this.clock.now().getTime());
    this.schedule(this.again ? 0 : idle);
    this.again = false;
  }

  private async send(delivery: DeliveryRow & { url: string; secret: string }): Promise<void> {
    const signal = this.stopping!.signal;
    const started = performance.now();
    const at = this.clock.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // A secret that does not open (another key) fails the attempt like a receiver would, with the reason.
      const secret = this.secrets.open(delivery.secret);
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Galley-Webhooks/1',
          [SIGNATURE_HEADER]: signPayload(secret, delivery.payload, Math.floor(at.getTime() / 1000)),
          [EVENT_ID_HEADER]: delivery.eventId,
          [DELIVERY_ID_HEADER]: delivery.id,
          'Galley-Event-Type': delivery.eventType,
        },
        body: delivery.payload,
        // A redirect could send the signed payload somewhere nobody registered.
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.config.webhookTimeoutMs)]),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (failure) {
      // Stopping is not the receiver's failure: the delivery stays pending, untouched.
      if (signal.aborted) return;
      const cause = (failure as { cause?: { code?: string; message?: string } }).cause;
      error = (failure as Error).name === 'TimeoutError' ? `Timed out after ${this.config.webhookTimeoutMs} ms` : (cause?.code ?? cause?.message ?? (failure as Error).message);
    }
    const durationMs = performance.now() - started;
    if (error === null) {
      this.outbox.recordSuccess(delivery.id, { at, statusCode: statusCode!, durationMs });
      return;
    }
    this.outbox.recordFailure(delivery.id, { at, statusCode, error, durationMs }, (failures) =>
      retryDelay(failures, { baseMs: this.config.webhookBackoffMs, maxMs: this.config.webhookBackoffMaxMs, maxAttempts: this.config.webhookMaxAttempts }),
    );
    const after = this.outbox.delivery(delivery.id);
    if (after?.status === 'DEAD') this.logger.warn(`Delivery ${delivery.id} to ${delivery.url} dead-lettered after ${after.failures} failures (${error})`);
  }
}
