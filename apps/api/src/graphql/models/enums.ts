import { CLAIM_STATUSES, CORRECTION_KINDS, ROLES, STAGES, VARIANT_KINDS } from '@galley/editorial';
import { registerEnumType } from '@nestjs/graphql';

function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const StageEnum = enumOf(STAGES);
export const ClaimStatusEnum = enumOf(CLAIM_STATUSES);
export const CorrectionKindEnum = enumOf(CORRECTION_KINDS);
export const RoleEnum = enumOf(ROLES);
export const ReviewVerdictEnum = enumOf(['APPROVED', 'CHANGES_REQUESTED'] as const);
export const VariantKindEnum = enumOf(VARIANT_KINDS);
export const ClaimKindEnum = enumOf(['FIGURE', 'MONEY', 'PERCENTAGE', 'DATE', 'RANKING', 'QUANTITY', 'ATTRIBUTION', 'QUOTE'] as const);

registerEnumType(StageEnum, { name: 'Stage', description: 'Where an article is in its life' });
registerEnumType(ClaimStatusEnum, { name: 'ClaimStatus', description: 'A fact-checker’s verdict on a claim' });
registerEnumType(CorrectionKindEnum, { name: 'CorrectionKind' });
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(ReviewVerdictEnum, { name: 'ReviewVerdict' });
registerEnumType(ClaimKindEnum, { name: 'ClaimKind' });
registerEnumType(VariantKindEnum, { name: 'VariantKind', description: '"Read it as…": the registers an article may be rewritten in' });
