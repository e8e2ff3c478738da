import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selects } from './selected-fields';

const schema = buildSchema(`
  type Article { id: ID! title: String! body: String! }
  type Edge { node: Article! }
  type Connection { edges: [Edge!]! totalCount: Int! }
  type Query { articles: Connection! }
`);

/** What `selects(info, ...path)` answers for the `articles` field of `document`. */
async function answer(document: string, ...path: string[]): Promise<boolean> {
  let seen: boolean | null = null;
  const rootValue = {
    articles: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      seen = selects(info, ...path);
      return { edges: [], totalCount: 0 };
    },
  };
  const result = await graphql({ schema, source: document, rootValue });
  expect(result.errors).toBeUndefined();
  return seen!;
}

describe('selects', () => {
  it('finds a field selected directly, under an alias, and only at the path asked for', async () => {
    expect(await answer('{ articles { edges { node { id body } } } }', 'edges', 'node', 'body')).toBe(true);
    expect(await answer('{ articles { edges { node { text: body } } } }', 'edges', 'node', 'body')).toBe(true);
    expect(await answer('{ articles { edges { node { id title } } totalCount } }', 'edges', 'node', 'body')).toBe(false);
    expect(await answer('{ articles { body: totalCount } }', 'edges', 'node', 'body')).toBe(false);
  });

  it('looks through inline fragments and named fragments, nested', async () => {
    expect(await answer('{ articles { edges { node { ... on Article { body } } } } }', 'edges', 'node', 'body')).toBe(true);
    expect(await answer('{ articles { ...Page } } fragment Page on Connection { edges { node { ...Text } } } fragment Text on Article { body }', 'edges', 'node', 'body')).toBe(true);
    expect(await answer('{ articles { ...Page } } fragment Page on Connection { edges { node { ...Card } } } fragment Card on Article { id title }', 'edges', 'node', 'body')).toBe(false);
  });
});
