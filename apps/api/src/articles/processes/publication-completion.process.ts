import { InvalidTransition, SYSTEM_ACTOR } from '@galley/editorial';
import type { EventStore, RecordedEvent } from '@galley/event-store';
import { CheckpointedConsumer } from '@galley/read-models';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../infrastructure/clock';
import { EVENT_STORE } from '../../infrastructure/event-store.provider';
import { uuidV5 } from '../../infrastructure/ids';
import { ReadModels } from '../../infrastructure/read-models.service';
import { ArticleRepository } from '../article.repository';
import { ExecuteArticleCommand } from '../commands/article-command.message';
import { EDITION_STREAM, type EditionAssigned } from '../commands/publication-slots';

/** How long the command that reserved an edition has to write the article's side itself. */
export const COMPLETION_GRACE_MS = 5_000;

/**
 * A reserved edition number is the fact of a publication (DESIGN §5). When the article's own side
 * was not written — the service stopped between the two appends — this process completes it, as
 * the service on the publisher's behalf, so a crash leaves no gap in the editions.
 */
@Injectable()
export class PublicationCompletionProcess {
  private readonly logger = new Logger('PublicationCompletion');
  private consumer: CheckpointedConsumer | null = null;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
    private readonly articles: ArticleRepository,
    private readonly commandBus: CommandBus,
  ) {}

  start(): void {
    this.stopped = false;
    this.consumer = new CheckpointedConsumer({
      name: 'publication-completion',
      store: this.store,
      checkpoints: this.readModels.checkpoints,
      filter: { streamNamePrefixes: [EDITION_STREAM], eventTypes: ['EditionAssigned'] },
      handle: (event) => this.handle(event),
      onError: (error) => this.logger.error(`Publication completion failed, retrying from its checkpoint: ${error.message}`),
    });
    this.consumer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.stop();
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const { edition, articleId, slug, by } = event.data as EditionAssigned;
    const wait = event.created.getTime() + COMPLETION_GRACE_MS - this.clock.now().getTime();
    if (wait > 0) await this.pause(wait);
    if (this.stopped) throw new Error('stopped'); // leave the checkpoint where it is
    const { state } = await this.articles.load(articleId);
    if (state.edition === edition) return;
    try {
      await this.commandBus.execute(
        new ExecuteArticleCommand(
          { type: 'CompletePublication', data: { articleId, edition, slug, publishedBy: by }, metadata: { actor: SYSTEM_ACTOR, now: this.clock.now() } },
          { commandId: uuidV5(`complete-publication:${articleId}:${edition}`), causationId: event.id },
        ),
      );
      this.logger.warn(`Completed the publication of ${articleId} as edition ${edition}`);
    } catch (error) {
      // The article changed in between (e.g. sent back for changes): the edition cannot be honoured.
      if (error instanceof InvalidTransition) {
        this.logger.error(`Edition ${edition} was reserved for ${articleId}, which can no longer be published: ${error.message}`);
        return;
      }
      throw error;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}
