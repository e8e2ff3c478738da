import { isRole, type Actor, type Role } from '@galley/editorial';
import jwt from 'jsonwebtoken';

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenClaims {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

const ALGORITHM = 'HS256';

export function signToken(secret: string, claims: TokenClaims, expiresIn: jwt.SignOptions['expiresIn'] = '30d'): string {
  return jwt.sign({ name: claims.name, roles: claims.roles }, secret, { algorithm: ALGORITHM, subject: claims.sub, expiresIn });
}

/** Verifies an HS256 token (only that algorithm) and turns its claims into an actor. */
export function verifyToken(secret: string, token: string): Actor {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], clockTolerance: 30 });
  } catch (error) {
    throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
  }
  if (typeof payload === 'string' || typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new InvalidTokenError('token has no subject');
  }
  if (payload.sub === 'system') throw new InvalidTokenError('the subject "system" is reserved');
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => typeof r === 'string' && isRole(r)) : [];
  const name = typeof payload.name === 'string' && payload.name.length > 0 ? payload.name : payload.sub;
  return { id: payload.sub, name, roles };
}

/** The token of an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
