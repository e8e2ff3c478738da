import { createHmac, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { runCli } from '../../../apps/api/src/cli/galley.cli';
import type { CliIo } from '../../../apps/api/src/cli/cli.plumbing';
import { ARTICLE } from '../support/article.fixture';
import { ARTICLE_FIELDS, mutate, type Article } from '../support/article.flow';
import { removeDataDir, startGalley, TEST_SECRET, tokenFor, type Galley } from '../support/galley.harness';

/**
 * Issue 7 item 5: a storm of random and malformed GraphQL requests, then random valid command
 * sequences, against the running app; then the store is checked (contiguous revisions) and the read
 * models compared with a fresh rebuild by the `verify` command. Fixed seeds: a failure replays.
 */
const SEED = Number(process.env.GALLEY_FUZZ_SEED ?? 20250707);
const KNOWN_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'INTERNAL_SERVER_ERROR', 'RATE_LIMITED']);
/** 5xx answers Galley means to give. None so far. */
const INTENDED_5XX: readonly number[] = [];
/** What must never leave the server (unless the request itself carried it, echoed in a parse error). */
const LEAKS = [/\bat \S+ \(/, /\bat (?:async )?[\w.<>]+ \(?\/[^\s)]+:\d+/, /(?:\/(?:home|opt|srv|usr|var|tmp|work)\/)[^\s"]*/, /node_modules/, /[\w-]+\.(?:ts|js):\d+/, /"stack"/];

interface Sent {
  readonly category: string;
  readonly init: RequestInit & { path?: string };
}

interface Finding {
  readonly category: string;
  readonly problem: string;
  readonly request: string;
}

jest.setTimeout(120_000);

describe('fuzzing Galley over GraphQL', () => {
  let galley: Galley;
  const log: string[] = [];

  beforeAll(async () => {
    galley = await startGalley({ env: { GALLEY_RATE_LIMIT_IP: '0', GALLEY_RATE_LIMIT_USER: '0' } });
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`graphql fuzz (seed ${SEED})\n${log.join('\n')}`);
    await galley.stop().catch(() => undefined);
    removeDataDir(galley.dataDir);
  });

  it('answers malformed and random requests without a 5xx, an unknown code or a leak, and stays up', async () => {
    const started = Date.now();
    const desk = deskFor('storm');
    const known: string[] = [];
    for (let i = 0; i < 2; i++) {
      const drafted = await mutate(galley, 'draftArticle', { ...ARTICLE, commandId: randomUUID() }, desk.writer);
      known.push(drafted.data!.draftArticle.id);
    }
    const requests = stormRequests(desk, known);
    const findings: Finding[] = [];
    const perCategory = new Map<string, number>();
    const codes = new Map<string, number>();
    const statuses = new Map<number, number>();
    let clientRefused = 0;
    const plainErrors: string[] = [];

    await inParallel(requests, 6, async ({ category, init }) => {
      perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
      const { path = '/graphql', ...rest } = init;
      const described = describeRequest(init);
      let response: Response;
      try {
        response = await fetch(`${galley.url}${path}`, rest);
      } catch (error) {
        // fetch itself refuses some headers (non-ByteString tokens): nothing reached the server.
        // (Errors cross Jest's realm: compare names and messages, not classes.)
        const cause = (error as { cause?: { message?: string; code?: string } }).cause;
        if (/invalid (?:\w+ )?header/i.test(`${(error as Error).message} ${cause?.message ?? ''}`) || cause?.code === 'UND_ERR_INVALID_ARG') {
          clientRefused++;
          return;
        }
        findings.push({ category, problem: `no answer: ${String((error as Error).cause ?? error)}`, request: described });
        return;
      }
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500 && !INTENDED_5XX.includes(response.status)) {
        findings.push({ category, problem: `HTTP ${response.status}: ${text.slice(0, 300)}`, request: described });
      }
      const sentText = typeof rest.body === 'string' ? rest.body : rest.body instanceof Uint8Array ? Buffer.from(rest.body).toString('latin1') : '';
      const echoable = `${sentText}\n${path}\n${JSON.stringify(rest.headers ?? {})}`;
      for (const leak of LEAKS) {
        const match = text.match(leak);
        if (match && !echoable.includes(match[0]) && !echoable.includes(JSON.stringify(match[0]).slice(1, -1))) {
          findings.push({ category, problem: `leak ${leak}: …${text.slice(Math.max(0, match.index! - 80), match.index! + 120)}…`, request: described });
        }
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        if (response.status !== 404 && text.length > 0) findings.push({ category, problem: `a body that is not JSON (HTTP ${response.status}): ${text.slice(0, 200)}`, request: described });
        return;
      }
      const errors = (json as { errors?: { extensions?: { code?: unknown } }[] } | null)?.errors;
      if (Array.isArray(errors)) {
        for (const error of errors) {
          const code = String(error?.extensions?.code);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (!KNOWN_CODES.has(code)) findings.push({ category, problem: `unknown error code ${code}: ${JSON.stringify(error).slice(0, 300)}`, request: described });
          if (code === 'INTERNAL_SERVER_ERROR') findings.push({ category, problem: `INTERNAL_SERVER_ERROR: ${JSON.stringify(error).slice(0, 300)}`, request: described });
        }
      } else if (response.status >= 400) {
        codes.set(`http-${response.status}`, (codes.get(`http-${response.status}`) ?? 0) + 1);
        if (plainErrors.length < 3) plainErrors.push(`HTTP ${response.status} ${text.slice(0, 160)} ← ${described.slice(0, 120)}`);
      }
    });

    const health = await fetch(`${galley.url}/health`);
    log.push(
      `storm: ${requests.length} requests in ${Date.now() - started} ms (${clientRefused} refused by fetch before sending)`,
      `  per category: ${[...perCategory].map(([k, v]) => `${k}=${v}`).join(', ')}`,
      `  statuses: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}=${v}`).join(', ')}`,
      `  error codes: ${[...codes].sort().map(([k, v]) => `${k}=${v}`).join(', ')}`,
      ...plainErrors.map((line) => `  an error outside GraphQL's shape: ${line}`),
      `  findings: ${findings.length}`,
      ...findings.slice(0, 15).map((f) => `    [${f.category}] ${f.problem}\n      request: ${f.request}`),
      `  /health after the storm: ${health.status}`,
    );
    expect(health.status).toBe(200);
    expect(findings).toEqual([]);
  });

  it('keeps every answer to random valid command sequences a success or a typed refusal', async () => {
    const started = Date.now();
    const outcome = await commandSequences(galley, 150, SEED);
    log.push(
      `commands: ${outcome.tried} in ${Date.now() - started} ms over ${outcome.articles} articles`,
      `  succeeded: ${[...outcome.succeeded].sort().map(([k, v]) => `${k}=${v}`).join(', ')}`,
      `  refusals: ${[...outcome.refusals].sort().map(([k, v]) => `${k}=${v}`).join(', ')}`,
      `  stages reached: ${[...outcome.stages].sort().join(', ')}`,
      `  findings: ${outcome.findings.length}`,
      ...outcome.findings.slice(0, 15).map((f) => `    ${f}`),
    );
    expect(outcome.findings).toEqual([]);
  });

  it('leaves contiguous stream revisions and read models equal to a fresh rebuild', async () => {
    await galley.stop();
    let out = '';
    const io: CliIo = { out: (text) => void (out += text), err: (text) => void (out += text), interactive: false };
    const code = await runCli(['verify'], { GALLEY_DATA_DIR: galley.dataDir, GALLEY_JWT_SECRET: TEST_SECRET }, io);
    log.push(`verify (exit ${code}):\n${out.split('\n').filter((line) => line && !line.startsWith('verify: rebuilding')).map((line) => `  ${line}`).join('\n')}`);
    expect(out).toMatch(/ok\s+stream revisions/);
    expect(out).toMatch(/ok\s+read models/);
    expect(code).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The storm

type Desk = ReturnType<typeof deskFor>;

function deskFor(suffix: string) {
  return {
    writer: tokenFor(`wanda-${suffix}`, 'Wanda Writer', ['writer']),
    secondWriter: tokenFor(`walt-${suffix}`, 'Walt Writer', ['writer']),
    editor: tokenFor(`eddie-${suffix}`, 'Eddie Editor', ['editor']),
    secondEditor: tokenFor(`erin-${suffix}`, 'Erin Editor', ['editor']),
    factChecker: tokenFor(`fay-${suffix}`, 'Fay Checker', ['fact_checker']),
    publisher: tokenFor(`pat-${suffix}`, 'Pat Publisher', ['publisher']),
    admin: tokenFor(`ada-${suffix}`, 'Ada Admin', ['admin']),
  };
}

const json = (body: string, token?: string | null, contentType = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body,
});

/** Strings with what breaks naive code: lone surrogates, combining marks, RTL overrides, NULs, huge runs. */
function oddString(): fc.Arbitrary<string> {
  const odd = fc.constantFrom(
    '\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b', '\u0000', '\u202E', '\u200B', '\uFEFF', 'e\u0301', 'ﬀ', 'İ', '𝕏', '👩🏽‍💻',
    '\u2028', '\\', '"', "'", '<script>alert(1)</script>', '${x}', '%s%n', '../../etc/passwd', '\r\n', 'NaN', '-0', '1e309',
  );
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.oneof(odd, fc.string({ maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join('')),
    fc.tuple(fc.constantFrom('a', '\uD800', 'é', '€'), fc.integer({ min: 100, max: 20_000 })).map(([c, n]) => c.repeat(n)),
  );
}

function weirdValue(depth = 2): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    oddString(),
    fc.constantFrom(null, true, false, 0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE, 0.5, '', ' ', '00000000-0000-0000-0000-000000000000'),
    fc.double(),
    fc.bigInt().map((n) => Number(n)),
    fc.uuid(),
  );
  if (depth === 0) return leaf;
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(weirdValue(depth - 1), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'id', 'title')), weirdValue(depth - 1), { maxKeys: 4 }) },
  );
}

/** Operations Galley knows, each with the variables it declares. */
const OPERATIONS: { query: string; variables: string[] }[] = [
  { query: `query($id: ID!, $asOf: DateTime, $version: Int) { article(id: $id, asOf: $asOf, version: $version) { ${ARTICLE_FIELDS} } }`, variables: ['id', 'asOf', 'version'] },
  { query: 'query($stage: Stage, $first: Int, $after: String, $search: String, $series: String, $authorId: ID) { articles(stage: $stage, first: $first, after: $after, search: $search, series: $series, authorId: $authorId) { edges { node { id title } } } }', variables: ['stage', 'first', 'after', 'search', 'series', 'authorId'] },
  { query: 'query($first: Int, $after: String, $kind: ClaimKind, $articleId: ID) { claimQueue(first: $first, after: $after, kind: $kind, articleId: $articleId) { edges { node { id } } } }', variables: ['first', 'after', 'kind', 'articleId'] },
  { query: 'query($actorId: ID, $since: DateTime, $until: DateTime, $first: Int, $after: String) { auditLog(actorId: $actorId, since: $since, until: $until, first: $first, after: $after) { edges { node { type } } } }', variables: ['actorId', 'since', 'until', 'first', 'after'] },
  { query: 'query($slug: String!) { publishedArticle(slug: $slug) { title } }', variables: ['slug'] },
  { query: '{ me { id roles } dashboard { pendingClaims } }', variables: [] },
  ...['draftArticle', 'reviseArticle', 'submitForFactCheck', 'addClaim', 'recordVerdict', 'editSummary', 'requestChanges', 'approveArticle', 'publishArticle', 'issueCorrection', 'retractArticle', 'discardArticle', 'setDeadline', 'assignFactChecker'].map(
    (name) => ({ query: `mutation($input: ${inputTypeOf(name)}!) { ${name}(input: $input) { id version stage } }`, variables: ['input'] }),
  ),
];

function inputTypeOf(name: string): string {
  if (['submitForFactCheck', 'generateSummary', 'submitForReview', 'cancelSchedule'].includes(name)) return 'ArticleActionInput';
  return `${name[0].toUpperCase()}${name.slice(1)}Input`;
}

function stormRequests(desk: Desk, known: string[]): Sent[] {
  const tokens = Object.values(desk);
  const anyToken = fc.oneof(fc.constantFrom(...tokens), fc.constant(null));
  const contentType = fc.constantFrom('application/json', 'text/plain', 'application/graphql', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16');

  const bytes = fc.tuple(fc.uint8Array({ maxLength: 600 }), contentType, anyToken).map(([body, type, token]): Sent => ({
    category: 'random bytes',
    init: { method: 'POST', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body },
  }));

  const randomJson = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.record({ query: fc.jsonValue({ maxDepth: 2 }), variables: fc.jsonValue({ maxDepth: 3 }), operationName: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
    fc.array(fc.record({ query: fc.constantFrom('{ me { id } }', '{ __typename }', 'x'), variables: fc.jsonValue({ maxDepth: 1 }) }), { maxLength: 30 }).map((b) => JSON.stringify(b)),
  );
  const randomJsonRequests = fc.tuple(randomJson, anyToken).map(([body, token]): Sent => ({ category: 'random JSON', init: json(body, token) }));

  const graphqlToken = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('{', '}', '(', ')', '[', ']', ':', '!', '$', '$id', '$input', '=', '@', '@include(if: true)', '@skip', '...', '...on Article', 'fragment F on Article', 'query', 'mutation', 'subscription', 'article', 'articles', 'me', 'dashboard', 'claimQueue', 'auditLog', 'publishedArticle', 'draftArticle', 'input:', 'id', 'id:', 'title', 'claims', 'history', '__typename', '__schema', '__type(name: "Article")', 'first: 999999999999', 'first: -1', '"x"', '"""block"""', '"\\u{D800}"', '"\\uD800"', '1e999', '0x10', 'null', 'true', 'Int!', 'ID!', ',', '#comment\n', '\u0000', 'a1: me { id }', 'a2: me { id }') },
    { weight: 1, arbitrary: oddString() },
  );
  const graphqlIsh = fc.tuple(fc.array(graphqlToken, { maxLength: 40 }), anyToken, fc.option(fc.dictionary(fc.string({ maxLength: 6 }), weirdValue(1), { maxKeys: 3 }))).map(
    ([parts, token, variables]): Sent => ({ category: 'GraphQL-ish', init: json(JSON.stringify({ query: parts.join(' '), ...(variables ? { variables } : {}) }), token) }),
  );

  const knownOrRandomId = fc.oneof(fc.constantFrom(...known), fc.uuid(), weirdValue(0));
  const inputValue = fc.dictionary(
    fc.constantFrom('id', 'commandId', 'expectedVersion', 'title', 'dek', 'body', 'series', 'sensitive', 'text', 'claimId', 'status', 'evidence', 'note', 'comment', 'at', 'kind', 'reason', 'dueAt', 'assigneeId', 'assigneeName', 'extra'),
    weirdValue(2),
    { maxKeys: 8 },
  );
  const validOperation = fc.tuple(fc.constantFrom(...OPERATIONS), anyToken, knownOrRandomId, inputValue, fc.boolean(), fc.boolean()).chain(([operation, token, id, input, withId, wellTyped]) =>
    fc.tuple(...operation.variables.map(() => weirdValue(2))).map((values): Sent => {
      const variables: Record<string, unknown> = {};
      operation.variables.forEach((name, i) => (variables[name] = values[i]));
      if ('id' in variables || 'articleId' in variables) variables[('id' in variables ? 'id' : 'articleId')] = withId ? id : variables.id;
      if ('input' in variables) {
        variables.input = wellTyped ? { ...(withId ? { id } : {}), title: 'A title', body: 'Some body.', reason: 'r', text: 'Some', comment: 'c', ...input } : values[0];
      }
      return { category: 'operations with random variables', init: json(JSON.stringify({ query: operation.query, variables }), token) };
    }),
  );

  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const forge = (header: unknown, payload: unknown, secret: string | null) => {
    const unsigned = `${b64(header)}.${b64(payload)}`;
    return secret === null ? `${unsigned}.` : `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  };
  const now = Math.floor(Date.now() / 1000);
  const claims = fc.record(
    { sub: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('ada'), weirdValue(0)), name: weirdValue(0), roles: fc.oneof(fc.constant(['admin']), fc.array(fc.string({ maxLength: 12 })), weirdValue(1)), exp: fc.oneof(fc.constant(now + 600), fc.constant(now - 600), weirdValue(0)), nbf: fc.oneof(fc.constant(now + 3600), weirdValue(0)), iat: weirdValue(0) },
    { requiredKeys: [] },
  );
  const header = fc.oneof(fc.constant({ alg: 'HS256', typ: 'JWT' }), fc.constant({ alg: 'none' }), fc.constant({ alg: 'RS256', kid: 'x' }), fc.constant({ alg: 'HS512' }), weirdValue(1));
  const token = fc.oneof(
    fc.tuple(header, claims, fc.constantFrom(TEST_SECRET, 'wrong-secret', null as string | null)).map(([h, c, s]) => forge(h, c, s)),
    fc.tuple(header, claims, fc.constantFrom(TEST_SECRET, null as string | null)).map(([h, c, s]) => forge(h, c, s)).map((t) => t.replace(/\./, '.x')),
    fc.string({ unit: 'binary-ascii', maxLength: 200 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,40}$/),
    fc.constantFrom(...tokens).map((t) => `${t.slice(0, -3)}abc`),
    fc.integer({ min: 8_000, max: 40_000 }).map((n) => 'a'.repeat(n)),
  );
  const scheme = fc.constantFrom('Bearer ', 'bearer ', 'Basic ', '', 'Bearer  ', 'Bearer\t');
  const forged = fc.tuple(token, scheme, fc.constantFrom('{ me { id roles } }', '{ dashboard { pendingClaims } }', `mutation { discardArticle(input: {id: "${known[0]}", reason: "x"}) { id } }`)).map(
    ([t, s, query]): Sent => ({ category: 'random/forged tokens', init: { method: 'POST', headers: { 'content-type': 'application/json', authorization: `${s}${t}` }, body: JSON.stringify({ query }) } }),
  );

  const getRequests = fc.tuple(fc.oneof(fc.string({ maxLength: 60 }), oddString()), fc.constantFrom('/graphql?query=', '/graphql?variables=', '/health?', '/graphql?query={me{id}}&variables=', '/%')).map(
    ([text, prefix]): Sent => ({ category: 'GET and odd paths', init: { method: 'GET', path: `${prefix}${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, 'x'))}` } }),
  );

  const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number, offset: number) => fc.sample(arb, { seed: SEED + offset, numRuns });
  return [
    ...sample(bytes, 200, 1),
    ...sample(randomJsonRequests, 250, 2),
    ...sample(graphqlIsh, 350, 3),
    ...sample(validOperation, 450, 4),
    ...sample(forged, 200, 5),
    ...sample(getRequests, 50, 6),
  ];
}

function describeRequest(init: Sent['init']): string {
  const body = typeof init.body === 'string' ? init.body : init.body instanceof Uint8Array ? `<${init.body.length} bytes>` : '';
  const auth = (init.headers as Record<string, string> | undefined)?.authorization;
  return `${init.method} ${init.path ?? '/graphql'} ${auth ? `auth=${auth.slice(0, 60)}… ` : ''}${body.slice(0, 240)}`;
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Random valid command sequences

const TYPED_REFUSALS = new Set(['FORBIDDEN', 'BAD_USER_INPUT', 'INVALID_TRANSITION', 'CONFLICT', 'NOT_FOUND']);

/** A small seeded generator, so that a sequence replays from its seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)], chance: (p: number) => next() < p };
}

/** Commands that move an article on from each stage, so that random walks reach the late stages. */
const LIKELY: Record<string, string[]> = {
  DRAFT: ['reviseArticle', 'submitForFactCheck', 'submitForFactCheck', 'submitForFactCheck'],
  FACT_CHECK: ['recordVerdict', 'recordVerdict', 'recordVerdict', 'recordVerdict', 'addClaim', 'submitForReview', 'submitForReview'],
  REVIEW: ['approveArticle', 'approveArticle', 'requestChanges', 'editSummary'],
  APPROVED: ['publishArticle', 'publishArticle', 'requestChanges'],
  PUBLISHED: ['issueCorrection', 'issueCorrection', 'retractArticle'],
};
const ALL_COMMANDS = ['draftArticle', 'reviseArticle', 'submitForFactCheck', 'addClaim', 'recordVerdict', 'generateSummary', 'editSummary', 'submitForReview', 'requestChanges', 'approveArticle', 'publishArticle', 'cancelSchedule', 'issueCorrection', 'retractArticle', 'discardArticle', 'setDeadline', 'assignFactChecker'];
/** The role that may usually give each command, picked most of the time; any role otherwise. */
const USUAL_ROLE: Record<string, (keyof Desk)[]> = {
  draftArticle: ['writer', 'secondWriter'],
  reviseArticle: ['writer'],
  submitForFactCheck: ['writer'],
  addClaim: ['factChecker', 'writer'],
  recordVerdict: ['factChecker'],
  generateSummary: ['writer'],
  editSummary: ['writer', 'editor'],
  submitForReview: ['writer'],
  requestChanges: ['editor', 'secondEditor'],
  approveArticle: ['editor', 'secondEditor'],
  publishArticle: ['publisher'],
  cancelSchedule: ['publisher'],
  issueCorrection: ['editor', 'publisher'],
  retractArticle: ['publisher', 'editor'],
  discardArticle: ['writer', 'editor'],
  setDeadline: ['editor'],
  assignFactChecker: ['editor'],
};

async function commandSequences(galley: Galley, count: number, seed: number) {
  const random = prng(seed);
  const desk = deskFor(`seq-${seed}`);
  const articles: Article[] = [];
  const succeeded = new Map<string, number>();
  const refusals = new Map<string, number>();
  const stages = new Set<string>();
  const findings: string[] = [];
  const usedCommandIds: string[] = [];
  let tried = 0;

  const refresh = async (id: string): Promise<Article | null> => {
    const response = await galley.gql<{ article: Article | null }>(`query($id: ID!) { article(id: $id) { ${ARTICLE_FIELDS} } }`, { id }, desk.admin);
    if (response.errors?.length) findings.push(`reading ${id} failed: ${JSON.stringify(response.errors).slice(0, 300)}`);
    return response.data?.article ?? null;
  };

  for (let step = 0; step < count; step++) {
    const fresh = articles.length < 2 || (articles.length < 5 && random.chance(0.06));
    const open = articles.filter((a) => !['DISCARDED', 'RETRACTED'].includes(a.stage));
    const article = fresh ? null : random.pick(open.length > 0 && random.chance(0.9) ? open : articles);
    const name = fresh ? 'draftArticle' : random.chance(0.75) ? random.pick(LIKELY[article!.stage] ?? ALL_COMMANDS) : random.pick(ALL_COMMANDS);
    const role = random.chance(0.8) ? random.pick(USUAL_ROLE[name]) : random.pick(Object.keys(desk) as (keyof Desk)[]);
    const input = inputFor(name, article, random);
    if (random.chance(0.15) && article) input.expectedVersion = random.chance(0.5) ? article.version : Math.max(0, article.version - 1 - Math.floor(random.next() * 3));
    if (random.chance(0.08) && usedCommandIds.length > 0) input.commandId = random.pick(usedCommandIds);
    else if (random.chance(0.5)) usedCommandIds.push((input.commandId = randomUUID()) as string);

    tried++;
    const response = await mutate(galley, name, input, desk[role]);
    const label = `#${step} ${role} ${name}${article ? ` on ${article.stage}` : ''}`;
    if (response.status >= 500) findings.push(`${label}: HTTP ${response.status}`);
    if (response.errors?.length) {
      for (const error of response.errors) {
        const code = String(error.extensions?.code);
        refusals.set(code, (refusals.get(code) ?? 0) + 1);
        if (!TYPED_REFUSALS.has(code)) findings.push(`${label}: ${code} ${error.message} (input ${JSON.stringify(input).slice(0, 200)})`);
      }
    } else if (response.data?.[name]) {
      succeeded.set(name, (succeeded.get(name) ?? 0) + 1);
      const result = response.data[name];
      if (name === 'draftArticle' && !articles.some((a) => a.id === result.id)) articles.push(result);
    } else {
      findings.push(`${label}: neither data nor errors`);
    }
    // Read the article back as the newsroom sees it (the mutation's answer may be an idempotent replay).
    const target = article?.id ?? response.data?.[name]?.id;
    if (target) {
      const current = await refresh(target);
      const index = articles.findIndex((a) => a.id === target);
      if (current && index >= 0) {
        if (current.version < articles[index].version) findings.push(`${label}: version went back from ${articles[index].version} to ${current.version}`);
        articles[index] = current;
        stages.add(current.stage);
      }
    }
  }
  return { tried, articles: articles.length, succeeded, refusals, stages, findings };
}

function inputFor(name: string, article: Article | null, random: ReturnType<typeof prng>): Record<string, unknown> {
  const id = article?.id ?? randomUUID();
  const pending = article?.claims.filter((c) => c.status === 'PENDING') ?? [];
  const claim = pending.length > 0 && random.chance(0.85) ? random.pick(pending) : article && article.claims.length > 0 ? random.pick(article.claims) : null;
  const claimId = claim?.id ?? (random.chance(0.5) ? 'c-missing' : 'claim-1');
  const sentence = article ? random.pick(article.body.split(/(?<=\.)\s+/).filter((s) => s.length > 10)) ?? article.title : 'x';
  switch (name) {
    case 'draftArticle':
      return { ...ARTICLE, title: `${ARTICLE.title} ${Math.floor(random.next() * 1000)}`, sensitive: random.chance(0.2) };
    case 'reviseArticle':
      return random.chance(0.5)
        ? { id, body: `${article?.body ?? ARTICLE.body}\n\nRevenue rose ${Math.floor(random.next() * 90) + 1}% in 2024, the company said.` }
        : { id, title: `Revised ${Math.floor(random.next() * 100)}`, dek: random.chance(0.3) ? null : 'A new dek.' };
    case 'addClaim':
      return { id, text: random.chance(0.8) ? sentence.slice(0, 120) : 'Text that is nowhere in the article' };
    case 'recordVerdict':
      return {
        id,
        claimId,
        status: random.chance(0.8) ? random.pick(['VERIFIED', 'ATTRIBUTED']) : random.pick(['NEEDS_SOURCE', 'DISPUTED', 'DISMISSED', 'PENDING']),
        evidence: random.chance(0.8) ? [{ url: 'https://example.org/source', title: 'Source', quote: sentence.slice(0, 40) }] : [],
        note: random.chance(0.3) ? 'Checked against the filing.' : null,
      };
    case 'editSummary':
      return { id, text: 'A short summary written by hand.' };
    case 'requestChanges':
      return { id, comment: 'Tighten the second section.' };
    case 'approveArticle':
      return { id, comment: random.chance(0.5) ? 'Good to go.' : null };
    case 'publishArticle':
      return { id, at: random.chance(0.15) ? new Date(Date.now() + 3_600_000).toISOString() : null };
    case 'issueCorrection':
      return random.chance(0.5)
        ? { id, kind: 'SILENT_FIX', title: `${article?.title ?? 'T'} (fixed)` }
        : { id, kind: 'CORRECTION', body: `${article?.body ?? ARTICLE.body}\n\nAn earlier version misstated a figure.`, note: random.chance(0.85) ? 'An earlier version misstated a figure.' : null };
    case 'retractArticle':
    case 'discardArticle':
      return { id, reason: 'The sourcing did not hold up.' };
    case 'setDeadline':
      return { id, dueAt: random.chance(0.2) ? null : new Date(Date.now() + 86_400_000).toISOString() };
    case 'assignFactChecker':
      return { id, assigneeId: 'fay-seq', assigneeName: 'Fay Checker', ...(claim && random.chance(0.5) ? { claimId: claim.id } : {}) };
    default:
      return { id };
  }
}
