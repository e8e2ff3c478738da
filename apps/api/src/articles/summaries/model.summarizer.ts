import { ExtractiveSummarizer } from './extractive.summarizer';
import { modelCallPolicy, ModelCallError, postModelJson, type ModelCallOptions, type ModelCallPolicy, type ModelRequest } from './model-http.client';
import { cleanModelSummary } from './model-summary.text';
import { DEFAULT_SUMMARY_TEMPLATE, renderSummaryPrompt, type RenderedPrompt, type SummaryPromptTemplate } from './summary-prompt.templates';
import type { Summarizer, SummaryDraft, SummarySource } from './summarizer.port';

export interface ModelSummarizerOptions extends ModelCallOptions {
  template?: SummaryPromptTemplate;
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
  private readonly fallback: Summarizer;

  constructor(
    readonly model: string,
    options: ModelSummarizerOptions = {},
  ) {
    this.policy = modelCallPolicy(options);
    this.template = options.template ?? DEFAULT_SUMMARY_TEMPLATE;
    this.fallback = options.fallback ?? new ExtractiveSummarizer();
  }

  protected abstract request(prompt: RenderedPrompt): ModelRequest;

  /** The generated text in the API's answer, or null when the answer carries none. */
  protected abstract textOf(answer: unknown): string | null;

  async summarize(source: SummarySource): Promise<SummaryDraft> {
    if (source.sensitive && this.hosted) {
      return this.fallBack(source, 'sensitive', `sensitive articles are never sent to a hosted model`, 0);
    }
    const prompt = renderSummaryPrompt(this.template, source);
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
        text: cleanModelSummary(raw),
        provider: this.provider,
        model: this.model,
        promptTemplateId: prompt.templateId,
        promptHash: prompt.hash,
        parameters: { ...parameters, attempts },
        sourceType: 'trainedAlgorithmicMedia',
        fallbackFrom: null,
      };
    } catch (error) {
      // Whatever went wrong, the article still gets an honest summary and the record says why.
      if (error instanceof ModelCallError) return this.fallBack(source, error.code, error.message, Math.max(error.attempts, attempts));
      return this.fallBack(source, 'UNEXPECTED_ERROR', error instanceof Error ? error.message : String(error), attempts);
    }
  }

  private async fallBack(source: SummarySource, reason: FallbackReason, detail: string, attempts: number): Promise<SummaryDraft> {
    const draft = await this.fallback.summarize(source);
    return {
      ...draft,
      parameters: { ...draft.parameters, fallbackReason: reason, fallbackDetail: detail, fallbackModel: this.model, modelAttempts: attempts },
      fallbackFrom: this.provider,
    };
  }
}
