import { ModelCallError, type ModelRequest } from './model-http.client';
import { ModelSummarizer, type ModelSummarizerOptions } from './model.summarizer';
import type { RenderedPrompt } from './summary-prompt.templates';

export const ANTHROPIC_API_BASE = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicSettings {
  readonly apiKey: string;
  readonly model: string;
  /** Defaults to Anthropic's API; /v1/messages is appended. */
  readonly baseUrl?: string | null;
}

/** The Anthropic Messages API: a hosted model, so sensitive articles go to the fallback instead. */
export class AnthropicSummarizer extends ModelSummarizer {
  readonly provider = 'anthropic';
  readonly hosted = true;
  private readonly url: string;
  private readonly apiKey: string;

  constructor(settings: AnthropicSettings, options: ModelSummarizerOptions = {}) {
    super(settings.model, options);
    // Accept the base with or without its /v1, as both spellings circulate.
    const base = (settings.baseUrl || ANTHROPIC_API_BASE).replace(/\/+$/, '').replace(/\/v1$/, '');
    this.url = `${base}/v1/messages`;
    this.apiKey = settings.apiKey;
  }

  protected request(prompt: RenderedPrompt): ModelRequest {
    return {
      url: this.url,
      headers: { 'x-api-key': this.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      body: {
        model: this.model,
        max_tokens: prompt.generation.maxTokens,
        temperature: prompt.generation.temperature,
        system: prompt.system,
        messages: [{ role: 'user', content: prompt.user }],
      },
    };
  }

  protected textOf(answer: unknown): string | null {
    const message = answer as { content?: unknown; stop_reason?: unknown } | null;
    if (message?.stop_reason === 'max_tokens') {
      throw new ModelCallError('MODEL_MALFORMED_OUTPUT', 'the summary was cut off at the token limit', 200);
    }
    if (!Array.isArray(message?.content)) return null;
    const texts = (message.content as { type?: unknown; text?: unknown }[])
      .filter((block) => block?.type === 'text' && typeof block.text === 'string')
      .map((block) => block.text as string);
    return texts.length > 0 ? texts.join('\n') : null;
  }
}
