import type { Actor } from '@galley/editorial';
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm, type JwksKeySet } from './jwks.key-set';
import { actorFromClaims, HS256, InvalidTokenError, refusalOf, tokenHeader } from './tokens';

/** How many verified HS256 tokens are remembered (the oldest is forgotten first). */
const VERIFIED_TOKENS = 10_000;

export interface TokenVerifierOptions {
  /** GALLEY_JWT_SECRET (or the development secret): HS256 tokens; null refuses them. */
  readonly secret: string | null;
  /** The identity provider's keys: RS256/ES256 tokens; null refuses them. */
  readonly keys: JwksKeySet | null;
  readonly issuer: string | null;
  readonly audience: string | null;
  readonly rolesClaim: string;
  readonly clockSkewSeconds: number;
  readonly now?: () => number;
}

/**
 * Verifies a bearer token. The algorithm decides the key source before anything is trusted: HS256
 * only ever meets the shared secret and RS256/ES256 only the provider's public keys, so a token
 * signed with a public key as an HMAC secret (algorithm confusion) and `alg: none` are refused.
 */
export class TokenVerifier {
  /** Made once: given a string, jsonwebtoken builds a key object on every request (a fifth of a request's CPU). */
  private readonly secretKey: KeyObject | null;
  /**
   * HS256 tokens whose signature was checked, by token: the secret never changes while the process
   * runs, so only time can make such a token invalid again, and `exp`/`nbf` are checked on each use.
   */
  private readonly verified = new Map<string, { readonly actor: Actor; readonly exp: number; readonly nbf: number | undefined }>();

  constructor(private readonly options: TokenVerifierOptions) {
    this.secretKey = options.secret === null ? null : createSecretKey(Buffer.from(options.secret, 'utf8'));
  }

  async verify(token: string): Promise<Actor> {
    const known = this.verified.get(token);
    if (known !== undefined) {
      const now = (this.options.now ?? Date.now)() / 1000;
      const skew = this.options.clockSkewSeconds;
      // Outside its window the token goes through the full check, which says why it is refused.
      if (now < known.exp + skew && (known.nbf === undefined || known.nbf <= now + skew)) return known.actor;
      this.verified.delete(token);
    }
    const header = tokenHeader(token);
    const { keys } = this.options;
    if (header.alg === HS256) {
      if (this.secretKey === null) throw new InvalidTokenError('algorithm', 'HS256 tokens are not accepted here');
      const { actor, payload } = this.check(token, this.secretKey, HS256, { rolesClaim: 'roles' });
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { actor, exp: payload.exp!, nbf: payload.nbf });
      return actor;
    }
    if ((ASYMMETRIC_ALGORITHMS as readonly string[]).includes(header.alg)) {
      if (keys === null) throw new InvalidTokenError('algorithm', `${header.alg} tokens are not accepted here`);
      const alg = header.alg as AsymmetricAlgorithm;
      const { key } = await keys.keyFor(header.kid, alg);
      // Not remembered: the provider's keys rotate, and a removed key must stop its tokens.
      return this.check(token, key, alg, {
        rolesClaim: this.options.rolesClaim,
        issuer: this.options.issuer ?? undefined,
        audience: this.options.audience ?? undefined,
      }).actor;
    }
    throw new InvalidTokenError('algorithm', 'the token algorithm is not allowed');
  }

  private check(
    token: string,
    key: jwt.Secret | jwt.PublicKey | KeyObject,
    algorithm: jwt.Algorithm,
    rules: { rolesClaim: string; issuer?: string; audience?: string },
  ): { actor: Actor; payload: jwt.JwtPayload } {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: [algorithm],
        clockTolerance: this.options.clockSkewSeconds,
        clockTimestamp: Math.floor((this.options.now ?? Date.now)() / 1000),
        issuer: rules.issuer,
        audience: rules.audience,
      });
    } catch (error) {
      throw refusalOf(error);
    }
    return { actor: actorFromClaims(payload, rules), payload: payload as jwt.JwtPayload };
  }
}
