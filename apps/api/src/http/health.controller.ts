import { comparePositions, type EventStore } from '@galley/event-store';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { EVENT_STORE } from '../infrastructure/event-store.provider';
import { ReadModels } from '../infrastructure/read-models.service';

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  /** Liveness, with readiness: whether the projections have caught up with the store. */
  @Get('health')
  async health() {
    const head = await this.store.headPosition();
    const checkpoint = this.readModels.checkpoint;
    const caughtUp = head === null || (checkpoint !== null && comparePositions(checkpoint, head) >= 0);
    return {
      status: 'ok',
      ready: caughtUp,
      projections: {
        caughtUp,
        checkpoint: checkpoint && { commit: checkpoint.commit.toString(), prepare: checkpoint.prepare.toString() },
        head: head && { commit: head.commit.toString(), prepare: head.prepare.toString() },
        // On the embedded store positions count events, so the difference is the lag in events.
        lagEvents: head && checkpoint ? Number(head.commit - checkpoint.commit) : head ? Number(head.commit) : 0,
      },
    };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const { projections } = await this.health();
    return [
      '# HELP galley_projection_lag_events Events appended but not yet applied to the read models.',
      '# TYPE galley_projection_lag_events gauge',
      `galley_projection_lag_events ${projections.lagEvents}`,
      '# HELP galley_projection_caught_up 1 when the read models include every stored event.',
      '# TYPE galley_projection_caught_up gauge',
      `galley_projection_caught_up ${projections.caughtUp ? 1 : 0}`,
      '',
    ].join('\n');
  }
}
