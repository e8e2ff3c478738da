import type { Position } from '@galley/event-store';
import { pipelinedCatchUp } from './pipelined-catch-up';

interface Item {
  readonly position: Position;
}

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });
const items = (count: number): Item[] => Array.from({ length: count }, (_, i) => ({ position: at(i + 1) }));

/** A feed of `count` items, and a target whose batches settle only when the test says so. */
function rig(count: number, batchSize: number) {
  const feed = items(count);
  const log: string[] = [];
  const pending: { resolve(): void; reject(error: Error): void; after: Position | null; size: number }[] = [];
  const applied: Item[][] = [];
  return {
    log,
    pending,
    applied,
    read: async (after: Position | null, limit: number): Promise<readonly Item[]> => {
      const start = after === null ? 0 : Number(after.commit);
      log.push(`read after ${start}`);
      return feed.slice(start, start + limit);
    },
    apply: (events: readonly Item[], after: Position | null): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        log.push(`apply ${Number(events[0].position.commit)}..${Number(events[events.length - 1].position.commit)}`);
        pending.push({ resolve, reject, after, size: events.length });
      }),
    onApplied: (events: readonly Item[]) => applied.push([...events]),
    batchSize,
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('pipelinedCatchUp', () => {
  it('reads the next batch while the target applies the one before, never more than `ahead` unacknowledged', async () => {
    const r = rig(10, 3);
    const done = pipelinedCatchUp({ from: null, ahead: 2, ...r });
    await flush();
    // Batch 1 handed over, batch 2 read and handed over while 1 is still being applied; then it waits.
    expect(r.log).toEqual(['read after 0', 'apply 1..3', 'read after 3', 'apply 4..6']);
    expect(r.pending.map((p) => p.after)).toEqual([null, at(3)]);

    r.pending[0].resolve();
    await flush();
    expect(r.log.slice(4)).toEqual(['read after 6', 'apply 7..9']);
    r.pending[1].resolve();
    await flush();
    // The last, short batch ends the feed: nothing is read after it.
    expect(r.log.slice(6)).toEqual(['read after 9', 'apply 10..10']);
    r.pending[2].resolve();
    r.pending[3].resolve();

    await expect(done).resolves.toEqual(at(10));
    expect(r.applied.map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
    expect(r.log).not.toContain('read after 10');
  });

  it('starts after `from`, and an empty feed leaves the position where it was', async () => {
    const r = rig(4, 2);
    const done = pipelinedCatchUp({ from: at(4), ahead: 2, ...r });
    await expect(done).resolves.toEqual(at(4));
    expect(r.log).toEqual(['read after 4']);
  });

  it('a failed batch stops the reads; it throws that failure once the batches in flight have settled', async () => {
    const r = rig(20, 2);
    const done = pipelinedCatchUp({ from: null, ahead: 2, ...r });
    const settled = jest.fn();
    done.then(settled, settled);
    await flush();
    r.pending[0].resolve();
    await flush();
    r.pending[1].reject(new Error('a projection threw'));
    await flush();
    // Batch 3 was handed over before the failure was known; the target refuses it, and the catch-up waits for that.
    expect(r.pending).toHaveLength(3);
    expect(settled).not.toHaveBeenCalled();
    r.pending[2].reject(new Error('not applied: does not follow'));

    await expect(done).rejects.toThrow('a projection threw');
    expect(r.applied).toHaveLength(1);
    expect(r.log.filter((line) => line.startsWith('read'))).toHaveLength(3);
  });

  it('a failed read throws, after the batches already handed over have been applied', async () => {
    const r = rig(20, 2);
    let reads = 0;
    const done = pipelinedCatchUp({
      from: null,
      ahead: 2,
      ...r,
      read: async (after, limit) => {
        if (++reads === 3) throw new Error('disk I/O error');
        return r.read(after, limit);
      },
    });
    const settled = jest.fn();
    done.then(settled, settled);
    await flush();
    r.pending[0].resolve();
    await flush();
    expect(settled).not.toHaveBeenCalled();
    r.pending[1].resolve();

    await expect(done).rejects.toThrow('disk I/O error');
    expect(r.applied.map((batch) => batch.length)).toEqual([2, 2]);
  });
});
