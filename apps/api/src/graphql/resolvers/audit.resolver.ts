import type { Actor } from '@galley/editorial';
import type { AuditEntry, Page } from '@galley/read-models';
import { UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, GraphQLISODateTime, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { GetAuditLog } from '../../articles/queries/article.queries';
import { CurrentActor } from '../../auth/auth.decorators';
import { GraphqlErrorFilter } from '../graphql-error.filter';
import { AuditConnectionModel } from '../models/audit.models';
import { pageInfo } from '../models/connection.models';

@Resolver()
@UseFilters(GraphqlErrorFilter)
export class AuditResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => AuditConnectionModel, { description: 'Every event with its actor and request id, newest first (admins only)' })
  async auditLog(
    @CurrentActor() actor: Actor,
    @Args('actorId', { type: () => ID, nullable: true }) actorId: string | null,
    @Args('articleId', { type: () => ID, nullable: true }) articleId: string | null,
    @Args('since', { type: () => GraphQLISODateTime, nullable: true }) since: Date | null,
    @Args('until', { type: () => GraphQLISODateTime, nullable: true }) until: Date | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditConnectionModel> {
    const page = await this.queryBus.execute<GetAuditLog, Page<AuditEntry>>(new GetAuditLog(actor, { actorId, articleId, since, until }, first, after ?? null));
    return {
      edges: page.items.map(({ cursor, node }) => ({ cursor, node: { ...node, at: new Date(node.at) } })),
      pageInfo: pageInfo(page),
      totalCount: page.totalCount,
    };
  }
}
