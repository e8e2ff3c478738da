import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from '../config/galley.config';
import { SealedSecretError, WEBHOOK_KEY_FILE, WebhookSecretBox } from './webhook-secret-box';

const SECRET = 'receiver-secret-0123456789abcdef';

describe('WebhookSecretBox', () => {
  const box = new WebhookSecretBox(randomBytes(32));

  it('seals a secret so that it does not appear, and opens it again', () => {
    const sealed = box.seal(SECRET);
    expect(sealed).toMatch(/^sealed:v1:[0-9a-f]{8}:/);
    expect(sealed).not.toContain(SECRET);
    expect(box.open(sealed)).toBe(SECRET);
    // A fresh nonce each time: two seals of one secret differ.
    expect(box.seal(SECRET)).not.toBe(sealed);
  });

  it('opens a secret stored before sealing began as itself', () => {
    expect(box.open(SECRET)).toBe(SECRET);
  });

  it('refuses to open with another key, naming both keys', () => {
    const other = new WebhookSecretBox(randomBytes(32));
    expect(() => other.open(box.seal(SECRET))).toThrow(SealedSecretError);
    expect(() => other.open(box.seal(SECRET))).toThrow(/sealed with key [0-9a-f]{8}, and Galley has key [0-9a-f]{8}/);
  });

  it('refuses an altered sealed secret', () => {
    const sealed = box.seal(SECRET);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[5], 'base64url');
    body[0] ^= 1;
    parts[5] = body.toString('base64url');
    expect(() => box.open(parts.join(':'))).toThrow(new SealedSecretError('The sealed webhook secret has been altered: it does not open'));
    expect(() => box.open('sealed:v1:')).toThrow(SealedSecretError);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new WebhookSecretBox(randomBytes(16))).toThrow('A webhook key has 32 bytes, not 16');
  });

  describe('its key', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'galley-key-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('is made once in the data folder, readable by its owner only, and kept', () => {
      const made = WebhookSecretBox.fromConfig({ dataDir, webhookKey: null });
      const file = join(dataDir, WEBHOOK_KEY_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
      const again = WebhookSecretBox.fromConfig({ dataDir, webhookKey: null });
      expect(again.open(made.seal(SECRET))).toBe(SECRET);
    });

    it('comes from GALLEY_WEBHOOK_KEY when set, and then no file is made', () => {
      const key = randomBytes(32).toString('base64');
      const config = loadConfig({ GALLEY_DATA_DIR: dataDir, GALLEY_WEBHOOK_KEY: key });
      const fromEnv = WebhookSecretBox.fromConfig(config);
      expect(new WebhookSecretBox(Buffer.from(key, 'base64')).open(fromEnv.seal(SECRET))).toBe(SECRET);
      expect(() => statSync(join(dataDir, WEBHOOK_KEY_FILE))).toThrow();
    });

    it.each(['not base64!', randomBytes(16).toString('base64')])('refuses GALLEY_WEBHOOK_KEY=%p', (value) => {
      expect(() => loadConfig({ GALLEY_WEBHOOK_KEY: value })).toThrow(ConfigurationError);
      expect(() => loadConfig({ GALLEY_WEBHOOK_KEY: value })).toThrow('GALLEY_WEBHOOK_KEY: expected base64 of 32 random bytes');
    });
  });
});
