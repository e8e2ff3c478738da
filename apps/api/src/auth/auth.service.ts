import type { Actor } from '@galley/editorial';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { developmentSecret } from './demo-users';
import { JwksKeySet } from './jwks.key-set';
import { TokenVerifier } from './token.verifier';
import { bearerToken, InvalidTokenError } from './tokens';

export interface Authentication {
  readonly actor: Actor | null;
  /** Why a token that was sent was refused (never the token itself). */
  readonly problem: string | null;
}

@Injectable()
export class AuthService {
  /** The HS256 secret, or null when only the identity provider's tokens are accepted. */
  readonly secret: string | null;
  /** True when neither GALLEY_JWT_SECRET nor GALLEY_JWKS_URL is set and a development secret is in use. */
  readonly developmentMode: boolean;
  private readonly verifier: TokenVerifier;
  private readonly logger = new Logger('Auth');

  constructor(@Inject(GALLEY_CONFIG) config: GalleyConfig) {
    this.developmentMode = config.jwtSecret === null && config.jwksUrl === null;
    this.secret = config.jwtSecret ?? (this.developmentMode ? developmentSecret(config.dataDir) : null);
    const keys =
      config.jwksUrl === null
        ? null
        : new JwksKeySet({
            url: config.jwksUrl,
            cooldownMs: config.jwksCooldownSeconds * 1000,
            onFetchError: (problem) => this.logger.warn(`Could not fetch the identity provider's keys from ${problem}`),
          });
    this.verifier = new TokenVerifier({
      secret: this.secret,
      keys,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      rolesClaim: config.jwtRolesClaim,
      clockSkewSeconds: config.jwtClockSkewSeconds,
    });
  }

  async authenticate(authorization: unknown, requestId = 'unknown'): Promise<Authentication> {
    if (authorization === undefined || authorization === null || authorization === '') return { actor: null, problem: null };
    const token = bearerToken(authorization);
    if (token === null) return this.refused(requestId, 'The Authorization header must be "Bearer <token>"');
    try {
      return { actor: await this.verifier.verify(token), problem: null };
    } catch (error) {
      if (error instanceof InvalidTokenError) return this.refused(requestId, `Invalid token: ${error.message}`, error.reason);
      this.logger.error(`requestId=${requestId} token verification failed unexpectedly: ${error instanceof Error ? error.name : 'unknown'}`);
      return { actor: null, problem: 'Invalid token' };
    }
  }

  /** Logs why, never what was sent: a token in a log is a credential in a log. */
  private refused(requestId: string, problem: string, reason = 'header'): Authentication {
    this.logger.warn(`requestId=${requestId} refused a bearer token (${reason}): ${problem}`);
    return { actor: null, problem };
  }
}
