import { createHmac } from 'node:crypto';
import { newWebhookSecret, signPayload, verifySignature } from './webhook-signature';

const SECRET = 'a-receiver-secret-of-some-length';
const BODY = JSON.stringify({ id: 'e1', type: 'ArticlePublished' });

describe('webhook signatures', () => {
  it('signs "t.body" with HMAC-SHA256, in hex', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signPayload(SECRET, BODY, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature within the tolerance', () => {
    expect(verifySignature(SECRET, signPayload(SECRET, BODY, 1_700_000_000), BODY, 1_700_000_100)).toEqual({ valid: true });
  });

  it('refuses another body, another secret, an old timestamp and a malformed header', () => {
    const header = signPayload(SECRET, BODY, 1_700_000_000);
    expect(verifySignature(SECRET, header, `${BODY} `, 1_700_000_000)).toEqual({ valid: false, reason: 'MISMATCH' });
    expect(verifySignature('another-secret-entirely', header, BODY, 1_700_000_000)).toEqual({ valid: false, reason: 'MISMATCH' });
    expect(verifySignature(SECRET, header, BODY, 1_700_000_301)).toEqual({ valid: false, reason: 'TOO_OLD' });
    expect(verifySignature(SECRET, 'v1=abc', BODY, 1_700_000_000)).toEqual({ valid: false, reason: 'MALFORMED' });
  });

  it('refuses a timestamp moved without re-signing', () => {
    const header = signPayload(SECRET, BODY, 1_700_000_000).replace('t=1700000000', 't=1700000050');
    expect(verifySignature(SECRET, header, BODY, 1_700_000_050)).toEqual({ valid: false, reason: 'MISMATCH' });
  });

  it('makes distinct secrets', () => {
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
    expect(newWebhookSecret()).toMatch(/^whsec_[\w-]{32}$/);
  });
});
