import type { Stage } from '@galley/editorial';
import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ArticleModel, ClaimModel, PersonModel } from './article.model';
import { ClaimKindEnum, StageEnum } from './enums';

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
  @Field(() => PersonModel, { nullable: true, description: 'The fact-checker it is assigned to, directly or through its article' })
  assignee!: PersonModel | null;
}

@ObjectType('ClaimKindCount')
export class ClaimKindCountModel {
  @Field(() => ClaimKindEnum) kind!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('AssigneeCount')
export class AssigneeCountModel {
  @Field(() => PersonModel) assignee!: PersonModel;
  @Field(() => Int) count!: number;
}

@ObjectType('ClaimQueueCounts')
export class ClaimQueueCountsModel {
  @Field(() => Int) total!: number;
  @Field(() => [ClaimKindCountModel]) byKind!: ClaimKindCountModel[];
  @Field(() => [AssigneeCountModel]) byAssignee!: AssigneeCountModel[];
  @Field(() => Int) unassigned!: number;
}

@ObjectType('CheckerThroughput')
export class CheckerThroughputModel {
  @Field(() => PersonModel) checker!: PersonModel;
  @Field(() => Int) verdicts!: number;
}

@ObjectType('TimeToVerdict')
export class TimeToVerdictModel {
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) medianSeconds!: number | null;
  @Field(() => Float, { nullable: true }) p90Seconds!: number | null;
}

@ObjectType('TimeToVerdictByKind')
export class TimeToVerdictByKindModel extends TimeToVerdictModel {
  @Field(() => ClaimKindEnum) kind!: string;
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
  @Field(() => ClaimQueueCountsModel, { description: 'Waiting claims by kind and by assignee (for the same filter)' }) counts!: ClaimQueueCountsModel;
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
  @Field(() => [ArticleModel], { description: 'Published articles whose claims, or equivalent claims elsewhere, were disputed' })
  correctionSuggested!: ArticleModel[];
  @Field(() => [CheckerThroughputModel], { description: 'Verdicts per fact-checker, busiest first' }) claimThroughput!: CheckerThroughputModel[];
  @Field(() => TimeToVerdictModel, { description: 'From a claim’s discovery to its first verdict' }) timeToVerdict!: TimeToVerdictModel;
  @Field(() => [TimeToVerdictByKindModel]) timeToVerdictByKind!: TimeToVerdictByKindModel[];
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
