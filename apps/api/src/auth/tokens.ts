import { isRole, type Actor, type Role } from '@galley/editorial';
import jwt from 'jsonwebtoken';

/** Why a token was refused: a stable code for tests and logs; the message never quotes the token. */
export type TokenRefusal =
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'no_expiry'
  | 'issuer'
  | 'audience'
  | 'unknown_key'
  | 'keys_unavailable'
  | 'subject';

export class InvalidTokenError extends Error {
  constructor(
    readonly reason: TokenRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenClaims {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export const HS256 = 'HS256';

/** Galley's own tokens (the token command, the demo users, the tests): HS256 with GALLEY_JWT_SECRET. */
export function signToken(secret: string, claims: TokenClaims, expiresIn: jwt.SignOptions['expiresIn'] = '30d'): string {
  return jwt.sign({ name: claims.name, roles: claims.roles }, secret, { algorithm: HS256, subject: claims.sub, expiresIn });
}

/** The token of an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

export interface TokenHeader {
  readonly alg: string;
  readonly kid: string | undefined;
}

/** Reads the header without trusting it: only to pick the key and refuse what is never allowed. */
export function tokenHeader(token: string): TokenHeader {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    throw new InvalidTokenError('malformed', 'the token is not a signed JWT');
  }
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed', 'the token header is not JSON');
  }
  if (typeof header !== 'object' || header === null || typeof (header as { alg?: unknown }).alg !== 'string') {
    throw new InvalidTokenError('malformed', 'the token header names no algorithm');
  }
  const { alg, kid } = header as { alg: string; kid?: unknown };
  return { alg, kid: typeof kid === 'string' ? kid : undefined };
}

export interface ClaimRules {
  /** Where roles are read from (a dotted path); Galley's own tokens use `roles`. */
  readonly rolesClaim: string;
}

/** Turns verified claims into an actor; `exp` and a subject are required. */
export function actorFromClaims(payload: string | jwt.JwtPayload, rules: ClaimRules): Actor {
  if (typeof payload === 'string') throw new InvalidTokenError('malformed', 'the token carries no claims');
  if (typeof payload.exp !== 'number') throw new InvalidTokenError('no_expiry', 'the token has no expiry (exp)');
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError('subject', 'the token has no subject');
  if (payload.sub === 'system') throw new InvalidTokenError('subject', 'the subject "system" is reserved');
  const name = [payload.name, payload.preferred_username].find((n): n is string => typeof n === 'string' && n.length > 0) ?? payload.sub;
  return { id: payload.sub, name, roles: rolesAt(payload, rules.rolesClaim) };
}

/** Roles as an array or a space- or comma-separated string; unknown roles are ignored. */
function rolesAt(payload: jwt.JwtPayload, path: string): Role[] {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(names.filter((r): r is Role => typeof r === 'string' && isRole(r)))];
}

/** jsonwebtoken's failures, as refusals with our own words. */
export function refusalOf(error: unknown): InvalidTokenError {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof jwt.TokenExpiredError) return new InvalidTokenError('expired', 'the token has expired');
  if (error instanceof jwt.NotBeforeError) return new InvalidTokenError('not_yet_valid', 'the token is not valid yet (nbf)');
  const message = error instanceof Error ? error.message : '';
  if (message.includes('signature')) return new InvalidTokenError('signature', 'the token signature is invalid');
  if (message.includes('issuer')) return new InvalidTokenError('issuer', 'the token was not issued by the configured issuer');
  if (message.includes('audience')) return new InvalidTokenError('audience', 'the token is not meant for this audience');
  if (message.includes('algorithm')) return new InvalidTokenError('algorithm', 'the token algorithm is not allowed');
  return new InvalidTokenError('malformed', 'the token could not be read');
}
