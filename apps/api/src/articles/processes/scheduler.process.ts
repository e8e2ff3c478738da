import { InvalidTransition, SYSTEM_ACTOR } from '@galley/editorial';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../infrastructure/clock';
import { uuidV5 } from '../../infrastructure/ids';
import { ReadModels } from '../../infrastructure/read-models.service';
import { ExecuteArticleCommand } from '../commands/article-command.message';

const TICK_MS = 1_000;

/**
 * Publishes scheduled articles when they fall due, and at start those that fell due while the
 * service was down (the actual publication time is recorded).
 */
@Injectable()
export class SchedulerProcess {
  private readonly logger = new Logger('SchedulerProcess');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly readModels: ReadModels,
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.clock.now();
      for (const { id, scheduledFor } of this.readModels.articles.dueSchedules(now)) {
        await this.publish(id, scheduledFor);
      }
    } catch (error) {
      this.logger.error(`Scheduled publication failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async publish(articleId: string, scheduledFor: string): Promise<void> {
    try {
      await this.commandBus.execute(
        new ExecuteArticleCommand(
          { type: 'PublishArticle', data: { articleId }, metadata: { actor: SYSTEM_ACTOR, now: this.clock.now() } },
          { commandId: uuidV5(`scheduled-publication:${articleId}:${scheduledFor}`) },
        ),
      );
      this.logger.log(`Published scheduled article ${articleId}`);
    } catch (error) {
      if (error instanceof InvalidTransition) return; // cancelled or already published meanwhile
      throw error;
    }
  }
}
