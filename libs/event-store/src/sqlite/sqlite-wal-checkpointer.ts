import { Worker } from 'node:worker_threads';

/**
 * The checkpointer thread's whole program, plain JavaScript run with `eval`: it needs no build step and
 * no TypeScript hook, so it runs the same from sources, tests and the server bundle. It has its own
 * connection and its own `synchronous` (a checkpoint syncs the WAL before copying and the database file
 * after, so nothing it copies can be lost).
 *
 * A PASSIVE checkpoint never waits for the writer nor blocks it, but copies only the frames committed
 * before it began: under steady writes a commit always lands during it, the WAL is never complete when
 * it ends, and the next commit cannot start the WAL over. Once the WAL holds `restartFrames` frames,
 * PASSIVE checkpoints follow until one finds no more than `lockedFrames` new frames, and a FULL one
 * ends it: it holds the write lock (the writer waits) while it copies those few frames and syncs, and
 * the next commit starts the WAL over.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const describe = (error) => String((error && error.message) || error);
function run() {
  let db;
  try {
    const Database = require(workerData.driver);
    db = new Database(workerData.file, { fileMustExist: true, timeout: workerData.busyTimeoutMs });
    db.pragma('synchronous = FULL');
  } catch (error) {
    parentPort.postMessage({ ok: false, message: 'cannot open ' + workerData.file + ': ' + describe(error) });
    parentPort.close();
    return;
  }
  parentPort.on('message', (message) => {
    if (message === 'close') {
      db.close();
      parentPort.close();
      return;
    }
    try {
      let [result] = db.pragma('wal_checkpoint(PASSIVE)');
      for (let pass = 0; result.log >= workerData.restartFrames && pass < 4; pass++) {
        const before = result.log;
        [result] = db.pragma('wal_checkpoint(PASSIVE)');
        if (result.log - before <= workerData.lockedFrames) {
          [result] = db.pragma('wal_checkpoint(FULL)');
          break;
        }
      }
      parentPort.postMessage({ ok: true, log: result.log, checkpointed: result.checkpointed });
    } catch (error) {
      parentPort.postMessage({ ok: false, message: describe(error) });
    }
  });
}
run();
`;

type CheckpointReply =
  | { readonly ok: true; readonly log: number; readonly checkpointed: number }
  | { readonly ok: false; readonly message: string };

export interface WalCheckpointerOptions {
  /** The database file. */
  readonly file: string;
  /** Shortest time between the starts of two checkpoints, in ms: the commits in between share one. */
  readonly intervalMs: number;
  /** WAL frames past which a checkpoint makes sure the next commit starts the WAL over. */
  readonly restartFrames: number;
  /** Called once if the thread fails; the store then checkpoints on its own connection again. */
  readonly onFailure: (error: Error) => void;
}

/** The most frames a FULL checkpoint copies while the writer waits: about 4 MB. */
const LOCKED_FRAMES = 1000;
/** How long a FULL checkpoint waits for the writer's current commit before it settles for PASSIVE. */
const BUSY_TIMEOUT_MS = 100;

/**
 * Copies the event store's WAL back into its database file from a thread of its own (ADR 0013,
 * amended). SQLite's own checkpoint runs inside the commit that crosses its threshold, on the thread
 * that commits: with better-sqlite3 that is the server's only thread, stalled while tens of MB are
 * copied and synced. Here the writer only says that it committed; one checkpoint runs at a time, at
 * most one per interval, and the thread starts on the first commit.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private dirty = false;
  private lastStarted = 0;
  private closed = false;
  private failed = false;
  private completed = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WalCheckpointerOptions) {}

  /** Checkpoints the thread has finished since the store opened. */
  get checkpoints(): number {
    return this.completed;
  }

  /** The writer committed: a checkpoint follows within the interval. */
  committed(): void {
    if (this.closed || this.failed) return;
    this.dirty = true;
    this.schedule();
  }

  /** Resolves once every commit reported so far is checkpointed (or the thread has stopped). */
  idle(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.holdProcess();
    return idle;
  }

  /** Lets a running checkpoint finish, then ends the thread; later commits are not checkpointed by it. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage('close');
      await exited;
    }
    this.wakeIdleWaiters();
  }

  private busy(): boolean {
    return !this.closed && !this.failed && (this.running || this.dirty);
  }

  private schedule(): void {
    if (this.running || this.timer || !this.dirty) return;
    const wait = Math.max(0, this.lastStarted + this.options.intervalMs - Date.now());
    this.timer = setTimeout(() => this.start(), wait);
    this.holdProcess();
  }

  private start(): void {
    this.timer = null;
    if (this.closed || this.failed) return;
    this.dirty = false;
    this.running = true;
    this.lastStarted = Date.now();
    this.thread().postMessage('checkpoint');
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(PROGRAM, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: this.options.file,
        restartFrames: this.options.restartFrames,
        lockedFrames: LOCKED_FRAMES,
        busyTimeoutMs: BUSY_TIMEOUT_MS,
      },
      // Nothing the thread runs needs the parent's hooks (a TypeScript loader, an inspector).
      execArgv: [],
    });
    worker.on('message', (reply: CheckpointReply) => this.finished(reply));
    // What a thread throws reaches here by structured clone: a class of the driver's arrives as a bare object.
    worker.on('error', (error: unknown) => this.fail(error instanceof Error ? error : new Error(`The WAL checkpointer thread failed: ${JSON.stringify(error)}`)));
    worker.on('exit', (code) => this.fail(new Error(`The WAL checkpointer thread exited with code ${code}`)));
    this.worker = worker;
    this.holdProcess();
    return worker;
  }

  /** Like the writer's own connection, the thread never keeps the process alive, unless someone waits for it. */
  private holdProcess(): void {
    const hold = this.idleWaiters.length > 0;
    for (const handle of [this.timer, this.worker]) {
      if (hold) handle?.ref();
      else handle?.unref();
    }
  }

  private finished(reply: CheckpointReply): void {
    this.running = false;
    if (!reply.ok) {
      this.fail(new Error(`WAL checkpoint failed: ${reply.message}`));
      return;
    }
    this.completed += 1;
    this.schedule();
    if (!this.busy()) this.wakeIdleWaiters();
  }

  private fail(error: Error): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.running = false;
    this.clearTimer();
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    this.wakeIdleWaiters();
    this.options.onFailure(error);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    this.holdProcess();
    for (const wake of waiters) wake();
  }
}
