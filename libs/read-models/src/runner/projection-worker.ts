import type { Position, RecordedEvent, SerializedRecordedEvent } from '@galley/event-store';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectionTarget } from './projection-target';

/** What the worker is told to do: one request at a time is answered in order. */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'apply'; readonly events: readonly RecordedEvent[]; readonly after: Position | null }
  /** The same, the events still JSON text: the worker parses them. */
  | { readonly id: number; readonly type: 'applySerialized'; readonly events: readonly SerializedRecordedEvent[]; readonly after: Position | null }
  /**
   * Applies what the events file holds after the read models, `maxCount` events per transaction, up
   * to its head as the worker finds it (a worker given `events`). Follows queued together run once.
   */
  | { readonly id: number; readonly type: 'follow'; readonly maxCount: number }
  | { readonly id: number; readonly type: 'createIndexes' }
  /** Syncs and closes the file: the last request. */
  | { readonly id: number; readonly type: 'close' };

export type WorkerReply =
  | { readonly type: 'ready'; readonly checkpoint: Position | null }
  /** A batch applied while following, told as soon as it is committed. */
  | ({ readonly type: 'applied' } & FollowedBatch)
  | { readonly id: number; readonly type: 'done'; readonly appliedAt?: number }
  | { readonly id: number; readonly type: 'failed'; readonly message: string; readonly stack?: string };

/** What the main thread learns of an event the worker applied while following: no data crosses back. */
export interface AppliedEvent {
  readonly streamId: string;
  readonly position: Position;
  readonly created: Date;
}

export interface FollowedBatch {
  /** The last event of the batch: the read models' checkpoint now. */
  readonly position: Position;
  /** When (ms) its transaction committed. */
  readonly appliedAt: number;
  /** When (ms) the worker began to read it: what came before was waiting for the worker. */
  readonly startedAt: number;
  readonly events: readonly AppliedEvent[];
}

export interface ProjectionWorkerData {
  /** The read-model file. */
  readonly file: string;
  /**
   * The embedded store's file, which the worker then reads itself when told to `follow` (ADR 0019,
   * amended): the main thread only says that it committed.
   */
  readonly events?: string;
  /** The runner's checkpoint row. */
  readonly name: string;
  /**
   * A rebuild writes a new file that is thrown away unless it is completed: its journal stays in
   * memory (no WAL, so no page written twice), and a worker that stops is not replaced. The caller
   * syncs the file once the worker has closed it. Otherwise the file is the server's (WAL, guarded).
   */
  readonly rebuild?: boolean;
}

export interface ProjectionWorkerOptions extends ProjectionWorkerData {
  /**
   * Node options for the worker. Running from TypeScript sources (tests, benchmarks), the worker
   * needs the TypeScript hook its parent was given; built, it needs nothing.
   */
  readonly execArgv?: string[];
  /** The worker's young generation (MB): a rebuild's batches should die young rather than be copied (see ADR 0019). */
  readonly youngGenerationMb?: number;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Pending {
  readonly resolve: (appliedAt: number) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Galley's read models kept by a worker thread (`projection.worker`), so that projecting events
 * never waits for HTTP work on the main thread, nor HTTP work for projections. The main thread
 * keeps the subscription, the checkpoint it has seen acknowledged and the waiters; the worker owns
 * the writing connection. Queries read the same file through their own connection (WAL: readers
 * see the last commit, never a batch half-written).
 *
 * A worker that dies (it should not) fails the batch it was given; the runner then resubscribes
 * from its checkpoint, and the next batch starts a new worker on the same file. A rebuild's worker is
 * not replaced: its file is thrown away.
 */
export class WorkerProjectionTarget implements ProjectionTarget {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Set<Promise<number>>();
  private nextId = 1;
  private closing = false;
  private opened: Position | null = null;
  /** Why a rebuild's worker stopped: every later request fails with it. */
  private stoppedFor: Error | null = null;
  private followed: (batch: FollowedBatch) => void = () => undefined;

  private constructor(private readonly options: ProjectionWorkerOptions) {}

  /** Starts the worker and waits until it has opened (and migrated) the file. */
  static async open(options: ProjectionWorkerOptions): Promise<WorkerProjectionTarget> {
    const target = new WorkerProjectionTarget(options);
    await target.start();
    return target;
  }

  get checkpoint(): Position | null {
    return this.opened;
  }

  apply(events: readonly RecordedEvent[], after: Position | null): Promise<number> {
    return this.request({ type: 'apply', events, after });
  }

  /** As `apply`, with the events still JSON text: the worker parses them (a rebuild's catch-up). */
  applySerialized(events: readonly SerializedRecordedEvent[], after: Position | null): Promise<number> {
    return this.request({ type: 'applySerialized', events, after });
  }

  /**
   * Applies what the events file holds after the read models, up to its head (a worker opened with
   * `events`): settles once the worker has found nothing more, each batch told to `onFollowed` first.
   */
  async follow(maxCount: number): Promise<void> {
    await this.request({ type: 'follow', maxCount });
  }

  /** Told of each batch the worker applies while following, in order (one listener). */
  onFollowed(listener: (batch: FollowedBatch) => void): void {
    this.followed = listener;
  }

  async createIndexes(): Promise<void> {
    await this.request({ type: 'createIndexes' });
  }

  /** Lets the worker finish what it was given, sync the file and close it, then ends it. */
  async close(): Promise<void> {
    try {
      if (this.worker && !this.closing) {
        const closed = this.request({ type: 'close' });
        this.closing = true;
        await Promise.allSettled([...this.inFlight]);
        await closed;
      }
    } finally {
      this.closing = true;
      await this.worker?.terminate();
      this.worker = null;
    }
  }

  private request(body: DistributiveOmit<WorkerRequest, 'id'>): Promise<number> {
    if (this.closing) return Promise.reject(new Error('The projection worker is closed'));
    if (this.stoppedFor) return Promise.reject(this.stoppedFor);
    const request = (this.worker ? this.ready : this.start()).then(
      () =>
        new Promise<number>((resolve, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { resolve, reject });
          this.worker!.postMessage({ id, ...body } satisfies WorkerRequest);
        }),
    );
    this.inFlight.add(request);
    const settled = () => this.inFlight.delete(request);
    request.then(settled, settled);
    return request;
  }

  private start(): Promise<void> {
    const { file, name, rebuild, events, execArgv, youngGenerationMb } = this.options;
    const worker = new Worker(join(__dirname, `projection.worker${extname(__filename)}`), {
      workerData: { file, name, rebuild, events } satisfies ProjectionWorkerData,
      execArgv,
      ...(youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } } : {}),
    });
    this.worker = worker;
    // It works for the process while the process has other work; it never keeps it alive alone.
    worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          this.opened = reply.checkpoint;
          return resolve();
        }
        if (reply.type === 'applied') return this.followed(reply);
        const pending = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.type === 'done') pending?.resolve(reply.appliedAt ?? Date.now());
        else pending?.reject(Object.assign(new Error(reply.message), { stack: reply.stack ?? reply.message }));
      });
      const died = (error: Error) => {
        if (this.worker === worker) this.worker = null;
        // A rebuild's file may hold a transaction cut short: nothing more is written to it.
        if (this.options.rebuild) this.stoppedFor ??= error;
        reject(error);
        for (const pending of this.pending.values()) pending.reject(error);
        this.pending.clear();
      };
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(`The projection worker stopped (exit code ${code})`)));
    });
    return this.ready;
  }
}
