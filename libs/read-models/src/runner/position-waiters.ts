import { comparePositions, type Position } from '@galley/event-store';

interface Waiter {
  readonly position: Position;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/** Callers waiting until a runner's checkpoint reaches a position, each with a timeout. */
export class PositionWaiters {
  private waiters: Waiter[] = [];

  /** Resolves true once `reached(position)` after `release`, false after the timeout or `cancelAll`. */
  wait(position: Position, timeoutMs: number, current: Position | null): Promise<boolean> {
    if (isReached(current, position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** The checkpoint moved to `current`: those waiting for it or less are told true. */
  release(current: Position | null): void {
    const ready = this.waiters.filter((w) => isReached(current, w.position));
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => !isReached(current, w.position));
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(true);
    }
  }

  /** Everyone still waiting is told false (the runner stopped). */
  cancelAll(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
  }
}

export function isReached(current: Position | null, position: Position): boolean {
  return current !== null && comparePositions(current, position) >= 0;
}
