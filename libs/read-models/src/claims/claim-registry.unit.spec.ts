import type { RecordedEvent } from '@galley/event-store';
import Database from 'better-sqlite3';
import { applyBatch } from '../runner/projection';
import { analysisArticle } from '../../../editorial/src/claims/analysis-article.fixture';
import { ANALYSIS, CLAIMS, eddie, fay, walt, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleScript, dumpTables, iso, minute, PositionCounter } from '../testing/article-script.fixtures';
import { claimIdWith, fred, streamOf, timeline, verdictBy } from '../testing/claim-desk.fixtures';
import { ClaimRegistryProjection } from './claim-registry.projection';
import { ClaimRegistryReadModel } from './claim-registry.read-model';

const CHATGPT_KEY = 'chatgpt|300000000|users';
const SHORT_NOTE = {
  title: 'ChatGPT, by the numbers',
  dek: '',
  body: 'ChatGPT has more than 300 million weekly users, OpenAI said on Wednesday.\n\nWhether they pay is another matter.',
};

/**
 * Four articles citing ChatGPT's 300 million weekly users, through the real decider:
 * "a" (ANALYSIS) and "b" (the house-style piece) are checked and published; "e" too, and it is
 * retracted later; "d" waits in FACT_CHECK. Fred then disputes b's figure, which Fay had verified.
 */
function registryMorning() {
  const a = new ArticleScript('a', wanda).draft(ANALYSIS, minute(0)).throughApproval(minute(1));
  a.publish(minute(20), { edition: 15, slug: 'a' });
  const b = new ArticleScript('b', walt).draft(analysisArticle, minute(2)).throughApproval(minute(21));
  b.publish(minute(50), { edition: 16, slug: 'b' });
  const e = new ArticleScript('e', walt).draft(SHORT_NOTE, minute(3)).throughApproval(minute(51));
  e.publish(minute(60), { edition: 17, slug: 'e' });
  const d = new ArticleScript('d', wanda).draft({ ...SHORT_NOTE, title: 'Still being checked' }, minute(4)).submit(minute(61));

  verdictBy(b, fred, CLAIMS.users, 'DISPUTED', minute(70), 'OpenAI counts monthly users');
  const ids = { a: claimIdWith(a, CLAIMS.users), b: claimIdWith(b, CLAIMS.users), d: claimIdWith(d, CLAIMS.users), e: claimIdWith(e, CLAIMS.users) };
  return { a, b, d, e, ids };
}

function eventsOf(...scripts: ArticleScript[]): RecordedEvent[] {
  return timeline(new PositionCounter(), ...scripts.map((s) => streamOf(s)));
}

describe('ClaimRegistryProjection and ClaimRegistryReadModel', () => {
  let db: Database.Database;
  let projection: ClaimRegistryProjection;
  let registry: ClaimRegistryReadModel;

  beforeEach(() => {
    db = new Database(':memory:');
    projection = new ClaimRegistryProjection();
    projection.migrate(db);
    registry = new ClaimRegistryReadModel(db);
  });
  afterEach(() => db.close());

  function apply(events: readonly RecordedEvent[], into: { db: Database.Database; projection: ClaimRegistryProjection } = { db, projection }): void {
    applyBatch(into.db, [into.projection], events);
  }

  it('files each claim under subject|value|unit', () => {
    const { a, b, d, e, ids } = registryMorning();
    apply(eventsOf(a, b, d, e));

    expect([registry.keyOf('a', ids.a), registry.keyOf('b', ids.b), registry.keyOf('d', ids.d), registry.keyOf('e', ids.e)]).toEqual(
      Array(4).fill(CHATGPT_KEY),
    );
    expect(registry.keyOf('a', claimIdWith(a, CLAIMS.capex))).toBe('microsoft|40000000000|USD');
    expect(registry.keyOf('b', claimIdWith(b, '$40 billion of capex'))).toBe('microsoft|40000000000|USD');
    // "According to the company, its largest cluster…": no name to file it under.
    expect(registry.keyOf('a', claimIdWith(a, CLAIMS.companyReported))).toBeNull();
  });

  it('shows the other equivalent claims with their latest verdicts, most recently checked first', () => {
    const { a, b, d, e, ids } = registryMorning();
    apply(eventsOf(a, b, d, e));

    const equivalents = registry.equivalents('a', ids.a);
    expect(equivalents.map((q) => ({ article: q.articleId, claim: q.claimId, status: q.status, checker: q.checker?.id ?? null, at: q.at }))).toEqual([
      { article: 'b', claim: ids.b, status: 'DISPUTED', checker: fred.id, at: iso(70) },
      { article: 'e', claim: ids.e, status: 'VERIFIED', checker: fay.id, at: expect.any(String) },
      { article: 'd', claim: ids.d, status: 'PENDING', checker: null, at: null },
    ]);
    expect(equivalents[0]).toMatchObject({ articleTitle: analysisArticle.title, articleStage: 'PUBLISHED', note: 'OpenAI counts monthly users' });
    expect(registry.equivalents('a', claimIdWith(a, CLAIMS.companyReported))).toEqual([]);
    expect(registry.equivalents('nope', 'c1')).toEqual([]);
  });

  it('suggests a correction to every other published article citing a verified claim once it is disputed', () => {
    const { a, b, d, e, ids } = registryMorning();
    const events = eventsOf(a, b, d, e);
    apply(events.filter((ev) => ev.created < minute(70)));
    expect(registry.suggestedCorrections()).toEqual([]);

    apply(events.filter((ev) => ev.created >= minute(70)));
    const suggestions = registry.suggestedCorrections();
    expect(suggestions.map((s) => [s.articleId, s.cited.claimId])).toEqual([
      ['a', ids.a],
      ['e', ids.e],
    ]);
    expect(suggestions[0]).toEqual({
      articleId: 'a',
      articleTitle: ANALYSIS.title,
      key: CHATGPT_KEY,
      reason: `An equivalent claim in “${analysisArticle.title}” was disputed: “${b.state.claims.find((c) => c.id === ids.b)!.text}” — OpenAI counts monthly users`,
      at: iso(70),
      cited: { claimId: ids.a, text: 'OpenAI says ChatGPT now has more than 300 million weekly users.' },
      disputed: {
        articleId: 'b',
        articleTitle: analysisArticle.title,
        claimId: ids.b,
        text: expect.stringContaining('300 million weekly users'),
        note: 'OpenAI counts monthly users',
        checker: { id: fred.id, name: fred.name },
      },
    });
    expect(registry.articlesWithSuggestedCorrections()).toEqual(['a', 'e']);
  });

  it('clears a suggestion when its article issues a correction or is retracted', () => {
    const { a, b, d, e } = registryMorning();
    a.run('IssueCorrection', eddie, { kind: 'CORRECTION', body: a.state.body.replace('weekly', 'monthly'), note: 'OpenAI counts monthly users.' }, minute(80));
    apply(eventsOf(a, b, d, e));
    expect(registry.articlesWithSuggestedCorrections()).toEqual(['e']);

    e.run('RetractArticle', eddie, { reason: 'The figure does not hold' }, minute(90));
    apply(streamOf(e).slice(-1).map((ev) => ({ ...ev, position: { commit: 1000n, prepare: 1000n } })));
    expect(registry.suggestedCorrections()).toEqual([]);
  });

  it('withdraws the suggestions when the disputed claim is confirmed again', () => {
    const { a, b, d, e, ids } = registryMorning();
    verdictBy(b, fred, CLAIMS.users, 'VERIFIED', minute(95));
    apply(eventsOf(a, b, d, e));

    expect(registry.suggestedCorrections()).toEqual([]);
    expect(registry.equivalents('a', ids.a)[0]).toMatchObject({ articleId: 'b', status: 'VERIFIED', at: iso(95) });
  });

  it('suggests nothing when the disputed claim had never been verified or attributed', () => {
    const { a, b, d, e } = registryMorning();
    verdictBy(d, fay, CLAIMS.users, 'DISPUTED', minute(65), 'Monthly, not weekly');
    apply(eventsOf(a, b, d, e).filter((ev) => ev.created < minute(70)));

    expect(registry.suggestedCorrections()).toEqual([]);
  });

  it('no longer counts a claim whose sentence was edited away as citing the figure', () => {
    const { a, b, d, e, ids } = registryMorning();
    const sentence = 'OpenAI says ChatGPT now has more than 300 million weekly users.';
    a.run('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: a.state.body.replace(sentence, 'OpenAI no longer says how many use ChatGPT.') }, minute(65));
    apply(eventsOf(a, b, d, e));

    expect(registry.equivalents('b', ids.b).map((q) => q.articleId)).toEqual(['e', 'd']);
    expect(registry.articlesWithSuggestedCorrections()).toEqual(['e']);
  });

  describe('replays', () => {
    function referenceDump(events: readonly RecordedEvent[]) {
      const reference = new Database(':memory:');
      try {
        const fresh = new ClaimRegistryProjection();
        fresh.migrate(reference);
        apply(events, { db: reference, projection: fresh });
        return dumpTables(reference);
      } finally {
        reference.close();
      }
    }

    it('leaves the tables unchanged when every event is applied twice', () => {
      const { a, b, d, e } = registryMorning();
      a.run('IssueCorrection', eddie, { kind: 'CORRECTION', body: a.state.body.replace('weekly', 'monthly'), note: 'Monthly users.' }, minute(80));
      const events = eventsOf(a, b, d, e);
      apply(events);
      const once = dumpTables(db);
      expect(once.claim_registry_suggestions).toHaveLength(1);

      apply(events);
      expect(dumpTables(db)).toEqual(once);
      apply(events.slice(Math.floor(events.length / 3)));
      expect(dumpTables(db)).toEqual(once);
      expect(referenceDump(events.flatMap((ev) => [ev, ev]))).toEqual(once);
    });
  });
});
