import { useEffect, useRef, useState } from 'react';
import { useSubscription } from 'urql';
import { ARTICLE_CHANGED } from '../api/operations';
import type { Stage } from '../api/types';

export interface Change {
  id: string;
  version: number;
  stage: Stage;
  title: string;
}

/** A burst of changes (a fact-checker's fast pass, a publication's steps) becomes one refetch. */
const COALESCE_MS = 150;

/**
 * Calls `onChange` after changes to any article (or to one), as Galley's `articleChanged`
 * subscription reports them — once per burst, with the latest change; the desk then refetches
 * what it shows.
 */
export function useArticleChanges(onChange: (change: Change) => void, id?: string): { last: Change | null } {
  const callback = useRef(onChange);
  callback.current = onChange;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef<Change | null>(null);
  const [last, setLast] = useState<Change | null>(null);
  const [{ data }] = useSubscription<{ articleChanged: Change }>({ query: ARTICLE_CHANGED, variables: { id: id ?? null } });

  useEffect(() => {
    if (!data) return;
    latest.current = data.articleChanged;
    setLast(data.articleChanged);
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      if (latest.current) callback.current(latest.current);
    }, COALESCE_MS);
  }, [data]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return { last };
}
