import type { RecordedEvent } from '@galley/event-store';
import Database from 'better-sqlite3';
import { applyBatch } from '../runner/projection';
import { ANALYSIS, CLAIMS, fay, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleScript, dumpTables, iso, minute, PositionCounter } from '../testing/article-script.fixtures';
import { fred, streamOf, timeline } from '../testing/claim-desk.fixtures';
import { deskMorning } from '../testing/claim-desk.scenario';
import { ClaimDeskProjection } from './claim-desk.projection';

describe('ClaimDeskProjection', () => {
  let db: Database.Database;
  let projection: ClaimDeskProjection;

  beforeEach(() => {
    db = new Database(':memory:');
    projection = new ClaimDeskProjection();
    projection.migrate(db);
  });
  afterEach(() => db.close());

  function apply(events: readonly RecordedEvent[], into: { db: Database.Database; projection: ClaimDeskProjection } = { db, projection }): void {
    applyBatch(into.db, [into.projection], events);
  }

  const claimRow = (articleId: string, claimId: string) =>
    db.prepare('SELECT * FROM claim_desk_claims WHERE article_id = ? AND claim_id = ?').get(articleId, claimId) as Record<string, unknown>;
  const verdicts = () =>
    db.prepare('SELECT article_id, claim_id, kind, checker_id, status, previous_status, at, seconds_to_verdict, first_verdict FROM claim_desk_verdicts ORDER BY at').all();

  function referenceDump(events: readonly RecordedEvent[]) {
    const reference = new Database(':memory:');
    try {
      const fresh = new ClaimDeskProjection();
      fresh.migrate(reference);
      apply(events, { db: reference, projection: fresh });
      return dumpTables(reference);
    } finally {
      reference.close();
    }
  }

  it('keeps one row per claim found, with its article, kind, figure and the instant it started waiting', () => {
    const { a, events } = deskMorning();
    apply(events);
    const users = a.scripted.find(({ event }) => event.type === 'ClaimExtracted' && event.data.text.includes(CLAIMS.users))!.event;
    const usersId = (users.data as { claimId: string }).claimId;

    expect(claimRow('a', usersId)).toEqual({
      article_id: 'a',
      claim_id: usersId,
      found_at_version: 3,
      article_title: ANALYSIS.title,
      article_stage: 'PUBLISHED',
      status: 'DISPUTED',
      kind: 'QUANTITY',
      kinds: JSON.stringify(['QUANTITY', 'ATTRIBUTION']),
      value: 3e8,
      unit: 'users',
      text: 'OpenAI says ChatGPT now has more than 300 million weekly users.',
      score: expect.any(Number),
      interested_party: 0,
      origin: 'EXTRACTED',
      supersedes: null,
      since: iso(10),
      post_publication: 0,
      assignee_id: null,
      assignee_name: null,
      assigned_directly: 0,
      checked_by_id: fred.id,
      checked_by_name: fred.name,
      checked_at: iso(100),
      dropped_at: null,
      dropped_reason: null,
    });
  });

  it('keeps the row of a dropped claim, marked, and flags a claim found by a correction as post-publication', () => {
    const { events, ids } = deskMorning();
    apply(events);

    expect(claimRow('a', ids.capexId)).toMatchObject({ status: 'VERIFIED', dropped_at: iso(120), dropped_reason: 'SENTENCE_EDITED' });
    expect(claimRow('a', ids.correctedCapexId)).toMatchObject({
      status: 'PENDING',
      since: iso(120),
      post_publication: 1,
      supersedes: ids.capexId,
      value: 45e9,
      unit: 'USD',
      dropped_at: null,
    });
  });

  it('logs every verdict with its checker and the seconds since the claim started waiting; only the first is a wait', () => {
    const { events, ids } = deskMorning();
    apply(events);
    const rows = (verdicts() as { article_id: string }[]).filter((v) => v.article_id === 'a');

    expect(rows).toEqual([
      { article_id: 'a', claim_id: ids.usersId, kind: 'QUANTITY', checker_id: fay.id, status: 'VERIFIED', previous_status: 'PENDING', at: iso(15), seconds_to_verdict: 300, first_verdict: 1 },
      { article_id: 'a', claim_id: expect.any(String), kind: 'DATE', checker_id: fay.id, status: 'VERIFIED', previous_status: 'PENDING', at: iso(25), seconds_to_verdict: 900, first_verdict: 1 },
      { article_id: 'a', claim_id: ids.capexId, kind: 'MONEY', checker_id: fred.id, status: 'VERIFIED', previous_status: 'PENDING', at: iso(40), seconds_to_verdict: 1800, first_verdict: 1 },
      { article_id: 'a', claim_id: expect.any(String), kind: 'QUANTITY', checker_id: fred.id, status: 'ATTRIBUTED', previous_status: 'PENDING', at: iso(70), seconds_to_verdict: 3600, first_verdict: 1 },
      { article_id: 'a', claim_id: expect.any(String), kind: 'ATTRIBUTION', checker_id: fay.id, status: 'VERIFIED', previous_status: 'PENDING', at: iso(71), seconds_to_verdict: 3660, first_verdict: 1 },
      { article_id: 'a', claim_id: ids.usersId, kind: 'QUANTITY', checker_id: fred.id, status: 'DISPUTED', previous_status: 'VERIFIED', at: iso(100), seconds_to_verdict: 5400, first_verdict: 0 },
    ]);
  });

  it('follows its article: title and stage on every claim row, across stages', () => {
    const { events, ids, b, c } = deskMorning();
    apply(events);

    const stages = db.prepare('SELECT article_id, article_stage, COUNT(*) AS n FROM claim_desk_claims GROUP BY article_id, article_stage ORDER BY article_id').all();
    expect(stages).toEqual([
      { article_id: 'a', article_stage: 'PUBLISHED', n: 6 },
      { article_id: 'b', article_stage: 'FACT_CHECK', n: b.state.claims.length },
      { article_id: 'c', article_stage: 'DISCARDED', n: c.state.claims.length },
    ]);
    expect(claimRow('a', ids.usersId)).toMatchObject({ article_title: ANALYSIS.title });
  });

  describe('assignments (events the domain will write: typed here by their announced shape)', () => {
    it('gives an article’s claims to its assignee, a claim’s own assignment overrides it, and new claims inherit it', () => {
      const script = new ArticleScript('x', wanda);
      script.draft(ANALYSIS, minute(0)).submit(minute(10));
      const [first, second] = script.state.claims;
      const submitted = script.scripted.length;
      script.run('ReviseArticle', wanda, { body: ANALYSIS.body.replace('$40 billion', '$35 billion') }, minute(30));
      const replacement = script.state.claims.find((c) => c.text.includes('$35 billion'))!;
      const by = { id: 'user-eddie', name: 'Eddie Editor' };
      const person = (actor: { id: string; name: string }) => ({ id: actor.id, name: actor.name });
      const events = timeline(
        new PositionCounter(),
        streamOf(script, [
          { after: submitted, type: 'ArticleAssigned', data: { assignee: person(fay), by, at: iso(11) }, actor: by },
          { after: submitted, type: 'ClaimAssigned', data: { claimId: first.id, assignee: person(fred), by, at: iso(12) }, actor: by },
          { after: script.scripted.length, type: 'ClaimAssigned', data: { claimId: first.id, assignee: null, by, at: iso(40) }, actor: by },
          { after: script.scripted.length, type: 'ArticleAssigned', data: { assignee: null, by, at: iso(41) }, actor: by },
        ]),
      );
      const assignee = (claimId: string) => (claimRow('x', claimId) as { assignee_id: string | null }).assignee_id;

      apply(events.filter((e) => e.created <= minute(12)));
      expect([assignee(first.id), assignee(second.id)]).toEqual([fred.id, fay.id]);

      apply(events.filter((e) => e.created > minute(12) && e.created <= minute(30)));
      expect(assignee(replacement.id)).toBe(fay.id);

      apply(events.filter((e) => e.created > minute(30) && e.created <= minute(40)));
      expect(assignee(first.id)).toBe(fay.id);

      apply(events.filter((e) => e.created > minute(40)));
      expect([assignee(first.id), assignee(second.id), assignee(replacement.id)]).toEqual([null, null, null]);
    });

    it('ignores an assignment it cannot read', () => {
      const script = new ArticleScript('y', wanda);
      script.draft(ANALYSIS, minute(0)).submit(minute(10));
      const events = timeline(
        new PositionCounter(),
        streamOf(script, [{ after: script.scripted.length, type: 'ClaimAssigned', data: { claimId: 'c1', assignee: 'fay', at: iso(11) }, actor: wanda }]),
      );
      apply(events);
      expect(claimRow('y', 'c1')).toMatchObject({ assignee_id: null });
      expect(db.prepare('SELECT version FROM article_states WHERE id = ?').get('y')).toEqual({ version: events.length });
    });
  });

  describe('replays', () => {
    it('leaves the tables unchanged when every event is applied twice', () => {
      const { events } = deskMorning();
      apply(events);
      const once = dumpTables(db);
      apply(events);
      expect(dumpTables(db)).toEqual(once);
      expect(once).toEqual(referenceDump(events));
    });

    it('skips a replayed stretch from the middle, and each event applied twice in a row', () => {
      const { events } = deskMorning();
      const half = Math.floor(events.length / 2);
      apply(events.slice(0, half));
      apply(events.slice(Math.floor(half / 2)));
      expect(dumpTables(db)).toEqual(referenceDump(events));

      const doubled = new Database(':memory:');
      const fresh = new ClaimDeskProjection();
      fresh.migrate(doubled);
      apply(events.flatMap((e) => [e, e]), { db: doubled, projection: fresh });
      expect(dumpTables(doubled)).toEqual(referenceDump(events));
      doubled.close();
    });
  });

  it('handles article events only', () => {
    const script = new ArticleScript('z', wanda);
    script.draft(ANALYSIS, minute(0));
    const [drafted] = streamOf(script);
    const position = { commit: 1n, prepare: 1n };
    expect(projection.handles({ ...drafted, position })).toBe(true);
    expect(projection.handles({ ...drafted, position, streamId: 'edition-15', type: 'EditionAssigned' })).toBe(false);
    expect(projection.handles({ ...drafted, position, type: 'SomethingElse' })).toBe(false);
  });
});
