import { Forbidden, InvalidInput, InvalidTransition, NotFound } from '@galley/editorial';
import { Logger } from '@nestjs/common';
import { BadInput, Unauthenticated, VersionConflict } from '../articles/application.errors';
import { formatErrors } from './error-formatter';
import { toGraphQLError } from './graphql-error.filter';

describe('refusals as GraphQL errors', () => {
  const logger = new Logger('test');
  const logged: string[] = [];
  beforeEach(() => {
    logged.length = 0;
    jest.spyOn(logger, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
  });

  it.each([
    [new Forbidden('SEPARATION_OF_DUTIES', 'no'), { code: 'FORBIDDEN', rule: 'SEPARATION_OF_DUTIES' }],
    [new InvalidInput('title', 'title is required'), { code: 'BAD_USER_INPUT', field: 'title' }],
    [new InvalidTransition('DRAFT', 'STAGE', 'not now'), { code: 'INVALID_TRANSITION', stage: 'DRAFT', rule: 'STAGE' }],
    [new NotFound('Article', 'x'), { code: 'NOT_FOUND' }],
    [new VersionConflict('x', 1, 3), { code: 'CONFLICT', currentVersion: 3 }],
    [new Unauthenticated(), { code: 'UNAUTHENTICATED' }],
    [new BadInput('bad', [{ field: 'id', problems: ['must be a UUID'] }]), { code: 'BAD_USER_INPUT', fields: [{ field: 'id', problems: ['must be a UUID'] }] }],
  ])('%s carries its code', (error, extensions) => {
    expect(toGraphQLError(error, 'req-1', logger).extensions).toEqual(extensions);
    expect(logged).toEqual([]);
  });

  it('answers anything unexpected with INTERNAL_SERVER_ERROR and a request id, logging the details only', () => {
    const error = new Error('SQLITE_CORRUPT at /var/lib/galley/events.sqlite');
    const graphqlError = toGraphQLError(error, 'req-42', logger);
    expect(graphqlError.message).toBe('Something went wrong on our side');
    expect(graphqlError.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' });
    expect(JSON.stringify(graphqlError.toJSON())).not.toContain('SQLITE');
    expect(logged.join('\n')).toContain('req-42');
    expect(logged.join('\n')).toContain('SQLITE_CORRUPT');
  });

  it('formats an error without a known code as internal, never leaking its message', () => {
    const { response, statusCode } = formatErrors(
      { data: { article: null }, errors: [toGraphQLErrorWithPath(new Error('secret path /etc/x'))] },
      'req-7',
    );
    expect(statusCode).toBe(200);
    expect(response.errors).toEqual([{ message: 'Something went wrong on our side', path: ['article'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' } }]);
  });
});

function toGraphQLErrorWithPath(error: Error) {
  const { GraphQLError } = jest.requireActual('graphql') as typeof import('graphql');
  return new GraphQLError(error.message, { path: ['article'], originalError: error });
}
