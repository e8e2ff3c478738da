import { randomUUID } from 'node:crypto';
import { ARTICLE } from './article.fixture';
import { eventually, type Galley, type GraphQLResponse } from './galley.harness';

export const ARTICLE_FIELDS = `
  id version stage title dek body slug series sensitive edition readingTimeMinutes publishedAt scheduledFor updatedAt
  author { id name }
  factChecker { id name }
  claims { id text status kind value unit interestedParty supersedes note checkedBy { id } assignee { id } evidence { url } }
  summary { text stale disclosure provider model sourceType generatedAt unsupportedFigures editedBy { id } }
  reviews { by { id } verdict comment }
  corrections { kind note }
  history { version type actor { id name } }
`;

export type Article = {
  id: string;
  version: number;
  stage: string;
  title: string;
  body: string;
  slug: string | null;
  edition: number | null;
  readingTimeMinutes: number | null;
  publishedAt: string | null;
  claims: { id: string; text: string; status: string; kind: string; value: number | null; unit: string | null; supersedes: string | null }[];
  summary: { text: string; stale: boolean; disclosure: string; provider: string; unsupportedFigures: string[] } | null;
  reviews: { by: { id: string }; verdict: string }[];
  history: { version: number; type: string; actor: { id: string; name: string } | null }[];
};

const MUTATION_INPUT_TYPES: Record<string, string> = {
  draftArticle: 'DraftArticleInput',
  reviseArticle: 'ReviseArticleInput',
  submitForFactCheck: 'ArticleActionInput',
  addClaim: 'AddClaimInput',
  recordVerdict: 'RecordVerdictInput',
  generateSummary: 'ArticleActionInput',
  editSummary: 'EditSummaryInput',
  submitForReview: 'ArticleActionInput',
  requestChanges: 'RequestChangesInput',
  approveArticle: 'ApproveArticleInput',
  publishArticle: 'PublishArticleInput',
  cancelSchedule: 'ArticleActionInput',
  issueCorrection: 'IssueCorrectionInput',
  retractArticle: 'RetractArticleInput',
  discardArticle: 'DiscardArticleInput',
  setDeadline: 'SetDeadlineInput',
  assignFactChecker: 'AssignFactCheckerInput',
};

/** Runs one mutation with its `input` and answers the article it returns. */
export function mutate(galley: Galley, name: string, input: Record<string, unknown>, token: string | null): Promise<GraphQLResponse<Record<string, Article>>> {
  return galley.gql(`mutation($input: ${MUTATION_INPUT_TYPES[name]}!) { ${name}(input: $input) { ${ARTICLE_FIELDS} } }`, { input }, token);
}

/** Like mutate, but fails the test with the server's errors when there are any. */
export async function must(galley: Galley, name: string, input: Record<string, unknown>, token: string): Promise<Article> {
  const response = await mutate(galley, name, input, token);
  if (response.errors?.length || !response.data) {
    throw new Error(`${name} failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data[name];
}

export async function readArticle(galley: Galley, id: string, token: string, args = ''): Promise<Article | null> {
  const response = await galley.gql<{ article: Article | null }>(`query($id: ID!) { article(id: $id${args}) { ${ARTICLE_FIELDS} } }`, { id }, token);
  if (response.errors?.length) throw new Error(`article failed: ${JSON.stringify(response.errors)}`);
  return response.data!.article;
}

/** Waits for the asynchronous summary to arrive, fresh. */
export function freshSummary(galley: Galley, id: string, token: string): Promise<Article> {
  return eventually(async () => {
    const article = await readArticle(galley, id, token);
    return article?.summary && !article.summary.stale ? article : null;
  }, `a fresh summary of ${id}`);
}

export interface Desk {
  writer: string;
  editor: string;
  secondEditor: string;
  factChecker: string;
  publisher: string;
}

export function draft(galley: Galley, desk: Desk, overrides: Record<string, unknown> = {}): Promise<Article> {
  return must(galley, 'draftArticle', { ...ARTICLE, commandId: randomUUID(), ...overrides }, desk.writer);
}

/** Resolves every pending claim with a verdict a fact-checker would give. */
export async function checkAllClaims(galley: Galley, desk: Desk, article: Article): Promise<Article> {
  let current = article;
  for (const claim of article.claims.filter((c) => c.status === 'PENDING')) {
    current = await must(
      galley,
      'recordVerdict',
      {
        id: article.id,
        claimId: claim.id,
        status: claim.text.includes('said') || claim.text.includes('says') ? 'ATTRIBUTED' : 'VERIFIED',
        evidence: [{ url: 'https://example.org/filing', title: 'Source filing', quote: claim.text.slice(0, 40) }],
      },
      desk.factChecker,
    );
  }
  return current;
}

/** Takes a fresh draft to APPROVED, as the newsroom would. */
export async function approvedArticle(galley: Galley, desk: Desk, overrides: Record<string, unknown> = {}): Promise<Article> {
  const drafted = await draft(galley, desk, overrides);
  const submitted = await must(galley, 'submitForFactCheck', { id: drafted.id }, desk.writer);
  await checkAllClaims(galley, desk, submitted);
  await freshSummary(galley, drafted.id, desk.writer);
  await must(galley, 'submitForReview', { id: drafted.id }, desk.writer);
  return must(galley, 'approveArticle', { id: drafted.id, comment: 'Sharp piece.' }, desk.editor);
}
