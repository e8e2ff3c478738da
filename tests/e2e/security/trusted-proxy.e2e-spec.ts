import { ConfigurationError, loadConfig } from '../../../apps/api/src/config/galley.config';
import { removeDataDir, startGalley, type Galley } from '../support/galley.harness';

const TYPENAME = JSON.stringify({ query: '{ __typename }' });

function from(galley: Galley, forwardedFor?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) };
  return fetch(`${galley.url}/graphql`, { method: 'POST', headers, body: TYPENAME }).then((response) => response.status);
}

async function statuses(galley: Galley, forwardedFor: string | undefined, count: number): Promise<number[]> {
  const answers: number[] = [];
  for (let i = 0; i < count; i++) answers.push(await from(galley, forwardedFor));
  return answers;
}

describe('the client address behind a reverse proxy (GALLEY_TRUST_PROXY)', () => {
  describe('with the proxy trusted', () => {
    let galley: Galley;
    beforeAll(async () => {
      // The tests connect from loopback: to Galley they are the proxy.
      galley = await startGalley({ env: { GALLEY_RATE_LIMIT_IP: '3', GALLEY_TRUST_PROXY: '127.0.0.1,::1' } });
    });
    afterAll(async () => {
      await galley.stop();
      removeDataDir(galley.dataDir);
    });

    it('counts each client behind the proxy against its own address', async () => {
      expect(await statuses(galley, '203.0.113.7', 4)).toEqual([200, 200, 200, 429]);
      // Another reader behind the same proxy is not throttled by the first one's requests.
      expect(await statuses(galley, '198.51.100.23', 3)).toEqual([200, 200, 200]);
    });

    it('believes only the trusted hop: an address the client forged in front of it does not help', async () => {
      expect(await statuses(galley, '192.0.2.1', 3)).toEqual([200, 200, 200]);
      // The proxy appends the address it saw; what the client sent comes first and is ignored.
      expect(await from(galley, '10.9.9.9, 192.0.2.1')).toBe(429);
    });
  });

  describe('without it (the default)', () => {
    let galley: Galley;
    beforeAll(async () => {
      galley = await startGalley({ env: { GALLEY_RATE_LIMIT_IP: '3' } });
    });
    afterAll(async () => {
      await galley.stop();
      removeDataDir(galley.dataDir);
    });

    it('ignores X-Forwarded-For: a client cannot choose the address it is counted against', async () => {
      expect(await statuses(galley, '203.0.113.7', 2)).toEqual([200, 200]);
      expect(await statuses(galley, '198.51.100.23', 2)).toEqual([200, 429]);
    });
  });

  it('reads a hop count or addresses and ranges, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ GALLEY_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ GALLEY_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    for (const value of ['true', 'proxy.internal', '10.0.0.0/33', '11']) {
      expect(() => loadConfig({ GALLEY_TRUST_PROXY: value })).toThrow(ConfigurationError);
    }
    expect(() => loadConfig({ GALLEY_TRUST_PROXY: 'true' })).toThrow('trusting every X-Forwarded-For lets any client pick its address');
  });
});
