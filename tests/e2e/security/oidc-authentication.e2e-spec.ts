import { Logger } from '@nestjs/common';
import { craftToken, FakeIdentityProvider, hmacSignature } from '../../../apps/api/src/auth/testing/fake-identity-provider';
import { removeDataDir, startGalley, tokenFor, type Galley } from '../support/galley.harness';

const ME = `{ me { id name roles } }`;

describe('authentication through an OIDC provider’s JWKS', () => {
  let idp: FakeIdentityProvider;
  let galley: Galley;

  beforeAll(async () => {
    idp = new FakeIdentityProvider([['key-1', 'RS256']]);
    idp.addKey('ec-1', 'ES256', true);
    const jwksUrl = await idp.listen();
    galley = await startGalley({
      env: {
        GALLEY_JWKS_URL: jwksUrl,
        GALLEY_JWT_ISSUER: idp.issuer,
        GALLEY_JWT_AUDIENCE: idp.audience,
        GALLEY_JWKS_COOLDOWN: '1',
      },
    });
  });
  afterAll(async () => {
    await galley.stop();
    await idp.stop();
    removeDataDir(galley.dataDir);
  });

  const refusal = async (token: string) => {
    const response = await galley.gql(ME, {}, token);
    expect(response.data).toBeNull();
    expect(response.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    return response.errors![0].message;
  };

  it('accepts the provider’s RS256 and ES256 tokens, and Galley’s own HS256 tokens beside them', async () => {
    expect((await galley.gql(ME, {}, idp.token({}, { kid: 'key-1' }))).data).toEqual({ me: { id: 'oidc-eddie', name: 'Eddie Editor', roles: ['editor'] } });
    expect((await galley.gql(ME, {}, idp.token({ roles: ['fact_checker'] }, { kid: 'ec-1' }))).data!.me.roles).toEqual(['fact_checker']);
    expect((await galley.gql(ME, {}, tokenFor('wanda', 'Wanda Writer', ['writer']))).data!.me.id).toBe('wanda');
  });

  it.each<[string, (idp: FakeIdentityProvider) => string, RegExp]>([
    ['expired', (p) => p.token({}, { expiresIn: -60 }), /expired/],
    ['not yet valid', (p) => p.token({}, { notBefore: 120 }), /not valid yet/],
    ['from the wrong issuer', (p) => p.token({}, { issuer: 'https://impostor.example/' }), /issuer/],
    ['for the wrong audience', (p) => p.token({}, { audience: 'someone-else' }), /audience/],
    ['without a subject', (p) => p.token({ sub: undefined }), /subject/],
    ['with a tampered signature', (p) => `${p.token().slice(0, -6)}AAAAAA`, /signature/],
    ['with alg none', (p) => craftToken({ alg: 'none' }, { iss: p.issuer, aud: p.audience, sub: 'mallory', roles: ['admin'], exp: 9e9 }, () => ''), /algorithm/],
    [
      'signed HS256 with the provider’s RSA public key (algorithm confusion)',
      (p) => craftToken({ alg: 'HS256', kid: 'key-1' }, { iss: p.issuer, aud: p.audience, sub: 'mallory', roles: ['admin'], exp: 9e9 }, hmacSignature(p.publicKeyPem('key-1'))),
      /signature/,
    ],
  ])('refuses a token %s', async (_label, make, why) => {
    expect(await refusal(make(idp))).toMatch(why);
  });

  it('refuses an unknown kid without fetching the keys for every attempt', async () => {
    const before = idp.fetches;
    for (let i = 0; i < 8; i++) {
      const forged = craftToken({ alg: 'RS256', kid: `forged-${i}` }, { sub: 'mallory', exp: 9e9 }, () => 'c2lnbmF0dXJl');
      expect(await refusal(forged)).toMatch(/key/);
    }
    expect(idp.fetches - before).toBeLessThanOrEqual(1);
  });

  it('accepts a rotated key after refetching the JWKS, and refuses the retired one', async () => {
    const retired = idp.token({}, { kid: 'key-1' });
    expect((await galley.gql(ME, {}, retired)).data!.me.id).toBe('oidc-eddie');
    idp.addKey('key-2');
    idp.publish('key-2', 'ec-1');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the cooldown (GALLEY_JWKS_COOLDOWN=1)
    const before = idp.fetches;
    expect((await galley.gql(ME, {}, idp.token({ sub: 'rotated' }, { kid: 'key-2' }))).data!.me.id).toBe('rotated');
    expect(idp.fetches).toBe(before + 1);
    expect(await refusal(retired)).toMatch(/key/);
  });

  it('never writes a refused token to the log', async () => {
    const captured: string[] = [];
    const capture = (...args: unknown[]) => {
      captured.push(args.map(String).join(' '));
    };
    const spies = [
      ...(['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const).map((level) => jest.spyOn(Logger.prototype, level).mockImplementation(capture)),
      ...(['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const).map((level) => jest.spyOn(Logger, level).mockImplementation(capture)),
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (capture(chunk), true)),
      jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (capture(chunk), true)),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation(capture)),
    ];
    const tokens = [idp.token({}, { expiresIn: -60 }), `${idp.token().slice(0, -6)}AAAAAA`, idp.token({}, { audience: 'someone-else' })];
    try {
      for (const token of tokens) await refusal(token);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const log = captured.join('\n');
    // The refusals were logged (so the capture works) — with their reasons, never their text.
    expect(log).toMatch(/refused a bearer token \(expired\)/);
    expect(log).toMatch(/refused a bearer token \(audience\)/);
    for (const token of tokens) {
      expect(log).not.toContain(token);
      for (const part of token.split('.')) expect(log).not.toContain(part);
    }
  });
});

describe('a Galley that trusts only its identity provider', () => {
  let idp: FakeIdentityProvider;
  let galley: Galley;

  beforeAll(async () => {
    idp = new FakeIdentityProvider();
    galley = await startGalley({
      env: {
        GALLEY_JWT_SECRET: '',
        GALLEY_JWKS_URL: await idp.listen(),
        GALLEY_JWT_ISSUER: idp.issuer,
        GALLEY_JWT_AUDIENCE: idp.audience,
        GALLEY_JWT_ROLES_CLAIM: 'realm_access.roles',
      },
    });
  });
  afterAll(async () => {
    await galley.stop();
    await idp.stop();
    removeDataDir(galley.dataDir);
  });

  it('reads roles from the configured claim', async () => {
    const token = idp.token({ roles: undefined, realm_access: { roles: ['publisher'] } });
    expect((await galley.gql(ME, {}, token)).data!.me.roles).toEqual(['publisher']);
  });

  it('refuses every HS256 token, the algorithm-confusion one included', async () => {
    const confused = craftToken(
      { alg: 'HS256', kid: 'key-1' },
      { iss: idp.issuer, aud: idp.audience, sub: 'mallory', roles: ['admin'], exp: 9e9 },
      hmacSignature(idp.publicKeyPem('key-1')),
    );
    for (const token of [confused, tokenFor('wanda', 'Wanda Writer', ['writer'])]) {
      const response = await galley.gql(ME, {}, token);
      expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/HS256/) });
    }
  });
});
