import type { Role } from '@galley/editorial';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenClaims } from './tokens';

/** The four demo users printed when Galley runs with its own development secret. */
export const DEMO_USERS: readonly TokenClaims[] = [
  { sub: 'wanda', name: 'Wanda Writer', roles: ['writer'] as Role[] },
  { sub: 'eddie', name: 'Eddie Editor', roles: ['editor'] as Role[] },
  { sub: 'fay', name: 'Fay Checker', roles: ['fact_checker'] as Role[] },
  { sub: 'pat', name: 'Pat Publisher', roles: ['publisher'] as Role[] },
];

export const DEV_SECRET_FILE = 'dev-jwt-secret';

/** Reads the development secret from the data folder, making one the first time. */
export function developmentSecret(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
