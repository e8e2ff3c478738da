import { randomUUID } from 'node:crypto';
import { MaxAppendSizeExceededError, StreamNotFoundError } from '../../event-store.errors';
import type { EventStore } from '../../event-store.port';
import { newStream, rejection, type ContractContext } from './contract-helpers';

export function maxAppendSizeContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('maxAppendSize', () => {
    const limit = context.options.maxAppendSize ?? 4 * 1024 * 1024;

    it('rejects an append over the limit with MaxAppendSizeExceededError and writes nothing', async () => {
      const streamId = newStream();
      const big = { id: randomUUID(), type: 'ArticleEdited', data: { body: 'x'.repeat(limit + 1024) } };

      const error = await rejection(store.appendToStream(streamId, [big]), MaxAppendSizeExceededError);

      expect(error.maxAppendSize).toBe(limit);
      expect(error.size).toBeGreaterThan(limit);
      expect(error.code).toBe('MAX_APPEND_SIZE_EXCEEDED');
      await rejection(store.readStream(streamId), StreamNotFoundError);
    });

    it('accepts an append under the limit', async () => {
      const streamId = newStream();
      const fits = { id: randomUUID(), type: 'ArticleEdited', data: { body: 'x'.repeat(Math.floor(limit / 2)) } };

      const result = await store.appendToStream(streamId, [fits]);

      expect(result.nextExpectedRevision).toBe(0);
    });
  });
}
