import { join } from 'node:path';
import type { GalleyConfig } from './galley.config';

/** Where the embedded store keeps its files in the data folder. */
export function dataFiles(config: Pick<GalleyConfig, 'dataDir'>): { events: string; readModels: string; webhooks: string } {
  return {
    events: join(config.dataDir, 'events.sqlite'),
    readModels: join(config.dataDir, 'read-models.sqlite'),
    // The webhook outbox holds what has yet to be sent and what was: not a read model to rebuild.
    webhooks: join(config.dataDir, 'webhooks.sqlite'),
  };
}
