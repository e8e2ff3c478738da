import { Logger } from '@nestjs/common';
import { ReadModels } from '../../../apps/api/src/infrastructure/read-models.service';
import { newsroom, removeDataDir, startGalley, type Galley } from '../support/galley.harness';

/** What must never leave a production server: stack frames, file paths, internal messages. */
const LEAKS = [/\bat \S+ \(/, /\/(?:home|opt|srv|usr|var|tmp)\/|node_modules|[\w-]+\.(ts|js):\d+/, /SQLITE|TypeError|ReferenceError|Cannot read propert/i, /"stack"/];

function expectNoLeak(text: string): void {
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
}

describe('errors in production', () => {
  let galley: Galley;

  beforeAll(async () => {
    galley = await startGalley({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('answers a failure inside a resolver with INTERNAL_SERVER_ERROR and a request id that the log holds', async () => {
    const logged: string[] = [];
    const logSpy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
    const failure = new Error('SQLITE_CORRUPT: database disk image is malformed at /opt/galley/libs/read-models/src/article.read-model.ts:42');
    const readModels = galley.app.get(ReadModels);
    const dashboardSpy = jest.spyOn(readModels.articles, 'dashboard').mockImplementation(() => {
      throw failure;
    });
    try {
      const response = await fetch(`${galley.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${newsroom().editor}` },
        body: JSON.stringify({ query: '{ dashboard { pendingClaims } }' }),
      });
      const text = await response.text();
      expectNoLeak(text);
      const { errors } = JSON.parse(text);
      expect(errors[0]).toMatchObject({ message: 'Something went wrong on our side', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(Object.keys(errors[0].extensions).sort()).toEqual(['code', 'requestId']);
      expect(logged.some((line) => line.includes(`requestId=${errors[0].extensions.requestId}`) && line.includes('SQLITE_CORRUPT'))).toBe(true);
    } finally {
      dashboardSpy.mockRestore();
      logSpy.mockRestore();
    }
  });

  it.each<[string, RequestInit & { path?: string }]>([
    ['malformed JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ me { id }' }],
    ['a query that is not a string', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": {"kind": "Document"}}' }],
    ['a JSON-encoded AST', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: JSON.stringify({ kind: 'Document', definitions: [{}] }) }) }],
    ['variables of the wrong shape', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "query($id: ID!) { article(id: $id) { id } }", "variables": {"id": {"a": 1}}}' }],
    ['an unknown operation name', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ me { id } }", "operationName": "Nope"}' }],
    ['an unsupported content type', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<query/>' }],
    ['a repeated query parameter', { method: 'GET', path: '/graphql?query=a&query=b' }],
    ['a mutation over GET', { method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { discardArticle(input: {id: "x", reason: "r"}) { id } }')}` }],
    ['a prototype-polluting body', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ me { id } }", "__proto__": {"x": 1}, "constructor": {"prototype": {"y": 1}}}' }],
  ])('answers %s with a client error and nothing internal', async (_label, { path = '/graphql', ...init }) => {
    const response = await fetch(`${galley.url}${path}`, init);
    const text = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectNoLeak(text);
    expect(JSON.parse(text).errors?.[0]?.extensions?.code ?? JSON.parse(text).code ?? 'none').not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('refuses introspection and serves no IDE', async () => {
    const response = await galley.gql('{ __schema { queryType { name } } }');
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'introspection' });
    expect((await fetch(`${galley.url}/graphiql`)).status).toBe(404);
  });
});
