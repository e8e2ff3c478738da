import {
  InvalidTransition,
  SYSTEM_ACTOR,
  type ArticleCommand,
  type ArticleState,
  type SummaryRequested,
  type VariantRequested,
} from '@galley/editorial';
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
import { SUMMARIZER, type RewriteAnswer, type Summarizer } from '../summaries/summarizer.port';

/** Thrown into a handler still waiting on the summarizer when the process stops. */
class ProcessStopped extends Error {
  constructor() {
    super('The summary process stopped before the summarizer answered');
    this.name = 'ProcessStopped';
  }
}

/**
 * Answers SummaryRequested and VariantRequested: runs the summarizer and records its answer as the
 * service. Fed by the durable subscription, and the checkpoint moves only once an answer is
 * recorded, so a request survives a crash or a stop mid-generation and is simply retried; the
 * command ids derive from the request, so an answer is recorded once however often it is made.
 */
@Injectable()
export class SummaryProcess {
  private readonly logger = new Logger('SummaryProcess');
  private consumer: CheckpointedConsumer | null = null;
  private stopping: AbortController | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUMMARIZER) private readonly summarizer: Summarizer,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
    private readonly articles: ArticleRepository,
    private readonly commandBus: CommandBus,
  ) {}

  start(): void {
    this.stopping = new AbortController();
    this.consumer = new CheckpointedConsumer({
      // The name keeps the checkpoint the process has had since it answered summaries only.
      name: 'summary-process',
      store: this.store,
      checkpoints: this.readModels.checkpoints,
      filter: { streamNamePrefixes: [ARTICLE_STREAM], eventTypes: ['SummaryRequested', 'VariantRequested'] },
      handle: (event) => this.handle(event),
      onError: (error) => {
        if (error instanceof ProcessStopped) return;
        this.logger.error(`Summary process failed, retrying from its checkpoint: ${error.message}`);
      },
    });
    this.consumer.start();
  }

  /** Stops at once, even mid-generation: the unanswered request stays behind the checkpoint. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.consumer?.stop();
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const articleId = event.streamId.slice(ARTICLE_STREAM.length);
    if (event.type === 'VariantRequested') return this.answerVariant(articleId, event);
    const { requestId } = event.data as SummaryRequested['data'];
    const { state } = await this.articles.load(articleId);
    if (state.pendingSummaryRequest !== requestId) return; // answered, or replaced by a newer request
    const draft = await this.unlessStopped(this.summarizer.summarize(state));
    await this.record(
      { type: 'RecordSummary', data: { articleId, requestId, ...draft, sourceHash: state.bodyHash }, metadata: this.metadata() },
      `summary:${articleId}:${requestId}`,
      event,
    );
  }

  private async answerVariant(articleId: string, event: RecordedEvent): Promise<void> {
    const { requestId, kind } = event.data as VariantRequested['data'];
    const { state } = await this.articles.load(articleId);
    if ((state.pendingVariantRequests ?? {})[kind] !== requestId) return;
    const answer = await this.unlessStopped(this.rewrite(state, kind));
    const command: ArticleCommand = answer.supported
      ? { type: 'RecordVariant', data: { articleId, requestId, kind, ...answer.draft, sourceHash: state.bodyHash }, metadata: this.metadata() }
      : { type: 'ReportVariantUnsupported', data: { articleId, requestId, kind, provider: answer.provider, reason: answer.reason }, metadata: this.metadata() };
    await this.record(command, `variant:${articleId}:${requestId}`, event);
  }

  private rewrite(state: ArticleState, kind: VariantRequested['data']['kind']): Promise<RewriteAnswer> {
    if (this.summarizer.rewrite) return this.summarizer.rewrite(state, kind);
    return Promise.resolve({ supported: false, provider: 'unknown', reason: 'The configured summarizer offers no rewrites' });
  }

  private metadata() {
    return { actor: SYSTEM_ACTOR, now: this.clock.now() };
  }

  private async record(command: ArticleCommand, name: string, cause: RecordedEvent): Promise<void> {
    try {
      await this.commandBus.execute(new ExecuteArticleCommand(command, { commandId: uuidV5(name), causationId: cause.id }));
    } catch (error) {
      // The article moved on while the answer was being made: nothing to record.
      if (error instanceof InvalidTransition) return;
      throw error;
    }
  }

  /** A slow model must not hold up shutdown: the handler gives up, and the request is retried on restart. */
  private unlessStopped<T>(work: Promise<T>): Promise<T> {
    const signal = this.stopping?.signal;
    if (!signal) return work;
    if (signal.aborted) return Promise.reject(new ProcessStopped());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new ProcessStopped());
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
