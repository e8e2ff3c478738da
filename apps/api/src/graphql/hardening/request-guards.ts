import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../auth/auth.service';
import { rememberAuthentication } from '../../auth/request-authentication';
import { errorBody } from './limit.errors';
import { TokenBuckets } from './token-buckets';

export interface RequestGuardOptions {
  readonly auth: AuthService;
  readonly graphqlPath: string;
  /** Requests a minute per user and per client address (0: no limit). */
  readonly perUser: number;
  readonly perIp: number;
  readonly now?: () => number;
}

/** Liveness probes are never throttled: a busy service must not look dead. */
const UNTHROTTLED = new Set(['/health']);

/**
 * The HTTP side of the GraphQL hardening, as Fastify hooks: rate limits per address (before any
 * signature is checked) and per user, and the shape of a GraphQL request — batches are refused.
 */
export function installRequestGuards(fastify: FastifyInstance, options: RequestGuardOptions): void {
  const perIp = options.perIp > 0 ? new TokenBuckets(options.perIp, options.now) : null;
  const perUser = options.perUser > 0 ? new TokenBuckets(options.perUser, options.now) : null;
  const isGraphql = (request: FastifyRequest) => pathOf(request) === options.graphqlPath;

  fastify.addHook('onRequest', async (request, reply) => {
    if (UNTHROTTLED.has(pathOf(request))) return;
    if (perIp) {
      const taken = perIp.take(request.ip);
      if (!taken.allowed) return tooMany(reply, 'ip', taken.retryAfterSeconds);
    }
    if (!isGraphql(request) || !perUser) return;
    const authentication = await options.auth.authenticate(request.headers.authorization, String(request.id));
    rememberAuthentication(request, authentication);
    if (authentication.actor) {
      const taken = perUser.take(authentication.actor.id);
      if (!taken.allowed) return tooMany(reply, 'user', taken.retryAfterSeconds);
    }
  });

  fastify.addHook('preValidation', async (request, reply) => {
    if (!isGraphql(request)) return;
    const problem = request.method === 'POST' ? postProblem(request.body) : request.method === 'GET' ? getProblem(request.query) : null;
    if (problem) return reply.code(400).send(errorBody(problem.message, { code: 'BAD_USER_INPUT', ...problem.extensions }));
  });
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

function tooMany(reply: FastifyReply, limit: 'ip' | 'user', retryAfterSeconds: number): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .send(
      errorBody(`Too many requests${limit === 'user' ? ' from this user' : ' from this address'}; retry in ${retryAfterSeconds} s`, {
        code: 'RATE_LIMITED',
        limit,
        retryAfterSeconds,
      }),
    );
}

interface Problem {
  readonly message: string;
  readonly extensions: Record<string, unknown>;
}

function postProblem(body: unknown): Problem | null {
  if (Array.isArray(body)) {
    return { message: 'Batched queries are not accepted: send one operation per request', extensions: { limit: 'batch', max: 1, actual: body.length } };
  }
  if (typeof body !== 'object' || body === null) return { message: 'The request body must be a JSON object', extensions: {} };
  const { query, variables, operationName } = body as Record<string, unknown>;
  return fieldProblems(query, variables === undefined || variables === null || isPlainObject(variables), operationName);
}

function getProblem(query: unknown): Problem | null {
  const params = (query ?? {}) as Record<string, unknown>;
  // No query at all is the IDE's or a WebSocket's business, not ours.
  if (params.query === undefined) return null;
  const { variables } = params;
  return fieldProblems(params.query, variables === undefined || typeof variables === 'string', params.operationName);
}

function fieldProblems(query: unknown, variablesOk: boolean, operationName: unknown): Problem | null {
  if (typeof query !== 'string') return { message: '"query" must be a string holding a GraphQL document', extensions: { field: 'query' } };
  if (!variablesOk) return { message: '"variables" must be an object', extensions: { field: 'variables' } };
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return { message: '"operationName" must be a string', extensions: { field: 'operationName' } };
  }
  return null;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
