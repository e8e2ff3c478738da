import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CLAIM_STATUSES, CORRECTION_KINDS, LIMITS, VARIANT_KINDS, type ClaimStatus, type CorrectionKind, type VariantKind } from '@galley/editorial';
import { ClaimStatusEnum, CorrectionKindEnum, VariantKindEnum } from '../models/enums';

/** Fields every mutation input shares (DESIGN §6). */
@InputType({ isAbstract: true })
abstract class CommandInput {
  @Field(() => ID, { nullable: true, description: 'Idempotency key (a UUID): the same commandId is written once' })
  @IsOptional()
  @IsUUID()
  commandId?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version you acted on; another is a CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number | null;
}

@InputType({ isAbstract: true })
abstract class ArticleCommandInput extends CommandInput {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@InputType()
export class DraftArticleInput extends CommandInput {
  @Field() @IsString() @MaxLength(LIMITS.title) title!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.dek) dek?: string | null;
  @Field({ description: 'Markdown, up to 200 KB' }) @IsString() body!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.series) series?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Never sent to a hosted model' })
  @IsOptional()
  @IsBoolean()
  sensitive?: boolean | null;
}

@InputType()
export class ArticleActionInput extends ArticleCommandInput {}

@InputType()
export class ReviseArticleInput extends ArticleCommandInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.title) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.dek) dek?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() body?: string | null;
}

@InputType()
export class AddClaimInput extends ArticleCommandInput {
  @Field({ description: 'A span of the article’s title, dek or body' }) @IsString() @MaxLength(LIMITS.claimText) text!: string;
}

@InputType()
export class EvidenceInput {
  @Field() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }) url!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.evidenceTitle) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.evidenceQuote) quote?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @IsDate() retrievedAt?: Date | null;
}

@InputType()
export class RecordVerdictInput extends ArticleCommandInput {
  @Field(() => ID) @IsString() @MaxLength(64) claimId!: string;
  @Field(() => ClaimStatusEnum) @IsIn(CLAIM_STATUSES) status!: ClaimStatus;
  @Field(() => [EvidenceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.evidenceItems)
  @ValidateNested({ each: true })
  @Type(() => EvidenceInput)
  evidence?: EvidenceInput[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.note) note?: string | null;
}

@InputType()
export class EditSummaryInput extends ArticleCommandInput {
  @Field() @IsString() @MaxLength(LIMITS.summary) text!: string;
}

@InputType()
export class GenerateVariantInput extends ArticleCommandInput {
  @Field(() => VariantKindEnum) @IsIn(VARIANT_KINDS) kind!: VariantKind;
}

@InputType()
export class EditVariantInput extends ArticleCommandInput {
  @Field(() => VariantKindEnum) @IsIn(VARIANT_KINDS) kind!: VariantKind;
  @Field() @IsString() @MaxLength(LIMITS.variant) text!: string;
}

@InputType()
export class RequestChangesInput extends ArticleCommandInput {
  @Field() @IsString() @MaxLength(LIMITS.comment) comment!: string;
}

@InputType()
export class ApproveArticleInput extends ArticleCommandInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.comment) comment?: string | null;
}

@InputType()
export class PublishArticleInput extends ArticleCommandInput {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'A future instant schedules; none or a past one publishes now' })
  @IsOptional()
  @IsDate()
  at?: Date | null;
}

@InputType()
export class IssueCorrectionInput extends ArticleCommandInput {
  @Field(() => CorrectionKindEnum) @IsIn(CORRECTION_KINDS) kind!: CorrectionKind;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.title) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(LIMITS.dek) dek?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() body?: string | null;
  @Field(() => String, { nullable: true, description: 'The public note; required for a CORRECTION' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.note)
  note?: string | null;
}

@InputType({ isAbstract: true })
abstract class ReasonInput extends ArticleCommandInput {
  @Field() @IsString() @MaxLength(LIMITS.reason) reason!: string;
}

@InputType()
export class RetractArticleInput extends ReasonInput {}

@InputType()
export class DiscardArticleInput extends ReasonInput {}

@InputType()
export class SetDeadlineInput extends ArticleCommandInput {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'null clears the deadline' })
  @IsOptional()
  @IsDate()
  dueAt?: Date | null;
}

@InputType()
export class AssignFactCheckerInput extends ArticleCommandInput {
  @Field(() => ID, { nullable: true, description: 'One claim; without it, the whole article' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  claimId?: string | null;
  @Field(() => ID) @IsString() @MaxLength(200) assigneeId!: string;
  @Field() @IsString() @MaxLength(200) assigneeName!: string;
}
