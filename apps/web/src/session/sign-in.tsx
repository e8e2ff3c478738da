import { useEffect, useState, type FormEvent } from 'react';
import { roleLabel } from '../desk/format';

interface DemoUser {
  id: string;
  name: string;
  roles: string[];
  token: string;
}

/** Sign-in by token; with Galley's development secret, the demo users are one click away. */
export function SignIn({ onToken, problem, busy }: { onToken: (token: string) => void; problem: string | null; busy: boolean }) {
  const [demoUsers, setDemoUsers] = useState<DemoUser[] | null>(null);
  const [token, setToken] = useState('');

  useEffect(() => {
    let live = true;
    fetch('/desk/demo-users', { headers: { accept: 'application/json' } })
      .then(async (response) => (response.ok ? ((await response.json()) as { users: DemoUser[] }).users : []))
      .catch(() => [])
      .then((users) => live && setDemoUsers(users));
    return () => {
      live = false;
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onToken(token.trim().replace(/^Bearer\s+/i, ''));
  };

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1 className="brand-large">Galley</h1>
        <p className="muted">The newsroom desk: drafts, fact-checks, reviews and publication, as they happen.</p>
        {problem && (
          <p role="alert" className="banner banner-error">
            {problem}
          </p>
        )}
        {demoUsers && demoUsers.length > 0 && (
          <section aria-labelledby="demo-heading">
            <h2 id="demo-heading">Demo newsroom</h2>
            <p className="muted small">Galley runs with its development secret: sign in as one of its demo users.</p>
            <ul className="demo-users">
              {demoUsers.map((user) => (
                <li key={user.id}>
                  <button type="button" className="demo-user" disabled={busy} onClick={() => onToken(user.token)} aria-label={`Sign in as ${user.name}`}>
                    <span className="avatar" aria-hidden="true">
                      {user.name.charAt(0)}
                    </span>
                    <span>
                      <strong>{user.name}</strong>
                      <span className="muted small">{user.roles.map(roleLabel).join(', ')}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <form onSubmit={submit} aria-labelledby="token-heading">
          <h2 id="token-heading">Sign in with a token</h2>
          <label htmlFor="token">Token</label>
          <textarea id="token" rows={3} value={token} onChange={(event) => setToken(event.target.value)} placeholder="eyJhbGciOi…" spellCheck={false} />
          <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}
