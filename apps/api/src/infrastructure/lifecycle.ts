import type { EventStore } from '@galley/event-store';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PublicationCompletionProcess } from '../articles/processes/publication-completion.process';
import { SchedulerProcess } from '../articles/processes/scheduler.process';
import { SummaryProcess } from '../articles/processes/summary.process';
import { WebhooksRuntime } from '../webhooks/webhooks.runtime';
import { ArticleChangeNotifier } from './article-change.notifier';
import { EVENT_STORE } from './event-store.provider';
import { ReadModels } from './read-models.service';

/** Starts the read side and the processes in order, and stops them in the reverse order. */
@Injectable()
export class Lifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Galley');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly notifier: ArticleChangeNotifier,
    private readonly summaries: SummaryProcess,
    private readonly scheduler: SchedulerProcess,
    private readonly completions: PublicationCompletionProcess,
    private readonly webhooks: WebhooksRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.readModels.start();
    this.notifier.start();
    this.summaries.start();
    this.scheduler.start();
    this.completions.start();
    this.webhooks.start();
    this.logger.log('Read models caught up; processes started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.webhooks.stop();
    await this.completions.stop();
    await this.scheduler.stop();
    await this.summaries.stop();
    this.notifier.stop();
    await this.readModels.stop();
    await this.store.close();
  }
}
