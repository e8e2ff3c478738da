import { claimReviewProblems } from '../../apps/api/src/graphql/claim-review';
import { approvedArticle, draft, must, mutate, type Desk } from './support/article.flow';
import { newsroom, removeDataDir, startGalley, tokenFor, type Galley } from './support/galley.harness';

describe('the claim desk through GraphQL', () => {
  let galley: Galley;
  let desk: Desk;

  beforeAll(async () => {
    galley = await startGalley();
  });
  beforeEach(() => {
    desk = newsroom();
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('assigns an article, and a single claim, to fact-checkers', async () => {
    const submitted = await must(galley, 'submitForFactCheck', { id: (await draft(galley, desk)).id }, desk.writer);
    const assigned = await must(galley, 'assignFactChecker', { id: submitted.id, assigneeId: 'fay-1', assigneeName: 'Fay Checker' }, desk.editor);
    expect((assigned as unknown as { factChecker: unknown }).factChecker).toEqual({ id: 'fay-1', name: 'Fay Checker' });

    const claimId = submitted.claims[2].id;
    const single = await must(galley, 'assignFactChecker', { id: submitted.id, claimId, assigneeId: 'gus-2', assigneeName: 'Gus Checker' }, desk.editor);
    const claims = single.claims as unknown as { id: string; assignee: { id: string } | null }[];
    expect(claims.find((c) => c.id === claimId)?.assignee).toEqual({ id: 'gus-2' });
    expect(claims.filter((c) => c.id !== claimId).every((c) => c.assignee === null)).toBe(true);
  });

  it('lets a fact-checker take an article but not hand it out, and never to its author', async () => {
    const submitted = await must(galley, 'submitForFactCheck', { id: (await draft(galley, desk)).id }, desk.writer);
    const fay = tokenFor('fay-take', 'Fay Taker', ['fact_checker']);
    await must(galley, 'assignFactChecker', { id: submitted.id, assigneeId: 'fay-take', assigneeName: 'Fay Taker' }, fay);
    const handing = await mutate(galley, 'assignFactChecker', { id: submitted.id, assigneeId: 'someone', assigneeName: 'Someone' }, fay);
    expect(handing.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'ROLE' });
    const author = (submitted as unknown as { author: { id: string; name: string } }).author;
    const own = await mutate(galley, 'assignFactChecker', { id: submitted.id, assigneeId: author.id, assigneeName: author.name }, desk.editor);
    expect(own.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'SEPARATION_OF_DUTIES' });
  });

  it('keeps every verdict on a claim in its history, with the note a revised verdict gives', async () => {
    const submitted = await must(galley, 'submitForFactCheck', { id: (await draft(galley, desk)).id }, desk.writer);
    const claimId = submitted.claims[0].id;
    await must(galley, 'recordVerdict', { id: submitted.id, claimId, status: 'NEEDS_SOURCE', note: 'Which filing?' }, desk.factChecker);
    await must(galley, 'recordVerdict', { id: submitted.id, claimId, status: 'ATTRIBUTED', note: 'Company guidance, now linked.' }, desk.factChecker);
    const response = await galley.gql(
      `query($id: ID!) { article(id: $id) { claims { id status note history { type status note actor { name } } } } }`,
      { id: submitted.id },
      desk.writer,
    );
    const claim = response.data!.article.claims.find((c: { id: string }) => c.id === claimId);
    expect(claim).toMatchObject({ status: 'ATTRIBUTED', note: 'Company guidance, now linked.' });
    expect(claim.history.filter((h: { type: string }) => h.type === 'VerdictRecorded')).toEqual([
      { type: 'VerdictRecorded', status: 'NEEDS_SOURCE', note: 'Which filing?', actor: { name: 'Fay Checker' } },
      { type: 'VerdictRecorded', status: 'ATTRIBUTED', note: 'Company guidance, now linked.', actor: { name: 'Fay Checker' } },
    ]);
  });

  it('adds a claim the extractor missed, and dismisses one that is not checkable', async () => {
    const submitted = await must(galley, 'submitForFactCheck', { id: (await draft(galley, desk)).id }, desk.writer);
    const added = await must(galley, 'addClaim', { id: submitted.id, text: 'Paying subscribers are a small fraction of that audience.' }, desk.factChecker);
    expect(added.claims).toHaveLength(submitted.claims.length + 1);
    const missing = await mutate(galley, 'addClaim', { id: submitted.id, text: 'A sentence that is not there.' }, desk.factChecker);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const newClaim = added.claims[added.claims.length - 1];
    const dismissed = await must(galley, 'recordVerdict', { id: submitted.id, claimId: newClaim.id, status: 'DISMISSED', note: 'Characterisation, not a fact.' }, desk.factChecker);
    expect(dismissed.claims.find((c) => c.id === newClaim.id)?.status).toBe('DISMISSED');
  });

  it('filters the queue by assignee, kind and article, with counts', async () => {
    const submitted = await must(galley, 'submitForFactCheck', { id: (await draft(galley, desk)).id }, desk.writer);
    await must(galley, 'assignFactChecker', { id: submitted.id, claimId: submitted.claims[0].id, assigneeId: 'queue-fay', assigneeName: 'Queue Fay' }, desk.editor);
    const query = `query($articleId: ID, $assigneeId: ID, $kind: ClaimKind) {
      claimQueue(first: 50, articleId: $articleId, assigneeId: $assigneeId, kind: $kind) {
        totalCount counts { total unassigned byKind { kind count } byAssignee { assignee { id } count } }
        edges { node { articleId assignee { id } claim { id kind } } } } }`;
    const all = (await galley.gql(query, { articleId: submitted.id }, desk.factChecker)).data!.claimQueue;
    expect(all.totalCount).toBe(submitted.claims.length);
    expect(all.counts).toMatchObject({ total: submitted.claims.length, unassigned: submitted.claims.length - 1, byAssignee: [{ assignee: { id: 'queue-fay' }, count: 1 }] });
    const mine = (await galley.gql(query, { articleId: submitted.id, assigneeId: 'queue-fay' }, desk.factChecker)).data!.claimQueue;
    expect(mine.edges.map((e: any) => e.node.claim.id)).toEqual([submitted.claims[0].id]);
    const money = (await galley.gql(query, { articleId: submitted.id, kind: 'MONEY' }, desk.factChecker)).data!.claimQueue;
    expect(money.edges.length).toBeGreaterThan(0);
    expect(money.edges.every((e: any) => e.node.claim.kind === 'MONEY')).toBe(true);
  });

  it('shows throughput per fact-checker and time to verdict on the dashboard', async () => {
    const submitted = await must(galley, 'submitForFactCheck', { id: (await draft(galley, desk)).id }, desk.writer);
    const checker = tokenFor('speedy-checker', 'Speedy Checker', ['fact_checker']);
    await must(galley, 'recordVerdict', { id: submitted.id, claimId: submitted.claims[0].id, status: 'VERIFIED' }, checker);
    await must(galley, 'recordVerdict', { id: submitted.id, claimId: submitted.claims[1].id, status: 'VERIFIED' }, checker);
    const { dashboard } = (
      await galley.gql(`{ dashboard { claimThroughput { checker { id } verdicts } timeToVerdict { count medianSeconds p90Seconds } } }`, {}, desk.editor)
    ).data!;
    expect(dashboard.claimThroughput).toContainEqual({ checker: { id: 'speedy-checker' }, verdicts: 2 });
    expect(dashboard.timeToVerdict.count).toBeGreaterThanOrEqual(2);
    expect(dashboard.timeToVerdict.medianSeconds).toBeGreaterThanOrEqual(0);
  });

  it('links equivalent claims across articles, and flags a published article when its figure is disputed elsewhere', async () => {
    const first = await approvedArticle(galley, desk, { title: `Registry one ${Date.now()}` });
    const published = await must(galley, 'publishArticle', { id: first.id }, desk.publisher);
    const second = await must(galley, 'submitForFactCheck', { id: (await draft(galley, desk, { title: `Registry two ${Date.now()}` })).id }, desk.writer);
    const users = second.claims.find((c) => c.text.includes('300 million weekly users'))!;

    const withEquivalents = await galley.gql(
      `query($id: ID!) { article(id: $id) { claims { id equivalents { articleId claimId status checkedBy { id } } } } }`,
      { id: second.id },
      desk.factChecker,
    );
    const equivalents = withEquivalents.data!.article.claims.find((c: { id: string }) => c.id === users.id).equivalents;
    expect(equivalents).toContainEqual(expect.objectContaining({ articleId: published.id, status: 'ATTRIBUTED' }));

    await must(galley, 'recordVerdict', { id: second.id, claimId: users.id, status: 'ATTRIBUTED' }, desk.factChecker);
    await must(galley, 'recordVerdict', { id: second.id, claimId: users.id, status: 'DISPUTED', note: 'The company has since revised the figure down.' }, desk.factChecker);
    const { dashboard } = (await galley.gql(`{ dashboard { correctionSuggested { id } } }`, {}, desk.editor)).data!;
    expect(dashboard.correctionSuggested.map((a: { id: string }) => a.id)).toContain(published.id);
  });

  it('exports schema.org ClaimReview documents with every required field for a published article', async () => {
    const published = await must(galley, 'publishArticle', { id: (await approvedArticle(galley, desk, { title: `ClaimReview ${Date.now()}` })).id }, desk.publisher);
    const response = await galley.gql(`query($id: ID!) { article(id: $id) { claimReviews } }`, { id: published.id }, desk.editor);
    const reviews = response.data!.article.claimReviews as object[];
    expect(reviews).toHaveLength(published.claims.length);
    for (const review of reviews) expect(claimReviewProblems(review)).toEqual([]);
  });
});
