import { ArticleReadModelProjection } from './articles/article-read-model.projection';
import { AuditLogProjection } from './audit/audit-log.projection';
import { ClaimDeskProjection } from './claims/claim-desk.projection';
import { ClaimRegistryProjection } from './claims/claim-registry.projection';
import type { Projection } from './runner/projection';

/** The name of Galley's projection runner (its checkpoint row): the server and the CLI share it. */
export const READ_MODELS_RUNNER = 'read-models';

/** The projections Galley keeps, in the order they are applied. */
export function readModelProjections(): Projection[] {
  return [new ArticleReadModelProjection(), new ClaimDeskProjection(), new ClaimRegistryProjection(), new AuditLogProjection()];
}
