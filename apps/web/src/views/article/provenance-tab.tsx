import { useState, type FormEvent } from 'react';
import type { MutationName } from '../../api/operations';
import type { Article, GeneratedText } from '../../api/types';
import { dateTime } from '../../desk/format';
import { may } from '../../desk/permissions';
import { useSession } from '../../session/session';
import type { Act } from '../../desk/mutations';

const VARIANT_LABELS: Readonly<Record<string, string>> = { BRIEF: 'Brief', PLAIN_LANGUAGE: 'Plain language', EXECUTIVE: 'Executive' };

/** Provenance you can see: the TL;DR with its disclosure, how it was made, human edits, variants and corrections. */
export function ProvenanceTab({ article, act, pending }: { article: Article; act: Act; pending: MutationName | null }) {
  const { me } = useSession();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const summary = article.summary;
  const busy = pending !== null;

  const saveSummary = async (event: FormEvent) => {
    event.preventDefault();
    if (await act('editSummary', { text, expectedVersion: article.version })) setEditing(false);
  };

  return (
    <div className="provenance">
      <section aria-labelledby="tldr-heading" className="panel">
        <h2 id="tldr-heading">TL;DR</h2>
        {summary ? (
          <>
            {editing ? (
              <form onSubmit={(event) => void saveSummary(event)} aria-label="Edit the summary">
                <label>
                  Summary text
                  <textarea rows={5} value={text} onChange={(event) => setText(event.target.value)} />
                </label>
                <div className="form-actions">
                  <button type="button" onClick={() => setEditing(false)}>
                    Cancel
                  </button>
                  <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
                    Save summary
                  </button>
                </div>
              </form>
            ) : (
              <blockquote className="tldr">{summary.text}</blockquote>
            )}
            <p className="disclosure" aria-label="Disclosure line">
              {summary.disclosure}
            </p>
            <Facts text={summary} />
            {summary.edits.length > 0 && (
              <details>
                <summary>Human edits ({summary.edits.length})</summary>
                <ul className="plain-list small">
                  {summary.edits.map((edit, index) => (
                    <li key={index}>
                      {edit.by.name}, {dateTime(edit.at)}: <code>{edit.diff || 'no change'}</code>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        ) : (
          <p className="muted">{article.stage === 'SUMMARIZE' ? 'The summary is being written; it appears here by itself.' : 'No summary yet: one is made when the claims are resolved.'}</p>
        )}
        <div className="toolbar">
          {may(me, 'generateSummary', article) && (
            <button type="button" disabled={busy} onClick={() => void act('generateSummary', { expectedVersion: article.version })}>
              {summary ? 'Regenerate summary' : 'Generate summary'}
            </button>
          )}
          {summary && !editing && may(me, 'editSummary', article) && (
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setText(summary.text);
                setEditing(true);
              }}
            >
              Edit summary
            </button>
          )}
        </div>
      </section>

      <section aria-labelledby="variants-heading" className="panel">
        <h2 id="variants-heading">Read it as…</h2>
        {article.variants.length === 0 && article.pendingVariants.length === 0 && <p className="muted small">No variant has been written.</p>}
        {article.variants.map((variant) => (
          <article key={variant.kind} className="variant" aria-label={`${VARIANT_LABELS[variant.kind] ?? variant.kind} variant`}>
            <h3>{VARIANT_LABELS[variant.kind] ?? variant.kind}</h3>
            <p>{variant.text}</p>
            <p className="disclosure" aria-label="Disclosure line">
              {variant.disclosure}
            </p>
            <Facts text={variant} />
          </article>
        ))}
        {article.pendingVariants.length > 0 && <p className="muted small">Being written: {article.pendingVariants.map((kind) => VARIANT_LABELS[kind] ?? kind).join(', ')}</p>}
        {article.unsupportedVariants.map((unsupported) => (
          <p key={unsupported.kind} className="muted small">
            {VARIANT_LABELS[unsupported.kind] ?? unsupported.kind}: {unsupported.provider} declined — {unsupported.reason}
          </p>
        ))}
        {may(me, 'generateVariant', article) && (
          <div className="toolbar">
            {Object.entries(VARIANT_LABELS).map(([kind, label]) => (
              <button key={kind} type="button" disabled={busy || article.pendingVariants.includes(kind)} onClick={() => void act('generateVariant', { kind })}>
                Write “{label}”
              </button>
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="corrections-heading" className="panel">
        <h2 id="corrections-heading">Corrections</h2>
        {article.corrections.length === 0 ? (
          <p className="muted small">No correction has been issued.</p>
        ) : (
          <ul className="plain-list">
            {article.corrections.map((correction, index) => (
              <li key={index}>
                <strong>{correction.kind === 'CORRECTION' ? 'Correction' : 'Silent fix'}</strong>, {dateTime(correction.at)}
                {correction.note && <>: {correction.note}</>}
              </li>
            ))}
          </ul>
        )}
        {article.retractionReason && (
          <p>
            <strong>Retracted:</strong> {article.retractionReason}
          </p>
        )}
      </section>
    </div>
  );
}

function Facts({ text }: { text: Omit<GeneratedText, 'edits'> }) {
  return (
    <dl className="facts small">
      <dt>Made by</dt>
      <dd>{text.model ? `${text.model} (${text.provider})` : text.provider}</dd>
      <dt>Generated</dt>
      <dd>{dateTime(text.generatedAt)}</dd>
      <dt>Source type</dt>
      <dd>{text.sourceType ?? 'none (not machine-generated)'}</dd>
      <dt>Human-edited</dt>
      <dd>{text.editedBy ? `yes, by ${text.editedBy.name}` : 'no'}</dd>
      <dt>State</dt>
      <dd>{text.stale ? <span className="tag tag-alert">Stale: made from an earlier text</span> : 'fresh'}</dd>
      {text.unsupportedFigures.length > 0 && (
        <>
          <dt>Unsupported figures</dt>
          <dd className="alert-text">{text.unsupportedFigures.join(', ')}</dd>
        </>
      )}
    </dl>
  );
}
