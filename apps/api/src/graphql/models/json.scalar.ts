import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** Arbitrary JSON, for schema.org documents such as ClaimReview. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'A JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: function parse(ast: ValueNode): unknown {
    switch (ast.kind) {
      case Kind.STRING:
      case Kind.BOOLEAN:
        return ast.value;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(ast.value);
      case Kind.OBJECT:
        return Object.fromEntries(ast.fields.map((f) => [f.name.value, parse(f.value)]));
      case Kind.LIST:
        return ast.values.map(parse);
      default:
        return null;
    }
  },
});
