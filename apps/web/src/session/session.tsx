import { createContext, useContext } from 'react';
import type { DeskClient } from '../api/client';
import type { Me } from '../api/types';

export interface Session {
  readonly me: Me;
  readonly client: DeskClient;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in desk');
  return session;
}

const TOKEN_KEY = 'galley.token';

/** The token lives in this tab only: two tabs may be two people (a writer and an editor). */
export const tokenStore = {
  read: (): string | null => window.sessionStorage.getItem(TOKEN_KEY),
  write: (token: string) => window.sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => window.sessionStorage.removeItem(TOKEN_KEY),
};
