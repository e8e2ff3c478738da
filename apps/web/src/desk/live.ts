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

/**
 * Calls `onChange` for every change to any article (or to one), as Galley's `articleChanged`
 * subscription reports it; the desk then refetches what it shows.
 */
export function useArticleChanges(onChange: (change: Change) => void, id?: string): { last: Change | null } {
  const callback = useRef(onChange);
  callback.current = onChange;
  const [last, setLast] = useState<Change | null>(null);
  const [{ data }] = useSubscription<{ articleChanged: Change }>({ query: ARTICLE_CHANGED, variables: { id: id ?? null } });
  useEffect(() => {
    if (!data) return;
    setLast(data.articleChanged);
    callback.current(data.articleChanged);
  }, [data]);
  return { last };
}
