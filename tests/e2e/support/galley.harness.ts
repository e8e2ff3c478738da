import type { Role } from '@galley/editorial';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../../apps/api/src/auth/tokens';
import { loadConfig, type GalleyConfig } from '../../../apps/api/src/config/galley.config';
import { createApp } from '../../../apps/api/src/main';

export const TEST_SECRET = 'galley-e2e-secret-that-is-long-enough';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; extensions: Record<string, any>; path?: string[] }[];
}

export interface Galley {
  readonly url: string;
  readonly dataDir: string;
  readonly app: NestFastifyApplication;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** POSTs GraphQL to a running Galley, answering the status, data and errors. */
export function graphqlClient(url: string): Galley['gql'] {
  return async <T>(query: string, variables: Record<string, unknown> = {}, token: string | null = null): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await response.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
    return { status: response.status, data: json.data ?? null, errors: json.errors };
  };
}

/** Boots the real app (Fastify, Mercurius, CQRS, SQLite) on a port of its own and a data folder. */
export async function startGalley(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Galley> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'galley-e2e-'));
  const config: GalleyConfig = {
    ...loadConfig({ GALLEY_DATA_DIR: dataDir, GALLEY_JWT_SECRET: TEST_SECRET, GALLEY_PORT: '0', ...options.env }),
  };
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    dataDir,
    app,
    gql: graphqlClient(url),
    async stop() {
      await app.close();
    },
  };
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

export function tokenFor(sub: string, name: string, roles: Role[]): string {
  return signToken(TEST_SECRET, { sub, name, roles });
}

/** A newsroom for the tests: each id is unique to the test run, so tests never share authors. */
export function newsroom(suffix = Math.random().toString(36).slice(2, 8)) {
  return {
    writer: tokenFor(`wanda-${suffix}`, 'Wanda Writer', ['writer']),
    editor: tokenFor(`eddie-${suffix}`, 'Eddie Editor', ['editor']),
    secondEditor: tokenFor(`erin-${suffix}`, 'Erin Editor', ['editor']),
    factChecker: tokenFor(`fay-${suffix}`, 'Fay Checker', ['fact_checker']),
    publisher: tokenFor(`pat-${suffix}`, 'Pat Publisher', ['publisher']),
  };
}

/** Polls until `check` returns a value (for asynchronous work such as summaries). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
