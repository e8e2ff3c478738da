import { Forbidden } from '@galley/editorial';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Unauthenticated } from '../articles/application.errors';
import { PUBLIC } from './auth.decorators';
import type { GalleyContext } from './galley-context';

/**
 * Everything but the public side needs a valid token of a newsroom member. Finer rules (roles per
 * command, separation of duties) belong to the domain.
 */
@Injectable()
export class NewsroomGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const { auth } = GqlExecutionContext.create(context).getContext<GalleyContext>();
    if (!auth?.actor) throw new Unauthenticated(auth?.problem ?? undefined);
    if (auth.actor.roles.length === 0) throw new Forbidden('ROLE', 'The newsroom side needs a newsroom role');
    return true;
  }
}
