import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { ARTICLE_AS_OF, ARTICLE_AT_VERSION } from '../../api/operations';
import type { Article, ArticleAtVersion } from '../../api/types';
import { Loading, StageBadge, StatusBadge } from '../../components/common';
import { Markdown } from '../../components/markdown';
import { dateTime, eventLabel } from '../../desk/format';
import { diffText, type DiffPart } from '../../desk/text-diff';

/** The article's timeline, the article as it stood at any version, and what changed between two. */
export function HistoryTab({ article }: { article: Article }) {
  const latest = article.version;
  const [version, setVersion] = useState(latest);
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(latest);
  const sliderId = useId();
  const momentId = useId();
  const [moment, setMoment] = useState('');
  const at = Math.min(version, latest);
  const entry = article.history.find((item) => item.version === at);

  return (
    <div className="history">
      <section aria-labelledby="timeline-heading" className="panel timeline-panel">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline" aria-label="Timeline">
          {article.history.map((item) => (
            <li key={item.version} className={item.version === at ? 'timeline-current' : undefined}>
              <button type="button" className="link-button" onClick={() => setVersion(item.version)} aria-label={`Show version ${item.version}`}>
                v{item.version}
              </button>{' '}
              <strong>{eventLabel(item.type)}</strong> {item.status && <StatusBadge status={item.status} />}
              <span className="muted small">
                {' '}
                — {item.actor?.name ?? 'unknown'}, {dateTime(item.at)}
              </span>
              {item.note && <p className="small">{item.note}</p>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="travel-heading" className="panel">
        <h2 id="travel-heading">As it stood</h2>
        <label htmlFor={sliderId}>
          Version {at} of {latest}
          {entry && (
            <span className="muted small">
              {' '}
              — after “{eventLabel(entry.type)}”, {dateTime(entry.at)}
            </span>
          )}
        </label>
        <input id={sliderId} type="range" min={1} max={latest} value={at} onChange={(event) => setVersion(Number(event.target.value))} className="slider" />
        <div className="form-row">
          <label htmlFor={momentId}>Or as of a moment (UTC)</label>
          <input id={momentId} type="datetime-local" step={1} value={moment} onChange={(event) => setMoment(event.target.value)} className="moment-input" />
          {moment && (
            <button type="button" className="link-button" onClick={() => setMoment('')}>
              Back to the slider
            </button>
          )}
        </div>
        {moment ? <AsOf id={article.id} asOf={`${moment.length === 16 ? `${moment}:00` : moment}Z`} /> : <AtVersion id={article.id} version={at} />}
      </section>

      <section aria-labelledby="diff-heading" className="panel">
        <h2 id="diff-heading">Compare versions</h2>
        <div className="form-row">
          <label>
            <span id="diff-from">From version</span>
            <select aria-labelledby="diff-from" value={from} onChange={(event) => setFrom(Number(event.target.value))}>
              {article.history.map((item) => (
                <option key={item.version} value={item.version}>
                  {item.version} · {eventLabel(item.type)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span id="diff-to">To version</span>
            <select aria-labelledby="diff-to" value={Math.min(to, latest)} onChange={(event) => setTo(Number(event.target.value))}>
              {article.history.map((item) => (
                <option key={item.version} value={item.version}>
                  {item.version} · {eventLabel(item.type)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <Comparison id={article.id} from={from} to={Math.min(to, latest)} />
      </section>
    </div>
  );
}

function useVersion(id: string, version: number) {
  const [result] = useQuery<{ article: ArticleAtVersion | null }>({ query: ARTICLE_AT_VERSION, variables: { id, version } });
  return result;
}

function AtVersion({ id, version }: { id: string; version: number }) {
  const result = useVersion(id, version);
  const article = result.data?.article;
  if (!article) return <Loading what={`version ${version}`} />;
  return <StoodAs article={article} label={`The article at version ${version}`} />;
}

function StoodAs({ article, label, note }: { article: ArticleAtVersion; label: string; note?: string }) {
  return (
    <article className="reading at-version" aria-label={label}>
      <p className="small">
        <StageBadge stage={article.stage} />
        {note && <span className="muted"> {note}</span>}
      </p>
      <h3 className="preview-title">{article.title}</h3>
      {article.dek && <p className="dek">{article.dek}</p>}
      <Markdown source={article.body} />
    </article>
  );
}

function AsOf({ id, asOf }: { id: string; asOf: string }) {
  const [result] = useQuery<{ article: ArticleAtVersion | null }>({ query: ARTICLE_AS_OF, variables: { id, asOf } });
  if (result.fetching) return <Loading what="the article at that moment" />;
  const article = result.data?.article;
  if (!article) return <p className="muted">The article did not exist yet at {asOf.replace('T', ' ').replace('Z', ' UTC')}.</p>;
  return <StoodAs article={article} label={`The article as of ${asOf}`} note={`version ${article.version}`} />;
}

function Comparison({ id, from, to }: { id: string; from: number; to: number }) {
  const a = useVersion(id, from).data?.article;
  const b = useVersion(id, to).data?.article;
  if (!a || !b) return <Loading what="the versions" />;
  const fields: [string, string, string][] = [
    ['Title', a.title, b.title],
    ['Dek', a.dek, b.dek],
    ['Body', a.body, b.body],
  ];
  const unchanged = fields.every(([, before, after]) => before === after);
  return (
    <div aria-label={`Changes from version ${from} to version ${to}`} className="diff">
      {unchanged && <p className="muted">The text is the same in both versions{a.stage !== b.stage ? ` (the stage changed: ${a.stage} → ${b.stage})` : ''}.</p>}
      {fields
        .filter(([, before, after]) => before !== after)
        .map(([label, before, after]) => (
          <div key={label}>
            <h3 className="small-heading">{label}</h3>
            <p className="diff-text">
              {diffText(before, after).map((part, index) => (
                <DiffSpan key={index} part={part} />
              ))}
            </p>
          </div>
        ))}
    </div>
  );
}

function DiffSpan({ part }: { part: DiffPart }) {
  if (part.kind === 'added') return <ins>{part.text}</ins>;
  if (part.kind === 'removed') return <del>{part.text}</del>;
  return <span>{part.text}</span>;
}
