import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'INTERNAL_SERVER_ERROR',
]);

type FormattedError = GraphQLFormattedError & { extensions: Record<string, unknown> };

/**
 * Mercurius' error formatter: every error leaves with a known `extensions.code`; validation and
 * parse errors are BAD_USER_INPUT; nothing internal (stack, original error) is ever sent.
 */
export function formatErrors(execution: ExecutionResult & { errors?: readonly GraphQLError[] }, requestId: string) {
  const errors: FormattedError[] = (execution.errors ?? []).map((error) => {
    const code = error.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) {
      return { message: error.message, locations: error.locations, path: error.path, extensions: { ...error.extensions } };
    }
    if (error.path === undefined) {
      // No path: the document did not parse or validate, or variables did not match.
      return { message: error.message, locations: error.locations, extensions: { code: 'BAD_USER_INPUT' } };
    }
    return {
      message: 'Something went wrong on our side',
      locations: error.locations,
      path: error.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    };
  });
  // A request that never reached execution is the client's to fix (with the HTTP layer's own status,
  // such as 413 for a body over the limit); execution errors travel with data and a 200.
  const requestLevel = errors.some((e) => e.path === undefined);
  const statusCode = requestLevel && !execution.data ? httpStatus(execution.errors ?? []) : 200;
  return { statusCode, response: { data: execution.data ?? null, errors } };
}

function httpStatus(errors: readonly GraphQLError[]): number {
  for (const error of errors) {
    const status = (error.originalError as { statusCode?: unknown } | undefined)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return status;
  }
  return 400;
}
