import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { draft, must, type Article } from './support/article.flow';
import { newsroom, removeDataDir, startGalley, type Galley } from './support/galley.harness';

/** Collects what a subscription delivers, so a test can wait for the message it expects. */
function subscribe(client: Client, query: string, variables: Record<string, unknown>) {
  const received: { data?: any; errors?: any }[] = [];
  let failure: unknown = null;
  const dispose = client.subscribe({ query, variables }, {
    next: (message) => received.push(message as { data?: any }),
    error: (error) => (failure = error),
    complete: () => undefined,
  });
  return {
    received,
    dispose,
    async waitFor(predicate: (message: { data?: any; errors?: any }) => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (failure) throw failure;
        const found = received.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no matching message; received ${JSON.stringify(received)}`);
    },
  };
}

describe('articleChanged over graphql-ws', () => {
  let galley: Galley;
  const clients: Client[] = [];

  beforeAll(async () => {
    galley = await startGalley();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  function connect(token: string | null): Client {
    const client = createClient({
      url: galley.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    return client;
  }

  it('tells a subscriber of one article about each change to it, and nothing of others', async () => {
    const desk = newsroom();
    const watched = await draft(galley, desk);
    const other = await draft(galley, desk);
    const subscription = subscribe(connect(desk.editor), `subscription($id: ID) { articleChanged(id: $id) { id version stage } }`, { id: watched.id });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription register

    await must(galley, 'reviseArticle', { id: other.id, dek: 'Not watched.' }, desk.writer);
    const submitted: Article = await must(galley, 'submitForFactCheck', { id: watched.id }, desk.writer);
    const message = await subscription.waitFor((m) => m.data?.articleChanged?.version === submitted.version);
    expect(message.data.articleChanged).toEqual({ id: watched.id, version: submitted.version, stage: 'FACT_CHECK' });
    expect(subscription.received.every((m) => m.data?.articleChanged?.id === watched.id)).toBe(true);
    subscription.dispose();
  });

  it('tells a subscriber to every article about changes anywhere', async () => {
    const desk = newsroom();
    const subscription = subscribe(connect(desk.factChecker), `subscription { articleChanged { id stage } }`, {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    const drafted = await draft(galley, desk);
    await subscription.waitFor((m) => m.data?.articleChanged?.id === drafted.id);
    subscription.dispose();
  });

  it('refuses a connection without a valid token', async () => {
    const subscription = subscribe(connect(null), `subscription { articleChanged { id } }`, {});
    await expect(subscription.waitFor(() => false, 2_000)).rejects.toBeDefined();
    expect(subscription.received).toEqual([]);
  });
});
