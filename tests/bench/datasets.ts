import { SqliteEventStore } from '@galley/event-store';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewsroomWorkload } from './workload';

export interface NewsroomStore {
  readonly dataDir: string;
  readonly eventsFile: string;
  readonly articles: number;
  readonly events: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly articleIds: readonly string[];
}

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `galley-bench-${name}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function fileBytes(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(`${file}${suffix}`).size;
    } catch {
      // No WAL file: nothing to add.
    }
  }
  return total;
}

/**
 * Fills an embedded store, through the store itself, with a newsroom of about `targetEvents` events:
 * one append per article (its whole history), many appends in flight so group commit batches them.
 */
export async function buildNewsroomStore(targetEvents: number, seed = 42): Promise<NewsroomStore> {
  const started = performance.now();
  const workload = new NewsroomWorkload(seed);
  const articles = Math.max(1, Math.round(targetEvents / workload.meanEvents));
  const dataDir = tempDir('newsroom');
  const eventsFile = join(dataDir, 'events.sqlite');
  const store = new SqliteEventStore({ file: eventsFile, synchronous: 'NORMAL', maxAppendSize: 64 * 1024 * 1024 });
  const articleIds: string[] = [];
  let events = 0;
  const inFlight = 256;
  let pending: Promise<unknown>[] = [];
  for (let n = 0; n < articles; n++) {
    const article = workload.article(n);
    articleIds.push(article.articleId);
    events += article.events.length;
    pending.push(store.appendToStream(article.streamId, article.events, { expectedRevision: 'no_stream' }));
    if (pending.length >= inFlight) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  await store.close();
  return { dataDir, eventsFile, articles, events, bytes: fileBytes(eventsFile), seconds: (performance.now() - started) / 1000, articleIds };
}
