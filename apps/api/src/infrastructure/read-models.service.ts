import { comparePositions, followableEventsFile, type EventStore, type Position } from '@galley/event-store';
import {
  ArticleReadModel,
  type AppliedEvent,
  AuditLogReadModel,
  ClaimDeskReadModel,
  ClaimRegistryReadModel,
  CheckpointStore,
  FollowingProjectionRunner,
  openReadModelDatabase,
  ProjectionRunner,
  READ_MODELS_RUNNER,
  readModelProjections,
  UnsyncedWritesGuard,
  WorkerProjectionTarget,
} from '@galley/read-models';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { dataFiles } from '../config/data-files';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { EVENT_STORE } from './event-store.provider';
import { workerExecArgv } from './worker-exec-argv';

/** How long a query waits for the projections to reach this instance's own last write. */
const SETTLE_TIMEOUT_MS = 2_000;

/**
 * Told of each batch applied, with the instant (ms) the read models committed it and, when the worker
 * reads the events file itself (ADR 19, amended), the instant it began to read the batch.
 */
type AppliedListener = (events: readonly AppliedEvent[], appliedAt: number, startedAt?: number) => void;

/**
 * The read models and the runner that keeps them, applied by a worker thread (ADR 0019), so that
 * projecting and answering HTTP never wait for each other. On the embedded store the worker reads
 * the events file itself, told after each commit; on EventStoreDB a checkpointed subscription to
 * `$all` here hands it the batches. Queries read the file through this thread's own connection, and
 * first wait until the projections have applied whatever this instance last appended.
 */
@Injectable()
export class ReadModels {
  private readonly logger = new Logger('ReadModels');
  readonly db: Database.Database;
  readonly articles: ArticleReadModel;
  readonly claimDesk: ClaimDeskReadModel;
  readonly claimRegistry: ClaimRegistryReadModel;
  readonly auditLog: AuditLogReadModel;
  readonly checkpoints: CheckpointStore;
  private runner: ProjectionRunner | FollowingProjectionRunner | null = null;
  /** Started with the service, so the worker loads while the rest of the app does. */
  private readonly opening: Promise<WorkerProjectionTarget>;
  private target: WorkerProjectionTarget | null = null;
  private readonly guard: UnsyncedWritesGuard;
  private readonly listeners = new Set<AppliedListener>();
  private lastAppended: Position | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(GALLEY_CONFIG) config: GalleyConfig,
  ) {
    const file = dataFiles(config).readModels;
    this.db = openReadModelDatabase(file);
    this.guard = new UnsyncedWritesGuard(this.db);
    if (this.guard.lostWritesPossible()) {
      this.logger.warn('The read models were open when this machine stopped (a power loss or a system crash): they are rebuilt from the events');
      // The version guard then empties the file, as for a file of another version (process checkpoints kept).
      this.db.pragma('user_version = 0');
    }
    // The tables exist before the readers below prepare their statements; the worker finds them made.
    for (const projection of readModelProjections()) projection.migrate(this.db);
    this.guard.markOpen();
    this.articles = new ArticleReadModel(this.db);
    this.claimDesk = new ClaimDeskReadModel(this.db);
    this.claimRegistry = new ClaimRegistryReadModel(this.db);
    this.auditLog = new AuditLogReadModel(this.db);
    this.checkpoints = new CheckpointStore(this.db);
    const events = followableEventsFile(store) ? store.eventsFile : undefined;
    this.opening = WorkerProjectionTarget.open({ file, name: READ_MODELS_RUNNER, events, execArgv: workerExecArgv() });
    // A failure to start is reported by start(), not as an unhandled rejection before it.
    this.opening.catch(() => undefined);
  }

  /** Starts the worker, catches up on what the file lacks, then follows `$all`. */
  async start(): Promise<void> {
    const target = (this.target = await this.opening);
    const feed = {
      onApplied: (events: readonly AppliedEvent[], appliedAt: number, startedAt?: number) =>
        this.listeners.forEach((listener) => listener(events, appliedAt, startedAt)),
      onError: (error: Error) => this.logger.error(`Projection stopped, going on from the checkpoint: ${error.message}`, error.stack),
    };
    const store = this.store;
    this.runner = followableEventsFile(store)
      ? new FollowingProjectionRunner({ target, commits: store, ...feed })
      : new ProjectionRunner({ name: READ_MODELS_RUNNER, store, target, ...feed });
    await this.runner.start();
  }

  get checkpoint(): Position | null {
    return this.runner ? this.runner.checkpoint : this.checkpoints.read(READ_MODELS_RUNNER);
  }

  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  noteAppended(position: Position): void {
    if (this.lastAppended === null || comparePositions(position, this.lastAppended) > 0) this.lastAppended = position;
  }

  /** Waits (briefly) until the read models include this instance's last append. */
  async settle(): Promise<void> {
    if (this.lastAppended && this.runner) await this.runner.waitFor(this.lastAppended, SETTLE_TIMEOUT_MS);
  }

  async stop(): Promise<void> {
    await this.runner?.stop();
    try {
      await (this.target ?? (await this.opening.catch(() => null)))?.close();
      // Only a file the worker synced is marked closed; otherwise the next start after a restart rebuilds it.
      this.guard.markClosed();
    } catch (error) {
      this.logger.error(`The projection worker did not close the read models cleanly: ${(error as Error).message}`);
    } finally {
      this.db.close();
    }
  }
}
