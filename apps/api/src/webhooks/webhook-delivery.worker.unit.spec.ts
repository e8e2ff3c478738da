import { retryDelay } from './webhook-delivery.worker';

describe('retryDelay', () => {
  const options = { baseMs: 1_000, maxMs: 10_000, maxAttempts: 6 };

  it('doubles after each failure, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((failures) => retryDelay(failures, options))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
  });

  it('gives up (a dead letter) once the attempts are spent', () => {
    expect(retryDelay(6, options)).toBeNull();
    expect(retryDelay(1, { ...options, maxAttempts: 1 })).toBeNull();
  });
});
