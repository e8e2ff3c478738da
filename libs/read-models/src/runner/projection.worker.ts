/**
 * The worker thread behind `WorkerProjectionTarget`: Galley's read-model projections applied to the
 * read-model file, in the order the main thread sent the requests. Batches that queued up while the
 * worker was busy are applied together, in one transaction: a backlog costs one commit, not one each.
 */
import { comparePositions, openEventsFileReader, parseRecordedEvent, SCAN_WINDOW } from '@galley/event-store';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { readModelProjections } from '../read-models';
import { LocalProjectionTarget } from './projection-target';
import type { ProjectionWorkerData, WorkerReply, WorkerRequest } from './projection-worker';
import { openReadModelDatabase } from './read-model.database';

type ApplyRequest = Extract<WorkerRequest, { type: 'apply' }>;
type SerializedApplyRequest = Extract<WorkerRequest, { type: 'applySerialized' }>;
type FollowRequest = Extract<WorkerRequest, { type: 'follow' }>;

const port = parentPort!;
const { file, name, rebuild, events: eventsFile } = workerData as ProjectionWorkerData;
const db = openReadModelDatabase(file);
// Nothing here waits for the disk: the guard (UnsyncedWritesGuard) covers a machine that stops, and
// a clean close syncs everything.
db.pragma('synchronous = OFF');
// A rebuild's file is thrown away unless it is completed: its journal only serves a batch's rollback.
if (rebuild) db.pragma('journal_mode = MEMORY');
const target = new LocalProjectionTarget(db, readModelProjections(), name);
/** The embedded store's file, read on a read-only connection of this thread's own. */
const events = eventsFile ? openEventsFileReader(eventsFile) : null;
/** The seq up to which the events file has been examined: past the checkpoint when its last events are not visible. */
let scanned = 0;

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

/**
 * Applies what the events file holds after the read models, a page per transaction, until a page
 * finds the head; each batch is told to the main thread as soon as it is committed.
 */
function follow(maxCount: number): void {
  if (!events) throw new Error('This projection worker was not given the events file to follow');
  let after = Math.max(scanned, target.position === null ? 0 : Number(target.position.commit));
  for (;;) {
    const startedAt = Date.now();
    const page = events.nextPage({ after, limit: maxCount, window: SCAN_WINDOW });
    if (page.events.length > 0) {
      const batch = page.events.map(parseRecordedEvent);
      const appliedAt = target.apply(batch, target.position);
      const applied = batch.map(({ streamId, position, created }) => ({ streamId, position, created }));
      reply({ type: 'applied', position: target.position!, appliedAt, startedAt, events: applied });
    }
    after = scanned = page.scannedTo;
    if (page.atHead) return;
  }
}

/** Follows once for all the requests: each asked for the head as it was when it was sent, or later. */
function followAll(requests: readonly FollowRequest[]): void {
  if (requests.length === 0) return;
  const ids = requests.map((request) => request.id);
  try {
    follow(Math.max(...requests.map((request) => request.maxCount)));
    for (const id of ids) reply({ id, type: 'done' });
  } catch (error) {
    failed(ids, error);
  }
}

port.on('message', (first: WorkerRequest) => {
  // What else is already waiting is taken now, in order.
  const requests: WorkerRequest[] = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) requests.push(next.message as WorkerRequest);
  let applies: ApplyRequest[] = [];
  let follows: FollowRequest[] = [];
  for (const request of requests) {
    if (request.type === 'follow') {
      applyAll(applies);
      applies = [];
      follows.push(request);
      continue;
    }
    followAll(follows);
    follows = [];
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
  followAll(follows);
});

/**
 * Syncs what was written without fsync: the WAL copied into the file, both on disk. A rebuild has no
 * WAL; its caller syncs the file once it is complete.
 */
function close(): void {
  events?.close();
  if (!rebuild) {
    db.pragma('synchronous = FULL');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  db.close();
}

reply({ type: 'ready', checkpoint: target.checkpoint });
