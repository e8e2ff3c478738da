import type { Actor } from '@galley/editorial';
import { Inject, Injectable } from '@nestjs/common';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { developmentSecret } from './demo-users';
import { bearerToken, InvalidTokenError, verifyToken } from './tokens';

export interface Authentication {
  readonly actor: Actor | null;
  /** Why a token that was sent was refused (never the token itself). */
  readonly problem: string | null;
}

@Injectable()
export class AuthService {
  readonly secret: string;
  /** True when no GALLEY_JWT_SECRET was configured and a development secret is in use. */
  readonly developmentMode: boolean;

  constructor(@Inject(GALLEY_CONFIG) config: GalleyConfig) {
    this.developmentMode = config.jwtSecret === null;
    this.secret = config.jwtSecret ?? developmentSecret(config.dataDir);
  }

  authenticate(authorization: unknown): Authentication {
    if (authorization === undefined || authorization === null || authorization === '') return { actor: null, problem: null };
    const token = bearerToken(authorization);
    if (token === null) return { actor: null, problem: 'The Authorization header must be "Bearer <token>"' };
    try {
      return { actor: verifyToken(this.secret, token), problem: null };
    } catch (error) {
      return { actor: null, problem: error instanceof InvalidTokenError ? `Invalid token: ${error.message}` : 'Invalid token' };
    }
  }
}
