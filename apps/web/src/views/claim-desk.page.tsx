import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { deskError } from '../api/errors';
import { ARTICLE, CLAIM_EQUIVALENTS, CLAIM_QUEUE } from '../api/operations';
import type { Article, ClaimQueueCounts, ClaimQueueItem, ClaimStatus, Connection, EquivalentClaim } from '../api/types';
import { ErrorBanner, Loading, StageBadge, StatusBadge } from '../components/common';
import { ClaimInContext } from '../components/claim-in-context';
import { dateTime, eventLabel, normalised, since, STATUS_LABELS } from '../desk/format';
import { useArticleChanges } from '../desk/live';
import { useMutations } from '../desk/mutations';
import { may, mayAssign } from '../desk/permissions';
import { articlePath, Link } from '../router';
import { useSession } from '../session/session';

const NETWORK_ONLY = { requestPolicy: 'network-only' } as const;

/** The verdicts, each with its key for a fast pass through the queue. */
const VERDICTS: readonly { status: ClaimStatus; key: string }[] = [
  { status: 'VERIFIED', key: 'v' },
  { status: 'ATTRIBUTED', key: 'a' },
  { status: 'NEEDS_SOURCE', key: 'n' },
  { status: 'DISPUTED', key: 'd' },
  { status: 'DISMISSED', key: 'x' },
];

/** The fact-checkers' desk: the queue, one claim in its paragraph, its history and its equivalents, and the verdicts. */
type Show = 'all' | 'mine' | 'unassigned';

export function ClaimDesk() {
  const { me } = useSession();
  const [show, setShow] = useState<Show>('all');
  const [kind, setKind] = useState('');
  const [queue, refetchQueue] = useQuery<{ claimQueue: Connection<ClaimQueueItem> & { counts: ClaimQueueCounts } }>({
    query: CLAIM_QUEUE,
    variables: { first: 50, assigneeId: show === 'mine' ? me.id : null, unassigned: show === 'unassigned' ? true : null, kind: kind || null },
  });
  const [index, setIndex] = useState(0);
  const [last, setLast] = useState<{ status: ClaimStatus; text: string } | null>(null);
  useArticleChanges(() => refetchQueue(NETWORK_ONLY));

  const items = queue.data?.claimQueue.edges.map((edge) => edge.node) ?? [];
  const selected = items[Math.min(index, items.length - 1)] ?? null;
  const move = useCallback((step: number) => setIndex((current) => Math.max(0, Math.min(items.length - 1, current + step))), [items.length]);

  return (
    <main className="page page-wide">
      <div className="page-head">
        <h1>Claim desk</h1>
        <p className="muted small">
          Keys: <kbd>J</kbd>/<kbd>K</kbd> next and previous claim · {VERDICTS.map(({ status, key }) => `${key.toUpperCase()} ${STATUS_LABELS[status].toLowerCase()}`).join(' · ')}
        </p>
      </div>
      {queue.error && <ErrorBanner error={deskError(queue.error)} />}
      {last && (
        <p role="status" className="banner banner-info">
          Recorded {STATUS_LABELS[last.status]}: “{last.text}”
        </p>
      )}
      <div className="claim-desk">
        <section aria-labelledby="queue-heading" className="queue">
          <h2 id="queue-heading">
            Queue <span className="count">{queue.data?.claimQueue.totalCount ?? '…'}</span>
          </h2>
          <div className="form-row queue-filters">
            <label>
              <span id="queue-show">Show</span>
              <select aria-labelledby="queue-show" value={show} onChange={(event) => setShow(event.target.value as Show)}>
                <option value="all">All claims</option>
                <option value="mine">Assigned to me</option>
                <option value="unassigned">Unassigned{queue.data && show === 'all' ? ` (${queue.data.claimQueue.counts.unassigned})` : ''}</option>
              </select>
            </label>
            <label>
              <span id="queue-kind">Kind</span>
              <select aria-labelledby="queue-kind" value={kind} onChange={(event) => setKind(event.target.value)}>
                <option value="">All kinds</option>
                {['FIGURE', 'MONEY', 'PERCENTAGE', 'DATE', 'RANKING', 'QUANTITY', 'ATTRIBUTION', 'QUOTE'].map((name) => (
                  <option key={name} value={name}>
                    {name.charAt(0) + name.slice(1).toLowerCase()}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {queue.fetching && !queue.data && <Loading what="the queue" />}
          {queue.data && items.length === 0 && <p className="muted">No claim is waiting. Well done.</p>}
          <ul aria-label="Claims waiting" className="queue-list">
            {items.map((item, position) => (
              <li key={`${item.articleId}/${item.claim.id}`}>
                <button
                  type="button"
                  className={item === selected ? 'queue-item queue-item-selected' : 'queue-item'}
                  aria-current={item === selected ? 'true' : undefined}
                  onClick={() => setIndex(position)}
                >
                  <span className="queue-item-text">{item.claim.text}</span>
                  <span className="muted small">
                    {item.articleTitle} · {item.claim.kind.toLowerCase()} · waiting {since(item.waitingSince)}
                    {item.postPublication && ' · after publication'}
                    {item.assignee && ` · ${item.assignee.id === me.id ? 'yours' : item.assignee.name}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        {selected ? (
          <ClaimPanel
            key={`${selected.articleId}/${selected.claim.id}`}
            item={selected}
            move={move} onVerdict={(status, text) => {
              setLast({ status, text });
              refetchQueue(NETWORK_ONLY);
            }}
            onAssigned={() => refetchQueue(NETWORK_ONLY)}
          />
        ) : (
          <section className="panel muted">Select a claim.</section>
        )}
      </div>
    </main>
  );
}

interface PanelProps {
  item: ClaimQueueItem;
  move: (step: number) => void;
  onVerdict: (status: ClaimStatus, text: string) => void;
  onAssigned: () => void;
}

function ClaimPanel({ item, move, onVerdict, onAssigned }: PanelProps) {
  const { me } = useSession();
  const [result] = useQuery<{ article: Article | null }>({ query: ARTICLE, variables: { id: item.articleId } });
  const [equivalents] = useQuery<{ article: { claims: { id: string; equivalents: EquivalentClaim[] }[] } | null }>({
    query: CLAIM_EQUIVALENTS,
    variables: { id: item.articleId },
  });
  const { run, pending, error, clearError } = useMutations();
  const [evidence, setEvidence] = useState({ url: '', title: '', quote: '' });
  const [note, setNote] = useState('');
  const form = useRef<HTMLFormElement>(null);

  const article = result.data?.article ?? null;
  const claim = article?.claims.find((candidate) => candidate.id === item.claim.id) ?? null;
  const allowed = article !== null && may(me, 'recordVerdict', article);

  const record = useCallback(
    async (status: ClaimStatus) => {
      if (!allowed || pending) return;
      const url = evidence.url.trim();
      const answer = await run('recordVerdict', {
        id: item.articleId,
        claimId: item.claim.id,
        status,
        note: note.trim() || null,
        evidence: url ? [{ url, title: evidence.title.trim() || null, quote: evidence.quote.trim() || null, retrievedAt: new Date().toISOString() }] : [],
      });
      if (answer) onVerdict(status, item.claim.text);
    },
    [allowed, pending, evidence, note, item, run, onVerdict],
  );

  const take = useCallback(async () => {
    if (await run('assignFactChecker', { id: item.articleId, claimId: item.claim.id, assigneeId: me.id, assigneeName: me.name })) onAssigned();
  }, [run, item, me, onAssigned]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === 'Escape' && target.closest('form')) {
        target.blur();
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const key = event.key.toLowerCase();
      if (key === 'j' || event.key === 'ArrowDown') move(1);
      else if (key === 'k' || event.key === 'ArrowUp') move(-1);
      else {
        const verdict = VERDICTS.find((candidate) => candidate.key === key);
        if (!verdict) return;
        void record(verdict.status);
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, record]);

  const submit = (event: FormEvent) => event.preventDefault();
  if (!article || !claim) return <section className="panel">{result.error ? <ErrorBanner error={deskError(result.error)} /> : <Loading what="the claim" />}</section>;
  const others = equivalents.data?.article?.claims.find((candidate) => candidate.id === claim.id)?.equivalents ?? [];

  return (
    <section className="panel claim-panel" aria-labelledby="claim-heading">
      <p className="small muted">
        <Link to={articlePath(article.id, 'claims')}>{article.title}</Link> · <StageBadge stage={article.stage} /> · by {article.author.name}
      </p>
      <h2 id="claim-heading">
        Claim <StatusBadge status={claim.status} />
      </h2>
      <ClaimInContext article={article} claim={claim} />
      <dl className="facts small">
        <dt>Normalised value</dt>
        <dd>{normalised(claim.value, claim.unit)}</dd>
        <dt>Kind</dt>
        <dd>{claim.kinds.map((kind) => kind.toLowerCase()).join(', ')}</dd>
        <dt>Check-worthiness</dt>
        <dd>{Math.round(claim.score * 100)}%</dd>
        {claim.interestedParty && (
          <>
            <dt>Source</dt>
            <dd className="alert-text">Interested party (e.g. company-reported)</dd>
          </>
        )}
        {claim.supersedes && (
          <>
            <dt>Replaces</dt>
            <dd>an earlier claim whose sentence was edited</dd>
          </>
        )}
      </dl>

      <p className="small muted assignee">
        {item.assignee ? <>Assigned to {item.assignee.id === me.id ? 'you' : item.assignee.name}.</> : 'Nobody has taken this claim yet.'}{' '}
        {mayAssign(me) && me.roles.includes('fact_checker') && item.assignee?.id !== me.id && (
          <button type="button" className="link-button" disabled={pending !== null} onClick={() => void take()}>
            Take this claim
          </button>
        )}
      </p>
      <ErrorBanner error={error} onDismiss={clearError} />
      {allowed ? (
        <form ref={form} onSubmit={submit} aria-label="Verdict" className="verdict-form">
          <div className="form-row">
            <label className="grow">
              Evidence URL
              <input type="url" value={evidence.url} onChange={(event) => setEvidence({ ...evidence, url: event.target.value })} placeholder="https://" />
            </label>
            <label className="grow">
              Evidence title
              <input value={evidence.title} onChange={(event) => setEvidence({ ...evidence, title: event.target.value })} />
            </label>
          </div>
          <label>
            Quote from the evidence
            <input value={evidence.quote} onChange={(event) => setEvidence({ ...evidence, quote: event.target.value })} />
          </label>
          <label>
            Note
            <textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
          <div role="toolbar" aria-label="Verdicts" className="toolbar">
            {VERDICTS.map(({ status, key }) => (
              <button key={status} type="button" className={`verdict verdict-${status.toLowerCase()}`} disabled={pending !== null} aria-keyshortcuts={key.toUpperCase()} onClick={() => void record(status)}>
                {STATUS_LABELS[status]} <kbd aria-hidden="true">{key.toUpperCase()}</kbd>
              </button>
            ))}
          </div>
        </form>
      ) : (
        <p className="muted small">
          {article.author.id === me.id ? 'Nobody fact-checks their own article.' : 'Only fact-checkers record verdicts.'}
        </p>
      )}

      <div className="two-columns">
        <section aria-labelledby="claim-history-heading">
          <h3 id="claim-history-heading">History</h3>
          <ol className="timeline small">
            {claim.history.map((entry, position) => (
              <li key={position}>
                <strong>{eventLabel(entry.type)}</strong> {entry.status && <StatusBadge status={entry.status} />}
                <span className="muted">
                  {' '}
                  — {entry.actor?.name ?? 'unknown'}, {dateTime(entry.at)}
                </span>
                {entry.note && <p>{entry.note}</p>}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="equivalents-heading">
          <h3 id="equivalents-heading">Equivalent claims elsewhere</h3>
          {others.length === 0 ? (
            <p className="muted small">None in other articles.</p>
          ) : (
            <ul className="plain-list small">
              {others.map((other) => (
                <li key={`${other.articleId}/${other.claimId}`}>
                  <StatusBadge status={other.status} /> {other.text}{' '}
                  <span className="muted">
                    — <Link to={articlePath(other.articleId, 'claims')}>{other.articleTitle}</Link>
                    {other.checkedBy && `, checked by ${other.checkedBy.name}`}
                    {other.note && `: ${other.note}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}
