import type { Actor, Role } from '../shared/actor';
import { Forbidden } from '../shared/domain.errors';
import type { ArticleCommandType } from './article.commands';
import type { ArticleState } from './article.types';

interface Permission {
  /** Roles that may issue the command (admin always may). */
  readonly roles: readonly Role[];
  /** The article's author may issue it whatever their roles. */
  readonly author?: boolean;
  /** Separation of duties: the author may never issue it. */
  readonly notAuthor?: boolean;
  /** Only the service itself issues it. */
  readonly systemOnly?: boolean;
  /** The service may issue it too (automatic work). */
  readonly system?: boolean;
}

/** DESIGN §1's "who" column, as data, so that it is enforced and tested from one table. */
export const PERMISSIONS: Readonly<Record<ArticleCommandType, Permission>> = {
  DraftArticle: { roles: ['writer', 'editor'] },
  ReviseArticle: { roles: ['editor'], author: true },
  SubmitForFactCheck: { roles: ['editor'], author: true },
  AddClaim: { roles: ['fact_checker', 'editor'] },
  RecordVerdict: { roles: ['fact_checker'], notAuthor: true },
  GenerateSummary: { roles: ['editor'], author: true, system: true },
  RecordSummary: { roles: [], systemOnly: true },
  EditSummary: { roles: ['editor'], author: true },
  GenerateVariant: { roles: ['editor'], author: true, system: true },
  RecordVariant: { roles: [], systemOnly: true },
  ReportVariantUnsupported: { roles: [], systemOnly: true },
  EditVariant: { roles: ['editor'], author: true },
  SubmitForReview: { roles: ['editor'], author: true },
  RequestChanges: { roles: ['editor'], notAuthor: true },
  ApproveArticle: { roles: ['editor'], notAuthor: true },
  PublishArticle: { roles: ['publisher', 'editor'], notAuthor: true, system: true },
  CancelSchedule: { roles: ['publisher', 'editor'] },
  IssueCorrection: { roles: ['editor'] },
  RetractArticle: { roles: ['editor', 'publisher'] },
  DiscardArticle: { roles: ['editor'], author: true },
  SetDeadline: { roles: ['editor'] },
  AssignFactChecker: { roles: ['editor', 'fact_checker'] },
  CompletePublication: { roles: [], systemOnly: true },
};

export function isAuthor(actor: Actor, state: ArticleState): boolean {
  return state.author !== null && state.author.id === actor.id;
}

/** Throws Forbidden unless the actor may issue this command on this article. */
export function authorize(type: ArticleCommandType, actor: Actor, state: ArticleState): void {
  const permission = PERMISSIONS[type];
  if (actor.system) {
    if (permission.systemOnly || permission.system) return;
    throw new Forbidden('ROLE', `${type} is not work the service does on its own`);
  }
  if (permission.systemOnly) throw new Forbidden('ROLE', `${type} is done by the service only`);
  const author = isAuthor(actor, state);
  if (permission.notAuthor && author) {
    throw new Forbidden('SEPARATION_OF_DUTIES', `Nobody may ${describe(type)} their own article`);
  }
  if (actor.roles.includes('admin')) return;
  if (permission.author && author) return;
  if (permission.roles.some((role) => actor.roles.includes(role))) return;
  const who = [...permission.roles, ...(permission.author ? ['the author'] : [])].join(', ');
  throw new Forbidden('ROLE', `${type} needs one of: ${who}`);
}

function describe(type: ArticleCommandType): string {
  switch (type) {
    case 'RecordVerdict':
      return 'fact-check';
    case 'ApproveArticle':
      return 'approve';
    case 'RequestChanges':
      return 'review';
    case 'PublishArticle':
      return 'publish';
    default:
      return type;
  }
}
