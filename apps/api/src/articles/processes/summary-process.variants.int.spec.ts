import { disclosureLine, SYSTEM_ACTOR, VARIANT_KINDS, type VariantKind } from '@galley/editorial';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractiveSummarizer } from '../summaries/extractive.summarizer';
import { OpenAiCompatibleSummarizer } from '../summaries/openai-compatible.summarizer';
import { DEFAULT_VARIANT_TEMPLATES, promptHash, TLDR_V1 } from '../summaries/summary-prompt.templates';
import { FakeModelServer, type SeenRequest } from '../summaries/testing/fake-model.server';
import { fastTimings, modelSummary, testArticle } from '../summaries/testing/model-summarizer.contract';
import { SummaryProcessRig, until, writer } from '../summaries/testing/summary-process.rig';

/** What the fake model writes for each prompt, using only figures the test article states. */
const WRITTEN: Record<VariantKind | 'TLDR', string> = {
  TLDR: modelSummary,
  BRIEF: 'Porthaven doubled its protected bike lanes, and cycling trips rose 61%.',
  PLAIN_LANGUAGE:
    'Porthaven is a city by the sea. It built 42 kilometres of safe bike lanes. Now many more people ride bikes, about 48,000 trips a day. Buses got faster too. The work cost €31 million.',
  EXECUTIVE:
    'Bottom line: the bike network works. Cycling rose 61% to about 48,000 trips a day and bus corridors got four minutes faster. It cost €31 million, €6 million over budget; a review of loading bays is due in January 2026.',
};

function kindAsked(request: SeenRequest): VariantKind | 'TLDR' {
  const { messages } = request.body as { messages: { role: string; content: string }[] };
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const kind = VARIANT_KINDS.find((k) => system === DEFAULT_VARIANT_TEMPLATES[k].system);
  return kind ?? 'TLDR';
}

describe('the summary process with a self-hosted model (OpenAI-compatible), writing every "read it as…" kind', () => {
  let dataDir: string;
  let server: FakeModelServer;
  let rig: SummaryProcessRig;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'galley-variants-'));
    server = await FakeModelServer.start();
    server.respond((request) => ({
      json: { id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: WRITTEN[kindAsked(request)] }, finish_reason: 'stop' }] },
    }));
    rig = SummaryProcessRig.open(dataDir, new OpenAiCompatibleSummarizer({ baseUrl: `${server.url}/v1`, model: 'llama3.3:70b' }, fastTimings));
  });
  afterEach(async () => {
    await rig.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records all three with their provenance, each from its own versioned prompt', async () => {
    const articleId = await rig.articleInSummarize(testArticle);
    await until(async () => (await rig.state(articleId)).summary, 'the TL;DR');
    for (const kind of VARIANT_KINDS) {
      await rig.execute({ type: 'GenerateVariant', data: { articleId, kind }, metadata: { actor: writer, now: new Date() } });
    }

    const state = await until(async () => {
      const current = await rig.state(articleId);
      return current.variants.length === 3 ? current : null;
    }, 'three variants');

    expect(state.summary).toMatchObject({ text: modelSummary, promptTemplateId: 'tldr-v1', promptHash: promptHash(TLDR_V1) });
    expect(state.variants.map((v) => v.kind)).toEqual(['BRIEF', 'PLAIN_LANGUAGE', 'EXECUTIVE']);
    for (const variant of state.variants) {
      const template = DEFAULT_VARIANT_TEMPLATES[variant.kind];
      expect(variant).toMatchObject({
        text: WRITTEN[variant.kind],
        provider: 'openai-compatible',
        model: 'llama3.3:70b',
        promptTemplateId: template.id,
        promptHash: promptHash(template),
        parameters: { temperature: template.generation.temperature, maxTokens: template.generation.maxTokens, attempts: 1 },
        sourceHash: state.bodyHash,
        sourceType: 'trainedAlgorithmicMedia',
        fallbackFrom: null,
        unsupportedFigures: [],
        edits: [],
      });
      expect(variant.generatedAt).not.toBeNull();
      expect(disclosureLine(variant)).toBe('Summarized with llama3.3:70b at publish time');
    }
    expect(new Set(state.variants.map((v) => v.promptTemplateId))).toEqual(new Set(['brief-v1', 'plain-language-v1', 'executive-v1']));
    expect(state.unsupportedVariants).toEqual([]);

    // One request per kind, each with the article as delimited data and no other instructions.
    expect(server.requests.map(kindAsked)).toEqual(['TLDR', 'BRIEF', 'PLAIN_LANGUAGE', 'EXECUTIVE']);
    const generated = await rig.events(articleId, 'VariantGenerated');
    expect(generated).toHaveLength(3);
    for (const event of generated) expect(event.metadata.actor).toMatchObject({ id: SYSTEM_ACTOR.id });
  });

  it('when the model fails, falls back to an extractive BRIEF (recorded) and reports the kinds it cannot fake', async () => {
    const articleId = await rig.articleInSummarize(testArticle);
    await until(async () => (await rig.state(articleId)).summary, 'the TL;DR');
    server.respond(() => ({ status: 500, json: { error: 'model crashed' } }));
    for (const kind of ['BRIEF', 'PLAIN_LANGUAGE'] as const) {
      await rig.execute({ type: 'GenerateVariant', data: { articleId, kind }, metadata: { actor: writer, now: new Date() } });
    }

    const state = await until(async () => {
      const current = await rig.state(articleId);
      return Object.keys(current.pendingVariantRequests).length === 0 ? current : null;
    }, 'both requests answered');

    const brief = (await new ExtractiveSummarizer().rewrite(testArticle, 'BRIEF')) as { supported: true; draft: { text: string } };
    expect(state.variants).toEqual([
      expect.objectContaining({
        kind: 'BRIEF',
        text: brief.draft.text,
        provider: 'extractive',
        fallbackFrom: 'openai-compatible',
        sourceType: null,
        parameters: expect.objectContaining({ fallbackReason: 'MODEL_SERVER_ERROR', fallbackModel: 'llama3.3:70b' }),
      }),
    ]);
    expect(disclosureLine(state.variants[0])).toBe('Extracted from the article');
    expect(state.unsupportedVariants).toEqual([
      expect.objectContaining({ kind: 'PLAIN_LANGUAGE', provider: 'openai-compatible', reason: expect.stringContaining('MODEL_SERVER_ERROR') }),
    ]);
  });
});
