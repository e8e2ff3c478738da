import { CheckpointStore } from '@galley/read-models';
import type { Position } from '@galley/event-store';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { dataFiles } from '../config/data-files';
import type { GalleyConfig } from '../config/galley.config';
import type { WebhookEventType, WebhookRegistered } from './webhook.events';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD' | 'CANCELLED';

export interface WebhookRow {
  readonly id: string;
  readonly url: string;
  readonly events: WebhookEventType[];
  readonly secret: string;
  readonly createdAt: string;
  readonly createdBy: { id: string; name: string };
  readonly removedAt: string | null;
}

export interface NewDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly articleId: string;
  readonly occurredAt: string;
  /** The exact JSON body sent, every time. */
  readonly payload: string;
}

/** A delivery as the outbox keeps it: what was queued, and what became of it. */
export interface DeliveryRow extends NewDelivery {
  readonly status: DeliveryStatus;
  /** Every attempt ever made. */
  readonly attempts: number;
  /** Failed attempts since the delivery was (re)queued: the backoff and the dead-letter limit count these. */
  readonly failures: number;
  readonly nextAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  readonly deadAt: string | null;
  readonly createdAt: string;
}

export interface AttemptRow {
  readonly attempt: number;
  readonly at: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** The outbox file: it holds what has yet to be sent, so it is not a read model to rebuild. */
export function webhookOutboxFile(config: Pick<GalleyConfig, 'dataDir'>): string {
  return dataFiles(config).webhooks;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by_id TEXT NOT NULL,
  created_by_name TEXT NOT NULL,
  removed_at TEXT
);
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  webhook_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  article_id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_attempt_at TEXT,
  last_status_code INTEGER,
  last_error TEXT,
  delivered_at TEXT,
  dead_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries (webhook_id, seq);
CREATE TABLE IF NOT EXISTS delivery_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_attempts_by_delivery ON delivery_attempts (delivery_id, seq);
`;

interface DeliveryRecord {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  article_id: string;
  occurred_at: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  failures: number;
  next_attempt_at: number | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  dead_at: string | null;
  created_at: string;
}

const MAX_PAGE = 100;

/**
 * The webhook outbox in its own SQLite file (synchronous=FULL: a queued delivery survives a power
 * cut): the subscriptions as the outbox last read them, the deliveries, every attempt, and the
 * outbox's checkpoint, written in the same transaction as the deliveries an event makes.
 */
export class WebhookOutboxStore {
  readonly db: Database.Database;
  readonly checkpoints: CheckpointStore;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.checkpoints = new CheckpointStore(this.db);
  }

  /** Runs `work` and moves the checkpoint to `position` in one transaction. */
  atomically(checkpointName: string, position: Position, work: () => void): void {
    this.db.transaction(() => {
      work();
      this.checkpoints.write(checkpointName, position);
    })();
  }

  saveWebhook(event: WebhookRegistered['data']): void {
    this.db
      .prepare(
        `INSERT INTO webhooks (id, url, events, secret, created_at, created_by_id, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING`,
      )
      .run(event.webhookId, event.url, JSON.stringify(event.events), event.secret, event.at, event.by.id, event.by.name);
  }

  /** A removed webhook sends nothing more: what it had queued is cancelled. */
  removeWebhook(webhookId: string, at: string): void {
    this.db.prepare('UPDATE webhooks SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(at, webhookId);
    this.db.prepare(`UPDATE deliveries SET status = 'CANCELLED', next_attempt_at = NULL WHERE webhook_id = ? AND status = 'PENDING'`).run(webhookId);
  }

  webhook(id: string): WebhookRow | null {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as Record<string, string | null> | undefined;
    return row ? toWebhook(row) : null;
  }

  webhooks(): WebhookRow[] {
    return (this.db.prepare('SELECT * FROM webhooks ORDER BY created_at, id').all() as Record<string, string | null>[]).map(toWebhook);
  }

  /** Live webhooks subscribed to this type of event. */
  subscribersOf(type: string): WebhookRow[] {
    return this.webhooks().filter((webhook) => webhook.removedAt === null && (webhook.events as string[]).includes(type));
  }

  /** Queues deliveries; one already queued (the same id) is left as it is. */
  enqueue(deliveries: readonly NewDelivery[], now: Date): void {
    const insert = this.db.prepare(
      `INSERT INTO deliveries (id, webhook_id, event_id, event_type, article_id, occurred_at, payload, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT(id) DO NOTHING`,
    );
    for (const d of deliveries) insert.run(d.id, d.webhookId, d.eventId, d.eventType, d.articleId, d.occurredAt, d.payload, now.getTime(), now.toISOString());
  }

  /** Queues a delivery again, from a clean slate of failures (a redelivery). */
  requeue(deliveryId: string, now: Date): void {
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'PENDING', failures = 0, next_attempt_at = ?, dead_at = NULL
         WHERE id = ? AND status IN ('DELIVERED', 'DEAD')
           AND webhook_id IN (SELECT id FROM webhooks WHERE removed_at IS NULL)`,
      )
      .run(now.getTime(), deliveryId);
  }

  /** Pending deliveries whose time has come, oldest first. */
  due(now: Date, limit: number, skip: ReadonlySet<string>): (DeliveryRow & { url: string; secret: string })[] {
    const rows = this.db
      .prepare(
        `SELECT d.*, w.url AS url, w.secret AS secret FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq LIMIT +?`,
      )
      .all(now.getTime(), limit + skip.size) as (DeliveryRecord & { url: string; secret: string })[];
    return rows
      .filter((row) => !skip.has(row.id))
      .slice(0, limit)
      .map((row) => ({ ...toDelivery(row), url: row.url, secret: row.secret }));
  }

  /** When the next pending delivery falls due (ms since the epoch), or null. */
  nextDue(): number | null {
    const row = this.db.prepare(`SELECT MIN(next_attempt_at) AS next FROM deliveries WHERE status = 'PENDING'`).get() as { next: number | null };
    return row.next;
  }

  recordSuccess(deliveryId: string, attempt: { at: Date; statusCode: number; durationMs: number }): void {
    this.db.transaction(() => {
      const n = this.logAttempt(deliveryId, attempt.at, attempt.statusCode, null, attempt.durationMs);
      this.db
        .prepare(
          `UPDATE deliveries SET status = 'DELIVERED', attempts = ?, next_attempt_at = NULL, last_attempt_at = ?, last_status_code = ?, last_error = NULL, delivered_at = ?
           WHERE id = ? AND status = 'PENDING'`,
        )
        .run(n, attempt.at.toISOString(), attempt.statusCode, attempt.at.toISOString(), deliveryId);
    })();
  }

  /** A failed attempt: tried again after `retryInMs`, or dead-lettered once `maxFailures` is reached. */
  recordFailure(
    deliveryId: string,
    attempt: { at: Date; statusCode: number | null; error: string; durationMs: number },
    retry: (failures: number) => number | null,
  ): void {
    this.db.transaction(() => {
      const current = this.db.prepare('SELECT failures, status FROM deliveries WHERE id = ?').get(deliveryId) as { failures: number; status: string } | undefined;
      if (!current || current.status !== 'PENDING') return;
      const n = this.logAttempt(deliveryId, attempt.at, attempt.statusCode, attempt.error, attempt.durationMs);
      const failures = current.failures + 1;
      const retryInMs = retry(failures);
      const at = attempt.at.toISOString();
      if (retryInMs === null) {
        this.db
          .prepare(
            `UPDATE deliveries SET status = 'DEAD', attempts = ?, failures = ?, next_attempt_at = NULL, last_attempt_at = ?, last_status_code = ?, last_error = ?, dead_at = ? WHERE id = ?`,
          )
          .run(n, failures, at, attempt.statusCode, attempt.error, at, deliveryId);
      } else {
        this.db
          .prepare(
            `UPDATE deliveries SET attempts = ?, failures = ?, next_attempt_at = ?, last_attempt_at = ?, last_status_code = ?, last_error = ? WHERE id = ?`,
          )
          .run(n, failures, Math.round(attempt.at.getTime() + attempt.durationMs + retryInMs), at, attempt.statusCode, attempt.error, deliveryId);
      }
    })();
  }

  delivery(id: string): DeliveryRow | null {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRecord | undefined;
    return row ? toDelivery(row) : null;
  }

  deliveries(filter: { webhookId?: string | null; status?: DeliveryStatus | null; articleId?: string | null }, first: number): DeliveryRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.webhookId) (where.push('webhook_id = ?'), params.push(filter.webhookId));
    if (filter.status) (where.push('status = ?'), params.push(filter.status));
    if (filter.articleId) (where.push('article_id = ?'), params.push(filter.articleId));
    const rows = this.db
      .prepare(`SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT +?`)
      .all(...params, Math.max(1, Math.min(MAX_PAGE, Math.floor(first)))) as DeliveryRecord[];
    return rows.map(toDelivery);
  }

  attempts(deliveryId: string): AttemptRow[] {
    const rows = this.db
      .prepare('SELECT attempt, at, status_code, error, duration_ms FROM delivery_attempts WHERE delivery_id = ? ORDER BY seq')
      .all(deliveryId) as { attempt: number; at: string; status_code: number | null; error: string | null; duration_ms: number }[];
    return rows.map((r) => ({ attempt: r.attempt, at: r.at, statusCode: r.status_code, error: r.error, durationMs: r.duration_ms }));
  }

  counts(webhookId: string): Record<DeliveryStatus, number> {
    const counts: Record<DeliveryStatus, number> = { PENDING: 0, DELIVERED: 0, DEAD: 0, CANCELLED: 0 };
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM deliveries WHERE webhook_id = ? GROUP BY status').all(webhookId) as {
      status: DeliveryStatus;
      n: number;
    }[];
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  close(): void {
    this.db.close();
  }

  private logAttempt(deliveryId: string, at: Date, statusCode: number | null, error: string | null, durationMs: number): number {
    const { attempts } = this.db.prepare('SELECT attempts FROM deliveries WHERE id = ?').get(deliveryId) as { attempts: number };
    const n = attempts + 1;
    this.db
      .prepare('INSERT INTO delivery_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(deliveryId, n, at.toISOString(), statusCode, error, Math.round(durationMs));
    return n;
  }
}

function toWebhook(row: Record<string, string | null>): WebhookRow {
  return {
    id: row.id!,
    url: row.url!,
    events: JSON.parse(row.events!) as WebhookEventType[],
    secret: row.secret!,
    createdAt: row.created_at!,
    createdBy: { id: row.created_by_id!, name: row.created_by_name! },
    removedAt: row.removed_at,
  };
}

function toDelivery(row: DeliveryRecord): DeliveryRow {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    articleId: row.article_id,
    occurredAt: row.occurred_at,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    deadAt: row.dead_at,
    createdAt: row.created_at,
  };
}
