import { Client, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export interface DeskClient {
  readonly urql: Client;
  /** Closes the live connection (on sign-out). */
  dispose(): void;
}

/**
 * A GraphQL client for one signed-in person: queries and mutations over HTTP, live updates over
 * graphql-ws on the same path, both with the person's bearer token. No document cache: the desk
 * refetches when the store says something changed, so what it shows is what Galley holds.
 */
export function createDeskClient(token: string): DeskClient {
  const origin = window.location.origin;
  const ws: WsClient = createWsClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
  });
  const urql = new Client({
    url: `${origin}/graphql`,
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { urql, dispose: () => void ws.dispose() };
}
