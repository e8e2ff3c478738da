import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { deskError } from '../api/errors';
import { BOARD, DASHBOARD } from '../api/operations';
import { STAGES, type ArticleCard, type Connection, type Dashboard as DashboardData, type Person, type Stage } from '../api/types';
import { ErrorBanner, Loading, StageBadge } from '../components/common';
import { dateTime, duration, since, STAGE_LABELS } from '../desk/format';
import { useArticleChanges } from '../desk/live';
import { articlePath, CLAIM_DESK_PATH, Link } from '../router';

const BOARD_STAGES: readonly Stage[] = ['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED'];
const CLOSED_STAGES: readonly Stage[] = ['RETRACTED', 'DISCARDED'];
const NETWORK_ONLY = { requestPolicy: 'network-only' } as const;

interface Filters {
  authorId: string;
  series: string;
  stage: Stage | '';
}

/** The publishing dashboard: the board by stage, live, with the figures the desk steers by. */
export function Dashboard() {
  const [filters, setFilters] = useState<Filters>({ authorId: '', series: '', stage: '' });
  const [dashboard, refetchDashboard] = useQuery<{ dashboard: DashboardData }>({ query: DASHBOARD });
  const [board, refetchBoard] = useQuery<{ articles: Connection<ArticleCard> }>({
    query: BOARD,
    variables: { first: 100, authorId: filters.authorId || null, series: filters.series || null, stage: filters.stage || null },
  });
  const [everything] = useQuery<{ articles: Connection<ArticleCard> }>({ query: BOARD, variables: { first: 100 } });
  const { last } = useArticleChanges(() => {
    refetchDashboard(NETWORK_ONLY);
    refetchBoard(NETWORK_ONLY);
  });

  const options = useMemo(() => {
    const authors = new Map<string, Person>();
    const series = new Set<string>();
    for (const { node } of everything.data?.articles.edges ?? []) {
      authors.set(node.author.id, node.author);
      if (node.series) series.add(node.series);
    }
    return { authors: [...authors.values()].sort((a, b) => a.name.localeCompare(b.name)), series: [...series].sort() };
  }, [everything.data]);

  const cards = board.data?.articles.edges.map((edge) => edge.node) ?? [];
  const figures = dashboard.data?.dashboard;
  const median = (stage: Stage) => figures?.medianTimeInStage.find((entry) => entry.stage === stage)?.medianSeconds ?? null;
  const total = (stage: Stage) => figures?.articlesPerStage.find((entry) => entry.stage === stage)?.count ?? 0;
  const columns = filters.stage ? [filters.stage] : BOARD_STAGES;
  const error = dashboard.error ?? board.error;

  return (
    <main className="page page-wide">
      <div className="page-head">
        <h1>Publishing dashboard</h1>
        <p className="live-note" aria-live="polite">
          <span className="live-dot" aria-hidden="true" /> Live
          {last && (
            <span className="muted small">
              {' '}
              · last change: “{last.title}” now {STAGE_LABELS[last.stage]}
            </span>
          )}
        </p>
      </div>
      <ErrorBanner error={error ? deskError(error) : null} />

      <section className="figures" aria-label="Figures">
        <Figure label="Claims waiting" value={figures?.pendingClaims ?? '…'} link={CLAIM_DESK_PATH} />
        <Figure label="Overdue" value={figures?.overdue.length ?? '…'} tone={figures?.overdue.length ? 'alert' : undefined} />
        <Figure label="Correction suggested" value={figures?.correctionSuggested.length ?? '…'} tone={figures?.correctionSuggested.length ? 'alert' : undefined} />
        <Figure label="In the works" value={figures ? BOARD_STAGES.filter((s) => s !== 'PUBLISHED').reduce((sum, s) => sum + total(s), 0) : '…'} />
        <Figure label="Published" value={figures ? total('PUBLISHED') : '…'} />
      </section>

      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          <span id="filter-author">Author</span>
          <select aria-labelledby="filter-author" value={filters.authorId} onChange={(event) => setFilters({ ...filters, authorId: event.target.value })}>
            <option value="">Everyone</option>
            {options.authors.map((author) => (
              <option key={author.id} value={author.id}>
                {author.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span id="filter-series">Series</span>
          <select aria-labelledby="filter-series" value={filters.series} onChange={(event) => setFilters({ ...filters, series: event.target.value })}>
            <option value="">All series</option>
            {options.series.map((series) => (
              <option key={series} value={series}>
                {series}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span id="filter-stage">Stage</span>
          <select aria-labelledby="filter-stage" value={filters.stage} onChange={(event) => setFilters({ ...filters, stage: event.target.value as Stage | '' })}>
            <option value="">All stages</option>
            {STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {STAGE_LABELS[stage]}
              </option>
            ))}
          </select>
        </label>
        {(filters.authorId || filters.series || filters.stage) && (
          <button type="button" className="link-button" onClick={() => setFilters({ authorId: '', series: '', stage: '' })}>
            Clear filters
          </button>
        )}
      </form>

      <div className="dashboard-layout">
        <section className="board" aria-label="Board">
          {board.fetching && !board.data ? (
            <Loading what="the board" />
          ) : (
            columns.map((stage) => {
              const inStage = cards.filter((card) => card.stage === stage);
              return (
                <section key={stage} className="column" aria-labelledby={`column-${stage}`}>
                  <header>
                    <h2 id={`column-${stage}`}>
                      {STAGE_LABELS[stage]} <span className="count">{inStage.length}</span>
                    </h2>
                    <p className="muted small">median {duration(median(stage))}</p>
                  </header>
                  <ul aria-label={`${STAGE_LABELS[stage]} articles`}>
                    {inStage.map((card) => (
                      <Card key={card.id} card={card} />
                    ))}
                  </ul>
                </section>
              );
            })
          )}
        </section>

        <aside className="side" aria-label="Needs attention">
          <section aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">Overdue</h2>
            {figures?.overdue.length ? (
              <ul className="plain-list">
                {figures.overdue.map((article) => (
                  <li key={article.id}>
                    <Link to={articlePath(article.id)}>{article.title}</Link>
                    <span className="muted small"> due {dateTime(article.dueAt)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">Nothing is overdue.</p>
            )}
          </section>
          <section aria-labelledby="correction-heading">
            <h2 id="correction-heading">Correction suggested</h2>
            {figures?.correctionSuggested.length ? (
              <ul className="plain-list">
                {figures.correctionSuggested.map((article) => (
                  <li key={article.id}>
                    <Link to={articlePath(article.id)}>{article.title}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">No published article has a disputed claim.</p>
            )}
          </section>
          {!filters.stage && (
            <section aria-labelledby="closed-heading">
              <h2 id="closed-heading">Closed</h2>
              <ul className="plain-list">
                {cards
                  .filter((card) => CLOSED_STAGES.includes(card.stage))
                  .map((card) => (
                    <li key={card.id}>
                      <Link to={articlePath(card.id)}>{card.title}</Link> <StageBadge stage={card.stage} />
                    </li>
                  ))}
              </ul>
              {!cards.some((card) => CLOSED_STAGES.includes(card.stage)) && <p className="muted small">No retracted or discarded article.</p>}
            </section>
          )}
        </aside>
      </div>
    </main>
  );
}

function Figure({ label, value, link, tone }: { label: string; value: number | string; link?: string; tone?: 'alert' }) {
  const content = (
    <>
      <span className="figure-value">{value}</span>
      <span className="figure-label">{label}</span>
    </>
  );
  return (
    <div className={`figure${tone ? ` figure-${tone}` : ''}`} role="group" aria-label={`${label}: ${value}`}>
      {link ? <Link to={link}>{content}</Link> : content}
    </div>
  );
}

function Card({ card }: { card: ArticleCard }) {
  const overdue = card.dueAt !== null && new Date(card.dueAt).getTime() < Date.now() && !['PUBLISHED', 'RETRACTED', 'DISCARDED'].includes(card.stage);
  return (
    <li className="card">
      <Link to={articlePath(card.id)} className="card-title">
        {card.title}
      </Link>
      <p className="muted small">
        {card.author.name}
        {card.series ? ` · ${card.series}` : ''}
        {card.edition !== null ? ` · #${card.edition}` : ''}
      </p>
      <p className="card-meta small">
        <span title={dateTime(card.stageEnteredAt)}>in stage {since(card.stageEnteredAt)}</span>
        {card.scheduledFor && <span> · for {dateTime(card.scheduledFor)}</span>}
        {overdue && <span className="tag tag-alert">Overdue</span>}
        {card.correctionSuggested && <span className="tag tag-alert">Correction suggested</span>}
      </p>
    </li>
  );
}
