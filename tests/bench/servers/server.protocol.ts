import { readdirSync, readFileSync } from 'node:fs';

/** Messages between the benchmark and the servers it starts in child processes (over Node's IPC channel). */
export type ToServer =
  | { readonly type: 'lag-reset' }
  | { readonly type: 'lag-report' }
  /** Answered once the read models hold every event the store holds: a load's backlog is not the next load's lag. */
  | { readonly type: 'drain' }
  | { readonly type: 'stop' };

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
      readonly cpu: ThreadCpu | null;
    }
  /** The read models caught up, `ms` after the request. */
  | { readonly type: 'drained'; readonly ms: number }
  | { readonly type: 'failed'; readonly message: string };

/**
 * CPU time (ms) the process's threads ran on a core, from Linux's scheduler statistics: unlike the event
 * loop's active time, it leaves out the time a thread waited for a core or for the disk, so it changes far
 * less with what else the machine is doing. Null where /proc is not there.
 */
export interface ThreadCpu {
  readonly processMs: number;
  readonly mainMs: number;
  /** The other thread that ran most: under a mutation load, the read models' worker. */
  readonly busiestOtherMs: number;
  /** Every thread's time, by thread id, for the next difference. */
  readonly byThread: Readonly<Record<string, number>>;
}

export function threadCpu(since?: ThreadCpu | null): ThreadCpu | null {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const byThread: Record<string, number> = {};
  for (const tid of tids) {
    try {
      byThread[tid] = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      // The thread ended meanwhile.
    }
  }
  const ran = (tid: string) => (byThread[tid] ?? 0) - (since?.byThread[tid] ?? 0);
  const main = String(process.pid);
  const others = Object.keys(byThread).filter((tid) => tid !== main).map(ran);
  return {
    processMs: Object.keys(byThread).map(ran).reduce((sum, ms) => sum + ms, 0),
    mainMs: ran(main),
    busiestOtherMs: Math.max(0, ...others),
    byThread,
  };
}

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
