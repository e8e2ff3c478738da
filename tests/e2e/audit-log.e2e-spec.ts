import { draft, must } from './support/article.flow';
import { newsroom, removeDataDir, startGalley, tokenFor, type Galley } from './support/galley.harness';

const AUDIT = `query($actorId: ID, $articleId: ID, $since: DateTime) {
  auditLog(actorId: $actorId, articleId: $articleId, since: $since, first: 100) {
    totalCount edges { node { streamId version articleId type at actor { id name } requestId commandId } } } }`;

describe('the audit log', () => {
  let galley: Galley;
  beforeAll(async () => {
    galley = await startGalley();
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  it('shows an admin every event with its actor and request id, filtered by actor, article and time', async () => {
    const desk = newsroom();
    const admin = tokenFor('ada-admin', 'Ada Admin', ['admin']);
    const drafted = await draft(galley, desk);
    const submitted = await must(galley, 'submitForFactCheck', { id: drafted.id }, desk.writer);

    const byArticle = (await galley.gql(AUDIT, { articleId: drafted.id }, admin)).data!.auditLog;
    expect(byArticle.totalCount).toBe(submitted.version);
    const types = byArticle.edges.map((e: any) => e.node.type);
    expect(types[types.length - 1]).toBe('ArticleDrafted');
    for (const { node } of byArticle.edges) {
      expect(node.actor).toEqual({ id: expect.stringMatching(/^wanda-/), name: 'Wanda Writer' });
      expect(node.requestId).toEqual(expect.any(String));
      expect(node.commandId).toEqual(expect.any(String));
    }

    const writerId = byArticle.edges[0].node.actor.id;
    const byActor = (await galley.gql(AUDIT, { actorId: writerId }, admin)).data!.auditLog;
    expect(byActor.totalCount).toBe(submitted.version);
    const future = (await galley.gql(AUDIT, { articleId: drafted.id, since: new Date(Date.now() + 60_000).toISOString() }, admin)).data!.auditLog;
    expect(future.totalCount).toBe(0);
  });

  it('is for admins only', async () => {
    const desk = newsroom();
    const refused = await galley.gql(AUDIT, {}, desk.editor);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'ROLE' });
  });
});
