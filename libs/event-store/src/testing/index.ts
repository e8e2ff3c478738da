// Kept out of the main entry so production code never pulls in jest.
export { eventStoreContract, type EventStoreContractOptions, type EventStoreFixture } from './event-store.contract';
