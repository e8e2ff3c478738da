import type { Article } from '../../api/types';
import { StatusBadge } from '../../components/common';
import { ClaimInContext } from '../../components/claim-in-context';
import { normalised } from '../../desk/format';
import { CLAIM_DESK_PATH, Link } from '../../router';

/** Every claim of the article with its verdict; the claim desk is where verdicts are given. */
export function ClaimsTab({ article }: { article: Article }) {
  if (article.claims.length === 0) {
    return <p className="muted">{article.stage === 'DRAFT' ? 'Claims are extracted when the article is submitted for fact-checking.' : 'This article has no checkable claims.'}</p>;
  }
  const open = article.claims.filter((claim) => ['PENDING', 'NEEDS_SOURCE', 'DISPUTED'].includes(claim.status)).length;
  return (
    <div>
      <p className="muted small">
        {article.claims.length} claims, {open} open. <Link to={CLAIM_DESK_PATH}>Open the claim desk</Link>
      </p>
      <ul className="claim-list" aria-label="Claims">
        {article.claims.map((claim) => (
          <li key={claim.id} className="claim-row">
            <div className="claim-row-head">
              <StatusBadge status={claim.status} />
              <span className="muted small">
                {claim.kind.toLowerCase()} · {normalised(claim.value, claim.unit)}
                {claim.interestedParty && ' · interested party'}
                {claim.postPublication && ' · after publication'}
              </span>
            </div>
            <ClaimInContext article={article} claim={claim} />
            {(claim.note || claim.checkedBy) && (
              <p className="small muted">
                {claim.checkedBy && <>Checked by {claim.checkedBy.name}. </>}
                {claim.note}
              </p>
            )}
            {claim.evidence.length > 0 && (
              <ul className="evidence small">
                {claim.evidence.map((evidence, index) => (
                  <li key={index}>
                    <a href={evidence.url} target="_blank" rel="noopener noreferrer">
                      {evidence.title ?? evidence.url}
                    </a>
                    {evidence.quote && <q>{evidence.quote}</q>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
