import { EXTRACTIVE_SUMMARIZER_VERSION, summarizeExtractive, type VariantKind } from '@galley/editorial';
import type { RewriteAnswer, Summarizer, SummaryDraft, SummarySource } from './summarizer.port';

/** BRIEF: the article's one or two most central sentences, in about this many words. */
const BRIEF = { maxSentences: 2, targetWords: 40 } as const;

/** The offline default: sentences chosen from the article itself, never invented text. */
export class ExtractiveSummarizer implements Summarizer {
  async summarize(source: SummarySource): Promise<SummaryDraft> {
    return this.extract(source);
  }

  /**
   * Choosing sentences can honestly make a brief; it cannot put the article into plain language or
   * recast it for executives, so those are declined rather than faked.
   */
  async rewrite(source: SummarySource, kind: VariantKind): Promise<RewriteAnswer> {
    if (kind === 'BRIEF') return { supported: true, draft: this.extract(source, BRIEF) };
    return {
      supported: false,
      provider: 'extractive',
      reason: `The extractive summarizer only selects the article's own sentences; it cannot write a ${kind} version without a model`,
    };
  }

  private extract(source: SummarySource, options: { maxSentences: number; targetWords: number } | undefined = undefined): SummaryDraft {
    const { text, parameters } = summarizeExtractive(source, options);
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
