import { getIntrospectionQuery } from 'graphql';
import { newsroom, removeDataDir, startGalley, type Galley } from '../support/galley.harness';

const post = (galley: Galley, body: string, headers: Record<string, string> = {}) =>
  fetch(`${galley.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('GraphQL limits', () => {
  let galley: Galley;
  let editor: string;

  beforeAll(async () => {
    galley = await startGalley();
    editor = newsroom().editor;
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('refuses a query deeper than 12 levels with BAD_USER_INPUT naming the limit', async () => {
    const chain = (n: number) => `{ article(id: "x") { ${'previousArticle { '.repeat(n)} id ${'} '.repeat(n)} } }`;
    const refused = await galley.gql(chain(12), {}, editor);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'depth', max: 12, actual: 14 });
    expect((await galley.gql(chain(10), {}, editor)).errors).toBeUndefined();
  });

  it('refuses more than 30 aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    const refused = await galley.gql(aliases(31), {}, editor);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'aliases', max: 30, actual: 31 });
    expect((await galley.gql(aliases(30), {}, editor)).errors).toBeUndefined();
  });

  it('refuses a query whose estimated cost is over the limit, sizing lists by first (variables included)', async () => {
    const query = `query($first: Int) { articles(first: $first) { edges { node { claims { evidence { url } history { version } } } } } }`;
    const refused = await galley.gql(query, { first: 100 }, editor);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost', max: 10_000 });
    expect(refused.errors![0].extensions.actual).toBeGreaterThan(10_000);
    expect((await galley.gql(query, { first: 5 }, editor)).errors).toBeUndefined();
  });

  it('refuses batched queries', async () => {
    const response = await post(galley, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), { authorization: `Bearer ${editor}` });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'batch', max: 1, actual: 2 });
  });

  it('refuses a document of more than 10,000 tokens before validating it', async () => {
    const huge = `{ ${'__typename '.repeat(10_001)} }`;
    const response = await galley.gql(huge, {}, editor);
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'tokens', max: 10_000 });
  });

  it('answers introspection in development, within its shape limit', async () => {
    expect((await galley.gql(getIntrospectionQuery(), {}, editor)).data!.__schema.queryType.name).toBe('Query');
    const fanOut = await galley.gql(`{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`, {}, editor);
    expect(fanOut.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'introspection' });
  });

  it('refuses requests that are not one GraphQL document with clear errors', async () => {
    for (const body of ['{"query": 42}', '{"query": "{ me { id } }", "variables": [1]}', '"just a string"', '{"query": "\\"not graphql\\""}']) {
      const response = await post(galley, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('GraphQL introspection switched off', () => {
  let galley: Galley;

  beforeAll(async () => {
    galley = await startGalley({ env: { GALLEY_GRAPHQL_INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('refuses __schema and __type, keeps __typename, and drops the "Did you mean" hints', async () => {
    const editor = newsroom().editor;
    for (const query of [getIntrospectionQuery(), `{ __type(name: "Article") { fields { name } } }`]) {
      expect((await galley.gql(query, {}, editor)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'introspection' });
    }
    expect((await galley.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
    const typo = await galley.gql(`{ articel(id: "x") { id } }`, {}, editor);
    expect(typo.errors?.[0].message).toBe('Cannot query field "articel" on type "Query".');
  });
});

describe('rate limits', () => {
  let galley: Galley;

  beforeAll(async () => {
    galley = await startGalley({ env: { GALLEY_RATE_LIMIT_USER: '5', GALLEY_RATE_LIMIT_IP: '12' } });
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('answers 429 with RATE_LIMITED and Retry-After, per user and then per address', async () => {
    const desk = newsroom();
    const me = JSON.stringify({ query: '{ me { id } }' });
    for (let i = 0; i < 5; i++) expect((await post(galley, me, { authorization: `Bearer ${desk.writer}` })).status).toBe(200);
    const user = await post(galley, me, { authorization: `Bearer ${desk.writer}` });
    expect(user.status).toBe(429);
    expect(Number(user.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await user.json()) as any).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'user' });

    // Another user from the same address still gets through, until the address’s own bucket runs dry.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(galley, me, { authorization: `Bearer ${desk.editor}` })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const address = await post(galley, JSON.stringify({ query: '{ __typename }' }));
    expect(address.status).toBe(429);
    expect(address.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await address.json()) as any).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'ip' });
    // Liveness is never throttled.
    expect((await fetch(`${galley.url}/health`)).status).toBeLessThan(400);
  });
});
