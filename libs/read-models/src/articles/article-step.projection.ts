import type { RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import type { Projection } from '../runner/projection';
import { ArticleFold, type FoldedStep } from './article-fold';

/**
 * A projection that reads each article event as a step of the shared fold (the article before and
 * after it) rather than folding again. Given no fold, it folds the articles itself (tests, tools),
 * and then it drives the fold through the runner's batch: apply, flush, commit or discard.
 */
export abstract class ArticleStepProjection implements Projection {
  abstract readonly name: string;
  protected readonly fold: ArticleFold;
  private readonly ownsFold: boolean;

  constructor(fold?: ArticleFold) {
    this.fold = fold ?? new ArticleFold();
    this.ownsFold = fold === undefined;
  }

  migrate(db: Database.Database): void {
    if (this.ownsFold) this.fold.migrate(db);
    this.migrateTables(db);
  }

  handles(event: RecordedEvent): boolean {
    return this.fold.handles(event);
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    if (this.ownsFold) this.fold.apply(db, event);
    const step = this.fold.stepOf(event);
    if (step !== null) this.applyStep(step, event);
  }

  flush(): void {
    if (this.ownsFold) this.fold.flush();
  }

  committed(): void {
    if (this.ownsFold) this.fold.committed();
  }

  discarded(): void {
    if (this.ownsFold) this.fold.discarded();
  }

  /** Creates or migrates the projection's own tables and prepares its statements. */
  protected abstract migrateTables(db: Database.Database): void;

  /** Applies one event, given the article as it stood before and after it (replays never reach here). */
  protected abstract applyStep(step: FoldedStep, event: RecordedEvent): void;
}
