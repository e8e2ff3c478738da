import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectedFields } from './selected-fields';

const schema = buildSchema(`
  type Article { id: ID! title: String! body: String! }
  type Edge { node: Article! cursor: String! }
  type Connection { edges: [Edge!]! totalCount: Int! }
  type Query { articles: Connection! }
`);

/** What `selectedFields(info, ...path)` answers for the `articles` field of `document`, sorted. */
async function answer(document: string, ...path: string[]): Promise<string[]> {
  let seen: Set<string> | null = null;
  const rootValue = {
    articles: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      seen = selectedFields(info, ...path);
      return { edges: [], totalCount: 0 };
    },
  };
  const result = await graphql({ schema, source: document, rootValue });
  expect(result.errors).toBeUndefined();
  return [...seen!].sort();
}

describe('selectedFields', () => {
  it('names the fields selected at the path, by field name whatever the alias, and nothing elsewhere', async () => {
    expect(await answer('{ articles { edges { node { id body } } } }', 'edges', 'node')).toEqual(['body', 'id']);
    expect(await answer('{ articles { edges { node { text: body } } } }', 'edges', 'node')).toEqual(['body']);
    expect(await answer('{ articles { edges { cursor node { id title } } totalCount } }', 'edges', 'node')).toEqual(['id', 'title']);
    expect(await answer('{ articles { body: totalCount } }', 'edges', 'node')).toEqual([]);
    expect(await answer('{ articles { edges { cursor } } }', 'edges', 'node')).toEqual([]);
    expect(await answer('{ articles { edges { cursor node { __typename } } totalCount } }')).toEqual(['edges', 'totalCount']);
  });

  it('gathers every place the path is selected: two aliases of the same field, and the same field twice', async () => {
    expect(await answer('{ articles { a: edges { node { id } } b: edges { node { body } } } }', 'edges', 'node')).toEqual(['body', 'id']);
    expect(await answer('{ articles { edges { node { id } } } articles { edges { node { title } } } }', 'edges', 'node')).toEqual(['id', 'title']);
  });

  it('looks through inline fragments and named fragments, nested', async () => {
    expect(await answer('{ articles { edges { node { id ... on Article { body } } } } }', 'edges', 'node')).toEqual(['body', 'id']);
    expect(await answer('{ articles { ...Page } } fragment Page on Connection { edges { node { ...Text } } } fragment Text on Article { body }', 'edges', 'node')).toEqual(['body']);
    expect(await answer('{ articles { ...Page } } fragment Page on Connection { edges { node { ...Card } } } fragment Card on Article { id title }', 'edges', 'node')).toEqual(['id', 'title']);
  });

  it('counts a field under @skip or @include as selected, whatever the variable says', async () => {
    expect(await answer('{ articles { edges { node { id body @skip(if: true) } } } }', 'edges', 'node')).toEqual(['body', 'id']);
    expect(await answer('{ articles { edges { node { id ... @include(if: false) { title } } } } }', 'edges', 'node')).toEqual(['id', 'title']);
  });
});
