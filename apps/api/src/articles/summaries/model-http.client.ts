/** Why a model call failed: a stable code recorded as the fallback reason. */
export type ModelFailureCode =
  | 'MODEL_TIMEOUT'
  | 'MODEL_RATE_LIMITED'
  | 'MODEL_SERVER_ERROR'
  | 'MODEL_REQUEST_REJECTED'
  | 'MODEL_UNREACHABLE'
  | 'MODEL_MALFORMED_OUTPUT';

export class ModelCallError extends Error {
  constructor(
    readonly code: ModelFailureCode,
    message: string,
    /** The HTTP status of the last answer, when there was one. */
    readonly status: number | null = null,
    readonly attempts = 1,
    readonly retryable = false,
    /** What the server asked for in Retry-After, in milliseconds. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ModelCallError';
  }

  withAttempts(attempts: number): ModelCallError {
    return new ModelCallError(this.code, this.message, this.status, attempts, this.retryable, this.retryAfterMs);
  }
}

export interface ModelCallOptions {
  /** Per attempt, including reading the answer (default 30 s). */
  timeoutMs?: number;
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** The first backoff; it doubles per retry, with jitter (default 500 ms). */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** A server asking to wait longer than this is treated as down for now (default 30 s). */
  maxRetryAfterMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

export type ModelCallPolicy = Required<ModelCallOptions>;

export function modelCallPolicy(options: ModelCallOptions = {}): ModelCallPolicy {
  return {
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 3)),
    backoffBaseMs: options.backoffBaseMs ?? 500,
    maxBackoffMs: options.maxBackoffMs ?? 8_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  };
}

export interface ModelRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export interface ModelAnswer {
  readonly json: unknown;
  readonly attempts: number;
}

/**
 * POSTs a JSON request to a model API with one timeout per attempt and bounded retries: 429 (after
 * its Retry-After), 5xx and network errors are retried with exponential backoff and jitter; other
 * 4xx, timeouts and unreadable answers are not.
 */
export async function postModelJson(request: ModelRequest, policy: ModelCallPolicy): Promise<ModelAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { json: await attemptOnce(request, policy), attempts: attempt };
    } catch (thrown) {
      const error = (thrown as ModelCallError).withAttempts(attempt);
      if (!error.retryable || attempt >= policy.maxAttempts) throw error;
      if (error.retryAfterMs !== null && error.retryAfterMs > policy.maxRetryAfterMs) {
        throw new ModelCallError(error.code, `${error.message}; Retry-After of ${error.retryAfterMs} ms is beyond the ${policy.maxRetryAfterMs} ms we wait`, error.status, attempt);
      }
      await policy.sleep(Math.max(backoffMs(attempt, policy), error.retryAfterMs ?? 0));
    }
  }
}

async function attemptOnce(request: ModelRequest, policy: ModelCallPolicy): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    const response = await policy.fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal: controller.signal,
    });
    const text = await response.text();
    if (!response.ok) throw statusError(response, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ModelCallError('MODEL_MALFORMED_OUTPUT', `the answer is not JSON: ${excerpt(text)}`, response.status);
    }
  } catch (error) {
    if (error instanceof ModelCallError) throw error;
    // A model that used the whole budget will likely do so again; the fallback is the better answer.
    if (controller.signal.aborted) throw new ModelCallError('MODEL_TIMEOUT', `no answer within ${policy.timeoutMs} ms`);
    throw new ModelCallError('MODEL_UNREACHABLE', `network error: ${describe(error)}`, null, 1, true);
  } finally {
    clearTimeout(timer);
  }
}

function statusError(response: Response, text: string): ModelCallError {
  const what = `HTTP ${response.status}: ${excerpt(text)}`;
  if (response.status === 429) {
    return new ModelCallError('MODEL_RATE_LIMITED', what, 429, 1, true, retryAfterMs(response.headers.get('retry-after')));
  }
  if (response.status >= 500) return new ModelCallError('MODEL_SERVER_ERROR', what, response.status, 1, true);
  return new ModelCallError('MODEL_REQUEST_REJECTED', what, response.status);
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential with "equal jitter": at least half the step, so retries never bunch at zero. */
export function backoffMs(attempt: number, policy: Pick<ModelCallPolicy, 'backoffBaseMs' | 'maxBackoffMs' | 'random'>): number {
  const step = Math.min(policy.maxBackoffMs, policy.backoffBaseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + policy.random() * (step / 2));
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty)';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
  return `${error.message}${code}`;
}
