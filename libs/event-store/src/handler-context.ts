import { AsyncLocalStorage } from 'node:async_hooks';

/** The subscription whose onEvent the current async context runs in. */
const runningHandler = new AsyncLocalStorage<object>();
/** onEvent calls in progress, across subscriptions and stores. */
let handlersRunning = 0;

/**
 * Runs a subscription's onEvent in a context that marks it, so that unsubscribe() called from inside
 * the handler (even after an await) does not wait for the handler itself. While any AsyncLocalStorage
 * is enabled, Node 20 runs a hook on every promise the process creates: in a server that had delivered
 * a few events, a promise-heavy loop took 4.7 times as long. So the context is enabled only while a
 * handler runs, and every HTTP request in between runs without the hook.
 */
export function runHandler(subscription: object, handler: () => void | Promise<void>): void | Promise<void> {
  handlersRunning++;
  let result: void | Promise<void>;
  try {
    result = runningHandler.run(subscription, handler);
  } catch (error) {
    ended();
    throw error;
  }
  // A handler that answers at once (the projection runner's) adds no turn of the microtask queue:
  // the runner batches the events that arrive without one passing.
  if (!result) return ended();
  return result.then(ended, (error: unknown) => {
    ended();
    throw error;
  });
}

function ended(): void {
  if (--handlersRunning === 0) runningHandler.disable();
}

/** Whether the caller runs inside this subscription's onEvent. */
export function insideHandlerOf(subscription: object): boolean {
  return runningHandler.getStore() === subscription;
}
