import { SqliteEventStore, type EventData, type Position, type RecordedEvent } from '@galley/event-store';
import { openReadModelDatabase, ProjectionRunner, READ_MODELS_RUNNER, readModelProjections } from '@galley/read-models';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dumpFile, galley } from '../../apps/api/src/cli/testing/cli.harness';
import type { ChildLine } from './append-until-killed.child';

/**
 * SIGKILLs a process in the middle of a stream of appends, three times on one data folder, and
 * after each kill checks what a restart finds: every acknowledged append with its exact revision and
 * data, nothing half-written, and read models that resume from their checkpoint to the same result
 * as a rebuild from scratch.
 *
 * The child is the project's TypeScript run by plain `node` through a small @swc/core require hook
 * (./swc-register.js): no build step, no dist/ that could be stale or missing in a fresh clone.
 */
const ROOT = resolve(__dirname, '..', '..');
const REGISTER = join(__dirname, 'swc-register.js');
const CHILD = join(__dirname, 'append-until-killed.child.ts');
/** Acknowledgements the parent waits for before each kill: early, mid-way, and deep into a run. */
const KILL_AFTER = [40, 300, 1000];
const CHILD_DEADLINE_MS = 15_000;

interface Attempt {
  readonly streamId: string;
  readonly events: EventData[];
  outcome: 'unknown' | 'acknowledged' | 'refused';
  /** The stream's revision after the append, once acknowledged. */
  revision?: number;
}

/** Starts the child, kills it with SIGKILL once it has acknowledged `acks` appends, and returns its journal. */
function runUntilKilled(dataDir: string, journal: string, round: number, acks: number): Promise<ChildLine[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', REGISTER, CHILD, dataDir, journal, String(round)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = 0;
    let stderr = '';
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not reach ${acks} acknowledgements in ${CHILD_DEADLINE_MS} ms (${acknowledged}); stderr:\n${stderr}`));
    }, CHILD_DEADLINE_MS);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // One byte per acknowledgement. A little jitter, so the kill lands anywhere in the child's cycle.
    child.stdout.on('data', (chunk: Buffer) => {
      const before = acknowledged;
      acknowledged += chunk.length;
      if (before < acks && acknowledged >= acks) setTimeout(() => child.kill('SIGKILL'), Math.random() * 4);
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') return reject(new Error(`the child exited by itself (code ${code}); stderr:\n${stderr}`));
      // A line cut by the kill has no newline: a statement the child did not finish making.
      const lines = readFileSync(journal, 'utf8').split('\n').slice(0, -1);
      resolvePromise(lines.map((line) => JSON.parse(line) as ChildLine));
    });
  });
}

function attemptsOf(lines: readonly ChildLine[], into: Map<string, Attempt>, round: number): void {
  for (const line of lines) {
    if (line.t === 'ready') continue;
    const key = `${round}:${line.k}`;
    if (line.t === 'try') into.set(key, { streamId: line.s, events: line.e, outcome: 'unknown' });
    if (line.t === 'ack') Object.assign(into.get(key)!, { outcome: 'acknowledged', revision: line.r });
    if (line.t === 'fail') into.get(key)!.outcome = 'refused';
  }
}

async function readEverything(dataDir: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

/** Runs the server's projection runner on a read-model file until it has caught up with the store. */
async function project(eventsFile: string, readModelFile: string): Promise<{ resumedFrom: Position | null }> {
  const store = new SqliteEventStore({ file: eventsFile });
  const db = openReadModelDatabase(readModelFile);
  try {
    const runner = new ProjectionRunner({ name: READ_MODELS_RUNNER, store, db, projections: readModelProjections() });
    const resumedFrom = runner.checkpoint;
    await runner.start();
    await runner.stop();
    return { resumedFrom };
  } finally {
    db.close();
    await store.close();
  }
}

describe('durability: SIGKILL in the middle of appends', () => {
  let dataDir: string;
  let scratch: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'galley-kill-'));
    scratch = mkdtempSync(join(tmpdir(), 'galley-kill-rebuild-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('three kills in a row on one data folder: each restart finds every acknowledged append, nothing half-written, read models that resume to a rebuild', async () => {
    // Every append announced across the three lives of the child: each restart re-checks them all.
    const attempts = new Map<string, Attempt>();
    for (const [index, acks] of KILL_AFTER.entries()) {
      const round = index + 1;
      attemptsOf(await runUntilKilled(dataDir, join(scratch, `journal-${round}.jsonl`), round, acks), attempts, round);
      await checkAfterRestart(round, acks, attempts);
    }
  }, 60_000);

  async function checkAfterRestart(round: number, acks: number, attempts: ReadonlyMap<string, Attempt>): Promise<void> {

    const events = await readEverything(dataDir);
    const byId = new Map(events.map((event) => [event.id, event]));
    const roundAttempts = [...attempts.entries()].filter(([key]) => key.startsWith(`${round}:`)).map(([, a]) => a);
    const acknowledged = roundAttempts.filter((a) => a.outcome === 'acknowledged');
    expect(acknowledged.length).toBeGreaterThanOrEqual(acks);

    // Every acknowledged append: all its events, at exactly the revisions acknowledged, with their data.
    for (const attempt of acknowledged) {
      const first = attempt.revision! - attempt.events.length + 1;
      attempt.events.forEach((sent, index) => {
        const stored = byId.get(sent.id);
        expect(stored).toBeDefined();
        expect({ streamId: stored!.streamId, revision: stored!.revision, type: stored!.type, data: stored!.data, metadata: stored!.metadata }).toEqual({
          streamId: attempt.streamId,
          revision: first + index,
          type: sent.type,
          data: sent.data,
          metadata: sent.metadata ?? {},
        });
      });
    }

    // Every append, acknowledged or not: all of its events or none, and none of a refused one.
    const inFlight = { committed: 0, absent: 0 };
    let refused = 0;
    for (const attempt of attempts.values()) {
      const present = attempt.events.map((e) => byId.get(e.id)).filter((e) => e !== undefined);
      if (attempt.outcome === 'refused') expect(present).toHaveLength(0);
      else expect([0, attempt.events.length]).toContain(present.length);
      if (present.length > 0) {
        expect(present.map((e) => e.revision)).toEqual(present.map((_, i) => present[0].revision + i));
        expect(new Set(present.map((e) => e.streamId))).toEqual(new Set([attempt.streamId]));
      }
    }
    for (const attempt of roundAttempts) {
      if (attempt.outcome === 'unknown') inFlight[byId.has(attempt.events[0].id) ? 'committed' : 'absent'] += 1;
      if (attempt.outcome === 'refused') refused += 1;
    }
    // Nothing else made it in: every stored event is one the child announced.
    const announced = new Set([...attempts.values()].flatMap((a) => a.events.map((e) => e.id)));
    expect(events.filter((e) => !announced.has(e.id))).toEqual([]);

    // Each stream's revisions contiguous from 0; `$all` strictly increasing.
    const revisions = new Map<string, number[]>();
    for (const event of events) {
      if (!revisions.has(event.streamId)) revisions.set(event.streamId, []);
      revisions.get(event.streamId)!.push(event.revision);
    }
    for (const [, list] of revisions) expect(list).toEqual(list.map((_, i) => i));
    expect(events.every((e, i) => i === 0 || e.position.commit > events[i - 1].position.commit)).toBe(true);

    // The read models the child was building, resumed from their checkpoint, equal a rebuild from scratch.
    const resumedFile = join(dataDir, 'read-models.sqlite');
    const { resumedFrom } = await project(join(dataDir, 'events.sqlite'), resumedFile);
    expect(resumedFrom).not.toBeNull();
    const rebuiltFile = join(scratch, `round-${round}.sqlite`);
    const { resumedFrom: scratchStart } = await project(join(dataDir, 'events.sqlite'), rebuiltFile);
    expect(scratchStart).toBeNull();
    expect(dumpFile(resumedFile)).toEqual(dumpFile(rebuiltFile));

    // And the operator's check agrees: streams table, revisions, $all, read models against a rebuild.
    const verify = await galley(dataDir, ['verify']);
    expect(verify.out).toContain('verify: no problem found');

    process.stdout.write(
      `round ${round}: ${acknowledged.length} appends acknowledged, ${refused} refused for a stale revision; ` +
        `in flight at the kill: ${inFlight.committed} committed whole, ${inFlight.absent} absent ` +
        `(${roundAttempts.length} announced), ${events.length} events stored; read models resumed from ` +
        `${resumedFrom!.commit} of ${events[events.length - 1].position.commit}\n`,
    );
  }
});
