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

  /** Every claim row written from now on, in order: the projection's own writes, seen by SQLite. */
  function recordClaimWrites(): () => number[] {
    db.exec(`CREATE TABLE claim_writes (position INTEGER NOT NULL);
      CREATE TRIGGER claim_inserted AFTER INSERT ON article_claims BEGIN INSERT INTO claim_writes VALUES (new.position); END;
      CREATE TRIGGER claim_updated AFTER UPDATE ON article_claims BEGIN INSERT INTO claim_writes VALUES (new.position); END;`);
    return () => db.prepare('SELECT position FROM claim_writes').pluck().all() as number[];
  }
  const claimRows = (): number => (db.prepare('SELECT COUNT(*) FROM article_claims').pluck().get() as number);

  it('writes each claim when it appears, then only the claim a verdict changes', () => {
    const writes = recordClaimWrites();
    const script = new ArticleScript('life', wanda).draft(ANALYSIS, minute(0)).submit(minute(10));
    const submitted = recordedEvents(script, new PositionCounter());
    const claims = script.state.claims;
    applyBatch(db, projections, submitted);
    expect(writes()).toEqual(claims.map((_, position) => position));

    db.exec('DELETE FROM claim_writes');
    const checked = claims.length - 1;
    script.verdict(claims[checked].id, 'VERIFIED', minute(20));
    for (const event of recordedEvents(script, new PositionCounter()).slice(submitted.length)) applyBatch(db, projections, [event]);

    expect(writes()).toEqual([checked]);
    expect(new ArticleReadModel(db).get('life')).toEqual({ state: script.state, version: submitted.length + 1 });
  });

  it('keeps the rows in the list order when a revision drops claims, with none left over', () => {
    const script = new ArticleScript('life', wanda).draft(ANALYSIS, minute(0)).submit(minute(10));
    const before = script.state.claims.length;
    const body = ANALYSIS.body.split('\n\n').slice(1).join('\n\n');
    script.run('ReviseArticle', wanda, { body }, minute(20));
    expect(script.state.claims.length).toBeLessThan(before);

    const events = recordedEvents(script, new PositionCounter());
    applyBatch(db, projections, events.slice(0, -1));
    applyBatch(db, projections, events.slice(-1));

    expect(claimRows()).toBe(script.state.claims.length);
    expect(new ArticleReadModel(db).get('life')).toEqual({ state: script.state, version: events.length });
  });
});
