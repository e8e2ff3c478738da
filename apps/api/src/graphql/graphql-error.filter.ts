import { DomainError, Forbidden, InvalidInput, InvalidTransition } from '@galley/editorial';
import { InvalidCursorError } from '@galley/read-models';
import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { GqlArgumentsHost, type GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { BadInput, Unauthenticated, VersionConflict } from '../articles/application.errors';
import type { GalleyContext } from '../auth/galley-context';

/**
 * The one place where refusals become GraphQL errors with `extensions.code`. Anything unexpected is
 * logged with the request id and answered as INTERNAL_SERVER_ERROR, with no internals.
 */
@Catch()
export class GraphqlErrorFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  catch(exception: unknown, host: ArgumentsHost): GraphQLError {
    return toGraphQLError(exception, GqlArgumentsHost.create(host).getContext<GalleyContext>()?.requestId ?? 'unknown', this.logger);
  }
}

export function toGraphQLError(exception: unknown, requestId: string, logger: Logger): GraphQLError {
  if (exception instanceof GraphQLError) return exception;
  if (exception instanceof DomainError) {
    const extensions: Record<string, unknown> = { code: exception.code };
    if (exception instanceof InvalidTransition) Object.assign(extensions, { stage: exception.stage, rule: exception.rule });
    if (exception instanceof Forbidden) extensions.rule = exception.rule;
    if (exception instanceof InvalidInput) extensions.field = exception.field;
    return new GraphQLError(exception.message, { extensions });
  }
  if (exception instanceof VersionConflict) {
    return new GraphQLError(exception.message, { extensions: { code: exception.code, currentVersion: exception.currentVersion } });
  }
  if (exception instanceof BadInput) {
    return new GraphQLError(exception.message, { extensions: { code: exception.code, fields: exception.fields } });
  }
  if (exception instanceof Unauthenticated) return new GraphQLError(exception.message, { extensions: { code: exception.code } });
  if (exception instanceof InvalidCursorError) {
    return new GraphQLError(exception.message, { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  }
  logger.error(`requestId=${requestId} ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
  return new GraphQLError('Something went wrong on our side', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
}
