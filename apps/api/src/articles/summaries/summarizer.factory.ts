import { ConfigurationError, type GalleyConfig } from '../../config/galley.config';
import { AnthropicSummarizer } from './anthropic.summarizer';
import { ExtractiveSummarizer } from './extractive.summarizer';
import type { ModelSummarizerOptions } from './model.summarizer';
import { OpenAiCompatibleSummarizer } from './openai-compatible.summarizer';
import type { Summarizer } from './summarizer.port';

type SummarizerConfig = Pick<GalleyConfig, 'summarizer' | 'llmUrl' | 'llmModel' | 'llmApiKey'>;

export function createSummarizer(config: SummarizerConfig, options: ModelSummarizerOptions = {}): Summarizer {
  switch (config.summarizer) {
    case 'extractive':
      return new ExtractiveSummarizer();
    case 'openai':
      return new OpenAiCompatibleSummarizer(
        {
          baseUrl: required(config, config.llmUrl, 'GALLEY_LLM_URL', 'the OpenAI-compatible server, e.g. http://localhost:11434/v1'),
          model: required(config, config.llmModel, 'GALLEY_LLM_MODEL', 'the model to summarize with, e.g. llama3.3:70b'),
          apiKey: config.llmApiKey,
        },
        options,
      );
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
