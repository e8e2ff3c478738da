/**
 * The worker thread behind `WorkerProjectionTarget`: Galley's read-model projections applied to the
 * read-model file, in the order the main thread sent the requests. Batches that queued up while the
 * worker was busy are applied together, in one transaction: a backlog costs one commit, not one each.
 */
import { comparePositions, parseRecordedEvent } from '@galley/event-store';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { readModelProjections } from '../read-models';
import { LocalProjectionTarget } from './projection-target';
import type { ProjectionWorkerData, WorkerReply, WorkerRequest } from './projection-worker';
import { openReadModelDatabase } from './read-model.database';

type ApplyRequest = Extract<WorkerRequest, { type: 'apply' }>;
type SerializedApplyRequest = Extract<WorkerRequest, { type: 'applySerialized' }>;

const port = parentPort!;
const { file, name, rebuild } = workerData as ProjectionWorkerData;
const db = openReadModelDatabase(file);
// Nothing here waits for the disk: the guard (UnsyncedWritesGuard) covers a machine that stops, and
// a clean close syncs everything.
db.pragma('synchronous = OFF');
// A rebuild's file is thrown away unless it is completed: its journal only serves a batch's rollback.
if (rebuild) db.pragma('journal_mode = MEMORY');
const target = new LocalProjectionTarget(db, readModelProjections(), name);

const reply = (message: WorkerReply) => port.postMessage(message);

function failed(ids: readonly number[], error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  for (const id of ids) reply({ id, type: 'failed', message: failure.message, stack: failure.stack });
}

/** Applies requests that follow one another as one batch; a request that does not follow starts another. */
function applyAll(requests: readonly ApplyRequest[]): void {
  for (let start = 0; start < requests.length; ) {
    let end = start + 1;
    while (end < requests.length && follows(requests[end - 1], requests[end])) end++;
    const group = requests.slice(start, end);
    const ids = group.map((request) => request.id);
    const events = group.flatMap((request) => request.events);
    try {
      const appliedAt = target.apply(events, group[0].after);
      for (const id of ids) reply({ id, type: 'done', appliedAt });
    } catch (error) {
      failed(ids, error);
    }
    start = end;
  }
}

function follows(previous: ApplyRequest, next: ApplyRequest): boolean {
  return next.after !== null && comparePositions(next.after, previous.events[previous.events.length - 1].position) === 0;
}

/**
 * The request with its events parsed. The text is let go at once: otherwise every collection of the
 * young generation during the batch would copy it with the parsed events, then promote it.
 */
function parsed(request: SerializedApplyRequest): ApplyRequest {
  const events = request.events.map(parseRecordedEvent);
  (request as { events: SerializedApplyRequest['events'] | null }).events = null;
  return { id: request.id, type: 'apply', events, after: request.after };
}

port.on('message', (first: WorkerRequest) => {
  // What else is already waiting is taken now, in order.
  const requests: WorkerRequest[] = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) requests.push(next.message as WorkerRequest);
  let applies: ApplyRequest[] = [];
  for (const request of requests) {
    if (request.type === 'apply') {
      applies.push(request);
      continue;
    }
    if (request.type === 'applySerialized') {
      try {
        applies.push(parsed(request));
      } catch (error) {
        // Answered in its turn, after the batches before it; those after it no longer follow the
        // last batch applied, so they are refused.
        applyAll(applies);
        applies = [];
        failed([request.id], error);
      }
      continue;
    }
    applyAll(applies);
    applies = [];
    try {
      if (request.type === 'createIndexes') target.createIndexes();
      else close();
      reply({ id: request.id, type: 'done' });
    } catch (error) {
      failed([request.id], error);
    }
  }
  applyAll(applies);
});

/**
 * Syncs what was written without fsync: the WAL copied into the file, both on disk. A rebuild has no
 * WAL; its caller syncs the file once it is complete.
 */
function close(): void {
  if (!rebuild) {
    db.pragma('synchronous = FULL');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  db.close();
}

reply({ type: 'ready', checkpoint: target.checkpoint });
