import { useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import type { MutationName } from '../../api/operations';
import type { Article, CorrectionKind } from '../../api/types';
import { Markdown } from '../../components/markdown';
import { may } from '../../desk/permissions';
import { useSession } from '../../session/session';
import type { Act } from '../../desk/mutations';
import { ArticleFields, type ArticleText } from './article-fields';

export interface EditorState {
  readonly text: ArticleText;
  /** The version the text was taken from: sent as expectedVersion, so a change by someone else is a CONFLICT. */
  readonly baseVersion: number;
  readonly dirty: boolean;
  /** What was typed before a reload after a CONFLICT, kept to copy from. */
  readonly unsaved: ArticleText | null;
}

interface Props {
  article: Article;
  editor: EditorState;
  setEditor: Dispatch<SetStateAction<EditorState | null>>;
  act: Act;
  pending: MutationName | null;
}

/** The text: an editor with preview where you may revise (or correct), else the article as it reads. */
export function TextTab({ article, editor, setEditor, act, pending }: Props) {
  const { me } = useSession();
  const [kind, setKind] = useState<CorrectionKind>('CORRECTION');
  const [note, setNote] = useState('');
  const revising = may(me, 'revise', article);
  const correcting = may(me, 'issueCorrection', article);

  if (!revising && !correcting) {
    return (
      <article className="reading">
        <Markdown source={article.body} label="Article body" />
        {article.retractionReason && (
          <p className="banner banner-error">
            <strong>Retracted:</strong> {article.retractionReason}
          </p>
        )}
      </article>
    );
  }

  const change = (text: ArticleText) => setEditor({ ...editor, text, dirty: true });
  const changed = editor.text.title !== article.title || editor.text.dek !== article.dek || editor.text.body !== article.body;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { title, dek, body } = editor.text;
    const input = { title, dek, body, expectedVersion: editor.baseVersion };
    const answer = revising ? await act('reviseArticle', input) : await act('issueCorrection', { ...input, kind, note: note.trim() || null });
    if (answer) {
      setEditor({ text: { title: answer.title, dek: answer.dek, body: answer.body }, baseVersion: answer.version, dirty: false, unsaved: null });
      setNote('');
    }
  };

  return (
    <form onSubmit={(event) => void save(event)} aria-label={revising ? 'Revise the article' : 'Correct the article'}>
      {editor.unsaved && (
        <details className="unsaved" open>
          <summary>Your unsaved text (from before you loaded the latest version)</summary>
          <pre>{editor.unsaved.body}</pre>
          <button type="button" className="link-button" onClick={() => setEditor({ ...editor, unsaved: null })}>
            Discard it
          </button>
        </details>
      )}
      <ArticleFields text={editor.text} onChange={change} />
      {correcting && (
        <fieldset className="form-row">
          <legend>Correction</legend>
          <label>
            <span id="correction-kind">Kind</span>
            <select aria-labelledby="correction-kind" value={kind} onChange={(event) => setKind(event.target.value as CorrectionKind)}>
              <option value="CORRECTION">Correction (public note)</option>
              <option value="SILENT_FIX">Silent fix (typos)</option>
            </select>
          </label>
          <label className="grow">
            Public note
            <input value={note} onChange={(event) => setNote(event.target.value)} placeholder="What was wrong, and what is right" />
          </label>
        </fieldset>
      )}
      <div className="form-actions">
        <span className="muted small">
          Editing version {editor.baseVersion}
          {editor.dirty && changed ? ' · unsaved changes' : ''}
        </span>
        <button type="submit" className="primary" disabled={!changed || pending !== null}>
          {revising ? 'Save revision' : 'Issue correction'}
        </button>
      </div>
    </form>
  );
}
