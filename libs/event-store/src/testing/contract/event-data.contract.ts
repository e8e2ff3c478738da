import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore } from '../../event-store.port';
import { event, newStream, type ContractContext } from './contract-helpers';

export function eventDataContract(context: ContractContext): void {
  let store: EventStore;
  beforeEach(() => {
    store = context.store;
  });

  describe('data and metadata', () => {
    it('round-trips metadata as given', async () => {
      const streamId = newStream();
      const metadata: EventMetadata = {
        actor: { id: 'user-1', name: 'Ada' },
        commandId: randomUUID(),
        correlationId: randomUUID(),
        causationId: randomUUID(),
        schemaVersion: 2,
        timestamp: '2024-05-01T10:00:00.000Z',
        tenant: { region: 'eu', tags: ['a', 'b'] },
      };
      await store.appendToStream(streamId, [{ ...event(), metadata }, event()]);

      const [withMetadata, without] = await store.readStream(streamId);

      expect(withMetadata.metadata).toEqual(metadata);
      expect(without.metadata).toEqual({});
      expect(withMetadata.created).toBeInstanceOf(Date);
      expect(Number.isNaN(withMetadata.created.getTime())).toBe(false);
    });

    it("returns copies, never the caller's objects", async () => {
      const streamId = newStream();
      const data = { title: 'Draft', tags: ['x'] };
      const metadata: EventMetadata = { actor: { id: 'u', name: 'Ada' } };
      await store.appendToStream(streamId, [{ id: randomUUID(), type: 'ArticleDrafted', data, metadata }]);
      data.tags.push('mutated-after-append');
      metadata.commandId = 'mutated-after-append';

      const [first] = await store.readStream(streamId);
      (first.data as { tags: string[] }).tags.push('mutated-after-read');
      const [again] = await store.readStream(streamId);

      expect(first.data).not.toBe(data);
      expect(again.data).toEqual({ title: 'Draft', tags: ['x'] });
      expect(again.metadata).toEqual({ actor: { id: 'u', name: 'Ada' } });
    });
  });
}
