import type { Logger } from '@nestjs/common';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { formatErrors } from '../error-formatter';

type Formatter = typeof formatErrors;
type Formatted = ReturnType<Formatter>;

export interface ErrorFormattingOptions {
  /** With introspection off, "Did you mean …?" hints would spell out the schema: they are dropped. */
  readonly introspection: boolean;
  readonly logger: Pick<Logger, 'error'>;
}

const TOKENS = /^Syntax Error: Document contains more th[ae][tn] (\d+) tokens/;

/**
 * Runs before the central formatter: unfolds Mercurius' wrapped validation errors so that each
 * refusal keeps its own message and extensions (a limit's name and figures); turns anything that
 * failed outside the GraphQL machinery (a TypeError on a strange request) into
 * INTERNAL_SERVER_ERROR with a request id, logged but never sent.
 */
export function hardenedErrorFormatter(format: Formatter, options: ErrorFormattingOptions) {
  return (execution: ExecutionResult & { errors?: readonly GraphQLError[] }, requestId: string): Formatted => {
    const errors = (execution.errors ?? []).flatMap(unfold).map((error) => classify(error, requestId, options));
    const result = format({ ...execution, errors }, requestId);
    if (!options.introspection) {
      for (const error of result.response.errors) (error as { message: string }).message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
    }
    const internal = result.response.errors.some((e) => e.extensions.code === 'INTERNAL_SERVER_ERROR' && e.path === undefined);
    return internal && !execution.data ? { ...result, statusCode: 500 } : result;
  };
}

function unfold(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(inner) || inner.length === 0) return [error];
  // A wrapper's plain errors share its verdict (a 405 stays a 405, an unknown failure stays internal).
  const wrapper = error.originalError!;
  return inner.map((e) => (e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: wrapper })));
}

function classify(error: GraphQLError, requestId: string, options: ErrorFormattingOptions): GraphQLError {
  if (error.path !== undefined) return error;
  const tokens = TOKENS.exec(error.message);
  if (tokens) {
    const max = Number(tokens[1]);
    return new GraphQLError(`The document holds more than ${max} tokens`, { extensions: { code: 'BAD_USER_INPUT', limit: 'tokens', max } });
  }
  const original = error.originalError;
  if (original === undefined || original instanceof GraphQLError || isClientError(original)) return error;
  options.logger.error(`requestId=${requestId} ${original.stack ?? original.message}`);
  return new GraphQLError('Something went wrong on our side', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
}

/** Fastify's and Mercurius' own refusals (bad JSON, 413, wrong method) carry a 4xx status. */
function isClientError(error: Error): boolean {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
