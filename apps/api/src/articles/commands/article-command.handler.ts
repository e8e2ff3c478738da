import {
  articleDecider,
  authorize,
  NewSlugRequired,
  NotFound,
  PublicationSlotRequired,
  schemaVersionOf,
  type ArticleCommand,
  type ArticleDecider,
  type ArticleEvent,
  type ArticleState,
} from '@galley/editorial';
import { ConcurrencyError, type EventData, type EventStore } from '@galley/event-store';
import { historyFacts } from '@galley/read-models';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GALLEY_CONFIG, type GalleyConfig } from '../../config/galley.config';
import { EVENT_STORE } from '../../infrastructure/event-store.provider';
import { articleStream, eventIdFor } from '../../infrastructure/ids';
import { ReadModels } from '../../infrastructure/read-models.service';
import { BadInput, VersionConflict } from '../application.errors';
import { ArticleRepository, type LoadedArticle } from '../article.repository';
import type { ArticleView } from '../article.view';
import { ExecuteArticleCommand, type CommandOptions } from './article-command.message';
import { validateInput } from './input-validation';
import { PublicationSlots } from './publication-slots';

/** Without an expectedVersion, a command that lost a race is re-read and re-decided this often. */
const RETRIES = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one command handler: read the stream, fold, decide, append at the revision read. Refusals
 * keep DESIGN §1's order; the expected version is compared last, so a CONFLICT means the command
 * was otherwise acceptable.
 */
@CommandHandler(ExecuteArticleCommand)
export class ArticleCommandHandler implements ICommandHandler<ExecuteArticleCommand, ArticleView> {
  private readonly decider: ArticleDecider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(GALLEY_CONFIG) config: GalleyConfig,
    private readonly articles: ArticleRepository,
    private readonly slots: PublicationSlots,
    private readonly readModels: ReadModels,
  ) {
    this.decider = articleDecider({ requiredApprovals: config.requiredApprovals });
  }

  async execute({ command, options }: ExecuteArticleCommand): Promise<ArticleView> {
    const { articleId } = command.data;
    // Article ids are UUIDs: anything else cannot name an article, so it is the input that is wrong.
    if (!UUID.test(articleId)) throw new BadInput('id: must be a UUID', [{ field: 'id', problems: ['must be a UUID'] }]);
    for (let attempt = 0; ; attempt++) {
      // A draft under an id derived from a command id made for it cannot exist yet: nothing to read.
      // Were it there after all, the append's 'no_stream' refuses, and the next attempt reads it.
      const current = options.newArticle && attempt === 0 ? this.articles.none() : await this.articles.load(articleId);
      // A retried command answers with the article as it is, without deciding again.
      if (await this.articles.hasApplied(articleId, current, options.commandId)) return current;

      this.check(command, current.state, options);
      const events = await this.decide(command, current, options);
      assertVersion(articleId, options.expectedVersion, current.version);
      if (events.length === 0) return current;

      try {
        const result = await this.store.appendToStream(articleStream(articleId), this.toEventData(events, command, options), {
          expectedRevision: current.version === 0 ? 'no_stream' : current.version - 1,
        });
        this.readModels.noteAppended(result.position);
        const answer = this.answer(current, events, command);
        this.articles.appended(articleId, current, answer, options.commandId);
        this.articles.maybeSnapshot(articleId, current, answer.state, answer.version);
        return answer;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        const actual = error.actual === 'no_stream' ? 0 : error.actual + 1;
        const { expectedVersion } = options;
        if ((expectedVersion !== undefined && expectedVersion !== null) || attempt >= RETRIES) {
          throw new VersionConflict(articleId, expectedVersion ?? null, actual);
        }
      }
    }
  }

  /** Existence, then role and separation of duties, then the input's shape. */
  private check(command: ArticleCommand, state: ArticleState, options: CommandOptions): void {
    if (command.type !== 'DraftArticle' && !state.exists) throw new NotFound('Article', command.data.articleId);
    authorize(command.type, command.metadata.actor, state);
    validateInput(options.input);
  }

  private async decide(command: ArticleCommand, current: LoadedArticle, options: CommandOptions): Promise<ArticleEvent[]> {
    try {
      return this.decider.decide(command, current.state);
    } catch (error) {
      if (error instanceof NewSlugRequired && command.type === 'IssueCorrection') {
        assertVersion(command.data.articleId, options.expectedVersion, current.version);
        const slug = await this.slots.reserveSlug(command.data.articleId, error.title);
        return this.decider.decide({ ...command, data: { ...command.data, slug } }, current.state);
      }
      if (!(error instanceof PublicationSlotRequired) || command.type !== 'PublishArticle') throw error;
      // A conflicting publication must not take an edition number it will never use.
      assertVersion(command.data.articleId, options.expectedVersion, current.version);
      const { actor } = command.metadata;
      const slot = await this.slots.reserve(command.data.articleId, current.state.title, { id: actor.id, name: actor.name });
      return this.decider.decide({ ...command, data: { ...command.data, slot } }, current.state);
    }
  }

  private toEventData(events: readonly ArticleEvent[], command: ArticleCommand, options: CommandOptions): EventData[] {
    const { actor, now } = command.metadata;
    return events.map((event, index) => ({
      id: eventIdFor(options.commandId, index),
      type: event.type,
      data: event.data,
      metadata: {
        actor: { id: actor.id, name: actor.name },
        commandId: options.commandId,
        correlationId: options.correlationId ?? options.commandId,
        causationId: options.causationId ?? options.commandId,
        requestId: options.requestId,
        schemaVersion: schemaVersionOf(event.type),
        timestamp: now.toISOString(),
      },
    }));
  }

  /** Read your own writes: the article folded from the events just appended. */
  private answer(current: LoadedArticle, events: readonly ArticleEvent[], command: ArticleCommand): ArticleView {
    const state = events.reduce(this.decider.evolve, current.state);
    const { actor } = command.metadata;
    const added = events.map((event, index) => ({
      version: current.version + index + 1,
      type: event.type,
      at: event.data.at,
      actor: { id: actor.id, name: actor.name },
      ...historyFacts(event),
    }));
    return { state, version: current.version + events.length, history: current.history && [...current.history, ...added] };
  }
}

function assertVersion(articleId: string, expectedVersion: number | null | undefined, version: number): void {
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== version) {
    throw new VersionConflict(articleId, expectedVersion, version);
  }
}
