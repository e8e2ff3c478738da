import type { Article, Me, Role, Stage } from '../api/types';

/**
 * Which actions the desk offers a person on an article: the API's rules on roles, separation of
 * duties and stages (DESIGN §1), repeated here only to decide which buttons to show — Galley
 * still decides, and a refusal is shown as it comes.
 */
export type Action =
  | 'revise'
  | 'submitForFactCheck'
  | 'recordVerdict'
  | 'generateSummary'
  | 'editSummary'
  | 'generateVariant'
  | 'submitForReview'
  | 'requestChanges'
  | 'approveArticle'
  | 'publishArticle'
  | 'cancelSchedule'
  | 'issueCorrection'
  | 'retractArticle'
  | 'discardArticle'
  | 'setDeadline';

interface Rule {
  readonly roles: readonly Role[];
  /** The author may, whatever their roles. */
  readonly author?: boolean;
  /** Nobody may do it to their own article. */
  readonly notAuthor?: boolean;
  readonly stages: readonly Stage[];
}

const EDITABLE: readonly Stage[] = ['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED'];
const UNPUBLISHED: readonly Stage[] = ['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED'];

const RULES: Readonly<Record<Action, Rule>> = {
  revise: { roles: ['editor'], author: true, stages: EDITABLE },
  submitForFactCheck: { roles: ['editor'], author: true, stages: ['DRAFT'] },
  recordVerdict: { roles: ['fact_checker'], notAuthor: true, stages: ['FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED'] },
  generateSummary: { roles: ['editor'], author: true, stages: ['SUMMARIZE', 'PUBLISHED'] },
  editSummary: { roles: ['editor'], author: true, stages: ['SUMMARIZE', 'REVIEW', 'PUBLISHED'] },
  generateVariant: { roles: ['editor'], author: true, stages: ['SUMMARIZE', 'PUBLISHED'] },
  submitForReview: { roles: ['editor'], author: true, stages: ['SUMMARIZE'] },
  requestChanges: { roles: ['editor'], notAuthor: true, stages: ['REVIEW', 'APPROVED'] },
  approveArticle: { roles: ['editor'], notAuthor: true, stages: ['REVIEW'] },
  publishArticle: { roles: ['publisher', 'editor'], notAuthor: true, stages: ['APPROVED'] },
  cancelSchedule: { roles: ['publisher', 'editor'], stages: ['SCHEDULED'] },
  issueCorrection: { roles: ['editor'], stages: ['PUBLISHED'] },
  retractArticle: { roles: ['editor', 'publisher'], stages: ['PUBLISHED'] },
  discardArticle: { roles: ['editor'], author: true, stages: UNPUBLISHED },
  setDeadline: { roles: ['editor'], stages: UNPUBLISHED },
};

export function may(me: Me, action: Action, article: Pick<Article, 'stage' | 'author'>): boolean {
  const rule = RULES[action];
  if (!rule.stages.includes(article.stage)) return false;
  const author = article.author.id === me.id;
  if (rule.notAuthor && author) return false;
  if (me.roles.includes('admin')) return true;
  if (rule.author && author) return true;
  return rule.roles.some((role) => me.roles.includes(role));
}

export function mayDraft(me: Me): boolean {
  return me.roles.some((role) => role === 'writer' || role === 'editor' || role === 'admin');
}

/** Who may take a claim (fact-checkers take work for themselves; editors hand it out). */
export function mayAssign(me: Me): boolean {
  return me.roles.some((role) => role === 'fact_checker' || role === 'editor' || role === 'admin');
}

export function mayCheckClaims(me: Me): boolean {
  return me.roles.some((role) => role === 'fact_checker' || role === 'admin');
}
