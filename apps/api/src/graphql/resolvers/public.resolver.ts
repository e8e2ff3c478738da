import { disclosureLine, variantFresh, type ArticleState } from '@galley/editorial';
import { Inject, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { GetPublishedArticle, type PublishedRecord } from '../../articles/queries/article.queries';
import { Public } from '../../auth/auth.decorators';
import { GALLEY_CONFIG, type GalleyConfig } from '../../config/galley.config';
import { claimReviews, localDateTime, type Publication } from '../claim-review';
import { GraphqlErrorFilter } from '../graphql-error.filter';
import { PublicationModel, PublishedArticleModel } from '../models/public-article.model';
import { newsArticleJsonLd } from '../news-article.json-ld';

/** The public side: published articles only, with nothing of the newsroom's working record. */
@Resolver(() => PublishedArticleModel)
@UseFilters(GraphqlErrorFilter)
export class PublicResolver {
  private readonly about: Publication;

  constructor(
    private readonly queryBus: QueryBus,
    @Inject(GALLEY_CONFIG) config: GalleyConfig,
  ) {
    this.about = { name: config.publicationName, url: config.publicUrl, timeZone: config.timezone };
  }

  @Public()
  @Query(() => PublishedArticleModel, {
    nullable: true,
    description: 'A published article, or the notice of a retracted one, readable without a token; null for anything never published',
  })
  async publishedArticle(@Args('slug') slug: string): Promise<PublishedArticleModel | null> {
    const record = await this.queryBus.execute<GetPublishedArticle, PublishedRecord | null>(new GetPublishedArticle(slug));
    const article = record ? publicArticle(record.state, this.about) : null;
    return article && record ? { ...article, movedFrom: record.movedFrom } : null;
  }

  @Public()
  @Query(() => PublicationModel, { description: 'The publication: its name, its address and the time zone its readers see times in' })
  publication(): PublicationModel {
    return { name: this.about.name, url: this.about.url, timeZone: this.about.timeZone ?? 'UTC' };
  }
}

/** What readers may see of an article: all of it while it stands, its record and the reason once retracted. */
function publicArticle(state: ArticleState, publication: Publication): Omit<PublishedArticleModel, 'movedFrom'> | null {
  const jsonLd = newsArticleJsonLd(state, publication);
  // The read model filters already; this guard keeps the rule where the public answer is made.
  if (jsonLd === null || state.edition === null || state.publishedAt === null || state.slug === null) return null;
  const corrections = state.corrections.map((c) => ({ ...c, at: new Date(c.at) }));
  const record = {
    slug: state.slug,
    title: state.title,
    author: { name: state.author?.name ?? '' },
    series: state.series,
    edition: state.edition,
    readingTimeMinutes: state.readingTimeMinutes ?? 1,
    publishedAt: new Date(state.publishedAt),
    publishedAtLocal: localDateTime(state.publishedAt, publication.timeZone),
    corrections,
    jsonLd,
  };
  const lastCorrection = corrections.at(-1)?.at ?? null;
  if (state.stage === 'RETRACTED' && state.retraction) {
    const retractedAt = new Date(state.retraction.at);
    // The withdrawn text, its summaries and its claims are not republished with the notice.
    return { ...record, dek: '', body: '', tldr: null, readItAs: [], claimReviews: [], updatedAt: retractedAt, retraction: { reason: state.retraction.reason, at: retractedAt } };
  }
  if (state.stage !== 'PUBLISHED') return null;
  return {
    ...record,
    dek: state.dek,
    body: state.body,
    updatedAt: lastCorrection,
    tldr: state.summary ? { text: state.summary.text, disclosure: disclosureLine(state.summary) } : null,
    // A variant is optional: one a correction left behind, or one the guard flagged, is simply not offered.
    readItAs: (state.variants ?? [])
      .filter((variant) => variantFresh(state, variant) && variant.unsupportedFigures.length === 0)
      .map((variant) => ({ kind: variant.kind, text: variant.text, disclosure: disclosureLine(variant) })),
    claimReviews: claimReviews(state, publication),
    retraction: null,
  };
}
