import type { ArticleState } from '@galley/editorial';

/** One entry of an article's timeline. */
export interface HistoryEntryView {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actor: { id: string; name: string } | null;
  readonly claimId: string | null;
  readonly status: string | null;
  readonly note: string | null;
}

/** An article as the API answers it: the folded state, its version and, when at hand, its history. */
export interface ArticleView {
  readonly state: ArticleState;
  readonly version: number;
  readonly history?: readonly HistoryEntryView[];
}
