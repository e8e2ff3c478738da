import type { EventStore } from '../event-store.port';
import { appendToStreamContract } from './contract/append-to-stream.contract';
import { containsEventContract } from './contract/contains-event.contract';
import type { ContractContext } from './contract/contract-helpers';
import { deleteStreamContract } from './contract/delete-stream.contract';
import { eventDataContract } from './contract/event-data.contract';
import { idempotentAppendContract } from './contract/idempotent-append.contract';
import { maxAppendSizeContract } from './contract/max-append-size.contract';
import { readAllContract } from './contract/read-all.contract';
import { readStreamContract } from './contract/read-stream.contract';
import { streamMetadataContract } from './contract/stream-metadata.contract';
import { subscribeToAllContract } from './contract/subscribe-to-all.contract';
import { subscriptionCheckpointsContract } from './contract/subscription-checkpoints.contract';
import { subscribeToStreamContract } from './contract/subscribe-to-stream.contract';
import { tombstoneStreamContract } from './contract/tombstone-stream.contract';

export interface EventStoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

export interface EventStoreContractOptions {
  /** The store's configured limit, in bytes; the suite appends just over it. Defaults to 4 MiB. */
  maxAppendSize?: number;
}

/**
 * The behaviour every EventStore adapter must share (DESIGN §5), one file per operation under ./contract.
 * Tests never assume an empty store: each uses fresh stream ids, and reads `$all` after the head it saw or
 * through a prefix of its own.
 */
export function eventStoreContract(
  name: string,
  makeStore: () => Promise<EventStoreFixture>,
  options: EventStoreContractOptions = {},
): void {
  describe(`${name}: event store contract`, () => {
    let fixture: EventStoreFixture | undefined;
    const context: ContractContext = {
      get store(): EventStore {
        if (!fixture) throw new Error('The contract store is only available inside a test');
        return fixture.store;
      },
      options,
    };

    beforeEach(async () => {
      fixture = await makeStore();
    });

    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    appendToStreamContract(context);
    idempotentAppendContract(context);
    readStreamContract(context);
    containsEventContract(context);
    readAllContract(context);
    subscribeToAllContract(context);
    subscriptionCheckpointsContract(context);
    subscribeToStreamContract(context);
    deleteStreamContract(context);
    tombstoneStreamContract(context);
    streamMetadataContract(context);
    eventDataContract(context);
    maxAppendSizeContract(context);
  });
}
