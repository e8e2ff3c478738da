import { ConfigurationError } from '../../config/galley.config';
import { AnthropicSummarizer } from './anthropic.summarizer';
import { ExtractiveSummarizer } from './extractive.summarizer';
import { OpenAiCompatibleSummarizer } from './openai-compatible.summarizer';
import { createSummarizer } from './summarizer.factory';

const none = { llmUrl: null, llmModel: null, llmApiKey: null };

function configurationError(build: () => unknown): ConfigurationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('createSummarizer', () => {
  it('builds the extractive default without any model settings', () => {
    expect(createSummarizer({ summarizer: 'extractive', ...none })).toBeInstanceOf(ExtractiveSummarizer);
  });

  it('builds the OpenAI-compatible adapter from a URL and a model; the key is optional', () => {
    const summarizer = createSummarizer({ summarizer: 'openai', ...none, llmUrl: 'http://localhost:11434/v1', llmModel: 'llama3.3:70b' });
    expect(summarizer).toBeInstanceOf(OpenAiCompatibleSummarizer);
    expect(summarizer).toMatchObject({ provider: 'openai-compatible', model: 'llama3.3:70b', hosted: false });
  });

  it.each([
    ['http://localhost:11434/v1', false],
    ['http://127.0.0.1:8080/v1', false],
    ['http://10.0.4.12:8000/v1', false],
    ['http://ollama:11434/v1', false],
    ['http://gpu-box.internal/v1', false],
    ['https://api.openai.com/v1', true],
    ['https://llm.example.com/v1', true],
  ])('treats %s as hosted: %s (sensitive articles never go to a hosted model)', (llmUrl, hosted) => {
    expect(createSummarizer({ summarizer: 'openai', ...none, llmUrl, llmModel: 'm' })).toMatchObject({ hosted });
  });

  it('lets GALLEY_LLM_HOSTED overrule the address', () => {
    expect(createSummarizer({ summarizer: 'openai', ...none, llmUrl: 'https://llm.example.com/v1', llmModel: 'm', llmHosted: false })).toMatchObject({ hosted: false });
    expect(createSummarizer({ summarizer: 'openai', ...none, llmUrl: 'http://localhost:11434/v1', llmModel: 'm', llmHosted: true })).toMatchObject({ hosted: true });
  });

  it('builds the Anthropic adapter from a key and a model; the URL is optional', () => {
    const summarizer = createSummarizer({ summarizer: 'anthropic', ...none, llmApiKey: 'sk-ant', llmModel: 'claude-sonnet-4-5' });
    expect(summarizer).toBeInstanceOf(AnthropicSummarizer);
    expect(summarizer).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', hosted: true });
  });

  it.each([
    ['openai', { llmModel: 'llama3.3:70b' }, 'GALLEY_LLM_URL'],
    ['openai', { llmUrl: 'http://localhost:11434/v1' }, 'GALLEY_LLM_MODEL'],
    ['anthropic', { llmModel: 'claude-sonnet-4-5' }, 'GALLEY_LLM_API_KEY'],
    ['anthropic', { llmApiKey: 'sk-ant', llmUrl: 'https://api.anthropic.com' }, 'GALLEY_LLM_MODEL'],
  ] as const)('refuses GALLEY_SUMMARIZER=%s without %o, naming the missing variable', (summarizer, settings, variable) => {
    const error = configurationError(() => createSummarizer({ summarizer, ...none, ...settings }));
    expect(error.message).toMatch(new RegExp(`^${variable}: required when GALLEY_SUMMARIZER=${summarizer}`));
  });
});
