import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from './article.model';
import { PageInfoModel } from './connection.models';

@ObjectType('AuditEntry', { description: 'One event: who did what, when, and in which request' })
export class AuditEntryModel {
  @Field() streamId!: string;
  @Field(() => Int, { description: 'The stream’s version after this event' }) version!: number;
  @Field(() => ID, { nullable: true }) articleId!: string | null;
  @Field() type!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => PersonModel, { nullable: true, description: 'The actor; "system" for work the service does' }) actor!: PersonModel | null;
  @Field(() => String, { nullable: true, description: 'The request id, as in the service log' }) requestId!: string | null;
  @Field(() => String, { nullable: true }) commandId!: string | null;
}

@ObjectType('AuditEdge')
export class AuditEdgeModel {
  @Field() cursor!: string;
  @Field(() => AuditEntryModel) node!: AuditEntryModel;
}

@ObjectType('AuditConnection')
export class AuditConnectionModel {
  @Field(() => [AuditEdgeModel]) edges!: AuditEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int) totalCount!: number;
}
