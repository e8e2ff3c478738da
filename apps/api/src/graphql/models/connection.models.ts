import type { Stage } from '@galley/editorial';
import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ArticleModel, ClaimModel } from './article.model';
import { StageEnum } from './enums';

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('ArticleEdge')
export class ArticleEdgeModel {
  @Field() cursor!: string;
  @Field(() => ArticleModel) node!: ArticleModel;
}

@ObjectType('ArticleConnection')
export class ArticleConnectionModel {
  @Field(() => [ArticleEdgeModel]) edges!: ArticleEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('ClaimQueueItem')
export class ClaimQueueItemModel {
  @Field(() => ClaimModel) claim!: ClaimModel;
  @Field(() => ID) articleId!: string;
  @Field() articleTitle!: string;
  @Field(() => GraphQLISODateTime) waitingSince!: Date;
  @Field({ description: 'Found or changed after publication' }) postPublication!: boolean;
}

@ObjectType('ClaimQueueEdge')
export class ClaimQueueEdgeModel {
  @Field() cursor!: string;
  @Field(() => ClaimQueueItemModel) node!: ClaimQueueItemModel;
}

@ObjectType('ClaimQueueConnection')
export class ClaimQueueConnectionModel {
  @Field(() => [ClaimQueueEdgeModel]) edges!: ClaimQueueEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('StageCount')
export class StageCountModel {
  @Field(() => StageEnum) stage!: Stage;
  @Field(() => Int) count!: number;
}

@ObjectType('StageDuration')
export class StageDurationModel {
  @Field(() => StageEnum) stage!: Stage;
  @Field(() => Float, { nullable: true, description: 'Median seconds articles spend in the stage' }) medianSeconds!: number | null;
}

@ObjectType('Dashboard')
export class DashboardModel {
  @Field(() => [StageCountModel]) articlesPerStage!: StageCountModel[];
  @Field(() => [StageDurationModel]) medianTimeInStage!: StageDurationModel[];
  @Field(() => Int) pendingClaims!: number;
  @Field(() => [ArticleModel]) overdue!: ArticleModel[];
  @Field(() => [ArticleModel]) correctionSuggested!: ArticleModel[];
}

/** Relay page info from a read-model page. */
export function pageInfo(page: { items: { cursor: string }[]; hasNextPage: boolean; hasPreviousPage: boolean }): PageInfoModel {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.items[0]?.cursor ?? null,
    endCursor: page.items[page.items.length - 1]?.cursor ?? null,
  };
}
