import { useCallback, useState } from 'react';
import { deskError, type DeskError } from '../api/errors';
import { MUTATIONS, type MutationName } from '../api/operations';
import type { Article } from '../api/types';
import { useSession } from '../session/session';

/** An idempotency key per command (crypto.randomUUID exists only in secure contexts). */
function commandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Mutations {
  /** Sends one command; answers the article as it now is, or null with `error` set. */
  run(name: MutationName, input: Record<string, unknown>): Promise<Article | null>;
  readonly pending: MutationName | null;
  readonly error: DeskError | null;
  clearError(): void;
}

export function useMutations(): Mutations {
  const { client } = useSession();
  const [pending, setPending] = useState<MutationName | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const run = useCallback(
    async (name: MutationName, input: Record<string, unknown>) => {
      setPending(name);
      setError(null);
      const result = await client.urql.mutation<Record<string, Article>>(MUTATIONS[name], { input: { commandId: commandId(), ...input } }).toPromise();
      setPending(null);
      if (result.error || !result.data) {
        setError(result.error ? deskError(result.error) : { code: 'NETWORK', message: 'Galley did not answer.' });
        return null;
      }
      return result.data[name];
    },
    [client],
  );
  return { run, pending, error, clearError: useCallback(() => setError(null), []) };
}

/** An action on the article a page shows: its id is filled in. */
export type Act = (name: MutationName, input?: Record<string, unknown>) => Promise<Article | null>;
