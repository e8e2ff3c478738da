import { generateKeyPairSync } from 'node:crypto';
import { JwksKeySet } from './jwks.key-set';
import { craftToken, FakeIdentityProvider, hmacSignature } from './testing/fake-identity-provider';
import { TokenVerifier, type TokenVerifierOptions } from './token.verifier';
import { InvalidTokenError, signToken, type TokenRefusal } from './tokens';

const SECRET = 'a-shared-secret-for-galley-unit-tests';

function setUp(options: Partial<TokenVerifierOptions> & { cooldownMs?: number } = {}) {
  const idp = new FakeIdentityProvider([
    ['rsa-1', 'RS256'],
    ['ec-1', 'ES256'],
  ]);
  idp.publish('rsa-1', 'ec-1');
  let now = Date.now();
  const keys = new JwksKeySet({ url: 'https://id.newsroom.test/jwks', cooldownMs: options.cooldownMs ?? 30_000, fetch: idp.fetch, now: () => now });
  const verifier = new TokenVerifier({
    secret: SECRET,
    keys,
    issuer: idp.issuer,
    audience: idp.audience,
    rolesClaim: 'roles',
    clockSkewSeconds: 30,
    ...options,
  });
  return { idp, verifier, advance: (ms: number) => (now += ms) };
}

async function refusal(promise: Promise<unknown>): Promise<InvalidTokenError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return error as InvalidTokenError;
}

const tamper = (token: string, claims: Record<string, unknown>) => {
  const [header, payload, signature] = token.split('.');
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...claims };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
};

describe('TokenVerifier', () => {
  it('accepts the provider’s RS256 and ES256 tokens and Galley’s own HS256 tokens', async () => {
    const { idp, verifier } = setUp();
    await expect(verifier.verify(idp.token({}, { kid: 'rsa-1' }))).resolves.toEqual({ id: 'oidc-eddie', name: 'Eddie Editor', roles: ['editor'] });
    await expect(verifier.verify(idp.token({ roles: 'writer fact_checker' }, { kid: 'ec-1' }))).resolves.toMatchObject({
      roles: ['writer', 'fact_checker'],
    });
    await expect(verifier.verify(signToken(SECRET, { sub: 'wanda', name: 'Wanda', roles: ['writer'] }))).resolves.toEqual({
      id: 'wanda',
      name: 'Wanda',
      roles: ['writer'],
    });
  });

  it('reads roles from the configured claim, a dotted path such as realm_access.roles', async () => {
    const { idp, verifier } = setUp({ rolesClaim: 'realm_access.roles' });
    const token = idp.token({ roles: undefined, realm_access: { roles: ['publisher', 'offline_access'] } });
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['publisher'] });
    await expect(verifier.verify(idp.token())).resolves.toMatchObject({ roles: [] });
  });

  it.each<[string, (idp: FakeIdentityProvider) => string, TokenRefusal]>([
    ['expired beyond the clock skew', (idp) => idp.token({}, { expiresIn: -31 }), 'expired'],
    ['not yet valid beyond the clock skew', (idp) => idp.token({}, { notBefore: 31 }), 'not_yet_valid'],
    ['without exp', (idp) => idp.token({}, { expiresIn: null }), 'no_expiry'],
    ['from another issuer', (idp) => idp.token({}, { issuer: 'https://evil.example/' }), 'issuer'],
    ['for another audience', (idp) => idp.token({}, { audience: 'another-api' }), 'audience'],
    ['without a subject', (idp) => idp.token({ sub: undefined }), 'subject'],
    ['for the reserved subject "system"', (idp) => idp.token({ sub: 'system' }), 'subject'],
    ['with a tampered payload', (idp) => tamper(idp.token(), { roles: ['admin'] }), 'signature'],
    ['with a tampered signature', (idp) => `${idp.token().slice(0, -4)}AAAA`, 'signature'],
    ['with alg none', (idp) => craftToken({ alg: 'none', typ: 'JWT' }, JSON.parse(Buffer.from(idp.token().split('.')[1], 'base64url').toString()), () => ''), 'algorithm'],
    ['with alg NONE and a signature', (idp) => craftToken({ alg: 'NONE' }, { sub: 'x', exp: 9e9 }, () => 'x'), 'algorithm'],
    ['with RS512', (idp) => craftToken({ alg: 'RS512', kid: 'rsa-1' }, { sub: 'x', exp: 9e9 }, () => 'x'), 'algorithm'],
    ['that is not a JWT', () => 'not-a-token', 'malformed'],
  ])('refuses a token %s', async (_label, make, reason) => {
    const { idp, verifier } = setUp();
    const token = make(idp);
    const error = await refusal(verifier.verify(token));
    expect(error.reason).toBe(reason);
    // Nothing of the token travels in the refusal (it ends up in responses and logs).
    expect(error.message).not.toContain(token);
    for (const part of token.split('.').filter((p) => p.length > 8)) expect(error.message).not.toContain(part);
  });

  it('accepts an expiry or a start within the clock skew, and the skew is configurable', async () => {
    const { idp, verifier } = setUp();
    await expect(verifier.verify(idp.token({}, { expiresIn: -20 }))).resolves.toBeDefined();
    await expect(verifier.verify(idp.token({}, { notBefore: 20 }))).resolves.toBeDefined();
    const strict = setUp({ clockSkewSeconds: 0 });
    expect((await refusal(strict.verifier.verify(strict.idp.token({}, { expiresIn: -2 })))).reason).toBe('expired');
  });

  it('refuses an HS256 token it accepted before once it has expired, and a tampered copy of it at any time', async () => {
    let now = Date.now();
    const { verifier } = setUp({ now: () => now });
    const token = signToken(SECRET, { sub: 'wanda', name: 'Wanda', roles: ['writer'] }, 60);
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'wanda', name: 'Wanda', roles: ['writer'] });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'wanda', name: 'Wanda', roles: ['writer'] });
    expect((await refusal(verifier.verify(tamper(token, { roles: ['admin'] })))).reason).toBe('signature');
    now += 60_000 + 30_000 + 1_000;
    expect((await refusal(verifier.verify(token))).reason).toBe('expired');
    expect((await refusal(verifier.verify(token))).reason).toBe('expired');
  });

  it('refuses an HS256 token signed with the provider’s public key (algorithm confusion), with or without a shared secret', async () => {
    const { idp, verifier } = setUp();
    const claims = { iss: idp.issuer, aud: idp.audience, sub: 'mallory', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 600 };
    const confused = craftToken({ alg: 'HS256', kid: 'rsa-1' }, claims, hmacSignature(idp.publicKeyPem('rsa-1')));
    expect((await refusal(verifier.verify(confused))).reason).toBe('signature');
    const providerOnly = setUp({ secret: null });
    const confusedAgain = craftToken({ alg: 'HS256', kid: 'rsa-1' }, claims, hmacSignature(providerOnly.idp.publicKeyPem('rsa-1')));
    expect((await refusal(providerOnly.verifier.verify(confusedAgain))).reason).toBe('algorithm');
  });

  it('refuses an RS256 token whose kid names an EC key, and RS256 tokens when no JWKS is configured', async () => {
    const { idp, verifier } = setUp();
    const rsaSignedAsEc = idp.token({}, { kid: 'rsa-1' }).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'ec-1' })).toString('base64url');
    expect((await refusal(verifier.verify([header, rsaSignedAsEc[1], rsaSignedAsEc[2]].join('.')))).reason).toBe('unknown_key');
    const secretOnly = setUp({ keys: null });
    expect((await refusal(secretOnly.verifier.verify(idp.token()))).reason).toBe('algorithm');
  });

  it('refuses an unknown kid, fetching the keys again at most once per cooldown', async () => {
    const { idp, verifier, advance } = setUp();
    await verifier.verify(idp.token());
    expect(idp.fetches).toBe(1);
    for (let i = 0; i < 5; i++) {
      const forged = craftToken({ alg: 'RS256', kid: `nobody-${i}` }, { sub: 'x', exp: 9e9 }, () => 'x');
      expect((await refusal(verifier.verify(forged))).reason).toBe('unknown_key');
    }
    expect(idp.fetches).toBe(1);
    advance(30_000);
    await refusal(verifier.verify(craftToken({ alg: 'RS256', kid: 'nobody' }, { sub: 'x', exp: 9e9 }, () => 'x')));
    expect(idp.fetches).toBe(2);
  });

  it('accepts a rotated key once the cooldown allows a refetch, and drops the retired key', async () => {
    const { idp, verifier, advance } = setUp();
    const old = idp.token({}, { kid: 'rsa-1' });
    await verifier.verify(old);
    idp.addKey('rsa-2');
    idp.publish('rsa-2');
    const rotated = idp.token({}, { kid: 'rsa-2' });
    advance(30_000);
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ id: 'oidc-eddie' });
    expect(idp.fetches).toBe(2);
    expect((await refusal(verifier.verify(old))).reason).toBe('unknown_key');
  });
});

describe('JwksKeySet', () => {
  const respond = (body: unknown, status = 200) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

  it('skips keys Galley does not trust: short RSA, encryption keys, other curves, mismatched alg', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const strong = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    const keys = new JwksKeySet({
      url: 'https://id/jwks',
      cooldownMs: 0,
      fetch: respond({
        keys: [
          { ...weak, kid: 'weak' },
          { ...strong, kid: 'enc', use: 'enc' },
          { ...p384, kid: 'p384' },
          { ...strong, kid: 'ps', alg: 'PS256' },
          { kty: 'oct', k: 'c2VjcmV0', kid: 'oct' },
          { ...strong, kid: 'good' },
        ],
      }),
    });
    await expect(keys.keyFor('good', 'RS256')).resolves.toMatchObject({ kid: 'good', alg: 'RS256' });
    for (const kid of ['weak', 'enc', 'p384', 'ps', 'oct']) {
      expect((await refusal(keys.keyFor(kid, kid === 'p384' ? 'ES256' : 'RS256'))).reason).toBe('unknown_key');
    }
  });

  it('says the keys are unavailable when the provider cannot be reached, and keeps known keys when a refetch fails', async () => {
    const problems: string[] = [];
    const down = new JwksKeySet({ url: 'https://id/jwks', cooldownMs: 0, fetch: respond({}, 503), onFetchError: (p) => problems.push(p) });
    expect((await refusal(down.keyFor('any', 'RS256'))).reason).toBe('keys_unavailable');
    expect(problems[0]).toContain('HTTP 503');

    const idp = new FakeIdentityProvider();
    let failing = false;
    const flaky = new JwksKeySet({
      url: 'https://id/jwks',
      cooldownMs: 0,
      fetch: (async () => (failing ? new Response('', { status: 500 }) : idp.fetch(''))) as unknown as typeof fetch,
    });
    await flaky.keyFor('key-1', 'RS256');
    failing = true;
    await expect(flaky.keyFor('key-1', 'RS256')).resolves.toMatchObject({ kid: 'key-1' });
    expect((await refusal(flaky.keyFor('key-2', 'RS256'))).reason).toBe('unknown_key');
  });

  it('shares one fetch between concurrent verifications', async () => {
    const idp = new FakeIdentityProvider();
    const keys = new JwksKeySet({ url: 'https://id/jwks', cooldownMs: 30_000, fetch: idp.fetch });
    await Promise.all(Array.from({ length: 10 }, () => keys.keyFor('key-1', 'RS256')));
    expect(idp.fetches).toBe(1);
  });
});
