import { randomUUID } from 'node:crypto';
import { checkAllClaims, draft, freshSummary, must, readArticle, type Desk } from '../support/article.flow';
import { eventually, newsroom, removeDataDir, startGalley, type Galley } from '../support/galley.harness';

const TEXT_FIELDS = 'text stale disclosure provider model sourceType generatedAt unsupportedFigures editedBy { name } edits { by { id name } at diff }';
const FIELDS = `
  id version stage
  summary { ${TEXT_FIELDS} }
  variants { kind ${TEXT_FIELDS} }
  pendingVariants
  unsupportedVariants { kind provider reason at }
`;

type Text = {
  text: string;
  stale: boolean;
  disclosure: string;
  provider: string;
  model: string | null;
  sourceType: string | null;
  generatedAt: string | null;
  unsupportedFigures: string[];
  editedBy: { name: string } | null;
  edits: { by: { id: string; name: string }; at: string; diff: string }[];
};
type Variants = {
  id: string;
  version: number;
  stage: string;
  summary: Text | null;
  variants: (Text & { kind: string })[];
  pendingVariants: string[];
  unsupportedVariants: { kind: string; provider: string; reason: string; at: string }[];
};

describe('"read it as…" variants and human edits, over HTTP with the default extractive summarizer', () => {
  let galley: Galley;
  const desk: Desk = newsroom();

  beforeAll(async () => {
    galley = await startGalley();
  });
  afterAll(async () => {
    await galley.stop();
    removeDataDir(galley.dataDir);
  });

  async function call(name: 'generateVariant' | 'editVariant' | 'editSummary', input: Record<string, unknown>, token: string) {
    const inputType = { generateVariant: 'GenerateVariantInput', editVariant: 'EditVariantInput', editSummary: 'EditSummaryInput' }[name];
    return galley.gql<Record<string, Variants>>(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${FIELDS} } }`, { input }, token);
  }

  async function mustCall(name: Parameters<typeof call>[0], input: Record<string, unknown>, token: string): Promise<Variants> {
    const response = await call(name, input, token);
    if (response.errors?.length || !response.data) throw new Error(`${name} failed: ${JSON.stringify(response.errors)}`);
    return response.data[name];
  }

  async function read(id: string): Promise<Variants> {
    const response = await galley.gql<{ article: Variants }>(`query($id: ID!) { article(id: $id) { ${FIELDS} } }`, { id }, desk.writer);
    if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
    return response.data!.article;
  }

  async function summarizedArticle(): Promise<string> {
    const drafted = await draft(galley, desk);
    const submitted = await must(galley, 'submitForFactCheck', { id: drafted.id }, desk.writer);
    await checkAllClaims(galley, desk, submitted);
    await freshSummary(galley, drafted.id, desk.writer);
    return drafted.id;
  }

  it('answers generateVariant at once; the BRIEF arrives moments later and PLAIN_LANGUAGE is reported unsupported', async () => {
    const id = await summarizedArticle();

    const asked = await mustCall('generateVariant', { id, kind: 'BRIEF', commandId: randomUUID() }, desk.writer);
    expect(asked.variants).toEqual([]);
    expect(asked.pendingVariants).toEqual(['BRIEF']);
    await mustCall('generateVariant', { id, kind: 'PLAIN_LANGUAGE' }, desk.editor);

    const answered = await eventually(async () => {
      const article = await read(id);
      return article.pendingVariants.length === 0 ? article : null;
    }, 'both variant requests answered');

    expect(answered.variants).toHaveLength(1);
    const [brief] = answered.variants;
    expect(brief).toMatchObject({
      kind: 'BRIEF',
      stale: false,
      provider: 'extractive',
      model: 'extractive-centroid-v1',
      sourceType: null,
      disclosure: 'Extracted from the article',
      unsupportedFigures: [],
      edits: [],
    });
    expect(brief.generatedAt).not.toBeNull();
    // Its one or two most central sentences, taken from the article word for word.
    const sentences = brief.text.match(/[^.!?]+[.!?]+/g) ?? [];
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(2);
    const article = await readArticle(galley, id, desk.writer);
    for (const sentence of sentences) expect(article!.body.replace(/\s+/g, ' ')).toContain(sentence.trim());

    expect(answered.unsupportedVariants).toEqual([
      { kind: 'PLAIN_LANGUAGE', provider: 'extractive', reason: expect.stringContaining('cannot write a PLAIN_LANGUAGE version'), at: expect.any(String) },
    ]);
  });

  it('records a human edit with its diff, says so in the disclosure, and lets the article through review', async () => {
    const id = await summarizedArticle();
    await mustCall('generateVariant', { id, kind: 'BRIEF' }, desk.writer);
    const withBrief = await eventually(async () => {
      const article = await read(id);
      return article.variants.length === 1 ? article : null;
    }, 'the BRIEF');
    const original = withBrief.variants[0].text;
    const firstWord = original.split(' ')[0];

    const edited = await mustCall('editVariant', { id, kind: 'BRIEF', text: original.replace(firstWord, `In short, ${firstWord}`) }, desk.editor);
    expect(edited.variants[0]).toMatchObject({
      kind: 'BRIEF',
      provider: 'extractive',
      disclosure: 'Extracted from the article; edited by Eddie Editor',
      editedBy: { name: 'Eddie Editor' },
      edits: [{ by: { name: 'Eddie Editor' }, diff: expect.stringMatching(/^\{\+In short,\+\} /) }],
    });

    const summaryText = withBrief.summary!.text;
    const rewritten = await mustCall('editSummary', { id, text: `${summaryText} The returns are still mostly promised.` }, desk.writer);
    expect(rewritten.summary).toMatchObject({
      disclosure: 'Extracted from the article; edited by Wanda Writer',
      edits: [{ by: { name: 'Wanda Writer' }, diff: expect.stringMatching(/\{\+The returns are still mostly promised\.\+\}$/) }],
    });

    const reviewed = await must(galley, 'submitForReview', { id }, desk.writer);
    expect(reviewed.stage).toBe('REVIEW');
  });

  it('publishes the variants readers may choose, with their disclosure', async () => {
    const id = await summarizedArticle();
    await mustCall('generateVariant', { id, kind: 'BRIEF' }, desk.writer);
    await eventually(async () => (await read(id)).variants.length === 1, 'the BRIEF');
    await must(galley, 'submitForReview', { id }, desk.writer);
    await must(galley, 'approveArticle', { id }, desk.editor);
    const published = await must(galley, 'publishArticle', { id }, desk.publisher);

    const response = await galley.gql<{ publishedArticle: { readItAs: { kind: string; text: string; disclosure: string }[] } }>(
      `query($slug: String!) { publishedArticle(slug: $slug) { readItAs { kind text disclosure } } }`,
      { slug: published.slug },
    );
    expect(response.data!.publishedArticle.readItAs).toEqual([{ kind: 'BRIEF', text: expect.any(String), disclosure: 'Extracted from the article' }]);
  });

  it('keeps the summary’s roles: a fact-checker may not ask for a variant, and an unknown kind is bad input', async () => {
    const id = await summarizedArticle();
    const refused = await call('generateVariant', { id, kind: 'BRIEF' }, desk.factChecker);
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const unknown = await call('generateVariant', { id, kind: 'HAIKU' }, desk.writer);
    expect(unknown.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
