import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GalleyContext } from './galley-context';

export const PUBLIC = 'galley:public';

/** Readable without a token (the public side). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The authenticated caller (the guard has made sure there is one). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return GqlExecutionContext.create(context).getContext<GalleyContext>().auth.actor;
});
