import {
  convertToCommandError,
  DeadlineExceededError,
  MaxAppendSizeExceededError as EsdbMaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
} from '../event-store.errors';
import { translateEventStoreDbError } from './eventstoredb-errors';

/**
 * A gRPC ServiceError as @grpc/grpc-js hands it to the client: an Error with a status code, details and
 * trailing metadata. `convertToCommandError` is the client's own function that turns it into its error classes.
 */
function serviceError(code: number, details: string, metadata: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => metadata } });
}

describe('translateEventStoreDbError', () => {
  describe('WrongExpectedVersionError -> ConcurrencyError', () => {
    it('as batch appends report it, with the revision the caller expected', () => {
      const error = new WrongExpectedVersionError(undefined, {
        streamName: 'article-1',
        expected: 2n,
        current: 4n,
      });

      const translated = translateEventStoreDbError(error, { streamId: 'article-1', expectedRevision: 2 });

      expect(translated).toBeInstanceOf(ConcurrencyError);
      const concurrency = translated as ConcurrencyError;
      expect(concurrency.streamId).toBe('article-1');
      expect(concurrency.expected).toBe(2);
      expect(concurrency.actual).toBe(4);
      expect(concurrency.code).toBe('CONCURRENCY');
    });

    it("reports a missing stream as actual 'no_stream'", () => {
      const error = new WrongExpectedVersionError(undefined, {
        streamName: 'article-2',
        expected: 'stream_exists',
        current: 'no_stream',
      });

      const translated = translateEventStoreDbError(error, { streamId: 'article-2', expectedRevision: 'stream_exists' });

      expect(translated).toBeInstanceOf(ConcurrencyError);
      expect((translated as ConcurrencyError).expected).toBe('stream_exists');
      expect((translated as ConcurrencyError).actual).toBe('no_stream');
    });

    it('as the unary append reports it (gRPC metadata), taking stream and expected from the error without context', () => {
      const error = convertToCommandError(
        serviceError(9, 'Append failed due to WrongExpectedVersion.', {
          exception: 'wrong-expected-version',
          'stream-name': 'article-3',
          'expected-version': '0',
          'actual-version': '7',
        }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersionError);

      const translated = translateEventStoreDbError(error);

      expect(translated).toBeInstanceOf(ConcurrencyError);
      const concurrency = translated as ConcurrencyError;
      expect(concurrency.streamId).toBe('article-3');
      expect(concurrency.expected).toBe(0);
      expect(concurrency.actual).toBe(7);
    });
  });

  it('StreamNotFoundError -> the port StreamNotFoundError', () => {
    // As the client's ReadStream raises it when the server answers "stream not found".
    const error = new EsdbStreamNotFoundError(undefined, 'article-4');

    const translated = translateEventStoreDbError(error, { streamId: 'article-4' });

    expect(translated).toBeInstanceOf(StreamNotFoundError);
    expect((translated as StreamNotFoundError).streamId).toBe('article-4');
  });

  it('StreamDeletedError -> the port StreamDeletedError', () => {
    const fromMetadata = convertToCommandError(
      serviceError(9, 'Event stream article-5 is deleted.', { exception: 'stream-deleted', 'stream-name': 'article-5' }),
    );
    const fromName = EsdbStreamDeletedError.fromStreamName('article-6');
    expect(fromMetadata).toBeInstanceOf(EsdbStreamDeletedError);

    const translated = [translateEventStoreDbError(fromMetadata), translateEventStoreDbError(fromName)];

    expect(translated[0]).toBeInstanceOf(StreamDeletedError);
    expect((translated[0] as StreamDeletedError).streamId).toBe('article-5');
    expect(translated[1]).toBeInstanceOf(StreamDeletedError);
    expect((translated[1] as StreamDeletedError).streamId).toBe('article-6');
  });

  it('MaxAppendSizeExceededError -> the port error, with the server limit and the measured size', () => {
    const error = EsdbMaxAppendSizeExceededError.fromMaxAppendSize(1_048_576);

    const translated = translateEventStoreDbError(error, { streamId: 'article-7', appendSize: 2_000_000 });

    expect(translated).toBeInstanceOf(MaxAppendSizeExceededError);
    expect((translated as MaxAppendSizeExceededError).maxAppendSize).toBe(1_048_576);
    expect((translated as MaxAppendSizeExceededError).size).toBe(2_000_000);
  });

  describe('-> EventStoreUnavailableError', () => {
    it.each([
      ['UnavailableError', () => convertToCommandError(serviceError(14, 'No connection established'))],
      ['DeadlineExceededError', () => convertToCommandError(serviceError(4, 'Deadline exceeded'))],
      [
        'NotLeaderError',
        () =>
          convertToCommandError(
            serviceError(5, 'Leader info available', {
              exception: 'not-leader',
              'leader-endpoint-host': '10.0.0.2',
              'leader-endpoint-port': '2113',
            }),
          ),
      ],
    ])('%s', (name, build) => {
      const error = build();
      const expectedClass = { UnavailableError, DeadlineExceededError, NotLeaderError }[name];
      expect(error).toBeInstanceOf(expectedClass);

      const translated = translateEventStoreDbError(error);

      expect(translated).toBeInstanceOf(EventStoreUnavailableError);
      expect((translated as EventStoreUnavailableError).cause).toBe(error);
    });

    it('a plain error with gRPC code 14, as appendToStream rejects before it has reached a server', () => {
      const error = serviceError(14, 'UNAVAILABLE: No connection established');

      const translated = translateEventStoreDbError(error, { streamId: 'article-8' });

      expect(translated).toBeInstanceOf(EventStoreUnavailableError);
      expect((translated as EventStoreUnavailableError).cause).toBe(error);
    });
  });

  it.each([
    ['AccessDeniedError', convertToCommandError(serviceError(16, 'Access denied'))],
    ['a plain Error', new Error('boom')],
    ['a thrown string', 'not an error'],
  ])('returns anything else unchanged: %s', (_name, error) => {
    expect(translateEventStoreDbError(error, { streamId: 'article-9' })).toBe(error);
  });
});
