import { STAGES, type Actor } from '@galley/editorial';
import Database from 'better-sqlite3';
import { ANALYSIS, eddie, fay, NOTE_WITHOUT_CLAIMS, walt, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleScript, iso, minute, PositionCounter, recordedEvents } from '../testing/article-script.fixtures';
import {
  ArticleReadModel,
  BodyNotReadError,
  InvalidCursorError,
  isListing,
  type ArticleFilter,
  type ArticleListing,
  type ArticleRow,
  type Page,
} from './article-read-model';
import { applyBatch } from '../runner/projection';
import { ArticleReadModelProjection } from './article-read-model.projection';

/** A body with exactly one checkable sentence. */
const ONE_CLAIM = { dek: '', body: 'Microsoft expects to spend $40 billion of capex in 2025.' };

describe('ArticleReadModel', () => {
  let db: Database.Database;
  let projection: ArticleReadModelProjection;
  let model: ArticleReadModel;
  const positions = new PositionCounter();

  beforeEach(() => {
    db = new Database(':memory:');
    projection = new ArticleReadModelProjection();
    projection.migrate(db);
    model = new ArticleReadModel(db);
  });
  afterEach(() => db.close());

  function project(...scripts: ArticleScript[]): void {
    for (const script of scripts) {
      const applied = (db.prepare('SELECT version FROM articles WHERE id = ?').get(script.id) as { version: number } | undefined)?.version ?? 0;
      applyBatch(db, [projection], recordedEvents(script, positions, applied));
    }
  }

  function article(id: string, author: Actor, text: { title: string; dek?: string; body?: string; series?: string | null }, draftedAt: Date) {
    return new ArticleScript(id, author).draft({ dek: '', body: NOTE_WITHOUT_CLAIMS.body, series: null, ...text }, draftedAt);
  }

  /** Drafted at `draftedAt`, through every step a minute apart, published at `publishedAt`. */
  function publishedArticle(id: string, series: string | null, publishedAt: Date, draftedAt = minute(0)) {
    return article(id, wanda, { title: `Article ${id}`, series }, draftedAt)
      .throughApproval(new Date(draftedAt.getTime() + 60_000))
      .publish(publishedAt, { edition: 1, slug: `slug-${id}` });
  }

  const ids = (items: { node: { state: { id: string } } }[]) => items.map((item) => item.node.state.id);

  /** What a listing must say of an article: its folded state's own values, field by field. */
  const listingOf = ({ state, version }: ArticleRow): ArticleListing => {
    const { id, stage, title, dek, author, series, updatedAt, stageEnteredAt, dueAt, slug, edition, publishedAt, scheduledFor, correctionSuggested } = state;
    return { id, version, stage, title, dek, author, series, updatedAt, stageEnteredAt, dueAt, slug, edition, publishedAt, scheduledFor, correctionSuggested };
  };

  describe('list', () => {
    /**
     * Created newest first: a7 (50), a6 (40), a5 and a4 (both 30: the id breaks the tie), a3 (20), a2 (10), a1 (0).
     */
    function corpus(): void {
      const a1 = article('a1', wanda, { title: ANALYSIS.title, dek: ANALYSIS.dek, body: ANALYSIS.body, series: 'Compute Wars' }, minute(0));
      a1.throughApproval(minute(100)).publish(minute(200), { edition: 1, slug: 'the-bill' });
      const a2 = article('a2', walt, { title: '100% renewable by 2030?', series: 'Energy' }, minute(10));
      const a3 = article('a3', wanda, { title: 'Naming things in snake_case' }, minute(20)).submit(minute(25));
      const a4 = article('a4', eddie, { title: 'Why snake-case won' }, minute(30));
      const a5 = article('a5', wanda, { title: 'Chips, again', dek: ANALYSIS.dek, body: ANALYSIS.body, series: 'Compute Wars' }, minute(30)).submit(minute(35));
      const a6 = article('a6', eddie, { title: 'A note from the editor' }, minute(40));
      a6.run('DiscardArticle', eddie, { reason: 'Not needed' }, minute(45));
      const a7 = article('a7', walt, { title: 'Fifty percent of nothing', series: 'Energy' }, minute(50));
      project(a1, a2, a3, a4, a5, a6, a7);
    }

    it.each<[string, ArticleFilter, string[]]>([
      ['no filter', {}, ['a7', 'a6', 'a5', 'a4', 'a3', 'a2', 'a1']],
      ['stage DRAFT', { stage: 'DRAFT' }, ['a7', 'a4', 'a2']],
      ['stage SUMMARIZE', { stage: 'SUMMARIZE' }, ['a3']],
      ['stage FACT_CHECK', { stage: 'FACT_CHECK' }, ['a5']],
      ['stage PUBLISHED', { stage: 'PUBLISHED' }, ['a1']],
      ['stage DISCARDED', { stage: 'DISCARDED' }, ['a6']],
      ['stage RETRACTED (none)', { stage: 'RETRACTED' }, []],
      ['publishedOnly', { publishedOnly: true }, ['a1']],
      ['authorId walt', { authorId: walt.id }, ['a7', 'a2']],
      ['authorId eddie', { authorId: eddie.id }, ['a6', 'a4']],
      ['series Compute Wars', { series: 'Compute Wars' }, ['a5', 'a1']],
      ['series Energy', { series: 'Energy' }, ['a7', 'a2']],
      ['series and stage', { series: 'Compute Wars', stage: 'FACT_CHECK' }, ['a5']],
      ['author and series', { authorId: wanda.id, series: 'Energy' }, []],
      ['search in the title, any case', { search: 'BUILD-OUT' }, ['a1']],
      ['search in the dek', { search: 'hyperscalers' }, ['a5', 'a1']],
      ['search in the body', { search: 'satya nadella' }, ['a5', 'a1']],
      ['search with a word in two titles', { search: 'snake' }, ['a4', 'a3']],
      ['search "%" matches a literal percent sign only', { search: '%' }, ['a2']],
      ['search "100%" is literal', { search: '100%' }, ['a2']],
      ['search "_" matches a literal underscore only', { search: '_' }, ['a3']],
      ['search "snake_case" does not match "snake-case"', { search: 'snake_case' }, ['a3']],
      ['search with a backslash', { search: '\\' }, []],
      ['search and author', { search: 'snake', authorId: eddie.id }, ['a4']],
      ['search that matches nothing', { search: 'zeppelin' }, []],
    ])('filters by %s', (_name, filter, expected) => {
      corpus();
      const page = model.list(filter, 100, null);

      expect(ids(page.items)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
      expect(page.hasNextPage).toBe(false);
      expect(page.hasPreviousPage).toBe(false);
    });

    it('lists without bodies the same page, the same states but for the body, which cannot be read', () => {
      corpus();
      for (const filter of [{}, { stage: 'DRAFT' as const }, { series: 'Compute Wars' }, { search: 'snake' }]) {
        const full = model.list(filter, 3, null);
        const light = model.list(filter, 3, null, 'state');

        expect(ids(light.items)).toEqual(ids(full.items));
        expect(light.items.map((item) => item.cursor)).toEqual(full.items.map((item) => item.cursor));
        expect([light.totalCount, light.hasNextPage]).toEqual([full.totalCount, full.hasNextPage]);
        light.items.forEach((item, index) => {
          const { body, ...rest } = full.items[index].node.state;
          expect(body.length).toBeGreaterThan(0);
          expect({ ...item.node.state }).toEqual(rest);
          expect(item.node.version).toBe(full.items[index].node.version);
          expect(() => item.node.state.body).toThrow(BodyNotReadError);
        });
      }
    });

    it('matches a search outside ASCII whatever its case', () => {
      project(article('u1', wanda, { title: 'Über den Wolken' }, minute(0)), article('u2', wanda, { title: 'Unter den Wolken' }, minute(1)));
      expect(ids(model.list({ search: 'ÜBER' }, 10, null).items)).toEqual(['u1']);
      expect(ids(model.list({ search: 'wolken' }, 10, null).items)).toEqual(['u2', 'u1']);
    });

    it('returns each article with its version and folded state', () => {
      corpus();
      const [a7] = model.list({ authorId: walt.id }, 1, null).items;
      expect(a7.node).toEqual({ version: 1, state: expect.objectContaining({ id: 'a7', title: 'Fifty percent of nothing', stage: 'DRAFT', series: 'Energy' }) });
    });

    it.each([1, 2, 3, 6, 7])('pages through everything %i at a time: no duplicates, no omissions, exact page flags', (size) => {
      corpus();
      const all = ['a7', 'a6', 'a5', 'a4', 'a3', 'a2', 'a1'];
      const seen: string[] = [];
      const pages: { hasNextPage: boolean; hasPreviousPage: boolean; totalCount: number; count: number }[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page: Page<ArticleRow> = model.list({}, size, after);
        seen.push(...ids(page.items));
        pages.push({ hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, totalCount: page.totalCount, count: page.items.length });
        if (!page.hasNextPage) break;
        after = page.items[page.items.length - 1].cursor;
      }

      expect(seen).toEqual(all);
      const expectedPages = Math.ceil(all.length / size);
      expect(pages).toEqual(
        Array.from({ length: expectedPages }, (_, index) => ({
          hasNextPage: index < expectedPages - 1,
          hasPreviousPage: index > 0,
          totalCount: 7,
          count: Math.min(size, all.length - index * size),
        })),
      );
    });

    it('pages through a filtered list, with the filtered total', () => {
      corpus();
      const first = model.list({ stage: 'DRAFT' }, 2, null);
      const second = model.list({ stage: 'DRAFT' }, 2, first.items[1].cursor);

      expect([ids(first.items), first.totalCount, first.hasNextPage]).toEqual([['a7', 'a4'], 3, true]);
      expect([ids(second.items), second.totalCount, second.hasNextPage, second.hasPreviousPage]).toEqual([['a2'], 3, false, true]);
    });

    it('keeps its place when a newer article arrives between two pages', () => {
      corpus();
      const first = model.list({}, 3, null);
      project(article('a8', walt, { title: 'Breaking' }, minute(60)));
      const rest = model.list({}, 10, first.items[2].cursor);

      expect(ids(first.items)).toEqual(['a7', 'a6', 'a5']);
      expect(ids(rest.items)).toEqual(['a4', 'a3', 'a2', 'a1']);
      expect(rest.totalCount).toBe(8);
    });

    it.each([
      ['not base64 JSON at all', 'not-a-cursor'],
      ['JSON of the wrong shape', Buffer.from(JSON.stringify({ createdAt: iso(0), id: 'a1' })).toString('base64url')],
      ['an array of the wrong length (a claim-queue cursor)', Buffer.from(JSON.stringify([iso(0), 'a1', 'c1'])).toString('base64url')],
      ['an array of numbers', Buffer.from(JSON.stringify([1, 2])).toString('base64url')],
    ])('refuses a cursor that is %s with InvalidCursorError', (_name, cursor) => {
      corpus();
      let error: unknown;
      try {
        model.list({}, 2, cursor);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidCursorError);
      expect((error as Error).name).toBe('InvalidCursorError');
    });
  });

  describe('listings', () => {
    /** One article of each kind a board shows: drafted, due, in review, scheduled, published, disputed after publication, discarded. */
    function corpus(): void {
      const l1 = article('l1', wanda, { title: 'A draft with a deadline', dek: 'Due soon', series: 'Energy' }, minute(0)).setDeadline(minute(1), minute(500));
      const l2 = article('l2', walt, { title: 'Checked and reviewed', ...ONE_CLAIM, dek: 'A dek' }, minute(10)).throughApproval(minute(11));
      const l3 = article('l3', wanda, { title: 'Waiting for its hour' }, minute(20)).throughApproval(minute(21)).schedule(minute(30), minute(5000));
      const l4 = publishedArticle('l4', 'Compute Wars', minute(200), minute(30));
      const l5 = article('l5', eddie, { title: 'Disputed after publication', ...ONE_CLAIM }, minute(40)).throughApproval(minute(41));
      const [claim] = l5.state.claims;
      l5.publish(minute(100), { edition: 2, slug: 'slug-l5' }).verdict(claim.id, 'DISPUTED', minute(300), 'The filing says $35 billion');
      const l6 = article('l6', eddie, { title: 'Not needed' }, minute(50));
      l6.run('DiscardArticle', eddie, { reason: 'Overtaken by events' }, minute(55));
      const l7 = article('l7', walt, { title: 'Revised twice', dek: 'First dek' }, minute(60));
      l7.run('ReviseArticle', walt, { title: 'Revised twice, titled again', dek: 'Second dek' }, minute(70));
      project(l1, l2, l3, l4, l5, l6, l7);
    }

    it.each<[string, ArticleFilter]>([
      ['no filter', {}],
      ['a stage', { stage: 'PUBLISHED' }],
      ['an author', { authorId: eddie.id }],
      ['a series', { series: 'Energy' }],
      ['a search', { search: 'twice' }],
      ['publishedOnly', { publishedOnly: true }],
    ])('lists by %s the same page as the folded articles, each listing the state’s own values', (_name, filter) => {
      corpus();
      for (const size of [2, 100]) {
        const full = model.list(filter, size, null);
        const listed = model.list(filter, size, null, 'listing');

        expect(full.items.length).toBeGreaterThan(0);
        expect(listed.items.map((item) => item.cursor)).toEqual(full.items.map((item) => item.cursor));
        expect([listed.totalCount, listed.hasNextPage, listed.hasPreviousPage]).toEqual([full.totalCount, full.hasNextPage, full.hasPreviousPage]);
        expect(listed.items.map((item) => item.node)).toEqual(full.items.map((item) => listingOf(item.node)));
        expect(listed.items.every((item) => isListing(item.node))).toBe(true);
        expect(full.items.some((item) => isListing(item.node))).toBe(false);
      }
    });

    it('lists values of every kind: an author, a deadline, an edition and slug, a schedule, a suggested correction', () => {
      corpus();
      const byId = new Map(model.list({}, 100, null, 'listing').items.map((item) => [item.node.id, item.node]));

      expect(byId.get('l1')).toMatchObject({ stage: 'DRAFT', dek: 'Due soon', author: { id: wanda.id, name: wanda.name }, series: 'Energy', dueAt: iso(500) });
      expect(byId.get('l3')).toMatchObject({ stage: 'SCHEDULED', scheduledFor: iso(5000), edition: null, slug: null });
      expect(byId.get('l4')).toMatchObject({ stage: 'PUBLISHED', edition: 1, slug: 'slug-l4', publishedAt: iso(200), correctionSuggested: false });
      expect(byId.get('l5')).toMatchObject({ stage: 'PUBLISHED', edition: 2, slug: 'slug-l5', correctionSuggested: true });
      expect(byId.get('l7')).toMatchObject({ title: 'Revised twice, titled again', dek: 'Second dek', version: 2, updatedAt: iso(70) });
    });

    it('pages through listings with the same cursors as the folded articles', () => {
      corpus();
      const first = model.list({}, 3, null, 'listing');
      const second = model.list({}, 3, first.items[2].cursor, 'listing');
      const folded = model.list({}, 3, first.items[2].cursor);

      expect(second.items.map((item) => item.node.id)).toEqual(ids(folded.items));
      expect(second.hasPreviousPage).toBe(true);
    });

    it('reads no folded state: listings answer though every state is unreadable, and the state reads then fail', () => {
      corpus();
      db.exec(`UPDATE article_states SET state = 'not JSON'`);

      expect(model.list({}, 100, null, 'listing').items).toHaveLength(7);
      expect(model.dashboard(minute(1000), 'listing').overdue.map((row) => row.id)).toEqual(['l1']);
      expect(model.listing('l4')).toMatchObject({ id: 'l4', stage: 'PUBLISHED' });
      // The state is put together with its claims in SQL, which finds it malformed first.
      expect(() => model.list({}, 100, null, 'state')).toThrow(/malformed JSON/);
      expect(() => model.list({}, 100, null)).toThrow(/malformed JSON/);
    });

    it('gives one article’s listing, as listed, or null', () => {
      corpus();
      for (const id of ['l1', 'l3', 'l5', 'l6']) expect(model.listing(id)).toEqual(listingOf(model.get(id)!));
      expect(model.listing('missing')).toBeNull();
    });
  });

  describe('claimQueue', () => {
    /** qB submitted at 5, qA and qC at 10 (article id breaks the tie), a claim added to qA at 15; qD in DRAFT. */
    function corpus() {
      const qA = article('qA', wanda, ANALYSIS, minute(0)).submit(minute(10));
      const qB = article('qB', walt, { ...ANALYSIS, title: 'Second look' }, minute(0)).submit(minute(5));
      const qC = article('qC', wanda, { ...ANALYSIS, title: 'Third look' }, minute(0)).submit(minute(10));
      const qD = article('qD', wanda, ANALYSIS, minute(0));
      qA.run('AddClaim', fay, { text: 'Whether the spending pays off is another question.' }, minute(15));
      project(qA, qB, qC, qD);
      const pending = (script: ArticleScript) =>
        script.state.claims.filter((c) => c.status === 'PENDING').sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id < b.id ? -1 : 1));
      const expected = [
        ...pending(qB).map((claim) => ({ articleId: 'qB', articleTitle: 'Second look', claim, waitingSince: iso(5), postPublication: false })),
        ...pending(qA).filter((c) => c.since === iso(10)).map((claim) => ({ articleId: 'qA', articleTitle: ANALYSIS.title, claim, waitingSince: iso(10), postPublication: false })),
        ...pending(qC).map((claim) => ({ articleId: 'qC', articleTitle: 'Third look', claim, waitingSince: iso(10), postPublication: false })),
        ...pending(qA).filter((c) => c.since === iso(15)).map((claim) => ({ articleId: 'qA', articleTitle: ANALYSIS.title, claim, waitingSince: iso(15), postPublication: false })),
      ];
      return { expected, qA };
    }

    it('lists every pending claim of articles under fact-check, longest waiting first', () => {
      const { expected, qA } = corpus();
      const page = model.claimQueue(100, null);

      expect(page.items.map((item) => item.node)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
      expect(page.hasNextPage).toBe(false);
      expect(qA.state.claims.filter((c) => c.origin === 'ADDED')).toHaveLength(1);
      expect(expected[expected.length - 1].claim.origin).toBe('ADDED');
      expect(expected.some((item) => item.articleId === 'qD')).toBe(false);
    });

    it.each([1, 2, 4])('pages %i at a time through the whole queue without duplicates or gaps', (size) => {
      const { expected } = corpus();
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = model.claimQueue(size, after);
        pages += 1;
        expect(page.totalCount).toBe(expected.length);
        expect(page.hasPreviousPage).toBe(after !== null);
        seen.push(...page.items.map((item) => `${item.node.articleId}/${item.node.claim.id}`));
        if (!page.hasNextPage || pages > 50) break;
        expect(page.items).toHaveLength(size);
        after = page.items[page.items.length - 1].cursor;
      }

      expect(seen).toEqual(expected.map((item) => `${item.articleId}/${item.claim.id}`));
      expect(pages).toBe(Math.ceil(expected.length / size));
    });

    it('drops a claim once it has a verdict', () => {
      const qB = article('qB', walt, ANALYSIS, minute(0)).submit(minute(5));
      const [first, second] = qB.state.claims;
      qB.verdict(first.id, 'VERIFIED', minute(6)).verdict(second.id, 'DISPUTED', minute(7), 'Which filing?');
      project(qB);

      const queued = model.claimQueue(100, null).items.map((item) => item.node.claim.id);
      expect(queued).toEqual(qB.state.claims.filter((c) => c.status === 'PENDING').map((c) => c.id));
      expect(queued).not.toContain(first.id);
      expect(queued).not.toContain(second.id);
    });

    it('refuses a list cursor with InvalidCursorError', () => {
      corpus();
      const listCursor = Buffer.from(JSON.stringify([iso(0), 'qA'])).toString('base64url');
      expect(() => model.claimQueue(2, listCursor)).toThrow(InvalidCursorError);
      expect(() => model.claimQueue(2, 'garbage')).toThrow(InvalidCursorError);
    });
  });

  describe('dashboard', () => {
    const NOW = minute(1000);

    /**
     * Visits, in minutes: d1 DRAFT 0–now (due at 500); d2 DRAFT 100–200, FACT_CHECK 200–now; d3 DRAFT 0–300,
     * FACT_CHECK 300–300, SUMMARIZE 300–400, REVIEW 400–now; d4 and d6 DRAFT 0–10, FACT_CHECK 10–15,
     * SUMMARIZE 15–30, REVIEW 30–40, APPROVED 40–100, then PUBLISHED (d4 disputed, d6 disputed then corrected);
     * d5 DRAFT 0–50, then DISCARDED.
     */
    function corpus() {
      const d1 = article('d1', wanda, { title: 'Overdue draft' }, minute(0)).setDeadline(minute(5), minute(500));
      const d2 = article('d2', wanda, { ...ANALYSIS, title: 'Being checked' }, minute(100)).setDeadline(minute(150), minute(2000)).submit(minute(200));
      const d3 = article('d3', walt, { title: 'In review' }, minute(0)).submit(minute(300)).summarize(minute(310)).submitForReview(minute(400));
      const publishedOneClaim = (id: string) => {
        const script = article(id, wanda, { title: `Published ${id}`, ...ONE_CLAIM }, minute(0)).setDeadline(minute(1), minute(10)).submit(minute(10));
        const [claim] = script.state.claims;
        script.verdict(claim.id, 'VERIFIED', minute(15)).summarize(minute(20)).submitForReview(minute(30)).approve(minute(40));
        script.publish(minute(100), { edition: 1, slug: `slug-${id}` }).verdict(claim.id, 'DISPUTED', minute(200), 'The filing says $35 billion');
        return script;
      };
      const d4 = publishedOneClaim('d4');
      const d5 = article('d5', walt, { title: 'Dropped' }, minute(0)).setDeadline(minute(1), minute(20));
      d5.run('DiscardArticle', walt, { reason: 'Overtaken by events' }, minute(50));
      const d6 = publishedOneClaim('d6');
      d6.run('IssueCorrection', eddie, { kind: 'CORRECTION', body: ONE_CLAIM.body.replace('$40', '$35'), note: 'Capex is $35 billion.' }, minute(250));
      project(d1, d2, d3, d4, d5, d6);
      return { d2, d4, d6 };
    }

    it('counts articles per stage, in the order of the stages', () => {
      corpus();
      expect(model.dashboard(NOW).perStage).toEqual([
        { stage: 'DRAFT', count: 1 },
        { stage: 'FACT_CHECK', count: 1 },
        { stage: 'SUMMARIZE', count: 0 },
        { stage: 'REVIEW', count: 1 },
        { stage: 'APPROVED', count: 0 },
        { stage: 'SCHEDULED', count: 0 },
        { stage: 'PUBLISHED', count: 2 },
        { stage: 'RETRACTED', count: 0 },
        { stage: 'DISCARDED', count: 1 },
      ]);
      expect(STAGES).toHaveLength(9);
    });

    it('gives the median time in each open stage, counting a stay still under way up to now', () => {
      corpus();
      expect(model.dashboard(NOW).medianTimeInStage).toEqual([
        // [10, 10, 50, 100, 300, 1000] minutes
        { stage: 'DRAFT', seconds: 75 * 60 },
        // [0, 5, 5, 800]
        { stage: 'FACT_CHECK', seconds: 5 * 60 },
        // [15, 15, 100]
        { stage: 'SUMMARIZE', seconds: 15 * 60 },
        // [10, 10, 600]
        { stage: 'REVIEW', seconds: 10 * 60 },
        // [60, 60]
        { stage: 'APPROVED', seconds: 60 * 60 },
        { stage: 'SCHEDULED', seconds: null },
      ]);
    });

    it('counts pending claims, lists overdue open articles and published ones with a correction suggested', () => {
      const { d2, d6 } = corpus();
      const dashboard = model.dashboard(NOW);

      const d6Pending = d6.state.claims.filter((c) => c.status === 'PENDING');
      expect(d6Pending).toHaveLength(1);
      expect(dashboard.pendingClaims).toBe(d2.state.claims.length + 1);
      expect(dashboard.overdue.map((row) => row.state.id)).toEqual(['d1']);
      expect(dashboard.correctionSuggested.map((row) => [row.state.id, row.version])).toEqual([['d4', 14]]);
    });

    it('lists the same overdue and correction-suggested articles as listings, read from the columns', () => {
      corpus();
      for (const now of [NOW, minute(5)]) {
        const full = model.dashboard(now);
        const listed = model.dashboard(now, 'listing');
        const { overdue, correctionSuggested, ...counts } = full;

        expect(listed).toEqual({ ...counts, overdue: overdue.map(listingOf), correctionSuggested: correctionSuggested.map(listingOf) });
        expect(listed.overdue.length + listed.correctionSuggested.length).toBeGreaterThan(0);
        expect(model.dashboard(now, 'state').overdue.map((row) => row.state.id)).toEqual(overdue.map((row) => row.state.id));
      }
    });

    it('stops suggesting a correction for an article once it is retracted', () => {
      const r1 = article('r1', wanda, { title: 'Disputed then retracted', ...ONE_CLAIM }, minute(0)).throughApproval(minute(1));
      const [claim] = r1.state.claims;
      r1.publish(minute(100), { edition: 1, slug: 'slug-r1' }).verdict(claim.id, 'DISPUTED', minute(200), 'The filing says $35 billion');
      project(r1);
      expect(model.dashboard(NOW).correctionSuggested.map((row) => row.state.id)).toEqual(['r1']);

      r1.run('RetractArticle', eddie, { reason: 'The figure was wrong' }, minute(300));
      project(r1);
      expect(model.get('r1')?.state).toMatchObject({ stage: 'RETRACTED', correctionSuggested: true });
      expect(model.dashboard(NOW).correctionSuggested).toEqual([]);
    });

    it('treats a deadline as overdue only once it has passed', () => {
      corpus();
      expect(model.dashboard(minute(500)).overdue).toEqual([]);
      expect(model.dashboard(new Date(minute(500).getTime() + 1)).overdue.map((row) => row.state.id)).toEqual(['d1']);
    });

    it('is all zeros and nulls on an empty read model', () => {
      const dashboard = model.dashboard(NOW);
      expect(dashboard.perStage.every((s) => s.count === 0)).toBe(true);
      expect(dashboard.medianTimeInStage.every((s) => s.seconds === null)).toBe(true);
      expect([dashboard.pendingClaims, dashboard.overdue, dashboard.correctionSuggested]).toEqual([0, [], []]);
    });
  });

  describe('getPublishedBySlug', () => {
    it('returns a published article by its slug, and nothing that is not published', () => {
      const p1 = publishedArticle('p1', null, minute(100));
      const p2 = article('p2', wanda, { title: 'Scheduled' }, minute(0)).throughApproval(minute(1)).schedule(minute(10), minute(5000));
      const p3 = publishedArticle('p3', null, minute(100));
      p3.run('RetractArticle', eddie, { reason: 'Wrong' }, minute(200));
      const p4 = article('p4', wanda, { title: 'Approved' }, minute(0)).throughApproval(minute(1));
      project(p1, p2, p3, p4);

      expect(model.getPublishedBySlug('slug-p1')).toEqual({ version: p1.scripted.length, state: expect.objectContaining({ id: 'p1', stage: 'PUBLISHED' }) });
      expect(model.get('p3')?.state).toMatchObject({ stage: 'RETRACTED', slug: 'slug-p3' });
      expect(model.getPublishedBySlug('slug-p3')).toBeNull();
      expect(model.getPublishedBySlug('slug-p2')).toBeNull();
      expect(model.getPublishedBySlug('slug-p4')).toBeNull();
      expect(model.getPublishedBySlug('no-such-slug')).toBeNull();
      expect(model.get('p2')?.state).toMatchObject({ stage: 'SCHEDULED', scheduledFor: minute(5000).toISOString() });
    });
  });

  describe('dueSchedules', () => {
    it('lists scheduled articles whose time has come, and not cancelled or published ones', () => {
      const s1 = article('s1', wanda, { title: 'One' }, minute(0)).throughApproval(minute(1)).schedule(minute(100), minute(500));
      const s2 = article('s2', wanda, { title: 'Two' }, minute(0)).throughApproval(minute(1)).schedule(minute(100), minute(600));
      const s3 = article('s3', wanda, { title: 'Three' }, minute(0)).throughApproval(minute(1)).schedule(minute(100), minute(400));
      s3.run('CancelSchedule', eddie, {}, minute(150));
      const s4 = publishedArticle('s4', null, minute(100));
      project(s1, s2, s3, s4);

      const due = (now: Date) => model.dueSchedules(now).sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(due(minute(499))).toEqual([]);
      expect(due(minute(500))).toEqual([{ id: 's1', scheduledFor: iso(500) }]);
      expect(due(minute(700))).toEqual([
        { id: 's1', scheduledFor: iso(500) },
        { id: 's2', scheduledFor: iso(600) },
      ]);
    });
  });

  describe('neighbours', () => {
    /** Compute Wars: n1 (100), n2 and n8 (200, id breaks the tie), n3 (300), n9 (400, retracted), n7 unpublished. */
    function corpus(): void {
      project(
        publishedArticle('n1', 'Compute Wars', minute(100)),
        publishedArticle('n2', 'Compute Wars', minute(200)),
        publishedArticle('n3', 'Compute Wars', minute(300)),
        publishedArticle('n4', 'Energy', minute(250)),
        publishedArticle('n5', null, minute(150)),
        publishedArticle('n6', null, minute(350)),
        article('n7', wanda, { title: 'Not yet', series: 'Compute Wars' }, minute(0)).throughApproval(minute(1)),
        publishedArticle('n8', 'Compute Wars', minute(200)),
      );
      const n9 = publishedArticle('n9', 'Compute Wars', minute(400));
      n9.run('RetractArticle', eddie, { reason: 'Wrong' }, minute(450));
      project(n9);
    }

    const around = (id: string) => {
      const { previous, next } = model.neighbours(id);
      return [previous?.state.id ?? null, next?.state.id ?? null];
    };

    it.each([
      ['n1', [null, 'n2']],
      ['n2', ['n1', 'n8']],
      ['n8', ['n2', 'n3']],
      ['n3', ['n8', null]],
      ['n4', [null, null]],
      ['n5', [null, 'n6']],
      ['n6', ['n5', null]],
      ['n7', [null, null]],
      ['n9', [null, null]],
      ['missing', [null, null]],
    ])('finds the published neighbours of %s in its series', (id, expected) => {
      corpus();
      expect(around(id)).toEqual(expected);
    });
  });
});
