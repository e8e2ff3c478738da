/**
 * The load generator, in a process of its own so it never shares a core's event loop with the server:
 * autocannon, driven through its API so each request can carry its own input (a fresh draft, the next
 * claim to check). GraphQL answers with status 200 even when the operation failed, so bodies are read
 * and those carrying `errors` are counted.
 */
import { readFileSync } from 'node:fs';

export interface LoadPlan {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly token: string | null;
  /** A fixed GraphQL document and variables, or a file of one request body per line, sent in turn. */
  readonly body: { readonly fixed: string } | { readonly linesFile: string };
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly graphqlErrors: number;
  readonly firstError: string | null;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => unknown;

function run(plan: LoadPlan): Promise<LoadResult> {
  const autocannon = require('autocannon') as Autocannon;
  const bodies = 'fixed' in plan.body ? [plan.body.fixed] : readFileSync(plan.body.linesFile, 'utf8').split('\n').filter(Boolean);
  let next = 0;
  let graphqlErrors = 0;
  let firstError: string | null = null;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: plan.seconds,
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', ...(plan.token ? { authorization: `Bearer ${plan.token}` } : {}) },
            setupRequest: (request: Record<string, unknown>) => ({ ...request, body: bodies[next++ % bodies.length] }),
            onResponse: (status: number, body: string) => {
              if (status === 200 && body.includes('"errors"')) {
                graphqlErrors++;
                firstError ??= body.slice(0, 300);
              } else if (status !== 200) {
                firstError ??= `${status} ${body.slice(0, 300)}`;
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          graphqlErrors,
          firstError,
        });
      },
    );
  });
}

process.on('message', (plan: LoadPlan) => {
  run(plan).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: Error) => process.send?.({ ok: false, message: error.message }, () => process.exit(1)),
  );
});
