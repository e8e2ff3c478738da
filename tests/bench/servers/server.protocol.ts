/** Messages between the benchmark and the servers it starts in child processes (over Node's IPC channel). */
export type ToServer = { readonly type: 'lag-reset' } | { readonly type: 'lag-report' } | { readonly type: 'stop' };

export type FromServer =
  | { readonly type: 'ready'; readonly port: number }
  /**
   * Lag samples (ms) since the reset, split in two where the worker says when it began a batch (the
   * wait for the worker, from the commit stamp; the batch's read and apply), and how busy the main
   * thread was meanwhile (its event loop's active time).
   */
  | {
      readonly type: 'lag';
      readonly samples: number[];
      readonly waiting: number[];
      readonly applying: number[];
      readonly mainThread: { readonly utilization: number; readonly activeMs: number };
    }
  | { readonly type: 'failed'; readonly message: string };

export function send(message: FromServer): void {
  process.send?.(message);
}

/** Stops the process when the parent says so or goes away. */
export function onStop(stop: () => Promise<void> | void): void {
  const exit = async () => {
    await stop();
    process.exit(0);
  };
  process.on('message', (message: ToServer) => {
    if (message.type === 'stop') void exit();
  });
  process.on('disconnect', () => void exit());
}
