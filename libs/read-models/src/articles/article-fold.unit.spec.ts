import type { RecordedEvent } from '@galley/event-store';
import Database from 'better-sqlite3';
import { ANALYSIS, wanda } from '../../../editorial/src/testing/article.fixtures';
import { applyBatch, type Projection } from '../runner/projection';
import { ArticleScript, minute, PositionCounter, recordedEvents } from '../testing/article-script.fixtures';
import { ArticleFold } from './article-fold';
import { ArticleReadModel } from './article-read-model';
import { AuditLogProjection } from '../audit/audit-log.projection';
import { ArticleReadModelProjection } from './article-read-model.projection';

/** Refuses one event, after the fold and the article projection have taken it in. */
class Refusing implements Projection {
  readonly name = 'refusing';
  constructor(private readonly refused: RecordedEvent) {}
  migrate(): void {}
  handles(): boolean {
    return true;
  }
  apply(_db: Database.Database, event: RecordedEvent): void {
    if (event === this.refused) throw new Error('refused');
  }
}

describe('ArticleFold shared with the article reader', () => {
  let db: Database.Database;
  let fold: ArticleFold;
  let projections: Projection[];

  beforeEach(() => {
    db = new Database(':memory:');
    fold = new ArticleFold();
    projections = [fold, new ArticleReadModelProjection(fold), new AuditLogProjection()];
    for (const projection of projections) projection.migrate(db);
  });
  afterEach(() => db.close());

  function life() {
    const script = new ArticleScript('life', wanda).draft(ANALYSIS, minute(0)).submit(minute(10));
    script.resolveClaims(minute(20));
    return { script, events: recordedEvents(script, new PositionCounter()) };
  }

  it('answers an article it holds in memory exactly as the file has it', () => {
    const { script, events } = life();
    applyBatch(db, projections, events.slice(0, 3));
    applyBatch(db, projections, events.slice(3));

    const fromMemory = new ArticleReadModel(db, fold).get('life');
    const fromFile = new ArticleReadModel(db).get('life');
    expect(fold.hotArticle('life')).not.toBeNull();
    expect(fromMemory).toEqual(fromFile);
    expect(fromFile).toEqual({ state: script.state, version: events.length });
  });

  it('forgets a failed batch: memory and file both stay at the last commit, and the events apply again once', () => {
    const { script, events } = life();
    applyBatch(db, projections, events.slice(0, 3));
    const committed = new ArticleReadModel(db).get('life');

    expect(() => applyBatch(db, [...projections, new Refusing(events[4])], events.slice(3))).toThrow('refused');
    expect(fold.hotArticle('life')).toBeNull();
    expect(new ArticleReadModel(db, fold).get('life')).toEqual(committed);

    applyBatch(db, projections, events.slice(2));
    expect(new ArticleReadModel(db, fold).get('life')).toEqual({ state: script.state, version: events.length });
    expect(new ArticleReadModel(db).get('life')).toEqual({ state: script.state, version: events.length });
    expect(new ArticleReadModel(db).history('life')).toHaveLength(events.length);
  });
});
