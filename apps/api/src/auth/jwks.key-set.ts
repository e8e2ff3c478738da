import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { InvalidTokenError } from './tokens';

export type AsymmetricAlgorithm = 'RS256' | 'ES256';
export const ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256'];

export interface VerificationKey {
  readonly kid: string | undefined;
  readonly alg: AsymmetricAlgorithm;
  readonly key: KeyObject;
}

export interface JwksOptions {
  readonly url: string;
  /** Least time between two fetches: a token naming an unknown key cannot make Galley hammer the provider. */
  readonly cooldownMs: number;
  /** Keys older than this are fetched again on the next use (rotation without unknown kids). */
  readonly maxAgeMs?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  /** Told when a fetch fails (the URL and why; never a token). */
  readonly onFetchError?: (problem: string) => void;
}

const MAX_JWKS_BYTES = 512 * 1024;

/**
 * The identity provider's signing keys, fetched and cached. An unknown `kid` (a rotation) fetches
 * the set again, at most once per cooldown; a failed fetch keeps the keys already known.
 */
export class JwksKeySet {
  private keys: readonly VerificationKey[] = [];
  private fetchedAt: number | null = null;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly maxAgeMs: number;

  constructor(private readonly options: JwksOptions) {
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  }

  /** The key for a token's header; refetches on an unknown kid when the cooldown allows. */
  async keyFor(kid: string | undefined, alg: AsymmetricAlgorithm): Promise<VerificationKey> {
    const stale = this.fetchedAt === null || this.now() - this.fetchedAt > this.maxAgeMs;
    if (stale && this.mayFetch()) await this.refresh();
    let found = this.find(kid, alg);
    if (!found && this.mayFetch()) {
      await this.refresh();
      found = this.find(kid, alg);
    }
    if (found) return found;
    if (this.fetchedAt === null) throw new InvalidTokenError('keys_unavailable', 'the identity provider’s keys could not be fetched');
    throw new InvalidTokenError('unknown_key', 'the token names a key the identity provider does not publish');
  }

  private mayFetch(): boolean {
    return this.inFlight !== null || this.now() - this.lastAttempt >= this.options.cooldownMs;
  }

  private find(kid: string | undefined, alg: AsymmetricAlgorithm): VerificationKey | undefined {
    const candidates = this.keys.filter((k) => k.alg === alg);
    // Without a kid, only an unambiguous set will do.
    if (kid === undefined) return candidates.length === 1 ? candidates[0] : undefined;
    return candidates.find((k) => k.kid === kid);
  }

  private refresh(): Promise<void> {
    if (!this.inFlight) {
      this.lastAttempt = this.now();
      this.inFlight = this.fetchKeys()
        .then((keys) => {
          this.keys = keys;
          this.fetchedAt = this.now();
        })
        .catch((error: Error) => this.options.onFetchError?.(`${this.options.url}: ${error.message}`))
        .finally(() => {
          this.inFlight = null;
        });
    }
    return this.inFlight;
  }

  private async fetchKeys(): Promise<VerificationKey[]> {
    const response = await (this.options.fetch ?? fetch)(this.options.url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error('the key set is too large');
    const body = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('no "keys" array');
    return body.keys.flatMap((jwk: unknown) => {
      const key = verificationKey(jwk);
      return key ? [key] : [];
    });
  }
}

/** A signing key Galley accepts: RSA of 2048 bits or more for RS256, P-256 for ES256; others are skipped. */
function verificationKey(jwk: unknown): VerificationKey | null {
  if (typeof jwk !== 'object' || jwk === null) return null;
  const { kty, crv, use, alg, kid } = jwk as Record<string, unknown>;
  if (use !== undefined && use !== 'sig') return null;
  const expected: AsymmetricAlgorithm | null = kty === 'RSA' ? 'RS256' : kty === 'EC' && crv === 'P-256' ? 'ES256' : null;
  if (expected === null || (alg !== undefined && alg !== expected)) return null;
  try {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    if (key.type !== 'public') return null;
    if (expected === 'RS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return null;
    return { kid: typeof kid === 'string' ? kid : undefined, alg: expected, key };
  } catch {
    return null;
  }
}
