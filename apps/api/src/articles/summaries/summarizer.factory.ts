import { ConfigurationError, type GalleyConfig } from '../../config/galley.config';
import { AnthropicSummarizer } from './anthropic.summarizer';
import { ExtractiveSummarizer } from './extractive.summarizer';
import type { ModelSummarizerOptions } from './model.summarizer';
import { OpenAiCompatibleSummarizer } from './openai-compatible.summarizer';
import type { Summarizer } from './summarizer.port';

type SummarizerConfig = Pick<GalleyConfig, 'summarizer' | 'llmUrl' | 'llmModel' | 'llmApiKey'> & Partial<Pick<GalleyConfig, 'llmHosted'>>;

export function createSummarizer(config: SummarizerConfig, options: ModelSummarizerOptions = {}): Summarizer {
  switch (config.summarizer) {
    case 'extractive':
      return new ExtractiveSummarizer();
    case 'openai': {
      const baseUrl = required(config, config.llmUrl, 'GALLEY_LLM_URL', 'the OpenAI-compatible server, e.g. http://localhost:11434/v1');
      return new OpenAiCompatibleSummarizer(
        {
          baseUrl,
          model: required(config, config.llmModel, 'GALLEY_LLM_MODEL', 'the model to summarize with, e.g. llama3.3:70b'),
          apiKey: config.llmApiKey,
          hosted: config.llmHosted ?? !insideTheNewsroom(baseUrl),
        },
        options,
      );
    }
    case 'anthropic':
      return new AnthropicSummarizer(
        {
          apiKey: required(config, config.llmApiKey, 'GALLEY_LLM_API_KEY', 'the Anthropic API key'),
          model: required(config, config.llmModel, 'GALLEY_LLM_MODEL', 'the Claude model to summarize with'),
          baseUrl: config.llmUrl,
        },
        options,
      );
  }
}

function required(config: SummarizerConfig, value: string | null, variable: string, what: string): string {
  if (value === null || value.trim() === '') {
    throw new ConfigurationError(variable, `required when GALLEY_SUMMARIZER=${config.summarizer}: set it to ${what}`);
  }
  return value.trim();
}

/**
 * Unless GALLEY_LLM_HOSTED says otherwise, a model is trusted with sensitive articles only when its
 * address is plainly inside the newsroom: loopback, a private range, or a bare host name.
 */
export function insideTheNewsroom(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return true;
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host) || /^f[cd][0-9a-f]{2}:/i.test(host)) return true;
  return !host.includes('.') || host.endsWith('.local') || host.endsWith('.internal');
}
