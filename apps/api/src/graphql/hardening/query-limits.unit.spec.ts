import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { queryCost } from './query-cost';
import { aliasCount, introspectionShapeRule, maxAliasesRule, maxDepthRule, noIntrospectionRule, selectionDepth } from './query-shape.rules';
import { TokenBuckets } from './token-buckets';

const schema = buildSchema(`
  type Query { articles(first: Int = 20): Connection!  article(id: ID!): Article  me: Me }
  type Connection { totalCount: Int! edges: [Edge!]! }
  type Edge { node: Article! }
  type Article { id: ID! title: String! claims: [Claim!]! previousArticle: Article }
  type Claim { id: ID! history: [Entry!]! }
  type Entry { version: Int! }
  type Me { id: ID! }
`);

const fragmentsOf = (source: string) => {
  const document = parse(source);
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')!;
  return { operation: operation as Extract<typeof operation, { kind: 'OperationDefinition' }>, fragments };
};

const errorsOf = (source: string, rules = [maxDepthRule(12), maxAliasesRule(30)]): readonly GraphQLError[] =>
  validate(schema, parse(source), [...specifiedRules, ...rules]);

describe('query shape limits', () => {
  it('measures depth through fragments and inline fragments', () => {
    const { operation, fragments } = fragmentsOf(`{ article(id: 1) { ...A } } fragment A on Article { previousArticle { ... on Article { id } } }`);
    expect(selectionDepth(operation.selectionSet, fragments)).toBe(3);
  });

  it('refuses a query deeper than the limit, naming the limit and the figures', () => {
    const deep = `{ article(id: 1) { ${'previousArticle { '.repeat(12)} id ${'} '.repeat(12)} } }`;
    const [error] = errorsOf(deep);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'depth', max: 12, actual: 14 });
    expect(errorsOf(`{ article(id: 1) { ${'previousArticle { '.repeat(10)} id ${'} '.repeat(10)} } }`)).toEqual([]);
  });

  it('lets the standard introspection query through, but not introspection that fans out', () => {
    const rules = [maxDepthRule(12), maxAliasesRule(30), introspectionShapeRule];
    expect(errorsOf(getIntrospectionQuery(), rules)).toEqual([]);
    const fanOut = `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`;
    expect(errorsOf(fanOut, rules)[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'introspection', max: 2, actual: 4 });
    const throughFragments = `{ __type(name: "Me") { ...A } } fragment A on __Type { fields { type { ...B } } } fragment B on __Type { fields { type { ...C } } } fragment C on __Type { fields { name } }`;
    expect(errorsOf(throughFragments, rules)[0].extensions).toMatchObject({ limit: 'introspection', actual: 3 });
    expect(queryCost(schema, parse(getIntrospectionQuery()), {})).toBe(1);
  });

  it('counts aliases as executed: a fragment spread twice counts twice', () => {
    const { operation, fragments } = fragmentsOf(`{ a: me { ...F } b: me { ...F } } fragment F on Me { x: id y: id }`);
    expect(aliasCount(operation.selectionSet, fragments)).toBe(6);
    const many = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(errorsOf(many)[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'aliases', max: 30, actual: 31 });
  });

  it('measures fragments that spread each other twice over in linear time', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Me { ${i + 1 < levels ? `a${i}: id ...F${i + 1} ...F${i + 1}` : 'id'} }`);
    const source = `{ me { ...F0 } } ${fragments.join(' ')}`;
    const { operation, fragments: map } = fragmentsOf(source);
    expect(aliasCount(operation.selectionSet, map)).toBeGreaterThan(1e9);
    expect(errorsOf(source)[0].extensions).toMatchObject({ limit: 'aliases' });
  });

  it('refuses __schema and __type when introspection is off, but not __typename', () => {
    const errors = errorsOf('{ __typename __schema { types { name } } __type(name: "Me") { name } }', [noIntrospectionRule]);
    expect(errors.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', limit: 'introspection' },
      { code: 'BAD_USER_INPUT', limit: 'introspection' },
    ]);
    expect(errorsOf('{ __typename }', [noIntrospectionRule])).toEqual([]);
  });
});

describe('queryCost', () => {
  const cost = (source: string, variables?: Record<string, unknown>) => queryCost(schema, parse(source), variables, { defaultListSize: 20 });

  it('costs one per field', () => {
    expect(cost('{ me { id } }')).toBe(2);
    expect(cost('{ __typename me { __typename id } }')).toBe(2);
  });

  it('multiplies a list by its connection’s first, from the literal, the variables or the default', () => {
    // articles 1 + totalCount 1 + edges 1 + first × (node 1 + id 1)
    expect(cost('{ articles(first: 5) { totalCount edges { node { id } } } }')).toBe(3 + 5 * 2);
    expect(cost('query($n: Int) { articles(first: $n) { edges { node { id } } } }', { n: 50 })).toBe(2 + 50 * 2);
    expect(cost('{ articles { edges { node { id } } } }')).toBe(2 + 20 * 2);
  });

  it('assumes the default size for lists without first, nested lists multiplying', () => {
    // article 1 + claims 1 + 20 × (history 1 + 20 × version 1)
    expect(cost('{ article(id: 1) { claims { history { version } } } }')).toBe(2 + 20 * (1 + 20));
  });

  it('expands fragments and takes the most expensive operation', () => {
    const source = `query A { me { id } } query B { articles(first: 10) { edges { node { ...Claims } } } } fragment Claims on Article { claims { id } }`;
    expect(cost(source)).toBe(2 + 10 * (1 + 1 + 20));
  });
});

describe('TokenBuckets', () => {
  it('allows a burst of the configured size, then refuses with the seconds until the next token', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(buckets.take('ip').allowed).toBe(true);
    expect(buckets.take('ip')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('other').allowed).toBe(true);
    now += 1000;
    expect(buckets.take('ip').allowed).toBe(true);
    expect(buckets.take('ip').allowed).toBe(false);
  });

  it('forgets buckets beyond its bound, full ones first', () => {
    let now = 0;
    const buckets = new TokenBuckets(600, () => now, 100);
    for (let i = 0; i < 1000; i++) buckets.take(`ip-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    now += 60_000;
    buckets.take('late');
    expect(buckets.size).toBeLessThanOrEqual(100);
  });
});
