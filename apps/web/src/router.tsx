import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/**
 * The desk's pages, as paths the server answers with the app (links and reloads work). Newsroom
 * pages live under /desk/: /articles/:slug is the readers' published page, served by the api.
 */
export type Route =
  | { page: 'dashboard' }
  | { page: 'new-article' }
  | { page: 'article'; id: string; tab: ArticleTab }
  | { page: 'claims' }
  | { page: 'not-found' };

export const ARTICLE_TABS = ['text', 'claims', 'provenance', 'history'] as const;
export type ArticleTab = (typeof ARTICLE_TABS)[number];

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'dashboard' };
  if (path === CLAIM_DESK_PATH) return { page: 'claims' };
  if (path === NEW_ARTICLE_PATH) return { page: 'new-article' };
  const article = /^\/desk\/articles\/([0-9a-f-]{36})(?:\/(text|claims|provenance|history))?$/i.exec(path);
  if (article) return { page: 'article', id: article[1], tab: (article[2] as ArticleTab | undefined) ?? 'text' };
  return { page: 'not-found' };
}

export const CLAIM_DESK_PATH = '/desk/claims';
export const NEW_ARTICLE_PATH = '/desk/new';

export function articlePath(id: string, tab: ArticleTab = 'text'): string {
  return tab === 'text' ? `/desk/articles/${id}` : `/desk/articles/${id}/${tab}`;
}

/** The readers' page of a published article (served by the api, not the desk). */
export function publishedPath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}

const NAVIGATED = 'galley:navigated';

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function useRoute(): Route {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return parseRoute(path);
}

export function Link({ to, children, className, ...rest }: { to: string; children: ReactNode; className?: string; 'aria-current'?: 'page' }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}
