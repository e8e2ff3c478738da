import { UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import type { ArticleView } from '../../articles/article.view';
import { GraphqlErrorFilter } from '../graphql-error.filter';
import { ArticleModel } from '../models/article.model';
import { articleModel } from './article-queries.resolver';

export const ARTICLE_CHANGED = 'ARTICLE_CHANGED';

export interface ArticleChangedPayload {
  readonly articleId: string;
  /** The article as the read model has it, read when first asked for (null if it is gone). */
  readonly view: () => ArticleView | null;
}

interface MercuriusPubSub {
  subscribe(topic: string): Promise<AsyncIterable<unknown>>;
}

@Resolver(() => ArticleModel)
@UseFilters(GraphqlErrorFilter)
export class ArticleChangedResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Subscription(() => ArticleModel, {
    description: 'Every change to any article, or to one',
    filter: (payload: ArticleChangedPayload, variables: { id?: string | null }) =>
      (!variables.id || payload.articleId === variables.id) && payload.view() !== null,
    resolve(this: ArticleChangedResolver, payload: ArticleChangedPayload) {
      return articleModel(this.queryBus, payload.view()!);
    },
  })
  articleChanged(@Args('id', { type: () => ID, nullable: true }) _id: string | null, @Context('pubsub') pubsub: MercuriusPubSub) {
    return pubsub.subscribe(ARTICLE_CHANGED);
  }
}
