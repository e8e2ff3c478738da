import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Galley-Signature';
export const EVENT_ID_HEADER = 'Galley-Event-Id';
export const DELIVERY_ID_HEADER = 'Galley-Delivery-Id';

/** Receivers should refuse a signature older than this (a replayed request). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed with the body. */
export function signPayload(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, unixSeconds, body)}`;
}

export type SignatureCheck = { valid: true } | { valid: false; reason: 'MALFORMED' | 'MISMATCH' | 'TOO_OLD' };

/** What a receiver does with the header (also used by Galley's own tests). */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): SignatureCheck {
  const parts = new Map<string, string[]>();
  for (const piece of header.split(',')) {
    const [key, value] = piece.split('=', 2).map((s) => s.trim());
    if (key && value) parts.set(key, [...(parts.get(key) ?? []), value]);
  }
  const t = Number(parts.get('t')?.[0]);
  const signatures = parts.get('v1') ?? [];
  if (!Number.isInteger(t) || signatures.length === 0) return { valid: false, reason: 'MALFORMED' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { valid: false, reason: 'TOO_OLD' };
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true } : { valid: false, reason: 'MISMATCH' };
}

/** A secret for a webhook registered without one. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

function hmac(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
}
