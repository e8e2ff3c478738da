import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file in the data folder that holds the key, when GALLEY_WEBHOOK_KEY does not give one. */
export const WEBHOOK_KEY_FILE = 'webhook-secrets.key';
const PREFIX = 'sealed:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** A sealed secret that this key cannot open: another key sealed it, or the text was altered. */
export class SealedSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

/**
 * Webhook secrets are kept sealed (AES-256-GCM) in the events that register them and in the outbox,
 * so the event log, its backups and anyone reading `$all` never hold them in the clear: the key stays
 * in the data folder (or the environment), and destroying it retires every secret at once. A secret
 * stored before sealing began is plain text, and opens as itself.
 */
export class WebhookSecretBox {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`A webhook key has ${KEY_BYTES} bytes, not ${key.length}`);
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  /** The key from GALLEY_WEBHOOK_KEY (base64 of 32 bytes) or from the data folder, made there the first time. */
  static fromConfig(config: { dataDir: string; webhookKey: string | null }): WebhookSecretBox {
    if (config.webhookKey !== null) return new WebhookSecretBox(Buffer.from(config.webhookKey, 'base64'));
    const file = join(config.dataDir, WEBHOOK_KEY_FILE);
    if (existsSync(file)) return new WebhookSecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
    mkdirSync(config.dataDir, { recursive: true });
    const key = randomBytes(KEY_BYTES);
    try {
      writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it first: its key is the one.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return WebhookSecretBox.fromConfig(config);
      throw error;
    }
    return new WebhookSecretBox(key);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(this.keyId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.keyId}:${[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join(':')}`;
  }

  open(value: string): string {
    if (!WebhookSecretBox.isSealed(value)) return value;
    const [keyId, iv, tag, sealed] = value.slice(PREFIX.length).split(':');
    if (keyId !== this.keyId) {
      throw new SealedSecretError(`The webhook secret was sealed with key ${keyId}, and Galley has key ${this.keyId}: restore that key (GALLEY_WEBHOOK_KEY or ${WEBHOOK_KEY_FILE}) or register the webhook again`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv ?? '', 'base64url'));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed ?? '', 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedSecretError('The sealed webhook secret has been altered: it does not open');
    }
  }
}
