import { ARTICLE_STATE_VERSION } from '@galley/editorial';
import { ArticleFold } from './articles/article-fold';
import { ArticleReadModelProjection } from './articles/article-read-model.projection';
import { AuditLogProjection } from './audit/audit-log.projection';
import { ClaimDeskProjection } from './claims/claim-desk.projection';
import { ClaimRegistryProjection } from './claims/claim-registry.projection';
import type { Projection } from './runner/projection';
import { ReadModelsVersion } from './runner/read-models-version';

/** The name of Galley's projection runner (its checkpoint row): the server and the CLI share it. */
export const READ_MODELS_RUNNER = 'read-models';

/**
 * The shape of the read-model file. Raise it when tables change meaning; it also follows the
 * article state's own version, since folded states are stored. A file of another version is
 * emptied and rebuilt from the events when the runner opens it (other processes' checkpoints stay).
 */
export const READ_MODELS_VERSION = 8 * 1_000 + ARTICLE_STATE_VERSION;

/**
 * The projections Galley keeps, in the order they are applied: the version guard (which may empty
 * the file before the others create their tables), then the article fold, shared by those after it.
 */
export function readModelProjections(fold = new ArticleFold()): Projection[] {
  return [new ReadModelsVersion(READ_MODELS_VERSION, READ_MODELS_RUNNER), fold, new ArticleReadModelProjection(fold), new ClaimDeskProjection(fold), new ClaimRegistryProjection(fold), new AuditLogProjection()];
}
