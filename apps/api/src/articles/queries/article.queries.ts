
import type { ArticleFilter, ClaimQueueItem, Dashboard, HistoryRow, Page } from '@galley/read-models';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../infrastructure/clock';
import { ReadModels } from '../../infrastructure/read-models.service';
import { ArticleRepository } from '../article.repository';
import type { ArticleView } from '../article.view';

/** The current article from the read model, or — with asOf or version — folded from the store. */
export class GetArticle {
  constructor(
    readonly id: string,
    readonly asOf: Date | null = null,
    readonly version: number | null = null,
  ) {}
}

export class ListArticles {
  constructor(
    readonly filter: ArticleFilter,
    readonly first: number,
    readonly after: string | null,
  ) {}
}

export class GetClaimQueue {
  constructor(
    readonly first: number,
    readonly after: string | null,
  ) {}
}

export class GetDashboard {}

export class GetArticleHistory {
  constructor(readonly id: string) {}
}

export class GetPublishedArticle {
  constructor(readonly slug: string) {}
}

export class GetNeighbours {
  constructor(readonly id: string) {}
}

@QueryHandler(GetArticle)
export class GetArticleHandler implements IQueryHandler<GetArticle, ArticleView | null> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly articles: ArticleRepository,
  ) {}

  async execute({ id, asOf, version }: GetArticle): Promise<ArticleView | null> {
    if (asOf !== null || version !== null) {
      const view = await this.articles.loadAsOf(id, { asOf, version });
      return view.state.exists ? view : null;
    }
    await this.readModels.settle();
    return this.readModels.articles.get(id);
  }
}

@QueryHandler(ListArticles)
export class ListArticlesHandler implements IQueryHandler<ListArticles, Page<ArticleView>> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ filter, first, after }: ListArticles): Promise<Page<ArticleView>> {
    await this.readModels.settle();
    return this.readModels.articles.list(filter, first, after);
  }
}

@QueryHandler(GetClaimQueue)
export class GetClaimQueueHandler implements IQueryHandler<GetClaimQueue, Page<ClaimQueueItem>> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ first, after }: GetClaimQueue): Promise<Page<ClaimQueueItem>> {
    await this.readModels.settle();
    return this.readModels.articles.claimQueue(first, after);
  }
}

@QueryHandler(GetDashboard)
export class GetDashboardHandler implements IQueryHandler<GetDashboard, Dashboard> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<Dashboard> {
    await this.readModels.settle();
    return this.readModels.articles.dashboard(this.clock.now());
  }
}

@QueryHandler(GetArticleHistory)
export class GetArticleHistoryHandler implements IQueryHandler<GetArticleHistory, HistoryRow[]> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ id }: GetArticleHistory): Promise<HistoryRow[]> {
    await this.readModels.settle();
    return this.readModels.articles.history(id);
  }
}

@QueryHandler(GetPublishedArticle)
export class GetPublishedArticleHandler implements IQueryHandler<GetPublishedArticle, ArticleView | null> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ slug }: GetPublishedArticle): Promise<ArticleView | null> {
    await this.readModels.settle();
    return this.readModels.articles.getPublishedBySlug(slug);
  }
}

@QueryHandler(GetNeighbours)
export class GetNeighboursHandler implements IQueryHandler<GetNeighbours, { previous: ArticleView | null; next: ArticleView | null }> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ id }: GetNeighbours) {
    return this.readModels.articles.neighbours(id);
  }
}

export const QUERY_HANDLERS = [
  GetArticleHandler,
  ListArticlesHandler,
  GetClaimQueueHandler,
  GetDashboardHandler,
  GetArticleHistoryHandler,
  GetPublishedArticleHandler,
  GetNeighboursHandler,
];

