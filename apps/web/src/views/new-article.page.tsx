import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '../components/common';
import { useMutations } from '../desk/mutations';
import { mayDraft } from '../desk/permissions';
import { articlePath, navigate } from '../router';
import { useSession } from '../session/session';
import { ArticleFields, type ArticleText } from './article/article-fields';

/** A new draft; the person who drafts it becomes its author. */
export function NewArticle() {
  const { me } = useSession();
  const { run, pending, error, clearError } = useMutations();
  const [text, setText] = useState<ArticleText>({ title: '', dek: '', body: '' });
  const [series, setSeries] = useState('');
  const [sensitive, setSensitive] = useState(false);

  if (!mayDraft(me)) {
    return (
      <main className="page">
        <h1>New article</h1>
        <p>Only writers and editors draft articles.</p>
      </main>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const article = await run('draftArticle', { ...text, series: series.trim() || null, sensitive });
    if (article) navigate(articlePath(article.id));
  };

  return (
    <main className="page page-wide">
      <h1>New article</h1>
      <ErrorBanner error={error} onDismiss={clearError} />
      <form onSubmit={(event) => void submit(event)} className="article-form" aria-label="New article">
        <div className="form-row">
          <label>
            Series
            <input value={series} onChange={(event) => setSeries(event.target.value)} placeholder="e.g. Compute Economics" />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={sensitive} onChange={(event) => setSensitive(event.target.checked)} />
            Sensitive (never sent to a hosted model)
          </label>
        </div>
        <ArticleFields text={text} onChange={setText} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending !== null || text.title.trim() === ''}>
            Create draft
          </button>
        </div>
      </form>
    </main>
  );
}
