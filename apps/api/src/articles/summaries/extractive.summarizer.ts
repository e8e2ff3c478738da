import { EXTRACTIVE_SUMMARIZER_VERSION, summarizeExtractive } from '@galley/editorial';
import type { Summarizer, SummaryDraft, SummarySource } from './summarizer.port';

/** The offline default: sentences chosen from the article itself, never invented text. */
export class ExtractiveSummarizer implements Summarizer {
  async summarize(source: SummarySource): Promise<SummaryDraft> {
    const { text, parameters } = summarizeExtractive(source);
    return {
      text,
      provider: 'extractive',
      model: EXTRACTIVE_SUMMARIZER_VERSION,
      promptTemplateId: null,
      promptHash: null,
      parameters,
      sourceType: null,
      fallbackFrom: null,
    };
  }
}
