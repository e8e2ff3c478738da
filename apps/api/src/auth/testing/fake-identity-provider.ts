import { createHmac, generateKeyPairSync, sign as signBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SigningAlgorithm = 'RS256' | 'ES256';

interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface TokenOptions {
  readonly kid?: string;
  /** Seconds from now; null leaves `exp` out. */
  readonly expiresIn?: number | null;
  /** Seconds from now for `nbf`. */
  readonly notBefore?: number;
  readonly issuer?: string;
  readonly audience?: string;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT put together by hand, for the tokens no honest library would sign. */
export function craftToken(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => Buffer | string): string {
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = sign(input);
  return `${input}.${typeof signature === 'string' ? signature : signature.toString('base64url')}`;
}

export const hmacSignature = (secret: string | Buffer) => (input: string) => createHmac('sha256', secret).update(input).digest();

/**
 * An OIDC identity provider for tests: signing keys made with node:crypto, a JWKS document served
 * on 127.0.0.1 (or read directly), and tokens signed with any of its keys. `fetches` counts reads.
 */
export class FakeIdentityProvider {
  readonly issuer = 'https://id.newsroom.test/realms/galley';
  readonly audience = 'galley-api';
  fetches = 0;
  private readonly keys = new Map<string, SigningKey>();
  private published: string[] = [];
  private server: Server | null = null;

  constructor(kids: readonly (readonly [string, SigningAlgorithm])[] = [['key-1', 'RS256']]) {
    for (const [kid, alg] of kids) this.addKey(kid, alg);
  }

  /** Makes a key; it is not published until `publish` says so (a rotation in two steps). */
  addKey(kid: string, alg: SigningAlgorithm = 'RS256', publish = false): void {
    const pair =
      alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.keys.set(kid, { kid, alg, ...pair });
    if (publish || this.published.length === 0) this.published.push(kid);
  }

  publish(...kids: string[]): void {
    this.published = kids;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return {
      keys: this.published.map((kid) => {
        const key = this.keys.get(kid)!;
        return { ...key.publicKey.export({ format: 'jwk' }), kid, alg: key.alg, use: 'sig' };
      }),
    };
  }

  publicKeyPem(kid: string): string {
    return this.keys.get(kid)!.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** Claims default to a valid editor token for this provider. */
  token(claims: Record<string, unknown> = {}, options: TokenOptions = {}): string {
    const key = this.keys.get(options.kid ?? this.published[0])!;
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: options.issuer ?? this.issuer,
      aud: options.audience ?? this.audience,
      sub: 'oidc-eddie',
      name: 'Eddie Editor',
      roles: ['editor'],
      iat: now,
      ...(options.expiresIn === null ? {} : { exp: now + (options.expiresIn ?? 600) }),
      ...(options.notBefore === undefined ? {} : { nbf: now + options.notBefore }),
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return craftToken({ alg: key.alg, typ: 'JWT', kid: key.kid }, payload, (input) =>
      key.alg === 'RS256'
        ? signBytes('sha256', Buffer.from(input), key.privateKey)
        : signBytes('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
  }

  /** A stand-in for fetch that serves the JWKS without a socket (unit tests). */
  readonly fetch = (async () => {
    this.fetches++;
    return new Response(JSON.stringify(this.jwks()), { headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      if (request.url !== '/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      this.fetches++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.jwks()));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks.json`;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
