import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDataDir, startGalley, type Galley } from './support/galley.harness';

/** The api serving the built web desk at `/`, and the demo users' one-click sign-in. */
describe('the web desk, as the api serves it', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'galley-web-files-'));
  const INDEX = '<!doctype html><title>desk</title><div id="root"></div>';
  let galley: Galley;

  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), INDEX);
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("desk")');
    writeFileSync(join(webDir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    process.env.GALLEY_WEB_DIR = webDir;
    galley = await startGalley();
  });

  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
    delete process.env.GALLEY_WEB_DIR;
    rmSync(webDir, { recursive: true, force: true });
  });

  const get = (path: string, accept = 'text/html') => fetch(`${galley.url}${path}`, { headers: { accept }, redirect: 'manual' });

  it('answers the app at / with no-cache and a same-origin content security policy', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await response.text()).toBe(INDEX);
  });

  it('serves hashed assets with their content types, cached for good', async () => {
    const script = await get('/assets/index-abc123.js', '*/*');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const style = await get('/assets/index-abc123.css', 'text/css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get('/favicon.svg', 'image/*');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers the app for the desk’s own pages, so links and reloads work', async () => {
    const response = await get('/desk/articles/0b5e6f36-1c1c-4c7e-9f57-2a3c1f4d9e10/history');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
  });

  it('answers 404 for a missing asset, a missing file or a request that is not a page', async () => {
    expect((await get('/assets/index-gone.js', '*/*')).status).toBe(404);
    expect((await get('/robots.txt')).status).toBe(404);
    const api = await get('/desk/nothing-here', 'application/json');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404 });
  });

  it('never serves a file outside its folder', async () => {
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await get(path, '*/*');
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('root:');
    }
  });

  it('leaves the routes of the service to the service', async () => {
    expect((await get('/health', 'application/json')).status).toBe(200);
    const ide = await get('/graphql');
    expect(ide.status).toBe(302);
    expect(ide.headers.get('location')).toBe('/graphiql');
    const reader = await get('/articles/no-such-article');
    expect(reader.status).toBe(404);
    expect(await reader.text()).toContain('No published article at this address');
  });

  it('lists no demo users when a secret is configured', async () => {
    const response = await get('/desk/demo-users', 'application/json');
    expect(response.status).toBe(404);
  });
});

describe('the demo users, with the development secret', () => {
  let galley: Galley;

  beforeAll(async () => {
    galley = await startGalley({ env: { GALLEY_JWT_SECRET: '' } });
  });

  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('lists the four demo users with tokens that the API accepts', async () => {
    const response = await fetch(`${galley.url}/desk/demo-users`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { users } = (await response.json()) as { users: { id: string; name: string; roles: string[]; token: string }[] };
    expect(users.map((user) => [user.id, user.roles])).toEqual([
      ['wanda', ['writer']],
      ['eddie', ['editor']],
      ['fay', ['fact_checker']],
      ['pat', ['publisher']],
    ]);
    const me = await galley.gql<{ me: { id: string; name: string } }>('{ me { id name } }', {}, users[1].token);
    expect(me.data?.me).toEqual({ id: 'eddie', name: 'Eddie Editor' });
  });
});

describe('the demo users, kept to the machine Galley runs on', () => {
  let behindProxy: Galley;
  let production: Galley;

  beforeAll(async () => {
    // Behind a trusted proxy the client's address is the forwarded one: a reader elsewhere on the network.
    behindProxy = await startGalley({ env: { GALLEY_JWT_SECRET: '', GALLEY_TRUST_PROXY: '127.0.0.1,::1' } });
    production = await startGalley({ env: { GALLEY_JWT_SECRET: '', NODE_ENV: 'production' } });
  });

  afterAll(async () => {
    for (const galley of [behindProxy, production]) {
      await galley.stop();
      removeDataDir(galley.dataDir);
    }
  });

  it('refuses them to a browser on another machine', async () => {
    const remote = await fetch(`${behindProxy.url}/desk/demo-users`, { headers: { 'x-forwarded-for': '192.0.2.44' } });
    expect(remote.status).toBe(404);
    expect(await remote.text()).not.toContain('token');
    expect((await fetch(`${behindProxy.url}/desk/demo-users`)).status).toBe(200);
  });

  it('never offers them under NODE_ENV=production', async () => {
    expect((await fetch(`${production.url}/desk/demo-users`)).status).toBe(404);
  });
});
