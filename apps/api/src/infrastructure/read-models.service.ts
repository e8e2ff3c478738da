import { comparePositions, type EventStore, type Position, type RecordedEvent } from '@galley/event-store';
import {
  ArticleFold,
  ArticleReadModel,
  AuditLogReadModel,
  ClaimDeskReadModel,
  ClaimRegistryReadModel,
  CheckpointStore,
  openReadModelDatabase,
  ProjectionRunner,
  READ_MODELS_RUNNER,
  readModelProjections,
} from '@galley/read-models';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { dataFiles } from '../config/data-files';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { EVENT_STORE } from './event-store.provider';

/** How long a query waits for the projections to reach this instance's own last write. */
const SETTLE_TIMEOUT_MS = 2_000;

type AppliedListener = (events: readonly RecordedEvent[]) => void;

/**
 * The read models and the runner that keeps them: a checkpointed subscription to `$all`. Queries
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
  private readonly runner: ProjectionRunner;
  private readonly listeners = new Set<AppliedListener>();
  private lastAppended: Position | null = null;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(GALLEY_CONFIG) config: GalleyConfig) {
    this.db = openReadModelDatabase(dataFiles(config).readModels);
    // Shared with the article reader: an article the projections hold in memory is read from there.
    const fold = new ArticleFold();
    this.runner = new ProjectionRunner({
      name: READ_MODELS_RUNNER,
      store,
      db: this.db,
      projections: readModelProjections(fold),
      onApplied: (events) => this.listeners.forEach((listener) => listener(events)),
      onError: (error) => this.logger.error(`Projection stopped, resubscribing from the checkpoint: ${error.message}`, error.stack),
    });
    this.articles = new ArticleReadModel(this.db, fold);
    this.claimDesk = new ClaimDeskReadModel(this.db);
    this.claimRegistry = new ClaimRegistryReadModel(this.db);
    this.auditLog = new AuditLogReadModel(this.db);
    this.checkpoints = new CheckpointStore(this.db);
  }

  start(): Promise<void> {
    return this.runner.start();
  }

  get checkpoint(): Position | null {
    return this.runner.checkpoint;
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
    if (this.lastAppended) await this.runner.waitFor(this.lastAppended, SETTLE_TIMEOUT_MS);
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    this.db.close();
  }
}
