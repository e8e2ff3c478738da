import { ModelCallError, type ModelRequest } from './model-http.client';
import { ModelSummarizer, type ModelSummarizerOptions } from './model.summarizer';
import type { RenderedPrompt } from './summary-prompt.templates';

export interface OpenAiCompatibleSettings {
  /** The API base, e.g. http://localhost:11434/v1 for Ollama; /chat/completions is appended. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string | null;
  /**
   * Whether the server runs outside the newsroom (default false: the adapter is meant for a
   * self-hosted Llama). A hosted endpoint is never sent a sensitive article.
   */
  readonly hosted?: boolean;
}

/** Chat Completions as Ollama, vLLM and llama.cpp's server speak it. */
export class OpenAiCompatibleSummarizer extends ModelSummarizer {
  readonly provider = 'openai-compatible';
  readonly hosted: boolean;
  private readonly url: string;
  private readonly apiKey: string | null;

  constructor(settings: OpenAiCompatibleSettings, options: ModelSummarizerOptions = {}) {
    super(settings.model, options);
    this.url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.apiKey = settings.apiKey ?? null;
    this.hosted = settings.hosted ?? false;
  }

  protected request(prompt: RenderedPrompt): ModelRequest {
    return {
      url: this.url,
      headers: this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {},
      body: {
        model: this.model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        temperature: prompt.generation.temperature,
        max_tokens: prompt.generation.maxTokens,
        stream: false,
      },
    };
  }

  protected textOf(answer: unknown): string | null {
    const choice = (answer as { choices?: { message?: { content?: unknown }; finish_reason?: unknown }[] } | null)?.choices?.[0];
    if (choice?.finish_reason === 'length') {
      throw new ModelCallError('MODEL_MALFORMED_OUTPUT', 'the summary was cut off at the token limit', 200);
    }
    const content = choice?.message?.content;
    if (typeof content !== 'string') return null;
    // Reasoning models served this way put their deliberation inline; it is not the summary.
    return content.replace(/<think>[\s\S]*?<\/think>/gi, '');
  }
}
