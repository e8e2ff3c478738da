import type { CombinedError } from 'urql';

/** A refusal or failure, worded for the person at the desk. */
export interface DeskError {
  readonly code: string;
  readonly message: string;
  /** For CONFLICT: the version the article is now at. */
  readonly currentVersion?: number;
}

/** Galley's error codes (DESIGN §6), each with the sentence the desk leads with. */
const LEADS: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: 'You are not signed in, or your token is no longer valid.',
  FORBIDDEN: 'Not allowed.',
  BAD_USER_INPUT: 'Please check what you entered.',
  INVALID_TRANSITION: 'Not possible at this stage.',
  CONFLICT: 'Someone else changed this article while you were working on it.',
  NOT_FOUND: 'Not found.',
  RATE_LIMITED: 'Too many requests: wait a moment and try again.',
  INTERNAL_SERVER_ERROR: 'Galley ran into a problem.',
};

export function deskError(error: CombinedError): DeskError {
  const first = error.graphQLErrors[0];
  if (!first) {
    return { code: 'NETWORK', message: 'Galley cannot be reached. Check your connection and try again.' };
  }
  const extensions = first.extensions as { code?: string; currentVersion?: number; requestId?: string };
  const code = extensions.code ?? 'INTERNAL_SERVER_ERROR';
  const lead = LEADS[code] ?? 'The request was refused.';
  const detail =
    code === 'INTERNAL_SERVER_ERROR' && extensions.requestId
      ? `Request id ${extensions.requestId}.`
      : code === 'CONFLICT' && typeof extensions.currentVersion === 'number'
        ? `It is now at version ${extensions.currentVersion}.`
        : first.message;
  const message = detail && detail !== lead ? `${lead} ${detail}` : lead;
  return { code, message, currentVersion: extensions.currentVersion };
}
