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

@ObjectType('PublishedArticle', { description: 'What the public may read: published articles only' })
export class PublishedArticleModel {
  @Field() slug!: string;
  @Field() title!: string;
  @Field() dek!: string;
  @Field({ description: 'Markdown' }) body!: string;
  @Field(() => PublicAuthorModel) author!: PublicAuthorModel;
  @Field(() => String, { nullable: true }) series!: string | null;
  @Field(() => Int) edition!: number;
  @Field(() => Int) readingTimeMinutes!: number;
  @Field(() => GraphQLISODateTime) publishedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'dateModified: the last public correction' }) updatedAt!: Date | null;
  @Field(() => TldrModel, { nullable: true }) tldr!: TldrModel | null;
  @Field(() => [PublicVariantModel], { description: 'Variants that match the published text and state no figure it lacks' })
  readItAs!: PublicVariantModel[];
  @Field(() => [CorrectionModel]) corrections!: CorrectionModel[];
  @Field(() => JSONScalar) claimReviews!: unknown;
}
