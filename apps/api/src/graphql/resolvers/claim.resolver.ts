import type { EquivalentClaim } from '@galley/read-models';
import { UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GetEquivalentClaims } from '../../articles/queries/article.queries';
import { GraphqlErrorFilter } from '../graphql-error.filter';
import { ClaimModel, EquivalentClaimModel } from '../models/article.model';

@Resolver(() => ClaimModel)
@UseFilters(GraphqlErrorFilter)
export class ClaimResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @ResolveField(() => [EquivalentClaimModel], {
    description: 'The same figure about the same subject in other articles, with the verdicts already given (the claim registry)',
  })
  async equivalents(@Parent() claim: ClaimModel): Promise<EquivalentClaimModel[]> {
    const equivalents = await this.queryBus.execute<GetEquivalentClaims, EquivalentClaim[]>(new GetEquivalentClaims(claim.articleId, claim.id));
    return equivalents.map(({ checker, at, ...rest }) => ({ ...rest, checkedBy: checker, checkedAt: at ? new Date(at) : null }));
  }
}
