import type { VariantKind } from '@galley/editorial';
import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { CorrectionModel } from './article.model';
import { VariantKindEnum } from './enums';
import { JSONScalar } from './json.scalar';

@ObjectType('PublicAuthor')
export class PublicAuthorModel {
  @Field() name!: string;
}

@ObjectType('Tldr', { description: 'The summary as readers see it, with its disclosure line' })
export class TldrModel {
  @Field() text!: string;
  @Field() disclosure!: string;
}

@ObjectType('PublicVariant', { description: '"Read it as…": a variant as readers see it, with its disclosure line' })
export class PublicVariantModel {
  @Field(() => VariantKindEnum) kind!: VariantKind;
  @Field() text!: string;
  @Field() disclosure!: string;
}

@ObjectType('Retraction', { description: 'Why a published article was withdrawn, and when' })
export class RetractionModel {
  @Field() reason!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
}

@ObjectType('PublishedArticle', {
  description: 'What the public may read: published articles, and the record of retracted ones (their text withheld, the reason given)',
})
export class PublishedArticleModel {
  @Field({ description: 'The slug the article answers to now: link to this one' }) slug!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The slug asked for, when a correction of the headline has since renamed the article: redirect to `slug`',
  })
  movedFrom!: string | null;
  @Field() title!: string;
  @Field({ description: 'Empty when retracted' }) dek!: string;
  @Field({ description: 'Markdown; empty when retracted' }) body!: string;
  @Field(() => PublicAuthorModel) author!: PublicAuthorModel;
  @Field(() => String, { nullable: true }) series!: string | null;
  @Field(() => Int) edition!: number;
  @Field(() => Int) readingTimeMinutes!: number;
  @Field(() => GraphQLISODateTime) publishedAt!: Date;
  @Field({ description: "publishedAt in the publication's time zone, ISO 8601 with its offset" }) publishedAtLocal!: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'dateModified: the last public correction, or the retraction' })
  updatedAt!: Date | null;
  @Field(() => TldrModel, { nullable: true }) tldr!: TldrModel | null;
  @Field(() => [PublicVariantModel], { description: 'Variants that match the published text and state no figure it lacks' })
  readItAs!: PublicVariantModel[];
  @Field(() => [CorrectionModel]) corrections!: CorrectionModel[];
  @Field(() => JSONScalar, { description: 'schema.org ClaimReview documents; none when retracted' }) claimReviews!: unknown;
  @Field(() => RetractionModel, { nullable: true, description: 'Null while the article stands' }) retraction!: RetractionModel | null;
  @Field(() => JSONScalar, { description: 'The schema.org NewsArticle document for the article page' }) jsonLd!: unknown;
}

@ObjectType('Publication', { description: 'The publication Galley serves: times in the API are UTC instants, shown to readers in timeZone' })
export class PublicationModel {
  @Field() name!: string;
  @Field({ description: 'Where its articles are read: article pages are {url}/articles/{slug}' }) url!: string;
  @Field({ description: 'An IANA time zone ("Europe/London")' }) timeZone!: string;
}
