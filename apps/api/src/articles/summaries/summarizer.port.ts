import type { SummaryProvenance, VariantKind } from '@galley/editorial';

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

/**
 * A "read it as…" rewrite, or the summarizer's honest refusal: a summarizer that cannot write a
 * kind says so (and why) rather than passing something else off as it.
 */
export type RewriteAnswer =
  | { readonly supported: true; readonly draft: SummaryDraft }
  | { readonly supported: false; readonly provider: string; readonly reason: string };

export interface Summarizer {
  summarize(source: SummarySource): Promise<SummaryDraft>;
  /** Optional: a summarizer without it declines every variant. */
  rewrite?(source: SummarySource, kind: VariantKind): Promise<RewriteAnswer>;
}

export const SUMMARIZER = Symbol('SUMMARIZER');
