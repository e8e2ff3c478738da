import { disclosureLine, variantFresh } from '@galley/editorial';
import { Inject, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { ArticleView } from '../../articles/article.view';
import { GetPublishedArticle } from '../../articles/queries/article.queries';
import { Public } from '../../auth/auth.decorators';
import { GALLEY_CONFIG, type GalleyConfig } from '../../config/galley.config';
import { claimReviews } from '../claim-review';
import { GraphqlErrorFilter } from '../graphql-error.filter';
import { PublishedArticleModel } from '../models/public-article.model';

/** The public side: published articles only, with nothing of the newsroom's working record. */
@Resolver(() => PublishedArticleModel)
@UseFilters(GraphqlErrorFilter)
export class PublicResolver {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(GALLEY_CONFIG) private readonly config: GalleyConfig,
  ) {}

  @Public()
  @Query(() => PublishedArticleModel, { nullable: true, description: 'A published article, readable without a token' })
  async publishedArticle(@Args('slug') slug: string): Promise<PublishedArticleModel | null> {
    const view = await this.queryBus.execute<GetPublishedArticle, ArticleView | null>(new GetPublishedArticle(slug));
    if (!view || view.state.stage !== 'PUBLISHED' || view.state.edition === null || view.state.publishedAt === null) return null;
    const { state } = view;
    const lastCorrection = state.corrections[state.corrections.length - 1];
    return {
      slug: state.slug ?? slug,
      title: state.title,
      dek: state.dek,
      body: state.body,
      author: { name: state.author?.name ?? '' },
      series: state.series,
      edition: state.edition!,
      readingTimeMinutes: state.readingTimeMinutes ?? 1,
      publishedAt: new Date(state.publishedAt!),
      updatedAt: lastCorrection ? new Date(lastCorrection.at) : null,
      tldr: state.summary ? { text: state.summary.text, disclosure: disclosureLine(state.summary) } : null,
      // A variant is optional: one a correction left behind, or one the guard flagged, is simply not offered.
      readItAs: (state.variants ?? [])
        .filter((variant) => variantFresh(state, variant) && variant.unsupportedFigures.length === 0)
        .map((variant) => ({ kind: variant.kind, text: variant.text, disclosure: disclosureLine(variant) })),
      corrections: state.corrections.map((c) => ({ ...c, at: new Date(c.at) })),
      claimReviews: claimReviews(state, { name: this.config.publicationName, url: this.config.publicUrl }),
    };
  }
}
