import type { SummaryProvenance } from '@galley/editorial';

export interface SummarySource {
  readonly title: string;
  readonly dek: string;
  readonly body: string;
  /** A sensitive article's text never goes to a hosted model. */
  readonly sensitive: boolean;
}

/** What a summarizer produced and how: the provenance recorded with the summary. */
export interface SummaryDraft extends SummaryProvenance {
  readonly text: string;
}

export interface Summarizer {
  summarize(source: SummarySource): Promise<SummaryDraft>;
}

export const SUMMARIZER = Symbol('SUMMARIZER');
