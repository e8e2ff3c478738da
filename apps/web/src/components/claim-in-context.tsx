import type { Article, Claim } from '../api/types';

/** The claim highlighted inside its paragraph (of the title, dek or body it was found in). */
export function ClaimInContext({ article, claim }: { article: Pick<Article, 'title' | 'dek' | 'body'>; claim: Pick<Claim, 'field' | 'start' | 'end' | 'text'> }) {
  const source = claim.field === 'title' ? article.title : claim.field === 'dek' ? article.dek : article.body;
  let start = claim.start;
  let end = claim.end;
  // Offsets refer to the text the claim was found in; if that text has moved on, find the sentence.
  if (source.slice(start, end) !== claim.text) {
    const found = source.indexOf(claim.text);
    if (found < 0) {
      return (
        <p className="claim-context">
          <mark>{claim.text}</mark>
        </p>
      );
    }
    start = found;
    end = found + claim.text.length;
  }
  const before = source.lastIndexOf('\n\n', start);
  const after = source.indexOf('\n\n', end);
  const paragraphStart = before < 0 ? 0 : before + 2;
  const paragraphEnd = after < 0 ? source.length : after;
  return (
    <p className="claim-context" aria-label={`The claim in its ${claim.field === 'body' ? 'paragraph' : claim.field}`}>
      {source.slice(paragraphStart, start).replace(/^#+\s*/, '')}
      <mark>{source.slice(start, end)}</mark>
      {source.slice(end, paragraphEnd)}
    </p>
  );
}
