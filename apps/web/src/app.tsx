import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createDeskClient, type DeskClient } from './api/client';
import { deskError } from './api/errors';
import { ME } from './api/operations';
import type { Me } from './api/types';
import { mayCheckClaims, mayDraft } from './desk/permissions';
import { roleLabel } from './desk/format';
import { CLAIM_DESK_PATH, Link, navigate, NEW_ARTICLE_PATH, useRoute } from './router';
import { SessionContext, tokenStore, useSession, type Session } from './session/session';
import { SignIn } from './session/sign-in';
import { ArticlePage } from './views/article.page';
import { ClaimDesk } from './views/claim-desk.page';
import { Dashboard } from './views/dashboard.page';
import { NewArticle } from './views/new-article.page';

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signOut = useCallback(() => {
    tokenStore.clear();
    setSession((current) => {
      current?.client.dispose();
      return null;
    });
  }, []);

  const signIn = useCallback(
    async (token: string) => {
      setBusy(true);
      setProblem(null);
      const client: DeskClient = createDeskClient(token);
      const result = await client.urql.query<{ me: Me }>(ME, {}).toPromise();
      setBusy(false);
      if (result.error || !result.data) {
        client.dispose();
        tokenStore.clear();
        setProblem(result.error ? deskError(result.error).message : 'Galley did not answer.');
        return;
      }
      tokenStore.write(token);
      setSession({ me: result.data.me, client, signOut });
    },
    [signOut],
  );

  useEffect(() => {
    const saved = tokenStore.read();
    if (saved) void signIn(saved);
  }, [signIn]);

  if (!session) return <SignIn onToken={(token) => void signIn(token)} problem={problem} busy={busy} />;
  return (
    <SessionContext.Provider value={session}>
      <Provider value={session.client.urql}>
        <Desk />
      </Provider>
    </SessionContext.Provider>
  );
}

function Desk() {
  const route = useRoute();
  const { me, signOut } = useSession();
  const page = useMemo(() => {
    switch (route.page) {
      case 'dashboard':
        return <Dashboard />;
      case 'new-article':
        return <NewArticle />;
      case 'article':
        return <ArticlePage key={route.id} id={route.id} tab={route.tab} />;
      case 'claims':
        return <ClaimDesk />;
      case 'not-found':
        return (
          <main className="page">
            <h1>Page not found</h1>
            <p>
              <Link to="/">Back to the dashboard</Link>
            </p>
          </main>
        );
      default: {
        const _exhaustive: never = route;
        return _exhaustive;
      }
    }
  }, [route]);

  return (
    <div className="desk">
      <header className="topbar">
        <Link to="/" className="brand">
          Galley
        </Link>
        <nav aria-label="Main">
          <Link to="/" aria-current={route.page === 'dashboard' ? 'page' : undefined}>
            Dashboard
          </Link>
          {mayCheckClaims(me) || me.roles.includes('editor') ? (
            <Link to={CLAIM_DESK_PATH} aria-current={route.page === 'claims' ? 'page' : undefined}>
              Claim desk
            </Link>
          ) : null}
          {mayDraft(me) && (
            <Link to={NEW_ARTICLE_PATH} aria-current={route.page === 'new-article' ? 'page' : undefined}>
              New article
            </Link>
          )}
        </nav>
        <div className="whoami">
          <span aria-label="Signed in as">
            <strong>{me.name}</strong> <span className="muted small">{me.roles.map(roleLabel).join(', ')}</span>
          </span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              signOut();
              navigate('/');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      {page}
    </div>
  );
}
