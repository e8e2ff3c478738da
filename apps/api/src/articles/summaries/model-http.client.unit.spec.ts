import { backoffMs, ModelCallError, modelCallPolicy, postModelJson, retryAfterMs } from './model-http.client';

describe('model call policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-11-06T12:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs('0.25', now)).toBe(250);
    expect(retryAfterMs('Thu, 06 Nov 2025 12:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Thu, 06 Nov 2025 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });

  it('backs off exponentially, with jitter in the upper half of each step, up to a cap', () => {
    const policy = { backoffBaseMs: 100, maxBackoffMs: 300 };
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, { ...policy, random: () => 0 }))).toEqual([50, 100, 150, 150]);
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, { ...policy, random: () => 1 }))).toEqual([100, 200, 300, 300]);
  });

  it('defaults to a 30 s timeout and three attempts', () => {
    expect(modelCallPolicy()).toMatchObject({ timeoutMs: 30_000, maxAttempts: 3 });
  });

  it('does not wait for a Retry-After beyond its limit', async () => {
    const sleeps: number[] = [];
    const fetch = async () => new Response('{"error":"later"}', { status: 429, headers: { 'retry-after': '3600' } });
    const policy = modelCallPolicy({ fetch, sleep: async (ms) => void sleeps.push(ms) });

    const error = await postModelJson({ url: 'http://model.test/v1/chat/completions', headers: {}, body: {} }, policy).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ code: 'MODEL_RATE_LIMITED', status: 429, attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('waits the longer of its backoff and the Retry-After between attempts', async () => {
    const sleeps: number[] = [];
    const answers = [
      new Response('', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('', { status: 502 }),
      new Response('{"ok":true}', { status: 200 }),
    ];
    const policy = modelCallPolicy({ fetch: async () => answers.shift()!, sleep: async (ms) => void sleeps.push(ms), random: () => 1, backoffBaseMs: 500 });

    await expect(postModelJson({ url: 'http://model.test', headers: {}, body: {} }, policy)).resolves.toEqual({ json: { ok: true }, attempts: 3 });
    expect(sleeps).toEqual([2_000, 1_000]);
  });
});
