export const ROLES = ['writer', 'editor', 'fact_checker', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Someone named in an article's record. */
export interface Person {
  readonly id: string;
  readonly name: string;
}

/** Whoever issues a command: a newsroom member from a token, or the service itself. */
export interface Actor extends Person {
  readonly roles: readonly Role[];
  readonly system?: boolean;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Galley', roles: [], system: true };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function personOf(actor: Actor): Person {
  return { id: actor.id, name: actor.name };
}
