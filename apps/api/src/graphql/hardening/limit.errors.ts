import { GraphQLError, type ASTNode } from 'graphql';

export type QueryLimit = 'depth' | 'aliases' | 'cost' | 'introspection' | 'batch' | 'tokens';

/** A request over one of the limits: BAD_USER_INPUT, naming the limit, its maximum and what was asked. */
export function limitExceeded(
  limit: QueryLimit,
  message: string,
  figures: { max?: number; actual?: number } = {},
  nodes?: readonly ASTNode[] | ASTNode,
): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code: 'BAD_USER_INPUT', limit, ...figures } });
}

/** The body a refused HTTP request gets (GraphQL-shaped, so clients read it like any other error). */
export function errorBody(message: string, extensions: Record<string, unknown>) {
  return { data: null, errors: [{ message, extensions }] };
}
