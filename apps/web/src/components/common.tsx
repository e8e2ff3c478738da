import type { ReactNode } from 'react';
import type { DeskError } from '../api/errors';
import type { ClaimStatus, Stage } from '../api/types';
import { STAGE_LABELS, STATUS_LABELS } from '../desk/format';

export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`badge stage-${stage.toLowerCase()}`}>{STAGE_LABELS[stage]}</span>;
}

export function StatusBadge({ status }: { status: ClaimStatus }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{STATUS_LABELS[status]}</span>;
}

/** A refusal or failure; a CONFLICT offers to load the latest version. */
export function ErrorBanner({ error, onReload, onDismiss }: { error: DeskError | null; onReload?: () => void; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div role="alert" className="banner banner-error">
      <span>{error.message}</span>
      <span className="banner-actions">
        {error.code === 'CONFLICT' && onReload && (
          <button type="button" className="primary" onClick={onReload}>
            Load the latest version
          </button>
        )}
        {onDismiss && (
          <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss the message">
            Dismiss
          </button>
        )}
      </span>
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="banner banner-info">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}
