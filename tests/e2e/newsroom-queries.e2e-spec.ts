import Database from 'better-sqlite3';
import { dataFiles } from '../../apps/api/src/config/data-files';
import { BOARD } from '../../apps/web/src/api/operations';
import { ARTICLE } from './support/article.fixture';
import { approvedArticle, draft, must, type Desk } from './support/article.flow';
import { eventually, newsroom, removeDataDir, startGalley, type Galley } from './support/galley.harness';

describe('the newsroom’s queries', () => {
  let galley: Galley;
  let desk: Desk;

  beforeAll(async () => {
    galley = await startGalley();
    desk = newsroom();
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('lists articles as a connection, filtered and paged, with totalCount', async () => {
    const series = `Series ${Date.now()}`;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await draft(galley, desk, { title: `Capex note ${i}`, series })).id);
    await must(galley, 'submitForFactCheck', { id: ids[0] }, desk.writer);

    const query = `query($series: String, $stage: Stage, $search: String, $after: String) {
      articles(series: $series, stage: $stage, search: $search, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title stage } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response: { data: any } = await galley.gql(query, { series, after }, desk.editor);
      const { articles } = response.data as { articles: any };
      expect(articles.totalCount).toBe(5);
      seen.push(...articles.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!articles.pageInfo.hasNextPage) break;
      after = articles.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual([...ids].sort());

    const inFactCheck = await galley.gql(query, { series, stage: 'FACT_CHECK' }, desk.editor);
    expect(inFactCheck.data!.articles.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[0]]);
    const searched = await galley.gql(query, { series, search: 'NOTE 3' }, desk.editor);
    expect(searched.data!.articles.totalCount).toBe(1);

    const badCursor = await galley.gql(query, { series, after: 'not-a-cursor' }, desk.editor);
    expect(badCursor.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers the bodies of a list when they are selected, however the query asks for them', async () => {
    const series = `Bodies ${Date.now()}`;
    const written = await draft(galley, desk, { title: 'A body to list', series, body: `${ARTICLE.body}\n\nListed.` });
    const asked = [
      `query($series: String) { articles(series: $series) { edges { node { id body } } } }`,
      `query($series: String) { articles(series: $series) { edges { node { id text: body } } } }`,
      `query($series: String) { articles(series: $series) { ...Page } }
       fragment Page on ArticleConnection { edges { node { id ... on Article { body } } } }`,
    ];
    // Twice each: the second run goes through graphql-jit.
    for (const query of [...asked, ...asked]) {
      const { data, errors } = await galley.gql(query, { series }, desk.editor);
      expect(errors).toBeUndefined();
      const [node] = data!.articles.edges.map((edge: { node: Record<string, string> }) => edge.node);
      expect(node.id).toBe(written.id);
      expect(node.body ?? node.text).toBe(`${ARTICLE.body}\n\nListed.`);
    }
    for (let run = 0; run < 2; run++) {
      const withoutBody = await galley.gql(`query($series: String) { articles(series: $series) { edges { node { id title claims { id } } } } }`, { series }, desk.editor);
      expect(withoutBody.errors).toBeUndefined();
      expect(withoutBody.data!.articles.edges[0].node).toMatchObject({ id: written.id, title: 'A body to list' });
    }
  });

  describe('lists answer the same fields whether or not they read the folded articles', () => {
    /** The fields a list answers from its columns alone: the desk's board card, the timeline and the neighbours. */
    const LISTED = `id version stage title dek slug series dueAt edition scheduledFor publishedAt updatedAt stageEnteredAt correctionSuggested
      author { id name } history { version type } previousArticle { id } nextArticle { id } __typename`;
    /** Fields only the folded article answers: mixed in, the list reads the states (and with `body`, the bodies). */
    const STATE_ONLY = ['claims { id status }', 'body claims { id } reviews { verdict } readingTimeMinutes'];
    let series: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      series = `Listed ${Date.now()}`;
      const overdue = await draft(galley, desk, { title: 'Overdue and listed', dek: 'A dek to list', series });
      await must(galley, 'setDeadline', { id: overdue.id, dueAt: new Date(Date.now() - 60_000).toISOString() }, desk.editor);
      const revised = await draft(galley, desk, { title: 'Listed, then revised', series });
      await must(galley, 'reviseArticle', { id: revised.id, title: 'Revised and listed', dek: 'A second dek' }, desk.writer);
      const scheduled = await approvedArticle(galley, desk, { title: 'Listed for later', series });
      await must(galley, 'publishArticle', { id: scheduled.id, at: new Date(Date.now() + 86_400_000).toISOString() }, desk.publisher);
      const disputed = await approvedArticle(galley, desk, { title: 'Listed and disputed', series });
      const live = await must(galley, 'publishArticle', { id: disputed.id }, desk.publisher);
      await must(galley, 'recordVerdict', { id: live.id, claimId: live.claims[0].id, status: 'DISPUTED', note: 'The filing says otherwise.' }, desk.factChecker);
      const discarded = await draft(galley, desk, { title: 'Listed and dropped', series });
      await must(galley, 'discardArticle', { id: discarded.id, reason: 'Not needed' }, desk.editor);
      ids = { overdue: overdue.id, revised: revised.id, scheduled: scheduled.id, disputed: disputed.id, discarded: discarded.id };
    });

    async function list(nodeFields: string, first: number, after: string | null = null) {
      const { data, errors } = await galley.gql(
        `query($series: String, $first: Int, $after: String) {
          articles(series: $series, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${nodeFields} } } } }`,
        { series, first, after },
        desk.editor,
      );
      expect(errors).toBeUndefined();
      return data!.articles;
    }

    /** The node's listed fields only (GraphQL answers them in the order asked: the same order everywhere). */
    const listed = (node: Record<string, unknown>) => {
      const { claims: _claims, body: _body, reviews: _reviews, readingTimeMinutes: _reading, ...rest } = node;
      return rest;
    };

    it('answers the listed fields identically with and without state-only fields, page by page', async () => {
      for (const first of [2, 10]) {
        const columnsOnly = await list(LISTED, first);
        expect(columnsOnly.totalCount).toBe(5);
        expect(columnsOnly.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual(first === 10 ? Object.values(ids).sort() : expect.any(Array));
        for (const extra of STATE_ONLY) {
          const mixed = await list(`${LISTED} ${extra}`, first);
          expect({ ...mixed, edges: mixed.edges.map((edge: { cursor: string; node: Record<string, unknown> }) => ({ ...edge, node: listed(edge.node) })) }).toEqual(columnsOnly);
          expect(mixed.edges.every((edge: { node: { claims: unknown[] } }) => Array.isArray(edge.node.claims))).toBe(true);
        }
        if (columnsOnly.pageInfo.hasNextPage) {
          const next = await list(LISTED, first, columnsOnly.pageInfo.endCursor);
          const nextMixed = await list(`${LISTED} ${STATE_ONLY[0]}`, first, columnsOnly.pageInfo.endCursor);
          expect(nextMixed.edges.map((edge: { node: Record<string, unknown> }) => listed(edge.node))).toEqual(next.edges.map((edge: { node: unknown }) => edge.node));
        }
      }
    });

    it('lists what the article itself answers, for every kind of article', async () => {
      const { edges } = await list(LISTED, 10);
      const byId = new Map(edges.map((edge: { node: { id: string } }) => [edge.node.id, edge.node]));
      for (const id of Object.values(ids)) {
        const { data } = await galley.gql(`query($id: ID!) { article(id: $id) { ${LISTED} } }`, { id }, desk.editor);
        expect(byId.get(id)).toEqual(data!.article);
      }
      expect(byId.get(ids.overdue)).toMatchObject({ stage: 'DRAFT', dek: 'A dek to list', series, dueAt: expect.any(String), author: { name: 'Wanda Writer' } });
      expect(byId.get(ids.revised)).toMatchObject({ title: 'Revised and listed', dek: 'A second dek', version: 2 });
      expect(byId.get(ids.scheduled)).toMatchObject({ stage: 'SCHEDULED', scheduledFor: expect.any(String) });
      expect(byId.get(ids.disputed)).toMatchObject({ stage: 'PUBLISHED', edition: expect.any(Number), slug: expect.any(String), correctionSuggested: true });
      expect(byId.get(ids.discarded)).toMatchObject({ stage: 'DISCARDED' });
    });

    it('answers the desk’s board the same as a list that reads the folded articles', async () => {
      const board = await galley.gql(BOARD, { series, first: 10 }, desk.editor);
      const mixed = await galley.gql(BOARD.replace('node { ...ArticleCard }', 'node { ...ArticleCard claims { id } }'), { series, first: 10 }, desk.editor);
      expect(board.errors).toBeUndefined();
      expect(mixed.errors).toBeUndefined();
      expect(board.data!.articles.edges).toHaveLength(5);
      const withoutClaims = mixed.data!.articles.edges.map((edge: { cursor: string; node: Record<string, unknown> }) => ({ ...edge, node: listed(edge.node) }));
      expect({ ...mixed.data!.articles, edges: withoutClaims }).toEqual(board.data!.articles);
    });

    it('answers the dashboard’s lists the same with and without state-only fields', async () => {
      const dashboard = async (fields: string) => {
        const { data, errors } = await galley.gql(`{ dashboard { overdue { ${fields} } correctionSuggested { ${fields} } } }`, {}, desk.editor);
        expect(errors).toBeUndefined();
        return data!.dashboard as { overdue: Record<string, unknown>[]; correctionSuggested: Record<string, unknown>[] };
      };
      const columnsOnly = await dashboard(LISTED);
      expect(columnsOnly.overdue.map((a) => a.id)).toContain(ids.overdue);
      expect(columnsOnly.correctionSuggested.map((a) => a.id)).toContain(ids.disputed);
      for (const extra of STATE_ONLY) {
        const mixed = await dashboard(`${LISTED} ${extra}`);
        expect({ overdue: mixed.overdue.map(listed), correctionSuggested: mixed.correctionSuggested.map(listed) }).toEqual(columnsOnly);
      }
    });
  });

  it('shows the dashboard: articles per stage, pending claims, overdue and median time in stage', async () => {
    const overdue = await draft(galley, desk, { title: 'Overdue explainer' });
    await must(galley, 'setDeadline', { id: overdue.id, dueAt: new Date(Date.now() - 60_000).toISOString() }, desk.editor);
    const { dashboard } = (
      await galley.gql(
        `{ dashboard { articlesPerStage { stage count } medianTimeInStage { stage medianSeconds } pendingClaims overdue { id } correctionSuggested { id } } }`,
        {},
        desk.editor,
      )
    ).data!;
    const counts = Object.fromEntries(dashboard.articlesPerStage.map((s: { stage: string; count: number }) => [s.stage, s.count]));
    const list = (await galley.gql(`{ articles(first: 100) { edges { node { stage claims { status } } } } }`, {}, desk.editor)).data!.articles.edges;
    expect(counts.DRAFT).toBe(list.filter((e: any) => e.node.stage === 'DRAFT').length);
    expect(counts.FACT_CHECK).toBe(list.filter((e: any) => e.node.stage === 'FACT_CHECK').length);
    const pending = list
      .filter((e: any) => e.node.stage === 'FACT_CHECK')
      .flatMap((e: any) => e.node.claims)
      .filter((c: any) => c.status === 'PENDING').length;
    expect(dashboard.pendingClaims).toBe(pending);
    expect(dashboard.overdue.map((a: { id: string }) => a.id)).toContain(overdue.id);
    const draftMedian = dashboard.medianTimeInStage.find((s: { stage: string }) => s.stage === 'DRAFT');
    expect(draftMedian.medianSeconds).toBeGreaterThanOrEqual(0);
  });

  it('gives, after articles change stage, the median of every stage visit the read models hold', async () => {
    const medians = async () => {
      const { data, errors } = await galley.gql(`{ dashboard { articlesPerStage { stage count } medianTimeInStage { stage medianSeconds } } }`, {}, desk.editor);
      expect(errors).toBeUndefined();
      const { articlesPerStage, medianTimeInStage } = data!.dashboard as {
        articlesPerStage: { stage: string; count: number }[];
        medianTimeInStage: { stage: string; medianSeconds: number | null }[];
      };
      return { count: (stage: string) => articlesPerStage.find((s) => s.stage === stage)!.count, medianTimeInStage };
    };
    // Read once, so the medians after the moves below come from the visits written since.
    const before = await medians();
    const approved = before.count('APPROVED');
    for (let n = 0; n < 2; n++) await approvedArticle(galley, desk, { title: `Moving through the desk ${n}` });
    await eventually(async () => (await medians()).count('APPROVED') === approved + 2, 'the approvals in the read models');

    // Every visit, sorted, the middle taken: at the instants just before and just after the dashboard's.
    const db = new Database(dataFiles({ dataDir: galley.dataDir }).readModels, { readonly: true });
    try {
      const from = Date.now();
      const after = await medians();
      const to = Date.now();
      const visits = db.prepare('SELECT stage, entered_at, left_at FROM stage_visits').all() as { stage: string; entered_at: string; left_at: string | null }[];
      const median = (stage: string, now: number) => {
        const seconds = visits
          .filter((v) => v.stage === stage)
          .map((v) => Math.max(0, ((v.left_at === null ? now : Date.parse(v.left_at)) - Date.parse(v.entered_at)) / 1000))
          .sort((a, b) => a - b);
        const middle = Math.floor(seconds.length / 2);
        return seconds.length === 0 ? null : seconds.length % 2 === 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
      };
      expect(after.medianTimeInStage.find((s) => s.stage === 'APPROVED')!.medianSeconds).not.toBeNull();
      for (const { stage, medianSeconds } of after.medianTimeInStage) {
        // Open visits only grow: the median at the dashboard's instant lies between the two.
        if (medianSeconds === null) expect(median(stage, from)).toBeNull();
        else expect([stage, median(stage, from)! <= medianSeconds && medianSeconds <= median(stage, to)!]).toEqual([stage, true]);
      }
    } finally {
      db.close();
    }
  });

  it('gives the public side published articles only', async () => {
    const approved = await approvedArticle(galley, desk, { title: 'Not yet public' });
    const publicQuery = `query($slug: String!) { publishedArticle(slug: $slug) { title } }`;
    expect((await galley.gql(publicQuery, { slug: 'not-yet-public' })).data!.publishedArticle).toBeNull();
    await must(galley, 'publishArticle', { id: approved.id }, desk.publisher);
    expect((await galley.gql(publicQuery, { slug: 'not-yet-public' })).data!.publishedArticle).toEqual({ title: 'Not yet public' });
    const newsroomOnly = await galley.gql(`{ articles { totalCount } }`);
    expect(newsroomOnly.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('bad input, at every layer', () => {
  let galley: Galley;
  let desk: Desk;

  beforeAll(async () => {
    galley = await startGalley();
    desk = newsroom();
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  const draftMutation = `mutation($input: DraftArticleInput!) { draftArticle(input: $input) { id version body } }`;

  it('accepts a 200 KB Markdown body and refuses a larger one with BAD_USER_INPUT', async () => {
    const paragraph = `${ARTICLE.body}\n\n`;
    const body = paragraph.repeat(Math.floor((200 * 1024) / Buffer.byteLength(paragraph)));
    const accepted = await galley.gql(draftMutation, { input: { title: 'Long read', body } }, desk.writer);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.draftArticle.body).toBe(body);
    const tooLong = await galley.gql(draftMutation, { input: { title: 'Too long', body: `${body}${'x'.repeat(10_000)}` } }, desk.writer);
    expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
  });

  it('refuses a lone surrogate with BAD_USER_INPUT and stores text composed (NFC)', async () => {
    const broken = await galley.gql(draftMutation, { input: { title: 'Broken \ud800 title', body: 'B' } }, desk.writer);
    expect(broken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const composed = await galley.gql(`mutation($input: DraftArticleInput!) { draftArticle(input: $input) { title } }`, { input: { title: 'Cafe\u0301 economics', body: 'B' } }, desk.writer);
    expect(composed.data!.draftArticle.title).toBe('Caf\u00e9 economics');
  });

  it('answers a request body over 1 MB with 413', async () => {
    const response = await fetch(`${galley.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.writer}` },
      body: JSON.stringify({ query: draftMutation, variables: { input: { title: 'Huge', body: 'x'.repeat(1_100_000) } } }),
    });
    expect(response.status).toBe(413);
  });

  it('answers a document that does not parse or validate with 400 and BAD_USER_INPUT', async () => {
    const unparsable = await galley.gql('{ articles { ', {}, desk.editor);
    expect(unparsable.status).toBe(400);
    expect(unparsable.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const unknownField = await galley.gql('{ articles { nope } }', {}, desk.editor);
    expect(unknownField.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('checks inputs with class-validator: evidence URLs, ids, command ids', async () => {
    const drafted = await draft(galley, desk);
    const submitted = await must(galley, 'submitForFactCheck', { id: drafted.id }, desk.writer);
    const verdict = `mutation($input: RecordVerdictInput!) { recordVerdict(input: $input) { id } }`;
    const badUrl = await galley.gql(
      verdict,
      { input: { id: drafted.id, claimId: submitted.claims[0].id, status: 'VERIFIED', evidence: [{ url: 'javascript:alert(1)' }] } },
      desk.factChecker,
    );
    expect(badUrl.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badUrl.errors?.[0].extensions.fields[0].field).toBe('evidence.0.url');
    const badId = await galley.gql(`mutation { submitForFactCheck(input: { id: "not-a-uuid" }) { id } }`, {}, desk.writer);
    expect(badId.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const badCommandId = await galley.gql(draftMutation, { input: { title: 'T', body: 'B', commandId: 'x' } }, desk.writer);
    expect(badCommandId.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('puts FORBIDDEN before BAD_USER_INPUT: a writer’s malformed verdict is refused for the role', async () => {
    const drafted = await draft(galley, desk);
    await must(galley, 'submitForFactCheck', { id: drafted.id }, desk.writer);
    const response = await galley.gql(
      `mutation($input: RecordVerdictInput!) { recordVerdict(input: $input) { id } }`,
      { input: { id: drafted.id, claimId: 'c1', status: 'VERIFIED', evidence: [{ url: 'not a url' }] } },
      newsroom().writer,
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'ROLE' });
  });
});

describe('the GraphQL IDE', () => {
  it('opens from a browser visiting /graphql outside production', async () => {
    const galley = await startGalley();
    try {
      const response = await fetch(`${galley.url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/graphiql');
      expect((await fetch(`${galley.url}/graphiql`)).status).toBe(200);
    } finally {
      await galley.stop();
      removeDataDir(galley.dataDir);
    }
  });
});
