import type { Person } from '@galley/editorial';

/**
 * Assignment events the editorial domain is due to record (issue 4, item 2). They are read here by
 * their announced shape — `ClaimAssigned { claimId, assignee }` and `ArticleAssigned { assignee }`,
 * a null assignee meaning "unassigned" — and checked field by field, since the domain's own types
 * do not exist yet.
 */
export const CLAIM_ASSIGNED = 'ClaimAssigned';
export const ARTICLE_ASSIGNED = 'ArticleAssigned';
export const ASSIGNMENT_EVENT_TYPES: readonly string[] = [CLAIM_ASSIGNED, ARTICLE_ASSIGNED];

export type Assignment =
  | { readonly type: typeof CLAIM_ASSIGNED; readonly claimId: string; readonly assignee: Person | null }
  | { readonly type: typeof ARTICLE_ASSIGNED; readonly assignee: Person | null };

/** The assignment an event records, or null when the event is not one (or not in the expected shape). */
export function assignmentOf(event: { type: string; data: unknown }): Assignment | null {
  if (!ASSIGNMENT_EVENT_TYPES.includes(event.type) || typeof event.data !== 'object' || event.data === null) return null;
  const data = event.data as { claimId?: unknown; assignee?: unknown };
  const assignee = personOrNull(data.assignee);
  if (assignee === undefined) return null;
  if (event.type === ARTICLE_ASSIGNED) return { type: ARTICLE_ASSIGNED, assignee };
  return typeof data.claimId === 'string' ? { type: CLAIM_ASSIGNED, claimId: data.claimId, assignee } : null;
}

/** A person, null for "nobody", undefined when the value is neither. */
function personOrNull(value: unknown): Person | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object' || value === undefined) return undefined;
  const { id, name } = value as { id?: unknown; name?: unknown };
  if (typeof id !== 'string') return undefined;
  return { id, name: typeof name === 'string' ? name : id };
}
