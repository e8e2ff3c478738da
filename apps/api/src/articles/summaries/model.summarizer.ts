import type { VariantKind } from '@galley/editorial';
import { ExtractiveSummarizer } from './extractive.summarizer';
import { modelCallPolicy, ModelCallError, postModelJson, type ModelCallOptions, type ModelCallPolicy, type ModelRequest } from './model-http.client';
import { cleanModelSummary } from './model-summary.text';
import {
  DEFAULT_SUMMARY_TEMPLATE,
  DEFAULT_VARIANT_TEMPLATES,
  renderSummaryPrompt,
  type RenderedPrompt,
  type SummaryPromptTemplate,
} from './summary-prompt.templates';
import type { RewriteAnswer, Summarizer, SummaryDraft, SummarySource } from './summarizer.port';

export interface ModelSummarizerOptions extends ModelCallOptions {
  template?: SummaryPromptTemplate;
  /** The "read it as…" templates, per kind (default: the current versioned ones). */
  variantTemplates?: Readonly<Record<VariantKind, SummaryPromptTemplate>>;
  /** Stands in when the model fails or may not see the article (default: the extractive summarizer). */
  fallback?: Summarizer;
}

export type FallbackReason = 'sensitive' | ModelCallError['code'] | 'UNEXPECTED_ERROR';

/**
 * What every model adapter shares: the prompt, the resilient call, cleaning the answer, the
 * provenance, and falling back to the extractive summarizer (recorded) when the model cannot answer.
 * An adapter only maps the prompt to its API's wire format and reads the text back.
 */
export abstract class ModelSummarizer implements Summarizer {
  abstract readonly provider: string;
  /** A hosted model runs outside the newsroom's network: a sensitive article never reaches it. */
  abstract readonly hosted: boolean;
  protected readonly policy: ModelCallPolicy;
  protected readonly template: SummaryPromptTemplate;
  protected readonly variantTemplates: Readonly<Record<VariantKind, SummaryPromptTemplate>>;
  private readonly fallback: Summarizer;

  constructor(
    readonly model: string,
    options: ModelSummarizerOptions = {},
  ) {
    this.policy = modelCallPolicy(options);
    this.template = options.template ?? DEFAULT_SUMMARY_TEMPLATE;
    this.variantTemplates = options.variantTemplates ?? DEFAULT_VARIANT_TEMPLATES;
    this.fallback = options.fallback ?? new ExtractiveSummarizer();
  }

  protected abstract request(prompt: RenderedPrompt): ModelRequest;

  /** The generated text in the API's answer, or null when the answer carries none. */
  protected abstract textOf(answer: unknown): string | null;

  async summarize(source: SummarySource): Promise<SummaryDraft> {
    const outcome = await this.generate(source, this.template);
    if ('draft' in outcome) return outcome.draft;
    const draft = await this.fallback.summarize(source);
    return this.markFallback(draft, outcome);
  }

  /** The same call with the kind's own template; when the model cannot answer, the fallback's rewrite or its refusal. */
  async rewrite(source: SummarySource, kind: VariantKind): Promise<RewriteAnswer> {
    const outcome = await this.generate(source, this.variantTemplates[kind]);
    if ('draft' in outcome) return { supported: true, draft: outcome.draft };
    const stand = this.fallback.rewrite ? await this.fallback.rewrite(source, kind) : null;
    if (stand?.supported) return { supported: true, draft: this.markFallback(stand.draft, outcome) };
    const why = outcome.reason === 'sensitive' ? outcome.detail : `the model failed (${outcome.reason}: ${outcome.detail})`;
    return {
      supported: false,
      provider: this.provider,
      reason: `${capitalize(why)}; ${stand ? stand.reason : `the fallback cannot write a ${kind} version`}`,
    };
  }

  private async generate(source: SummarySource, template: SummaryPromptTemplate): Promise<{ draft: SummaryDraft } | Failure> {
    if (source.sensitive && this.hosted) {
      return { reason: 'sensitive', detail: 'sensitive articles are never sent to a hosted model', attempts: 0 };
    }
    const prompt = renderSummaryPrompt(template, source);
    const parameters = {
      temperature: prompt.generation.temperature,
      maxTokens: prompt.generation.maxTokens,
      timeoutMs: this.policy.timeoutMs,
      maxAttempts: this.policy.maxAttempts,
    };
    let attempts = 0;
    try {
      const answer = await postModelJson(this.request(prompt), this.policy);
      attempts = answer.attempts;
      const raw = this.textOf(answer.json);
      if (raw === null) throw new ModelCallError('MODEL_MALFORMED_OUTPUT', 'the answer carries no generated text', 200, attempts);
      return {
        draft: {
          text: cleanModelSummary(raw),
          provider: this.provider,
          model: this.model,
          promptTemplateId: prompt.templateId,
          promptHash: prompt.hash,
          parameters: { ...parameters, attempts },
          sourceType: 'trainedAlgorithmicMedia',
          fallbackFrom: null,
        },
      };
    } catch (error) {
      // Whatever went wrong, the caller still gets an honest answer and the record says why.
      if (error instanceof ModelCallError) return { reason: error.code, detail: error.message, attempts: Math.max(error.attempts, attempts) };
      return { reason: 'UNEXPECTED_ERROR', detail: error instanceof Error ? error.message : String(error), attempts };
    }
  }

  private markFallback(draft: SummaryDraft, failure: Failure): SummaryDraft {
    return {
      ...draft,
      parameters: { ...draft.parameters, fallbackReason: failure.reason, fallbackDetail: failure.detail, fallbackModel: this.model, modelAttempts: failure.attempts },
      fallbackFrom: this.provider,
    };
  }
}

interface Failure {
  readonly reason: FallbackReason;
  readonly detail: string;
  readonly attempts: number;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
