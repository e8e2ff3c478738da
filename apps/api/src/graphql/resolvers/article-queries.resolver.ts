import type { Actor, ClaimKind, Stage } from '@galley/editorial';
import { isListing, type ArticleListing, type HistoryRow, type Page } from '@galley/read-models';
import { Inject, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, GraphQLISODateTime, ID, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  GetArticle,
  GetArticleHistory,
  GetClaimQueue,
  GetDashboard,
  GetNeighbours,
  ListArticles,
  type ClaimQueuePage,
  type DeskDashboard,
} from '../../articles/queries/article.queries';
import type { ArticleView } from '../../articles/article.view';
import { CurrentActor } from '../../auth/auth.decorators';
import { GALLEY_CONFIG, type GalleyConfig } from '../../config/galley.config';
import { articleReadFor, memo, toArticleModel, toClaimModel, toListingModel, type HistoryLoader } from '../article.mapper';
import { claimReviews } from '../claim-review';
import { GraphqlErrorFilter } from '../graphql-error.filter';
import { ArticleModel, MeModel } from '../models/article.model';
import { ArticleConnectionModel, ClaimQueueConnectionModel, DashboardModel, pageInfo } from '../models/connection.models';
import { ClaimKindEnum, StageEnum } from '../models/enums';
import { JSONScalar } from '../models/json.scalar';
import { selectedFields } from '../selected-fields';

@Resolver(() => ArticleModel)
@UseFilters(GraphqlErrorFilter)
export class ArticleQueriesResolver {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(GALLEY_CONFIG) private readonly config: GalleyConfig,
  ) {}

  @Query(() => ArticleModel, { nullable: true, description: 'The article now, or as it stood at an instant or after a version' })
  async article(
    @Args('id', { type: () => ID }) id: string,
    @Args('asOf', { type: () => GraphQLISODateTime, nullable: true }) asOf: Date | null,
    @Args('version', { type: () => Int, nullable: true }) version: number | null,
  ): Promise<ArticleModel | null> {
    const view = await this.queryBus.execute<GetArticle, ArticleView | null>(new GetArticle(id, asOf ?? null, version ?? null));
    return view ? this.model(view) : null;
  }

  @Query(() => ArticleConnectionModel)
  async articles(
    @Args('stage', { type: () => StageEnum, nullable: true }) stage: Stage | null,
    @Args('authorId', { type: () => ID, nullable: true }) authorId: string | null,
    @Args('series', { type: () => String, nullable: true }) series: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ArticleConnectionModel> {
    // A board shows titles and stages: twenty folded states (and bodies) read for it were most of the request's garbage.
    const read = articleReadFor(selectedFields(info, 'edges', 'node'));
    const page = await this.queryBus.execute<ListArticles, Page<ArticleView | ArticleListing>>(
      new ListArticles({ stage, authorId, series, search }, first, after ?? null, read),
    );
    return {
      edges: page.items.map((item) => ({ cursor: item.cursor, node: this.model(item.node) })),
      pageInfo: pageInfo(page),
      totalCount: page.totalCount,
    };
  }

  @Query(() => ClaimQueueConnectionModel, { description: 'Claims waiting for a verdict, oldest first' })
  async claimQueue(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('assigneeId', { type: () => ID, nullable: true }) assigneeId: string | null,
    @Args('unassigned', { type: () => Boolean, nullable: true }) unassigned: boolean | null,
    @Args('kind', { type: () => ClaimKindEnum, nullable: true }) kind: ClaimKind | null,
    @Args('articleId', { type: () => ID, nullable: true }) articleId: string | null,
  ): Promise<ClaimQueueConnectionModel> {
    const filter = { assigneeId, unassigned, kind, articleId };
    const page = await this.queryBus.execute<GetClaimQueue, ClaimQueuePage>(new GetClaimQueue(filter, first, after ?? null));
    return {
      edges: page.items.map(({ cursor, node }) => ({
        cursor,
        node: {
          ...node,
          claim: toClaimModel(node.claim, historyLoader(this.queryBus, node.articleId), node.articleId),
          waitingSince: new Date(node.waitingSince),
        },
      })),
      pageInfo: pageInfo(page),
      totalCount: page.totalCount,
      counts: page.counts,
    };
  }

  @Query(() => DashboardModel)
  async dashboard(@Info() info: GraphQLResolveInfo): Promise<DashboardModel> {
    const read = articleReadFor(new Set([...selectedFields(info, 'overdue'), ...selectedFields(info, 'correctionSuggested')]));
    const dashboard = await this.queryBus.execute<GetDashboard, DeskDashboard>(new GetDashboard(read));
    return {
      articlesPerStage: dashboard.perStage,
      medianTimeInStage: dashboard.medianTimeInStage.map(({ stage, seconds }) => ({ stage, medianSeconds: seconds })),
      pendingClaims: dashboard.pendingClaims,
      overdue: dashboard.overdue.map((v) => this.model(v)),
      correctionSuggested: dashboard.correctionSuggested.map((v) => this.model(v)),
      // Read only when selected: they go through every verdict.
      get claimThroughput() {
        return dashboard.throughput.perChecker.map(({ checker, verdicts }) => ({ checker, verdicts }));
      },
      get timeToVerdict() {
        return dashboard.timeToVerdict.overall;
      },
      get timeToVerdictByKind() {
        return dashboard.timeToVerdict.perKind;
      },
    };
  }

  @Query(() => MeModel)
  me(@CurrentActor() actor: Actor): MeModel {
    return { id: actor.id, name: actor.name, roles: [...actor.roles] };
  }

  @ResolveField(() => ArticleModel, { nullable: true })
  async previousArticle(@Parent() article: ArticleModel): Promise<ArticleModel | null> {
    const { previous } = await this.queryBus.execute(new GetNeighbours(article.id));
    return previous ? this.model(previous) : null;
  }

  @ResolveField(() => ArticleModel, { nullable: true })
  async nextArticle(@Parent() article: ArticleModel): Promise<ArticleModel | null> {
    const { next } = await this.queryBus.execute(new GetNeighbours(article.id));
    return next ? this.model(next) : null;
  }

  @ResolveField(() => JSONScalar, { description: 'schema.org ClaimReview JSON-LD of the checked claims (published articles)' })
  claimReviews(@Parent() article: ArticleModel): object[] {
    return claimReviews(article.view.state, { name: this.config.publicationName, url: this.config.publicUrl });
  }

  private model(view: ArticleView | ArticleListing): ArticleModel {
    return articleModel(this.queryBus, view);
  }
}

/** An article model whose history, when asked for, comes from the read model. */
export function articleModel(queryBus: QueryBus, view: ArticleView | ArticleListing): ArticleModel {
  if (isListing(view)) return toListingModel(view, historyLoader(queryBus, view.id));
  return toArticleModel(view, historyLoader(queryBus, view.state.id));
}

function historyLoader(queryBus: QueryBus, articleId: string): HistoryLoader {
  return memo(() => queryBus.execute<GetArticleHistory, HistoryRow[]>(new GetArticleHistory(articleId)));
}
