import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dataFiles } from '../config/data-files';
import type { GalleyConfig } from '../config/galley.config';

/**
 * Opens `file` holding an exclusive lock until the connection closes (null when another process has it
 * open). Nobody, a starting server included, can open the file meanwhile.
 */
export function lockExclusively(file: string): Database.Database | null {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
}

/**
 * Whether another connection has the SQLite file open. Every connection to a WAL database holds a
 * shared lock on it for as long as it is open, so an exclusive lock taken without waiting fails
 * exactly when someone (a Galley server, a `galley` command) is connected.
 */
export function inUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const probe = lockExclusively(file);
  if (probe === null) return true;
  probe.close();
  return false;
}

export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';
}

/**
 * Refuses to serve a data folder another process has open. Two servers on one folder would both
 * apply every event to the same read models (counts added twice, a verdict logged twice) and both
 * deliver the same webhooks; the second would only have failed at `listen`, after its catch-up, and
 * not at all on another port.
 */
export function refuseDataFolderInUse(config: Pick<GalleyConfig, 'dataDir' | 'eventStore'>): void {
  const files = dataFiles(config);
  const busy = [files.readModels, files.webhooks, ...(config.eventStore === 'embedded' ? [files.events] : [])].find(inUse);
  if (busy !== undefined) {
    throw new DataFolderInUseError(
      `${busy} is open in another process: a Galley server or a galley command is running on ${config.dataDir}. ` +
        'Stop it first, or give this server a data folder of its own (GALLEY_DATA_DIR).',
    );
  }
}
