import { useCallback, useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { deskError } from '../api/errors';
import { ARTICLE } from '../api/operations';
import type { Article } from '../api/types';
import { ErrorBanner, Loading, StageBadge } from '../components/common';
import { dateTime } from '../desk/format';
import { useArticleChanges } from '../desk/live';
import { useMutations, type Act } from '../desk/mutations';
import { ARTICLE_TABS, articlePath, Link, navigate, publishedPath, type ArticleTab } from '../router';
import { useSession } from '../session/session';
import { ActionBar } from './article/action-bar';
import { ClaimsTab } from './article/claims-tab';
import { HistoryTab } from './article/history-tab';
import { ProvenanceTab } from './article/provenance-tab';
import { TextTab, type EditorState } from './article/text-tab';

const TAB_LABELS: Readonly<Record<ArticleTab, string>> = { text: 'Text', claims: 'Claims', provenance: 'Provenance', history: 'History' };

/** One article: its text and editor, the actions its stage and your roles allow, its claims, provenance and history. */
export function ArticlePage({ id, tab }: { id: string; tab: ArticleTab }) {
  const { client } = useSession();
  const [result, refetch] = useQuery<{ article: Article | null }>({ query: ARTICLE, variables: { id } });
  const [answered, setAnswered] = useState<Article | null>(null);
  const mutations = useMutations();
  useArticleChanges(() => refetch({ requestPolicy: 'network-only' }), id);

  // The newer of what the store answered a query and what a command answered: versions only grow.
  const queried = result.data?.article ?? null;
  const article = queried && answered ? (answered.version > queried.version ? answered : queried) : (queried ?? answered);

  const [editor, setEditor] = useState<EditorState | null>(null);
  useEffect(() => {
    if (!article) return;
    setEditor((current) =>
      current && current.dirty ? current : { text: pick(article), baseVersion: article.version, dirty: false, unsaved: current?.unsaved ?? null },
    );
  }, [article?.version, article?.id]);

  const act: Act = useCallback(
    async (name, input = {}) => {
      const answer = await mutations.run(name, { id, ...input });
      if (answer) setAnswered(answer);
      return answer;
    },
    [id, mutations.run],
  );

  /** After a CONFLICT: the latest version replaces the form; what you had typed stays at hand to copy. */
  const reloadLatest = useCallback(async () => {
    const latest = await client.urql.query<{ article: Article | null }>(ARTICLE, { id }, { requestPolicy: 'network-only' }).toPromise();
    const fresh = latest.data?.article;
    if (!fresh) return;
    setAnswered(fresh);
    setEditor((current) => ({ text: pick(fresh), baseVersion: fresh.version, dirty: false, unsaved: current?.dirty ? current.text : null }));
    mutations.clearError();
  }, [client, id, mutations.clearError]);

  if (result.error && !article) {
    return (
      <main className="page">
        <ErrorBanner error={deskError(result.error)} />
      </main>
    );
  }
  if (!article) {
    return <main className="page">{result.fetching ? <Loading what="the article" /> : <p>No article with this id.</p>}</main>;
  }

  return (
    <main className="page page-wide">
      <nav aria-label="Breadcrumb" className="breadcrumb small">
        <Link to="/">Dashboard</Link> › <span>{article.title}</span>
      </nav>
      <section className="article-head" aria-label="About the article">
        <div>
          <h1>{article.title}</h1>
          {article.dek && <p className="dek">{article.dek}</p>}
          <p className="meta small">
            <StageBadge stage={article.stage} /> <span>by {article.author.name}</span>
            {article.series && <span> · {article.series}</span>}
            {article.edition !== null && <span> · edition #{article.edition}</span>}
            <span aria-label="Version"> · version {article.version}</span>
            {article.dueAt && <span> · due {dateTime(article.dueAt)}</span>}
            {article.scheduledFor && <span> · scheduled for {dateTime(article.scheduledFor)}</span>}
            {article.publishedAt && <span> · published {dateTime(article.publishedAt)}</span>}
            {article.stage === 'PUBLISHED' && article.slug && (
              <span>
                {' '}
                · <a href={publishedPath(article.slug)}>the readers’ page</a>
              </span>
            )}
            {article.sensitive && <span className="tag">Sensitive</span>}
            {article.correctionSuggested && <span className="tag tag-alert">Correction suggested</span>}
          </p>
        </div>
      </section>

      <ErrorBanner error={mutations.error} onReload={() => void reloadLatest()} onDismiss={mutations.clearError} />
      <ActionBar article={article} act={act} pending={mutations.pending} />
      {article.reviews.length > 0 && (
        <section aria-label="Reviews" className="reviews small">
          <ul className="plain-list">
            {article.reviews.map((review, index) => (
              <li key={index}>
                <strong>{review.by.name}</strong> {review.verdict === 'APPROVED' ? 'approved' : 'requested changes'}, {dateTime(review.at)}
                {review.comment && <>: “{review.comment}”</>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div role="tablist" aria-label="Article" className="tabs">
        {ARTICLE_TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls="tab-panel"
            className={tab === name ? 'tab tab-selected' : 'tab'}
            onClick={() => navigate(articlePath(article.id, name))}
          >
            {TAB_LABELS[name]}
            {name === 'claims' && article.claims.length > 0 && <span className="count">{article.claims.length}</span>}
          </button>
        ))}
      </div>
      <section role="tabpanel" id="tab-panel" aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'text' && editor && <TextTab article={article} editor={editor} setEditor={setEditor} act={act} pending={mutations.pending} />}
        {tab === 'claims' && <ClaimsTab article={article} />}
        {tab === 'provenance' && <ProvenanceTab article={article} act={act} pending={mutations.pending} />}
        {tab === 'history' && <HistoryTab article={article} />}
      </section>
    </main>
  );
}

function pick(article: Article) {
  return { title: article.title, dek: article.dek, body: article.body };
}
