import type { SummarySourceType } from '@galley/editorial';

export interface SummarySource {
  readonly title: string;
  readonly dek: string;
  readonly body: string;
  /** A sensitive article's text never goes to a hosted model. */
  readonly sensitive: boolean;
}

/** What a summarizer produced and how: the provenance recorded with the summary. */
export interface SummaryDraft {
  readonly text: string;
  readonly provider: string;
  readonly model: string | null;
  readonly promptTemplateId: string | null;
  readonly promptHash: string | null;
  readonly parameters: Record<string, unknown>;
  readonly sourceType: SummarySourceType;
  readonly fallbackFrom: string | null;
}

export interface Summarizer {
  summarize(source: SummarySource): Promise<SummaryDraft>;
}

export const SUMMARIZER = Symbol('SUMMARIZER');
