/**
 * The worker thread behind `WorkerProjectionTarget`: Galley's read-model projections applied to the
 * read-model file, one request at a time, in the order the main thread sent them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readModelProjections } from '../read-models';
import { LocalProjectionTarget } from './projection-target';
import type { ProjectionWorkerData, WorkerReply, WorkerRequest } from './projection-worker';
import { openReadModelDatabase } from './read-model.database';

const port = parentPort!;
const { file, name } = workerData as ProjectionWorkerData;
const db = openReadModelDatabase(file);
const target = new LocalProjectionTarget(db, readModelProjections(), name);

const reply = (message: WorkerReply) => port.postMessage(message);

port.on('message', (request: WorkerRequest) => {
  try {
    if (request.type === 'apply') reply({ id: request.id, type: 'done', appliedAt: target.apply(request.events, request.after) });
    else {
      target.createIndexes();
      reply({ id: request.id, type: 'done' });
    }
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    reply({ id: request.id, type: 'failed', message: failure.message, stack: failure.stack });
  }
});

reply({ type: 'ready', checkpoint: target.checkpoint });
