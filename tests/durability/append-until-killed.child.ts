/**
 * The process the kill test SIGKILLs: it appends article lives to many streams at once through the
 * embedded store (synchronous FULL, exact expected revisions, a shared stream they contend for), while
 * a projection runner keeps the read models, as the server does. Each append is recorded in a journal
 * file before it is made ("try", with its events) and once acknowledged ("ack") or refused ("fail");
 * each acknowledgement is also one byte on stdout, by which the parent times the kill.
 *
 * Usage: node --require ./tests/durability/swc-register.js append-until-killed.child.ts DATA_DIR JOURNAL ROUND
 */
import { ConcurrencyError, SqliteEventStore, type EventData, type ExpectedRevision } from '@galley/event-store';
import { openReadModelDatabase, ProjectionRunner, READ_MODELS_RUNNER, readModelProjections } from '@galley/read-models';
import { randomUUID } from 'node:crypto';
import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { articleLife, eventData, FINAL_STAGES } from '../../apps/api/src/cli/testing/newsroom.fixtures';

export type ChildLine =
  | { t: 'ready' }
  | { t: 'try'; k: number; s: string; x: ExpectedRevision; e: EventData[] }
  | { t: 'ack'; k: number; r: number }
  | { t: 'fail'; k: number; c: string };

export const SHARED_STREAM = 'edition-numbers';
const WRITERS = 12;

/**
 * Synchronous writes to a file: a line is in the kernel before the next step, so the kill loses none,
 * and, unlike a pipe, a file never makes the child wait for the parent to read. A "try" is written
 * before its append starts, an "ack" right after the store acknowledged it.
 */
let journal = -1;
function emit(line: ChildLine): void {
  writeSync(journal, `${JSON.stringify(line)}\n`);
  if (line.t === 'ack') writeSync(1, '.');
}

async function main(): Promise<void> {
  const [dataDir, journalFile, round] = process.argv.slice(2);
  journal = openSync(journalFile, 'a');
  const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite'), synchronous: 'FULL' });
  const db = openReadModelDatabase(join(dataDir, 'read-models.sqlite'));
  const runner = new ProjectionRunner({ name: READ_MODELS_RUNNER, store, db, projections: readModelProjections() });
  await runner.start();

  let key = 0;
  const append = async (streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<number | null> => {
    const k = ++key;
    emit({ t: 'try', k, s: streamId, x: expectedRevision, e: events });
    try {
      const { nextExpectedRevision } = await store.appendToStream(streamId, events, { expectedRevision });
      emit({ t: 'ack', k, r: nextExpectedRevision });
      return nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      emit({ t: 'fail', k, c: error.code });
      return null;
    }
  };

  // What the writers believe the shared stream's revision is: often stale, so appends there conflict.
  let shared: ExpectedRevision = await store.readStream(SHARED_STREAM, { direction: 'backwards', maxCount: 1 }).then(
    ([last]) => last.revision,
    () => 'no_stream' as const,
  );

  const writer = async (w: number): Promise<void> => {
    for (let n = 0; ; n++) {
      const id = randomUUID();
      const number = Number(round) * 1_000_000 + w * 10_000 + n;
      let revision: ExpectedRevision = 'no_stream';
      for (const command of articleLife(id, number, FINAL_STAGES[(w + n) % FINAL_STAGES.length], new Date('2025-03-10T09:00:00.000Z'))) {
        const written = await append(`article-${id}`, eventData(command), revision);
        if (written === null) throw new Error(`article-${id} refused an append at its own revision`);
        revision = written;
      }
      // Two events in one append, against the revision this writer last saw; on a conflict, read and retry.
      for (;;) {
        const reserved = [
          { id: randomUUID(), type: 'EditionReserved', data: { articleId: id, writer: w } },
          { id: randomUUID(), type: 'SlugReserved', data: { articleId: id, slug: `slug-${number}` } },
        ];
        const written = await append(SHARED_STREAM, reserved, shared);
        if (written !== null) {
          shared = written;
          break;
        }
        const [last] = await store.readStream(SHARED_STREAM, { direction: 'backwards', maxCount: 1 });
        shared = last.revision;
      }
    }
  };

  emit({ t: 'ready' });
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
