import type { Actor, ArticleCommand } from '@galley/editorial';
import { Inject, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import { ExecuteArticleCommand } from '../../articles/commands/article-command.message';
import type { ArticleView } from '../../articles/article.view';
import { CurrentActor } from '../../auth/auth.decorators';
import type { GalleyContext } from '../../auth/galley-context';
import { CLOCK, type Clock } from '../../infrastructure/clock';
import { articleIdFor } from '../../infrastructure/ids';
import { GraphqlErrorFilter } from '../graphql-error.filter';
import {
  AddClaimInput,
  ApproveArticleInput,
  AssignFactCheckerInput,
  ArticleActionInput,
  DiscardArticleInput,
  DraftArticleInput,
  EditSummaryInput,
  EditVariantInput,
  GenerateVariantInput,
  IssueCorrectionInput,
  PublishArticleInput,
  RecordVerdictInput,
  RequestChangesInput,
  RetractArticleInput,
  ReviseArticleInput,
  SetDeadlineInput,
} from '../inputs/article.inputs';
import { ArticleModel } from '../models/article.model';
import { articleModel } from './article-queries.resolver';

type CommandOf<T extends ArticleCommand['type']> = Extract<ArticleCommand, { type: T }>;
type DataOf<T extends ArticleCommand['type']> = Omit<CommandOf<T>['data'], 'articleId'>;

/** Each mutation maps its input to a domain command and sends it through the CommandBus. */
@Resolver(() => ArticleModel)
@UseFilters(GraphqlErrorFilter)
export class ArticleMutationsResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => ArticleModel, { description: 'Start an article; the caller becomes its author' })
  draftArticle(@Args('input') input: DraftArticleInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    const { title, dek, body, series, sensitive } = input;
    return this.send(DraftArticleInput, input, actor, ctx, 'DraftArticle', { title, dek, body, series, sensitive });
  }

  @Mutation(() => ArticleModel)
  reviseArticle(@Args('input') input: ReviseArticleInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    const { title, dek, body } = input;
    return this.send(ReviseArticleInput, input, actor, ctx, 'ReviseArticle', { title, dek, body });
  }

  @Mutation(() => ArticleModel, { description: 'Extract claims and start fact-checking' })
  submitForFactCheck(@Args('input') input: ArticleActionInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(ArticleActionInput, input, actor, ctx, 'SubmitForFactCheck', {});
  }

  @Mutation(() => ArticleModel, { description: 'A claim the extractor missed: a span of the text' })
  addClaim(@Args('input') input: AddClaimInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(AddClaimInput, input, actor, ctx, 'AddClaim', { text: input.text });
  }

  @Mutation(() => ArticleModel)
  recordVerdict(@Args('input') input: RecordVerdictInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    const evidence = (input.evidence ?? []).map((e) => ({
      url: e.url,
      title: e.title ?? null,
      quote: e.quote ?? null,
      retrievedAt: e.retrievedAt ? e.retrievedAt.toISOString() : null,
    }));
    return this.send(RecordVerdictInput, input, actor, ctx, 'RecordVerdict', {
      claimId: input.claimId,
      status: input.status,
      evidence,
      note: input.note,
    });
  }

  @Mutation(() => ArticleModel, { description: 'Request a summary; it arrives moments later as its own event' })
  generateSummary(@Args('input') input: ArticleActionInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(ArticleActionInput, input, actor, ctx, 'GenerateSummary', {});
  }

  @Mutation(() => ArticleModel)
  editSummary(@Args('input') input: EditSummaryInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(EditSummaryInput, input, actor, ctx, 'EditSummary', { text: input.text });
  }

  @Mutation(() => ArticleModel, { description: 'Request a "read it as…" variant; it arrives moments later, or is reported unsupported' })
  generateVariant(@Args('input') input: GenerateVariantInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(GenerateVariantInput, input, actor, ctx, 'GenerateVariant', { kind: input.kind });
  }

  @Mutation(() => ArticleModel)
  editVariant(@Args('input') input: EditVariantInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(EditVariantInput, input, actor, ctx, 'EditVariant', { kind: input.kind, text: input.text });
  }

  @Mutation(() => ArticleModel)
  submitForReview(@Args('input') input: ArticleActionInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(ArticleActionInput, input, actor, ctx, 'SubmitForReview', {});
  }

  @Mutation(() => ArticleModel)
  requestChanges(@Args('input') input: RequestChangesInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(RequestChangesInput, input, actor, ctx, 'RequestChanges', { comment: input.comment });
  }

  @Mutation(() => ArticleModel)
  approveArticle(@Args('input') input: ApproveArticleInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(ApproveArticleInput, input, actor, ctx, 'ApproveArticle', { comment: input.comment });
  }

  @Mutation(() => ArticleModel, { description: 'Publish now, or schedule with a future `at`' })
  publishArticle(@Args('input') input: PublishArticleInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(PublishArticleInput, input, actor, ctx, 'PublishArticle', { at: input.at ?? null });
  }

  @Mutation(() => ArticleModel)
  cancelSchedule(@Args('input') input: ArticleActionInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(ArticleActionInput, input, actor, ctx, 'CancelSchedule', {});
  }

  @Mutation(() => ArticleModel)
  issueCorrection(@Args('input') input: IssueCorrectionInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    const { kind, title, dek, body, note } = input;
    return this.send(IssueCorrectionInput, input, actor, ctx, 'IssueCorrection', { kind, title, dek, body, note });
  }

  @Mutation(() => ArticleModel)
  retractArticle(@Args('input') input: RetractArticleInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(RetractArticleInput, input, actor, ctx, 'RetractArticle', { reason: input.reason });
  }

  @Mutation(() => ArticleModel)
  discardArticle(@Args('input') input: DiscardArticleInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(DiscardArticleInput, input, actor, ctx, 'DiscardArticle', { reason: input.reason });
  }

  @Mutation(() => ArticleModel, { description: 'Assign the article’s claims, or one claim, to a fact-checker' })
  assignFactChecker(@Args('input') input: AssignFactCheckerInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(AssignFactCheckerInput, input, actor, ctx, 'AssignFactChecker', {
      claimId: input.claimId,
      assignee: { id: input.assigneeId, name: input.assigneeName },
    });
  }

  @Mutation(() => ArticleModel)
  setDeadline(@Args('input') input: SetDeadlineInput, @CurrentActor() actor: Actor, @Context() ctx: GalleyContext) {
    return this.send(SetDeadlineInput, input, actor, ctx, 'SetDeadline', { dueAt: input.dueAt ?? null });
  }

  private async send<T extends ArticleCommand['type'], I extends { commandId?: string | null; expectedVersion?: number | null; id?: string }>(
    inputClass: ClassConstructor<I>,
    input: I,
    actor: Actor,
    ctx: GalleyContext,
    type: T,
    data: DataOf<T>,
  ): Promise<ArticleModel> {
    const commandId = input.commandId ?? randomUUID();
    const articleId = type === 'DraftArticle' ? articleIdFor(commandId) : (input.id ?? '');
    const command = { type, data: { ...data, articleId }, metadata: { actor, now: this.clock.now() } } as unknown as ArticleCommand;
    const view = await this.commandBus.execute<ExecuteArticleCommand, ArticleView>(
      new ExecuteArticleCommand(command, {
        commandId,
        expectedVersion: input.expectedVersion,
        input: plainToInstance(inputClass, input),
        requestId: ctx.requestId,
        newArticle: type === 'DraftArticle' && !input.commandId,
      }),
    );
    return articleModel(this.queryBus, view);
  }
}
