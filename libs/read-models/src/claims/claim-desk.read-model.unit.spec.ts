import Database from 'better-sqlite3';
import { applyBatch } from '../runner/projection';
import { CLAIMS, fay } from '../../../editorial/src/testing/article.fixtures';
import { InvalidCursorError } from '../articles/article-read-model';
import { iso } from '../testing/article-script.fixtures';
import { fred } from '../testing/claim-desk.fixtures';
import { deskMorning } from '../testing/claim-desk.scenario';
import { ClaimDeskProjection } from './claim-desk.projection';
import { ClaimDeskReadModel, stats } from './claim-desk.read-model';
import { recordQueryPlans } from '../testing/query-plans';

describe('ClaimDeskReadModel', () => {
  let db: Database.Database;
  let desk: ClaimDeskReadModel;
  let morning: ReturnType<typeof deskMorning>;

  beforeEach(() => {
    db = new Database(':memory:');
    const projection = new ClaimDeskProjection();
    projection.migrate(db);
    morning = deskMorning();
    applyBatch(db, [projection], morning.events);
    desk = new ClaimDeskReadModel(db);
  });
  afterEach(() => db.close());

  const bClaims = () => morning.b.state.claims;

  describe('queue', () => {
    it('lists pending claims of articles at FACT_CHECK or later, oldest first — not a discarded article’s', () => {
      const page = desk.queue({ first: 100 });
      const expected = [
        ...bClaims().map((c) => ({ articleId: 'b', claimId: c.id, since: iso(20) })),
        { articleId: 'a', claimId: morning.ids.correctedCapexId, since: iso(120) },
      ];
      expect(page.items.map(({ node }) => ({ articleId: node.articleId, claimId: node.claimId, since: node.since }))).toEqual(expected);
      expect(page).toMatchObject({ totalCount: expected.length, hasNextPage: false, hasPreviousPage: false });
    });

    it('is read through the index of the queue’s claims alone, which a verdict leaves', () => {
      new ClaimDeskProjection().createIndexes(db);
      const plans = recordQueryPlans(db);
      desk.queue({ first: 10 });
      desk.counts();
      expect(plans).toHaveLength(3);
      for (const plan of plans) expect(plan).toContain('SCAN claim_desk_claims USING INDEX claim_desk_claims_queue');
      const count = (sql: string) => (db.prepare(`SELECT COUNT(*) AS n FROM claim_desk_claims ${sql}`).get() as { n: number }).n;
      const pending = count(`WHERE status = 'PENDING' AND dropped_at IS NULL`);
      expect(count(`INDEXED BY claim_desk_claims_queue WHERE status = 'PENDING' AND dropped_at IS NULL`)).toBe(pending);
      expect(count('')).toBeGreaterThan(pending);
    });

    it('gives each item its article, figure, assignee and post-publication flag', () => {
      const [correction] = desk.queue({ first: 10, articleId: 'a' }).items;
      expect(correction.node).toEqual({
        articleId: 'a',
        articleTitle: morning.a.state.title,
        articleStage: 'PUBLISHED',
        claimId: morning.ids.correctedCapexId,
        text: 'Microsoft expects to spend $45 billion of capex in 2025, most of it on data centres.',
        status: 'PENDING',
        kind: 'MONEY',
        kinds: ['MONEY', 'DATE', 'ATTRIBUTION'],
        value: 45e9,
        unit: 'USD',
        score: expect.any(Number),
        interestedParty: false,
        since: iso(120),
        assignee: null,
        postPublication: true,
      });
    });

    it('pages with cursors: each page starts after the last item of the one before, with no gap and no repeat', () => {
      const all = desk.queue({ first: 100 }).items.map((i) => i.node.claimId + i.node.articleId);
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = desk.queue({ first: 3, after });
        seen.push(...page.items.map((i) => i.node.claimId + i.node.articleId));
        expect(page.totalCount).toBe(all.length);
        expect(page.hasPreviousPage).toBe(after !== null);
        pages++;
        if (!page.hasNextPage) break;
        after = page.items[page.items.length - 1].cursor;
      }
      expect(seen).toEqual(all);
      expect(pages).toBe(Math.ceil(all.length / 3));
    });

    it('filters by assignee, by nobody, by kind and by article', () => {
      const ids = (page: ReturnType<ClaimDeskReadModel['queue']>) => page.items.map((i) => `${i.node.articleId}/${i.node.claimId}`);
      const bIds = bClaims().map((c) => `b/${c.id}`);

      expect(ids(desk.queue({ first: 100, assigneeId: fay.id }))).toEqual([`b/${morning.ids.metaId}`]);
      expect(ids(desk.queue({ first: 100, assigneeId: fred.id }))).toEqual(bIds.filter((id) => id !== `b/${morning.ids.metaId}`));
      expect(ids(desk.queue({ first: 100, unassigned: true }))).toEqual([`a/${morning.ids.correctedCapexId}`]);
      expect(ids(desk.queue({ first: 100, kind: 'MONEY' }))).toEqual([
        ...bClaims().filter((c) => c.kind === 'MONEY').map((c) => `b/${c.id}`),
        `a/${morning.ids.correctedCapexId}`,
      ]);
      expect(ids(desk.queue({ first: 100, articleId: 'b', kind: 'PERCENTAGE' }))).toEqual(
        bClaims().filter((c) => c.kind === 'PERCENTAGE').map((c) => `b/${c.id}`),
      );
      expect(desk.queue({ first: 100, articleId: 'c' }).totalCount).toBe(0);
    });

    it('refuses a cursor it did not give out', () => {
      expect(() => desk.queue({ first: 5, after: 'not-a-cursor' })).toThrow(InvalidCursorError);
    });
  });

  it('counts the queue in all, by kind, by assignee and unassigned', () => {
    const byKind = new Map<string, number>();
    for (const claim of bClaims()) byKind.set(claim.kind, (byKind.get(claim.kind) ?? 0) + 1);
    byKind.set('MONEY', (byKind.get('MONEY') ?? 0) + 1);
    const counts = desk.counts();

    expect(counts.total).toBe(bClaims().length + 1);
    expect(Object.fromEntries(counts.byKind.map((k) => [k.kind, k.count]))).toEqual(Object.fromEntries(byKind));
    expect(counts.byKind.reduce((n, k) => n + k.count, 0)).toBe(counts.total);
    expect(counts.byAssignee).toEqual([
      { assignee: { id: fred.id, name: fred.name }, count: bClaims().length - 1 },
      { assignee: { id: fay.id, name: fay.name }, count: 1 },
    ]);
    expect(counts.unassigned).toBe(1);
    expect(desk.counts({ articleId: 'a' })).toEqual({ total: 1, byKind: [{ kind: 'MONEY', count: 1 }], byAssignee: [], unassigned: 1 });
  });

  describe('throughput', () => {
    it('counts every verdict per checker and per status, revisions included', () => {
      expect(desk.throughput()).toEqual({
        total: 6,
        perChecker: [
          { checker: { id: fay.id, name: fay.name }, verdicts: 3, byStatus: [{ status: 'VERIFIED', count: 3 }] },
          {
            checker: { id: fred.id, name: fred.name },
            verdicts: 3,
            byStatus: [
              { status: 'ATTRIBUTED', count: 1 },
              { status: 'DISPUTED', count: 1 },
              { status: 'VERIFIED', count: 1 },
            ],
          },
        ],
        perStatus: [
          { status: 'VERIFIED', count: 4 },
          { status: 'ATTRIBUTED', count: 1 },
          { status: 'DISPUTED', count: 1 },
        ],
      });
    });

    it('counts the verdicts of a period, its start included and its end not', () => {
      const period = desk.throughput({ since: iso(25), until: iso(71) });
      expect(period.total).toBe(3);
      expect(period.perChecker.map((c) => [c.checker.id, c.verdicts])).toEqual([
        [fred.id, 2],
        [fay.id, 1],
      ]);
      expect(desk.throughput({ since: new Date(iso(72)) }).perStatus).toEqual([{ status: 'DISPUTED', count: 1 }]);
      expect(desk.throughput({ until: iso(0) })).toEqual({ total: 0, perChecker: [], perStatus: [] });
    });
  });

  it('measures the wait for a first verdict: median and 90th percentile, overall and per kind', () => {
    // First verdicts after 300, 900, 1800, 3600 and 3660 seconds; the later dispute is no wait.
    expect(desk.timeToVerdict()).toEqual({
      overall: { count: 5, medianSeconds: 1800, p90Seconds: 3660 },
      perKind: [
        { kind: 'ATTRIBUTION', count: 1, medianSeconds: 3660, p90Seconds: 3660 },
        { kind: 'DATE', count: 1, medianSeconds: 900, p90Seconds: 900 },
        { kind: 'MONEY', count: 1, medianSeconds: 1800, p90Seconds: 1800 },
        { kind: 'QUANTITY', count: 2, medianSeconds: 1950, p90Seconds: 3600 },
      ],
    });
  });

  it('computes percentiles by nearest rank', () => {
    expect(stats([])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(stats([10, 1, 7, 3, 5, 9, 2, 8, 6, 4])).toEqual({ count: 10, medianSeconds: 5.5, p90Seconds: 9 });
    expect(stats(Array.from({ length: 11 }, (_, i) => i + 1))).toEqual({ count: 11, medianSeconds: 6, p90Seconds: 10 });
  });

  it('reads one claim, dropped ones too', () => {
    expect(desk.claim('a', morning.ids.capexId)).toMatchObject({ status: 'VERIFIED', droppedAt: iso(120), text: expect.stringContaining(CLAIMS.capex) });
    expect(desk.claim('a', 'c99')).toBeNull();
  });
});
