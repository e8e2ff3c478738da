import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { connectEventStoreDb } from './connect';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient } from './testing/fake-eventstoredb-client';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Which modules a fresh Node process has loaded after requiring `file`. */
function loadedBy(file: string): string[] {
  const script = `require(${JSON.stringify(file)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const out = execFileSync(process.execPath, ['--require', join(ROOT, 'tests/durability/swc-register.js'), '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('connectEventStoreDb', () => {
  it('leaves the EventStoreDB client unloaded until a store is made', () => {
    const loaded = loadedBy(join(ROOT, 'libs/event-store/src/index.ts'));
    expect(loaded.some((file) => file.includes('sqlite-event-store'))).toBe(true);
    expect(loaded.filter((file) => file.includes('@eventstore/db-client'))).toEqual([]);
  });

  it('makes an EventStoreDB store that works', async () => {
    const store = connectEventStoreDb({ client: new FakeEventStoreDbClient().asClient() });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    await store.appendToStream('article-1', [{ id: '8a9e3e26-5a57-4a1e-9f57-0d6a4c1b2f10', type: 'ArticleDrafted', data: { title: 't' } }], { expectedRevision: 'no_stream' });
    expect((await store.readStream('article-1')).map((event) => event.type)).toEqual(['ArticleDrafted']);
    await store.close();
  });
});
