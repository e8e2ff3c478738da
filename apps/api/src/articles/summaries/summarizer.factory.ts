import { ConfigurationError, type GalleyConfig } from '../../config/galley.config';
import { ExtractiveSummarizer } from './extractive.summarizer';
import type { Summarizer } from './summarizer.port';

export function createSummarizer(config: GalleyConfig): Summarizer {
  switch (config.summarizer) {
    case 'extractive':
      return new ExtractiveSummarizer();
    case 'openai':
    case 'anthropic':
      // The model adapters arrive with the summaries issue; refusing beats silently summarizing otherwise.
      throw new ConfigurationError('GALLEY_SUMMARIZER', `the ${config.summarizer} adapter is not available in this build yet; use "extractive"`);
  }
}
