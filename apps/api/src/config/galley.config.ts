import { isIP } from 'node:net';
import { resolve } from 'node:path';

export type EventStoreKind = 'embedded' | 'eventstoredb';
export type SummarizerKind = 'extractive' | 'openai' | 'anthropic';

/** Configuration from the environment (DESIGN §7), read once at start. */
export interface GalleyConfig {
  readonly port: number;
  readonly dataDir: string;
  readonly eventStore: EventStoreKind;
  readonly eventStoreUrl: string | null;
  readonly jwtSecret: string | null;
  readonly requiredApprovals: number;
  readonly publicationName: string;
  readonly publicUrl: string;
  readonly timezone: string;
  readonly summarizer: SummarizerKind;
  readonly llmUrl: string | null;
  readonly llmModel: string | null;
  readonly llmApiKey: string | null;
  /** GALLEY_LLM_HOSTED: whether the model runs outside the newsroom (null: judged from GALLEY_LLM_URL). */
  readonly llmHosted: boolean | null;
  readonly production: boolean;
  /** OIDC: the identity provider's JWKS URL (RS256/ES256 tokens), with the issuer and audience it must state. */
  readonly jwksUrl: string | null;
  readonly jwtIssuer: string | null;
  readonly jwtAudience: string | null;
  /** Where the identity provider's tokens carry roles (a dotted path, e.g. `realm_access.roles`). */
  readonly jwtRolesClaim: string;
  /** Seconds of clock difference tolerated on `exp` and `nbf`. */
  readonly jwtClockSkewSeconds: number;
  /** Least seconds between two fetches of the JWKS when a token names an unknown key. */
  readonly jwksCooldownSeconds: number;
  readonly graphqlIntrospection: boolean;
  readonly graphqlMaxDepth: number;
  readonly graphqlMaxAliases: number;
  readonly graphqlMaxCost: number;
  /** Token buckets: requests per minute (and the burst allowed); 0 turns the limit off. */
  readonly rateLimitPerUser: number;
  readonly rateLimitPerIp: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address: false (none: the peer is the
   * client), a number of proxy hops in front of Galley, or the proxies' addresses and CIDR ranges.
   */
  readonly trustProxy: false | number | string[];
  /** Outbound webhooks: the first retry's delay (doubling after each failure), its cap, the attempts before a dead letter, and each POST's timeout. */
  readonly webhookBackoffMs: number;
  readonly webhookBackoffMaxMs: number;
  readonly webhookMaxAttempts: number;
  readonly webhookTimeoutMs: number;
  /** Whether webhooks may point at loopback or private addresses (off in production unless set). */
  readonly webhookAllowPrivateUrls: boolean;
  /** The key webhook secrets are sealed with (base64); null: a key file in the data folder. */
  readonly webhookKey: string | null;
}

export const GALLEY_CONFIG = Symbol('GALLEY_CONFIG');

export class ConfigurationError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GalleyConfig {
  const production = env.NODE_ENV === 'production';
  const jwksUrl = env.GALLEY_JWKS_URL || null;
  if (jwksUrl !== null) {
    if (!/^https?:\/\//i.test(jwksUrl)) throw new ConfigurationError('GALLEY_JWKS_URL', `expected an http(s) URL, got "${jwksUrl}"`);
    if (!env.GALLEY_JWT_ISSUER) throw new ConfigurationError('GALLEY_JWT_ISSUER', 'required with GALLEY_JWKS_URL');
    if (!env.GALLEY_JWT_AUDIENCE) throw new ConfigurationError('GALLEY_JWT_AUDIENCE', 'required with GALLEY_JWKS_URL');
  }
  return {
    port: integer(env, 'GALLEY_PORT', 4000, 0, 65535),
    dataDir: resolve(env.GALLEY_DATA_DIR || './data'),
    eventStore: oneOf(env, 'GALLEY_EVENT_STORE', ['embedded', 'eventstoredb'] as const, 'embedded'),
    eventStoreUrl: env.GALLEY_EVENTSTORE_URL || null,
    jwtSecret: env.GALLEY_JWT_SECRET || null,
    requiredApprovals: integer(env, 'GALLEY_REQUIRED_APPROVALS', 1, 1, 10),
    publicationName: env.GALLEY_PUBLICATION_NAME || 'The Galley Review',
    publicUrl: (env.GALLEY_PUBLIC_URL || 'http://localhost:4000').replace(/\/+$/, ''),
    timezone: timezone(env.GALLEY_TIMEZONE || 'UTC'),
    summarizer: oneOf(env, 'GALLEY_SUMMARIZER', ['extractive', 'openai', 'anthropic'] as const, 'extractive'),
    llmUrl: env.GALLEY_LLM_URL || null,
    llmModel: env.GALLEY_LLM_MODEL || null,
    llmApiKey: env.GALLEY_LLM_API_KEY || null,
    llmHosted: flag(env, 'GALLEY_LLM_HOSTED'),
    production,
    jwksUrl,
    jwtIssuer: env.GALLEY_JWT_ISSUER || null,
    jwtAudience: env.GALLEY_JWT_AUDIENCE || null,
    jwtRolesClaim: env.GALLEY_JWT_ROLES_CLAIM || 'roles',
    jwtClockSkewSeconds: integer(env, 'GALLEY_JWT_CLOCK_SKEW', 30, 0, 300),
    jwksCooldownSeconds: integer(env, 'GALLEY_JWKS_COOLDOWN', 30, 0, 3600),
    graphqlIntrospection: flag(env, 'GALLEY_GRAPHQL_INTROSPECTION') ?? !production,
    graphqlMaxDepth: integer(env, 'GALLEY_GRAPHQL_MAX_DEPTH', 12, 2, 100),
    graphqlMaxAliases: integer(env, 'GALLEY_GRAPHQL_MAX_ALIASES', 30, 0, 1000),
    graphqlMaxCost: integer(env, 'GALLEY_GRAPHQL_MAX_COST', 10_000, 10, 10_000_000),
    rateLimitPerUser: integer(env, 'GALLEY_RATE_LIMIT_USER', 600, 0, 1_000_000),
    rateLimitPerIp: integer(env, 'GALLEY_RATE_LIMIT_IP', 3000, 0, 1_000_000),
    trustProxy: trustProxy(env.GALLEY_TRUST_PROXY),
    webhookBackoffMs: integer(env, 'GALLEY_WEBHOOK_BACKOFF_MS', 30_000, 1, 3_600_000),
    webhookBackoffMaxMs: integer(env, 'GALLEY_WEBHOOK_BACKOFF_MAX_MS', 6 * 3_600_000, 1, 7 * 24 * 3_600_000),
    webhookMaxAttempts: integer(env, 'GALLEY_WEBHOOK_MAX_ATTEMPTS', 8, 1, 100),
    webhookTimeoutMs: integer(env, 'GALLEY_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    webhookAllowPrivateUrls: flag(env, 'GALLEY_WEBHOOK_ALLOW_PRIVATE_URLS') ?? !production,
    webhookKey: key(env, 'GALLEY_WEBHOOK_KEY', 32),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigurationError(name, `expected true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigurationError(name, `expected one of ${values.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** A key given as base64 of exactly `bytes` bytes (`openssl rand -base64 32`), or null when unset. */
function key(env: NodeJS.ProcessEnv, name: string, bytes: number): string | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || Buffer.from(raw, 'base64').length !== bytes) {
    throw new ConfigurationError(name, `expected base64 of ${bytes} random bytes (openssl rand -base64 ${bytes})`);
  }
  return raw;
}

/**
 * GALLEY_TRUST_PROXY: unset (trust no proxy), a hop count ("1": one reverse proxy in front), or a
 * comma-separated list of proxy addresses and CIDR ranges. "true" is refused: believing any
 * X-Forwarded-For would let every client choose the address its rate limit is counted against.
 */
function trustProxy(raw: string | undefined): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(false|0|no)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigurationError('GALLEY_TRUST_PROXY', `expected at most 10 proxy hops, got ${hops}`);
    return hops;
  }
  if (/^(true|yes)$/i.test(value)) {
    throw new ConfigurationError('GALLEY_TRUST_PROXY', 'say how many proxies are in front (1) or their addresses (10.0.0.0/8,127.0.0.1): trusting every X-Forwarded-For lets any client pick its address');
  }
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const invalid = entries.filter((entry) => !isAddressOrRange(entry));
  if (invalid.length > 0) throw new ConfigurationError('GALLEY_TRUST_PROXY', `not an IP address or CIDR range: ${invalid.join(', ')}`);
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function timezone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigurationError('GALLEY_TIMEZONE', `unknown time zone "${zone}"`);
  }
}
