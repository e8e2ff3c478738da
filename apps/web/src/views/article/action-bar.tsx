import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { MutationName } from '../../api/operations';
import type { Article } from '../../api/types';
import { may, type Action } from '../../desk/permissions';
import { useSession } from '../../session/session';
import type { Act } from '../../desk/mutations';

type FormName = 'approve' | 'requestChanges' | 'publish' | 'retract' | 'discard' | 'deadline';

/** The commands this person may give this article now; those that need words or a time open a small form. */
export function ActionBar({ article, act, pending }: { article: Article; act: Act; pending: MutationName | null }) {
  const { me } = useSession();
  const [open, setOpen] = useState<FormName | null>(null);
  const allowed = (action: Action) => may(me, action, article);
  const expectedVersion = article.version;
  const busy = pending !== null;
  const freshSummary = article.summary !== null && !article.summary.stale && article.summary.unsupportedFigures.length === 0;
  const alreadyApproved = article.reviews.some((review) => review.by.id === me.id && review.verdict === 'APPROVED');

  const run = async (name: MutationName, input: Record<string, unknown> = {}) => {
    const answer = await act(name, { expectedVersion, ...input });
    if (answer) setOpen(null);
  };
  const toggle = (name: FormName) => setOpen(open === name ? null : name);

  // Someone else may have moved the article on: a form for what is no longer possible closes.
  const FORM_ACTIONS: Record<FormName, Action> = {
    approve: 'approveArticle',
    requestChanges: 'requestChanges',
    publish: 'publishArticle',
    retract: 'retractArticle',
    discard: 'discardArticle',
    deadline: 'setDeadline',
  };
  const openAllowed = open === null || allowed(FORM_ACTIONS[open]);
  useEffect(() => {
    if (!openAllowed) setOpen(null);
  }, [openAllowed]);

  const buttons: ReactNode[] = [];
  if (allowed('submitForFactCheck')) {
    buttons.push(
      <button key="fc" type="button" className="primary" disabled={busy} onClick={() => void run('submitForFactCheck')}>
        Submit for fact-check
      </button>,
    );
  }
  if (allowed('submitForReview')) {
    buttons.push(
      <button key="sr" type="button" className="primary" disabled={busy || !freshSummary} onClick={() => void run('submitForReview')}>
        Submit for review
      </button>,
    );
  }
  if (allowed('approveArticle') && !alreadyApproved) buttons.push(formButton('approve', 'Approve…', true));
  if (allowed('requestChanges')) buttons.push(formButton('requestChanges', 'Request changes…'));
  if (allowed('publishArticle')) buttons.push(formButton('publish', 'Publish…', true));
  if (allowed('cancelSchedule')) {
    buttons.push(
      <button key="cs" type="button" disabled={busy} onClick={() => void run('cancelSchedule')}>
        Cancel schedule
      </button>,
    );
  }
  if (allowed('retractArticle')) buttons.push(formButton('retract', 'Retract…'));
  if (allowed('setDeadline')) buttons.push(formButton('deadline', 'Set deadline…'));
  if (allowed('discardArticle')) buttons.push(formButton('discard', 'Discard…'));

  function formButton(name: FormName, label: string, primary = false) {
    return (
      <button key={name} type="button" className={primary ? 'primary' : undefined} aria-expanded={open === name} disabled={busy} onClick={() => toggle(name)}>
        {label}
      </button>
    );
  }

  if (buttons.length === 0) return <p className="muted small action-hint">{hint(article)}</p>;
  return (
    <div className="action-area">
      <div role="toolbar" aria-label="Actions" className="toolbar">
        {buttons}
        {allowed('submitForReview') && !freshSummary && <span className="muted small">Waiting for a fresh summary without unsupported figures.</span>}
      </div>
      {open === 'approve' && (
        <ActionForm label="Approve" submit="Confirm approval" busy={busy} onSubmit={(values) => run('approveArticle', { comment: values.text || null })} text={{ label: 'Comment (optional)' }} />
      )}
      {open === 'requestChanges' && (
        <ActionForm label="Request changes" submit="Send back to the writer" busy={busy} onSubmit={(values) => run('requestChanges', { comment: values.text })} text={{ label: 'What needs to change', required: true }} />
      )}
      {open === 'retract' && (
        <ActionForm label="Retract" submit="Retract the article" busy={busy} danger onSubmit={(values) => run('retractArticle', { reason: values.text })} text={{ label: 'Public reason', required: true }} />
      )}
      {open === 'discard' && (
        <ActionForm label="Discard" submit="Discard the article" busy={busy} danger onSubmit={(values) => run('discardArticle', { reason: values.text })} text={{ label: 'Reason', required: true }} />
      )}
      {open === 'deadline' && (
        <ActionForm label="Set deadline" submit="Save deadline" busy={busy} onSubmit={(values) => run('setDeadline', { dueAt: values.at })} at={{ label: 'Due at', required: false }} />
      )}
      {open === 'publish' && <PublishForm busy={busy} onPublish={(at) => run('publishArticle', { at })} />}
    </div>
  );
}

function hint(article: Article): string {
  switch (article.stage) {
    case 'FACT_CHECK':
      return 'Waiting for the fact-checkers: the article moves on when every claim is resolved.';
    case 'SUMMARIZE':
      return 'Waiting for the summary and for the author to submit the article for review.';
    case 'REVIEW':
      return 'Waiting for an editor’s review.';
    case 'APPROVED':
      return 'Approved: waiting for the publishing desk.';
    default:
      return 'Nothing for you to do on this article at this stage.';
  }
}

interface Values {
  text: string;
  at: string | null;
}

function ActionForm(props: {
  label: string;
  submit: string;
  busy: boolean;
  danger?: boolean;
  onSubmit: (values: Values) => Promise<void>;
  text?: { label: string; required?: boolean };
  at?: { label: string; required: boolean };
}) {
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void props.onSubmit({ text: text.trim(), at: at ? new Date(at).toISOString() : null });
  };
  return (
    <form className="action-form" aria-label={props.label} onSubmit={submit}>
      {props.text && (
        <label>
          {props.text.label}
          <textarea rows={2} value={text} required={props.text.required} onChange={(event) => setText(event.target.value)} />
        </label>
      )}
      {props.at && (
        <label>
          {props.at.label}
          <input type="datetime-local" value={at} required={props.at.required} onChange={(event) => setAt(event.target.value)} />
        </label>
      )}
      <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={props.busy || (props.text?.required === true && text.trim() === '')}>
        {props.submit}
      </button>
    </form>
  );
}

function PublishForm({ busy, onPublish }: { busy: boolean; onPublish: (at: string | null) => Promise<void> }) {
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onPublish(when === 'later' && at ? new Date(at).toISOString() : null);
  };
  return (
    <form className="action-form" aria-label="Publish" onSubmit={submit}>
      <fieldset className="radio-row">
        <legend>When</legend>
        <label className="checkbox">
          <input type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} /> Now
        </label>
        <label className="checkbox">
          <input type="radio" name="when" checked={when === 'later'} onChange={() => setWhen('later')} /> At a time
        </label>
      </fieldset>
      {when === 'later' && (
        <label>
          Publish at
          <input type="datetime-local" value={at} required onChange={(event) => setAt(event.target.value)} />
        </label>
      )}
      <button type="submit" className="primary" disabled={busy || (when === 'later' && !at)}>
        {when === 'now' ? 'Publish now' : 'Schedule'}
      </button>
    </form>
  );
}
