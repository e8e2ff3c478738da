import { useId } from 'react';
import { Markdown } from '../../components/markdown';

export interface ArticleText {
  title: string;
  dek: string;
  body: string;
}

/** Title, dek and a Markdown body with its preview beside it. */
export function ArticleFields({ text, onChange, disabled }: { text: ArticleText; onChange: (text: ArticleText) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="article-fields">
      <label htmlFor={`${id}-title`}>Title</label>
      <input id={`${id}-title`} className="title-input" value={text.title} maxLength={200} disabled={disabled} onChange={(event) => onChange({ ...text, title: event.target.value })} />
      <label htmlFor={`${id}-dek`}>Dek</label>
      <textarea id={`${id}-dek`} rows={2} value={text.dek} maxLength={400} disabled={disabled} onChange={(event) => onChange({ ...text, dek: event.target.value })} />
      <div className="editor-split">
        <div>
          <label htmlFor={`${id}-body`}>Body (Markdown)</label>
          <textarea
            id={`${id}-body`}
            className="body-input"
            value={text.body}
            disabled={disabled}
            spellCheck
            onChange={(event) => onChange({ ...text, body: event.target.value })}
          />
        </div>
        <section aria-label="Preview" className="preview">
          <p className="preview-label">Preview</p>
          <h2 className="preview-title">{text.title || 'Untitled'}</h2>
          {text.dek && <p className="dek">{text.dek}</p>}
          <Markdown source={text.body} />
        </section>
      </div>
    </div>
  );
}
