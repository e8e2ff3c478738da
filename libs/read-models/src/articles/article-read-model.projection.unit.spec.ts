import type { RecordedEvent } from '@galley/event-store';
import Database from 'better-sqlite3';
import { ANALYSIS, eddie, fay, SLOT, verdictFor, walt, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleScript, dumpTables, iso, minute, PositionCounter, recordedEvents } from '../testing/article-script.fixtures';
import { applyBatch } from '../runner/projection';
import { AuditLogProjection } from '../audit/audit-log.projection';
import { ArticleReadModel } from './article-read-model';
import { ArticleReadModelProjection } from './article-read-model.projection';
import { ARTICLE_STATE_JSON } from './article-fold';

const CAPEX_SENTENCE = '$40 billion of capex in 2025';
const RELEASE_SENTENCE = 'released in March 2024';

/**
 * A long life through the real decider: checked, sent back, revised in DRAFT (a pending claim that
 * must not be queued), re-checked, published, corrected (a post-publication claim), disputed, retracted.
 */
function longLife() {
  const script = new ArticleScript('life', wanda);
  const marks: Record<string, number> = {};
  const mark = (name: string) => (marks[name] = script.scripted.length);

  script.draft(ANALYSIS, minute(0));
  mark('drafted');
  script.submit(minute(10));
  mark('submitted');
  const [first, ...rest] = script.state.claims;
  script.verdict(first.id, 'VERIFIED', minute(20));
  mark('oneVerdict');
  rest.forEach((claim, index) => script.verdict(claim.id, verdictFor(claim) as 'VERIFIED' | 'ATTRIBUTED', minute(30 + index)));
  mark('factChecked');
  script.summarize(minute(60)).submitForReview(minute(70));
  script.run('RequestChanges', eddie, { comment: 'Check the capex figure' }, minute(80));
  mark('changesRequested');
  script.run('ReviseArticle', wanda, { body: ANALYSIS.body.replace('$40 billion', '$35 billion') }, minute(90));
  mark('revisedInDraft');
  script.submit(minute(100));
  mark('resubmitted');
  script.resolveClaims(minute(110)).summarize(minute(120)).submitForReview(minute(130)).approve(minute(140)).publish(minute(150), SLOT);
  mark('published');
  script.run(
    'IssueCorrection',
    eddie,
    { kind: 'CORRECTION', body: script.state.body.replace('March 2024', 'February 2024'), note: 'Claude 3 came out in February.' },
    minute(200),
  );
  mark('corrected');
  const users = script.state.claims.find((c) => c.text.includes('300 million'))!;
  script.verdict(users.id, 'DISPUTED', minute(210), 'The company counts monthly users');
  mark('disputed');
  script.run('RetractArticle', eddie, { reason: 'The thesis no longer holds' }, minute(300));
  mark('retracted');
  return { script, marks, firstClaimId: first.id, lastFirstPassVerdictAt: minute(30 + rest.length - 1), usersClaimId: users.id };
}

describe('ArticleReadModelProjection', () => {
  let db: Database.Database;
  let projection: ArticleReadModelProjection;

  let audit: AuditLogProjection;

  beforeEach(() => {
    db = new Database(':memory:');
    projection = new ArticleReadModelProjection();
    projection.migrate(db);
    // The article's timeline is the audit log of its stream.
    audit = new AuditLogProjection();
    audit.migrate(db);
  });
  afterEach(() => db.close());

  function apply(events: readonly RecordedEvent[]): void {
    applyBatch(db, [projection, audit], events);
  }

  const history = (id: string) => new ArticleReadModel(db).history(id);

  const articleRow = (id: string) => db.prepare('SELECT * FROM articles WHERE id = ?').get(id) as Record<string, unknown>;
  const queue = () => db.prepare('SELECT * FROM claim_queue ORDER BY since, article_id, claim_id').all();
  const visits = (id: string) =>
    db.prepare('SELECT stage, entered_at, left_at FROM stage_visits WHERE article_id = ? ORDER BY entered_at, rowid').all(id);

  /** A fresh projection fed `events` once, in order: the tables every replay must leave unchanged. */
  function referenceDump(events: readonly RecordedEvent[]) {
    const reference = new Database(':memory:');
    try {
      const fresh = [new ArticleReadModelProjection(), new AuditLogProjection()];
      for (const projection of fresh) projection.migrate(reference);
      applyBatch(reference, fresh, events);
      return dumpTables(reference);
    } finally {
      reference.close();
    }
  }

  describe('what it records of a real article', () => {
    it('folds the drafted article into its row, its first history entry and an open DRAFT visit', () => {
      const { script, marks } = longLife();
      apply(recordedEvents(script, new PositionCounter()).slice(0, marks.drafted));

      expect(articleRow('life')).toEqual({
        id: 'life',
        version: 1,
        stage: 'DRAFT',
        title: ANALYSIS.title,
        dek: ANALYSIS.dek,
        author_id: wanda.id,
        author_name: wanda.name,
        series: 'Compute Wars',
        created_at: iso(0),
        updated_at: iso(0),
        stage_entered_at: iso(0),
        due_at: null,
        slug: null,
        edition: null,
        published_at: null,
        scheduled_for: null,
        pending_claims: 0,
        correction_suggested: 0,
      });
      expect(db.prepare('SELECT text FROM article_search WHERE id = ?').get('life')).toEqual({
        text: `${ANALYSIS.title}\n${ANALYSIS.dek}\n${ANALYSIS.body}`.toLowerCase(),
      });
      expect(db.prepare('SELECT n FROM article_counts WHERE key = ?').get('DRAFT')).toEqual({ n: 1 });
      expect(history('life')).toEqual([
        { version: 1, type: 'ArticleDrafted', at: iso(0), actor: { id: wanda.id, name: wanda.name }, claimId: null, status: null, note: null },
      ]);
      expect(visits('life')).toEqual([{ stage: 'DRAFT', entered_at: iso(0), left_at: null }]);
      expect(queue()).toEqual([]);
    });

    it('queues every pending claim once the article is in FACT_CHECK, and drops each as it gets a verdict', () => {
      const { script, marks, firstClaimId } = longLife();
      const events = recordedEvents(script, new PositionCounter());

      apply(events.slice(0, marks.submitted));
      const submitted = new ArticleScript('life', wanda);
      submitted.draft(ANALYSIS, minute(0)).submit(minute(10));
      const pendingAtSubmit = submitted.state.claims;
      expect(pendingAtSubmit.length).toBeGreaterThanOrEqual(4);
      expect(queue()).toEqual(
        pendingAtSubmit
          .map((c) => ({ article_id: 'life', claim_id: c.id, article_title: ANALYSIS.title, since: iso(10), post_publication: 0 }))
          .sort((a, b) => (a.claim_id < b.claim_id ? -1 : 1)),
      );
      expect(articleRow('life')).toMatchObject({ stage: 'FACT_CHECK', pending_claims: pendingAtSubmit.length, stage_entered_at: iso(10) });

      apply(events.slice(marks.submitted, marks.oneVerdict));
      expect((queue() as { claim_id: string }[]).map((q) => q.claim_id)).toEqual(
        pendingAtSubmit.map((c) => c.id).filter((id) => id !== firstClaimId).sort(),
      );
      expect(articleRow('life')).toMatchObject({ stage: 'FACT_CHECK', pending_claims: pendingAtSubmit.length - 1 });

      apply(events.slice(marks.oneVerdict, marks.factChecked));
      expect(queue()).toEqual([]);
      expect(articleRow('life')).toMatchObject({ stage: 'SUMMARIZE', pending_claims: 0 });
    });

    it('keeps a pending claim found while the article is back in DRAFT out of the queue until it is resubmitted', () => {
      const { script, marks } = longLife();
      const events = recordedEvents(script, new PositionCounter());

      apply(events.slice(0, marks.revisedInDraft));
      const replacement = script.state.claims.find((c) => c.text.includes('$35 billion'))!;
      expect(articleRow('life')).toMatchObject({ stage: 'DRAFT', pending_claims: 1, stage_entered_at: iso(80) });
      expect(queue()).toEqual([]);

      apply(events.slice(marks.revisedInDraft, marks.resubmitted));
      expect(articleRow('life')).toMatchObject({ stage: 'FACT_CHECK', pending_claims: 1, stage_entered_at: iso(100) });
      expect(queue()).toEqual([
        { article_id: 'life', claim_id: replacement.id, article_title: ANALYSIS.title, since: iso(90), post_publication: 0 },
      ]);
      expect(script.state.claims.some((c) => c.text.includes(CAPEX_SENTENCE))).toBe(false);
    });

    it('queues a claim found by a correction after publication, flagged as post-publication, and empties the queue on retraction', () => {
      const { script, marks } = longLife();
      const events = recordedEvents(script, new PositionCounter());

      apply(events.slice(0, marks.published));
      expect(queue()).toEqual([]);
      expect(articleRow('life')).toMatchObject({ stage: 'PUBLISHED', slug: SLOT.slug, edition: SLOT.edition, published_at: iso(150) });

      apply(events.slice(marks.published, marks.corrected));
      const released = script.state.claims.find((c) => c.text.includes('February 2024'))!;
      expect(queue()).toEqual([
        { article_id: 'life', claim_id: released.id, article_title: ANALYSIS.title, since: iso(200), post_publication: 1 },
      ]);
      expect(script.state.claims.some((c) => c.text.includes(RELEASE_SENTENCE))).toBe(false);

      apply(events.slice(marks.corrected, marks.disputed));
      expect(articleRow('life')).toMatchObject({ stage: 'PUBLISHED', correction_suggested: 1, pending_claims: 1 });
      expect(queue()).toHaveLength(1);

      apply(events.slice(marks.disputed, marks.retracted));
      expect(queue()).toEqual([]);
      expect(articleRow('life')).toMatchObject({ stage: 'RETRACTED', pending_claims: 1 });
    });

    it('ends with the folded state, a contiguous timeline and one visit per stay in a stage', () => {
      const { script, lastFirstPassVerdictAt, usersClaimId } = longLife();
      const events = recordedEvents(script, new PositionCounter());
      apply(events);

      const row = articleRow('life');
      const stored = db.prepare(`SELECT ${ARTICLE_STATE_JSON} AS state, b.body FROM article_states s JOIN article_bodies b ON b.id = s.id WHERE s.id = ?`).get('life') as { state: string; body: string };
      expect({ ...JSON.parse(stored.state), body: stored.body }).toEqual(script.state);
      expect(row).toMatchObject({
        version: events.length,
        stage: 'RETRACTED',
        title: ANALYSIS.title,
        created_at: iso(0),
        updated_at: iso(300),
        stage_entered_at: iso(300),
        slug: SLOT.slug,
        published_at: iso(150),
        correction_suggested: 1,
      });

      const timeline = history('life');
      expect(timeline.map((h) => h.version)).toEqual(events.map((_, index) => index + 1));
      expect(timeline.map((h) => h.type)).toEqual(script.events.map((e) => e.type));
      expect(timeline.map((h) => h.at)).toEqual(script.events.map((e) => e.data.at));
      expect(timeline.map((h) => h.actor?.id)).toEqual(script.scripted.map((s) => s.actor.id));
      expect(timeline.filter((h) => ['ChangesRequested', 'VerdictRecorded', 'ArticleRetracted'].includes(h.type)).slice(-3)).toEqual([
        expect.objectContaining({ type: 'VerdictRecorded', at: iso(110), status: 'VERIFIED', note: null }),
        expect.objectContaining({ type: 'VerdictRecorded', at: iso(210), claimId: usersClaimId, status: 'DISPUTED', note: 'The company counts monthly users', actor: { id: fay.id, name: fay.name } }),
        expect.objectContaining({ type: 'ArticleRetracted', at: iso(300), note: 'The thesis no longer holds', actor: expect.objectContaining({ id: eddie.id }) }),
      ]);
      expect(timeline.find((h) => h.type === 'ChangesRequested')).toMatchObject({ note: 'Check the capex figure', actor: { id: eddie.id } });

      expect(visits('life')).toEqual([
        { stage: 'DRAFT', entered_at: iso(0), left_at: iso(10) },
        { stage: 'FACT_CHECK', entered_at: iso(10), left_at: lastFirstPassVerdictAt.toISOString() },
        { stage: 'SUMMARIZE', entered_at: lastFirstPassVerdictAt.toISOString(), left_at: iso(70) },
        { stage: 'REVIEW', entered_at: iso(70), left_at: iso(80) },
        { stage: 'DRAFT', entered_at: iso(80), left_at: iso(100) },
        { stage: 'FACT_CHECK', entered_at: iso(100), left_at: iso(110) },
        { stage: 'SUMMARIZE', entered_at: iso(110), left_at: iso(130) },
        { stage: 'REVIEW', entered_at: iso(130), left_at: iso(140) },
        { stage: 'APPROVED', entered_at: iso(140), left_at: iso(150) },
        { stage: 'PUBLISHED', entered_at: iso(150), left_at: iso(300) },
        { stage: 'RETRACTED', entered_at: iso(300), left_at: null },
      ]);
    });

    it('applied one event per batch, writes what one batch of all of them writes (a row rewritten only in the columns that changed)', () => {
      const { script } = longLife();
      const events = recordedEvents(script, new PositionCounter());
      for (const event of events) apply([event]);
      expect(dumpTables(db)).toEqual(referenceDump(events));
      expect(articleRow('life')).toMatchObject({ stage: 'RETRACTED', slug: SLOT.slug, published_at: iso(150), correction_suggested: 1, version: events.length });
    });

    it('keeps one open visit for the current stage when a stage is re-entered at the instant it was first entered', () => {
      // The fixtures' clock never moves: every stage is entered at AT, and DRAFT, FACT_CHECK and SUMMARIZE twice.
      const script = new ArticleScript('frozen', wanda).draft(ANALYSIS, minute(0));
      script.intoReviewAt(minute(0));
      script.run('RequestChanges', eddie, { comment: 'Shorter title' }, minute(0));
      script.run('ReviseArticle', wanda, { title: 'A shorter title' }, minute(0));
      script.submit(minute(0));
      apply(recordedEvents(script, new PositionCounter()));

      expect(script.state.stage).toBe('SUMMARIZE');
      // The zero-length stays merge with the later ones; what matters is that the current stay is open.
      expect(visits('frozen')).toEqual([
        { stage: 'DRAFT', entered_at: iso(0), left_at: iso(0) },
        { stage: 'FACT_CHECK', entered_at: iso(0), left_at: iso(0) },
        { stage: 'SUMMARIZE', entered_at: iso(0), left_at: null },
        { stage: 'REVIEW', entered_at: iso(0), left_at: iso(0) },
      ]);
    });

    it('stamps each visit it writes with the count of stage changes, which a failed batch leaves where it was', () => {
      const { script, marks } = longLife();
      const events = recordedEvents(script, new PositionCounter());
      apply(events.slice(0, marks.submitted));
      // A batch that fails after the article moved on (into review): nothing of it stays, the count included.
      const failing = { name: 'failing', migrate: () => undefined, handles: () => true, apply: () => undefined, flush: () => { throw new Error('disk full'); } };
      expect(() => applyBatch(db, [projection, audit, failing], events.slice(marks.submitted, marks.changesRequested))).toThrow('disk full');
      apply(events.slice(marks.submitted));

      const count = db.prepare(`SELECT n FROM article_counts WHERE key = 'stage_visits_changes'`).pluck().get() as number;
      const stamps = db.prepare('SELECT changed FROM stage_visits ORDER BY changed').pluck().all() as number[];
      expect(count).toBeGreaterThan(5);
      // The visit closed and the visit opened by a change carry its count; the last change's is the count itself.
      expect(stamps[stamps.length - 1]).toBe(count);
      expect(stamps.every((stamp) => stamp >= 1 && stamp <= count)).toBe(true);
      expect(dumpTables(db)).toEqual(referenceDump(events));
    });

    it('ignores events that are not an article’s: other streams, and unknown types in article streams', () => {
      const script = new ArticleScript('only', walt).draft({ title: 'Only', dek: '', body: 'Plain words.' }, minute(0));
      const [drafted] = recordedEvents(script, new PositionCounter());
      const slugEvent: RecordedEvent = { ...drafted, streamId: 'slug-only', type: 'SlugReserved' };
      const foreignType: RecordedEvent = { ...drafted, revision: 1, type: 'SomethingElse' };

      expect(projection.handles(slugEvent)).toBe(false);
      expect(projection.handles(foreignType)).toBe(false);
      expect(projection.handles(drafted)).toBe(true);
      apply([slugEvent, drafted, foreignType]);
      expect(db.prepare('SELECT id, version FROM articles').all()).toEqual([{ id: 'only', version: 1 }]);
    });
  });

  describe('replays (idempotence)', () => {
    /** Two articles whose events interleave, as they do in `$all`. */
    function twoInterleavedArticles(): RecordedEvent[] {
      const positions = new PositionCounter();
      const life = recordedEvents(longLife().script, positions);
      const other = new ArticleScript('other', walt).draft({ title: 'Chips, again', dek: '', body: ANALYSIS.body, series: null }, minute(5));
      other.throughApproval(minute(50));
      const theirs = recordedEvents(other, positions);
      const merged: RecordedEvent[] = [];
      for (let i = 0; i < Math.max(life.length, theirs.length); i++) {
        if (i < life.length) merged.push(life[i]);
        if (i < theirs.length) merged.push(theirs[i]);
      }
      return merged;
    }

    it('applying every event twice in a row leaves exactly the tables of applying it once', () => {
      const events = twoInterleavedArticles();
      const expected = referenceDump(events);

      for (const event of events) apply([event, event]);

      expect(dumpTables(db)).toEqual(expected);
    });

    it('replaying the whole history a second time changes nothing', () => {
      const events = twoInterleavedArticles();
      apply(events);
      const once = dumpTables(db);

      apply(events);

      expect(dumpTables(db)).toEqual(once);
      expect(once).toEqual(referenceDump(events));
    });

    it('an old event redelivered mid-stream is skipped, and the events after it still apply', () => {
      const events = twoInterleavedArticles();
      const half = Math.floor(events.length / 2);

      const extracted = events.slice(0, half).filter((e) => e.type === 'ClaimExtracted' || e.type === 'VerdictRecorded');
      expect(extracted.length).toBeGreaterThan(2);

      apply(events.slice(0, half));
      apply([extracted[0], events[0], extracted[extracted.length - 1]]);
      apply(events.slice(half));

      expect(dumpTables(db)).toEqual(referenceDump(events));
    });

    it('a replay keeps the claim queue unchanged while claims are pending', () => {
      const script = new ArticleScript('pending', wanda).draft(ANALYSIS, minute(0)).submit(minute(10));
      const events = recordedEvents(script, new PositionCounter());
      apply(events);
      const before = queue();

      apply(events);

      expect(before.length).toBe(script.state.claims.length);
      expect(queue()).toEqual(before);
    });
  });
});
