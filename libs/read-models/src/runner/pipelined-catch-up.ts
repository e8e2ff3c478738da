import type { Position } from '@galley/event-store';

export interface PipelinedCatchUpOptions<E extends { readonly position: Position }> {
  /** Where the target's read models are: reading starts after it. */
  readonly from: Position | null;
  readonly batchSize: number;
  /** Batches handed to the target and not yet acknowledged, at most: 2 reads one while the other is applied. */
  readonly ahead: number;
  /** Up to `limit` events after `after`, in order; fewer (or none) at the end. */
  read(after: Position | null, limit: number): Promise<readonly E[]>;
  /** Applies a batch that follows `after`, the last event of the batch handed over before it (a worker thread's target). */
  apply(events: readonly E[], after: Position | null): Promise<unknown>;
  onApplied?(events: readonly E[]): void;
}

/**
 * Catches a target up on a feed, reading the next batch while the target applies the one before
 * (in another thread): the two overlap instead of taking turns. The target refuses a batch that does
 * not follow the last one it applied, so nothing is applied past a failed batch; the first failure,
 * of a read or of a batch, is thrown once the batches in flight have settled.
 *
 * Resolves to the last event applied: the target acknowledges batches in order.
 */
export async function pipelinedCatchUp<E extends { readonly position: Position }>(options: PipelinedCatchUpOptions<E>): Promise<Position | null> {
  let applied = options.from;
  let sent = options.from;
  let failure: { readonly error: unknown } | null = null;
  const inFlight: Promise<void>[] = [];
  try {
    while (failure === null) {
      const events = await options.read(sent, options.batchSize);
      // A failure noticed while reading: nothing more is handed over.
      if (events.length === 0 || failure !== null) break;
      const last = events[events.length - 1].position;
      inFlight.push(
        options.apply(events, sent).then(
          () => {
            applied = last;
            options.onApplied?.(events);
          },
          (error: unknown) => {
            failure ??= { error };
          },
        ),
      );
      sent = last;
      if (events.length < options.batchSize) break;
      if (inFlight.length >= options.ahead) await inFlight.shift();
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure.error;
  return applied;
}
