import type { RecordedEvent } from '@galley/event-store';
import Database from 'better-sqlite3';
import { applyBatch } from '../runner/projection';
import { ArticleReadModel, InvalidCursorError } from '../articles/article-read-model';
import { AuditLogProjection } from './audit-log.projection';
import { AuditLogReadModel } from './audit-log.read-model';
import { recordQueryPlans } from '../testing/query-plans';

let seq = 0n;
function recorded(streamId: string, revision: number, type: string, actorId: string | null, at: string, requestId: string | null = null): RecordedEvent {
  seq += 1n;
  return {
    id: `e-${seq}`,
    streamId,
    revision,
    position: { commit: seq, prepare: seq },
    type,
    data: { at },
    metadata: { ...(actorId ? { actor: { id: actorId, name: actorId.toUpperCase() } } : {}), requestId: requestId ?? undefined, commandId: `cmd-${seq}` },
    created: new Date(at),
  };
}

const EVENTS = [
  recorded('article-a', 0, 'ArticleDrafted', 'wanda', '2026-01-01T09:00:00.000Z', 'req-1'),
  recorded('article-a', 1, 'SubmittedForFactCheck', 'wanda', '2026-01-01T10:00:00.000Z', 'req-2'),
  recorded('article-b', 0, 'ArticleDrafted', 'eddie', '2026-01-02T09:00:00.000Z', 'req-3'),
  recorded('article-a', 2, 'VerdictRecorded', 'fay', '2026-01-03T09:00:00.000Z', 'req-4'),
  recorded('edition-numbers', 0, 'EditionAssigned', null, '2026-01-04T09:00:00.000Z'),
  recorded('snapshot-article-a', 0, 'ArticleSnapshotted', null, '2026-01-04T10:00:00.000Z'),
];

function build(events: readonly RecordedEvent[]) {
  const db = new Database(':memory:');
  const projection = new AuditLogProjection();
  projection.migrate(db);
  applyBatch(db, [projection], events);
  return { db, audit: new AuditLogReadModel(db) };
}

describe('the audit log', () => {
  it('records who did what, when and in which request, newest first, leaving snapshots out', () => {
    const { audit } = build(EVENTS);
    const page = audit.entries({}, 10, null);
    expect(page.totalCount).toBe(5);
    expect(page.items.map((i) => i.node.type)).toEqual(['EditionAssigned', 'VerdictRecorded', 'ArticleDrafted', 'SubmittedForFactCheck', 'ArticleDrafted']);
    expect(page.items[1].node).toEqual({
      streamId: 'article-a',
      version: 3,
      articleId: 'a',
      type: 'VerdictRecorded',
      at: '2026-01-03T09:00:00.000Z',
      actor: { id: 'fay', name: 'FAY' },
      requestId: 'req-4',
      commandId: expect.stringMatching(/^cmd-/),
    });
  });

  it('filters by actor, by article and by time, and pages without gaps', () => {
    const { audit } = build(EVENTS);
    expect(audit.entries({ actorId: 'wanda' }, 10, null).items.map((i) => i.node.requestId)).toEqual(['req-2', 'req-1']);
    expect(audit.entries({ articleId: 'a' }, 10, null).totalCount).toBe(3);
    const window = audit.entries({ since: new Date('2026-01-01T10:00:00.000Z'), until: new Date('2026-01-03T09:00:00.000Z') }, 10, null);
    expect(window.items.map((i) => i.node.requestId)).toEqual(['req-3', 'req-2']);
    const first = audit.entries({}, 2, null);
    const second = audit.entries({}, 2, first.items[1].cursor);
    const third = audit.entries({}, 2, second.items[1].cursor);
    expect([...first.items, ...second.items, ...third.items].map((i) => `${i.node.streamId}@${i.node.version}`)).toHaveLength(5);
    expect(third.hasNextPage).toBe(false);
    expect(() => audit.entries({}, 2, 'bogus')).toThrow(InvalidCursorError);
  });

  it("reads an article's entries through its stream's key, a filter by actor then only narrowing them", () => {
    const { db, audit } = build(EVENTS);
    new AuditLogProjection().createIndexes(db);
    const plans = recordQueryPlans(db);
    const page = audit.entries({ articleId: 'a', actorId: 'wanda' }, 10, null);
    expect(page.items.map((i) => i.node.requestId)).toEqual(['req-2', 'req-1']);
    expect(page.totalCount).toBe(2);
    expect(plans).toHaveLength(2);
    for (const plan of plans) expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_audit_log_1 \(stream_id=\?\)/);
  });

  it("holds each article's timeline: its article events with their claim, status and note, nothing of other streams", () => {
    const verdict = {
      ...recorded('article-t', 1, 'VerdictRecorded', 'fay', '2026-01-05T09:00:00.000Z'),
      data: { claimId: 'c1', status: 'DISPUTED', note: 'Monthly users', at: '2026-01-05T09:00:00.000Z' },
    };
    const { db } = build([
      recorded('article-t', 0, 'ArticleDrafted', 'wanda', '2026-01-05T08:00:00.000Z'),
      verdict,
      // Not an article event: in the audit log, not in the timeline.
      recorded('article-t', 2, 'SomethingElse', 'wanda', '2026-01-05T10:00:00.000Z'),
      recorded('edition-numbers', 1, 'EditionAssigned', null, '2026-01-05T11:00:00.000Z'),
    ]);
    expect(new ArticleReadModel(db).history('t')).toEqual([
      { version: 1, type: 'ArticleDrafted', at: '2026-01-05T08:00:00.000Z', actor: { id: 'wanda', name: 'WANDA' }, claimId: null, status: null, note: null },
      { version: 2, type: 'VerdictRecorded', at: '2026-01-05T09:00:00.000Z', actor: { id: 'fay', name: 'FAY' }, claimId: 'c1', status: 'DISPUTED', note: 'Monthly users' },
    ]);
    expect(db.prepare(`SELECT claim_id, status, note FROM audit_log WHERE stream_id = 'edition-numbers'`).get()).toEqual({ claim_id: null, status: null, note: null });
  });

  it('is unchanged by a replay of the same events', () => {
    const once = build(EVENTS);
    const twice = build([...EVENTS, ...EVENTS]);
    const dump = (db: Database.Database) => db.prepare('SELECT * FROM audit_log ORDER BY stream_id, revision').all();
    expect(dump(twice.db)).toEqual(dump(once.db));
  });
});
