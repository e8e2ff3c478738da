import type { ArticleState } from '@galley/editorial';
import type { HistoryRow } from '@galley/read-models';

/** One entry of an article's timeline (the read model's row, or the same folded from the stream). */
export type HistoryEntryView = HistoryRow;

/** An article as the API answers it: the folded state, its version and, when at hand, its history. */
export interface ArticleView {
  readonly state: ArticleState;
  readonly version: number;
  readonly history?: readonly HistoryEntryView[];
}
