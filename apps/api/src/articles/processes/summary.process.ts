import { InvalidTransition, SYSTEM_ACTOR, type SummaryRequested } from '@galley/editorial';
import type { EventStore, RecordedEvent } from '@galley/event-store';
import { CheckpointedConsumer } from '@galley/read-models';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, CLOCK } from '../../infrastructure/clock';
import { EVENT_STORE } from '../../infrastructure/event-store.provider';
import { ARTICLE_STREAM, uuidV5 } from '../../infrastructure/ids';
import { ReadModels } from '../../infrastructure/read-models.service';
import { ExecuteArticleCommand } from '../commands/article-command.message';
import { ArticleRepository } from '../article.repository';
import { SUMMARIZER, type Summarizer } from '../summaries/summarizer.port';

/**
 * Answers SummaryRequested: runs the summarizer and records its answer as the service. Fed by the
 * durable subscription, so a request survives a crash mid-generation and is simply retried.
 */
@Injectable()
export class SummaryProcess {
  private readonly logger = new Logger('SummaryProcess');
  private consumer: CheckpointedConsumer | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUMMARIZER) private readonly summarizer: Summarizer,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
    private readonly articles: ArticleRepository,
    private readonly commandBus: CommandBus,
  ) {}

  start(): void {
    this.consumer = new CheckpointedConsumer({
      name: 'summary-process',
      store: this.store,
      checkpoints: this.readModels.checkpoints,
      filter: { streamNamePrefixes: [ARTICLE_STREAM], eventTypes: ['SummaryRequested'] },
      handle: (event) => this.handle(event),
      onError: (error) => this.logger.error(`Summary process failed, retrying from its checkpoint: ${error.message}`),
    });
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const articleId = event.streamId.slice(ARTICLE_STREAM.length);
    const { requestId } = event.data as SummaryRequested['data'];
    const { state } = await this.articles.load(articleId);
    if (state.pendingSummaryRequest !== requestId) return; // answered, or replaced by a newer request
    const draft = await this.summarizer.summarize(state);
    try {
      await this.commandBus.execute(
        new ExecuteArticleCommand(
          {
            type: 'RecordSummary',
            data: { articleId, requestId, ...draft, sourceHash: state.bodyHash },
            metadata: { actor: SYSTEM_ACTOR, now: this.clock.now() },
          },
          { commandId: uuidV5(`summary:${articleId}:${requestId}`), causationId: event.id },
        ),
      );
    } catch (error) {
      // The article moved on while the summary was being made: nothing to record.
      if (error instanceof InvalidTransition) return;
      throw error;
    }
  }
}
