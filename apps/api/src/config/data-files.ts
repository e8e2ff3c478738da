import { join } from 'node:path';
import type { GalleyConfig } from './galley.config';

/** Where the embedded store keeps its files in the data folder. */
export function dataFiles(config: Pick<GalleyConfig, 'dataDir'>): { events: string; readModels: string } {
  return { events: join(config.dataDir, 'events.sqlite'), readModels: join(config.dataDir, 'read-models.sqlite') };
}
