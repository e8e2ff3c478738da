import type { ClaimStatus, CorrectionKind, Role, Stage, VariantKind } from '@galley/editorial';
import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ArticleView } from '../../articles/article.view';
import { ClaimKindEnum, ClaimStatusEnum, CorrectionKindEnum, ReviewVerdictEnum, RoleEnum, StageEnum, VariantKindEnum } from './enums';

@ObjectType({ description: 'Someone in the newsroom, or the service itself ("system")' })
export class PersonModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('Evidence')
export class EvidenceModel {
  @Field() url!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) quote!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) retrievedAt!: Date | null;
}

@ObjectType('HistoryEntry', { description: 'One event of an article’s stream' })
export class HistoryEntryModel {
  @Field(() => Int) version!: number;
  @Field() type!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => PersonModel, { nullable: true }) actor!: PersonModel | null;
  @Field(() => ClaimStatusEnum, { nullable: true, description: 'For verdicts: the status given' }) status!: ClaimStatus | null;
  @Field(() => String, { nullable: true, description: 'A note, reason or comment the event carries' }) note!: string | null;
}

@ObjectType('EquivalentClaim', { description: 'A claim with the same figure about the same subject in another article' })
export class EquivalentClaimModel {
  @Field(() => ID) articleId!: string;
  @Field() articleTitle!: string;
  @Field(() => StageEnum) articleStage!: Stage;
  @Field(() => ID) claimId!: string;
  @Field() text!: string;
  @Field(() => ClaimStatusEnum) status!: ClaimStatus;
  @Field(() => PersonModel, { nullable: true }) checkedBy!: PersonModel | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) checkedAt!: Date | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('Claim')
export class ClaimModel {
  @Field(() => ID) id!: string;
  @Field() text!: string;
  @Field(() => ClaimStatusEnum) status!: ClaimStatus;
  @Field(() => ClaimKindEnum) kind!: string;
  @Field(() => [ClaimKindEnum]) kinds!: string[];
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => String, { nullable: true }) unit!: string | null;
  @Field(() => Float) score!: number;
  @Field({ description: 'title, dek or body' }) field!: string;
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
  @Field({ description: 'The figure comes from an interested party (e.g. company-reported)' }) interestedParty!: boolean;
  @Field({ description: 'Found or changed after publication' }) postPublication!: boolean;
  @Field(() => String, { nullable: true, description: 'The claim this one replaced when its sentence was edited' })
  supersedes!: string | null;
  @Field(() => [EvidenceModel]) evidence!: EvidenceModel[];
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => PersonModel, { nullable: true }) checkedBy!: PersonModel | null;
  @Field(() => PersonModel, { nullable: true, description: 'The fact-checker this claim is assigned to (else the article’s)' }) assignee!: PersonModel | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) checkedAt!: Date | null;
  @Field(() => [HistoryEntryModel]) history!: HistoryEntryModel[];

  /** The article the claim belongs to, for field resolvers. */
  articleId!: string;
}

@ObjectType('SummaryEdit', { description: 'A human edit of a summary or a variant' })
export class SummaryEditModel {
  @Field(() => PersonModel) by!: PersonModel;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field({
    description: 'What the edit changed, word by word: [-removed-]{+added+} among a few unchanged words ("…" marks a cut); empty when nothing changed',
  })
  diff!: string;
}

/** What a summary and a "read it as…" variant share: the text, its provenance and its review state. */
@ObjectType({ isAbstract: true })
abstract class GeneratedTextModel {
  @Field() text!: string;
  @Field({ description: 'Made from an earlier body: blocks review and publication' }) stale!: boolean;
  @Field({ description: 'The line shown to readers, rendered from the provenance' }) disclosure!: string;
  @Field() provider!: string;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => String, { nullable: true }) promptTemplateId!: string | null;
  @Field(() => String, { nullable: true }) promptHash!: string | null;
  @Field(() => String, { nullable: true, description: 'The provider that failed when the extractive one stood in' })
  fallbackFrom!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) generatedAt!: Date | null;
  @Field(() => [String], { description: 'Figures the text states that the article does not contain: they block review' })
  unsupportedFigures!: string[];
  @Field(() => String, { nullable: true, description: 'IPTC digital source type' }) sourceType!: string | null;
  @Field(() => PersonModel, { nullable: true, description: 'The last person who edited it' }) editedBy!: PersonModel | null;
  @Field(() => [SummaryEditModel], { description: 'Every human edit, oldest first' }) edits!: SummaryEditModel[];
}

@ObjectType('Summary')
export class SummaryModel extends GeneratedTextModel {}

@ObjectType('Variant', { description: '"Read it as…": the article rewritten in one register, under the TL;DR\'s rules' })
export class VariantModel extends GeneratedTextModel {
  @Field(() => VariantKindEnum) kind!: VariantKind;
}

@ObjectType('UnsupportedVariant', { description: 'A kind the summarizer declined to write, rather than fake' })
export class UnsupportedVariantModel {
  @Field(() => VariantKindEnum) kind!: VariantKind;
  @Field() provider!: string;
  @Field() reason!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
}

@ObjectType('Review')
export class ReviewModel {
  @Field(() => PersonModel) by!: PersonModel;
  @Field(() => ReviewVerdictEnum) verdict!: string;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => GraphQLISODateTime) at!: Date;
}

@ObjectType('Correction')
export class CorrectionModel {
  @Field(() => CorrectionKindEnum) kind!: CorrectionKind;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => GraphQLISODateTime) at!: Date;
}

@ObjectType('Article')
export class ArticleModel {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'Events in the stream; pass it back as expectedVersion' }) version!: number;
  @Field(() => StageEnum) stage!: Stage;
  @Field() title!: string;
  @Field() dek!: string;
  @Field({ description: 'Markdown' }) body!: string;
  @Field(() => String, { nullable: true }) slug!: string | null;
  @Field(() => PersonModel) author!: PersonModel;
  @Field(() => String, { nullable: true }) series!: string | null;
  @Field() sensitive!: boolean;
  @Field({ description: 'BCP 47 language of the text' }) language!: string;
  @Field(() => PersonModel, { nullable: true, description: 'The fact-checker the article’s claims are assigned to' }) factChecker!: PersonModel | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) dueAt!: Date | null;
  @Field(() => [ClaimModel]) claims!: ClaimModel[];
  @Field(() => SummaryModel, { nullable: true }) summary!: SummaryModel | null;
  @Field(() => [VariantModel], { description: '"Read it as…" variants that exist, in VariantKind order' }) variants!: VariantModel[];
  @Field(() => [VariantKindEnum], { description: 'Kinds requested and not answered yet' }) pendingVariants!: VariantKind[];
  @Field(() => [UnsupportedVariantModel], { description: 'Kinds whose last request the summarizer declined' })
  unsupportedVariants!: UnsupportedVariantModel[];
  @Field(() => [ReviewModel]) reviews!: ReviewModel[];
  @Field(() => Int, { nullable: true }) edition!: number | null;
  @Field(() => Int, { nullable: true }) readingTimeMinutes!: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) scheduledFor!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) publishedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) updatedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) stageEnteredAt!: Date | null;
  @Field(() => [CorrectionModel]) corrections!: CorrectionModel[];
  @Field() correctionSuggested!: boolean;
  @Field(() => String, { nullable: true }) retractionReason!: string | null;
  @Field(() => String, { nullable: true }) discardReason!: string | null;
  @Field(() => [HistoryEntryModel], { description: 'Every event of the article, in order' }) history!: HistoryEntryModel[];

  /** The view it was made from, for field resolvers (history, neighbours, ClaimReview). */
  view!: ArticleView;
}

@ObjectType('Me')
export class MeModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [RoleEnum]) roles!: Role[];
}
