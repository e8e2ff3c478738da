import { Controller, Get, Header, Inject, NotFoundException, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { DEMO_USERS } from '../auth/demo-users';
import { signToken } from '../auth/tokens';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';

export interface DemoUser {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly token: string;
}

/** Loopback addresses, IPv4-mapped IPv6 included: a browser on the machine Galley runs on. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The web desk's one-click sign-in: the demo users' tokens, only while Galley runs with the
 * development secret it made itself — the same tokens `npm start` prints — and only to a browser on
 * the same machine, never under NODE_ENV=production: Galley listens on every interface, and these
 * tokens publish. Otherwise this answers 404.
 */
@Controller('desk')
export class DemoUsersController {
  constructor(
    private readonly auth: AuthService,
    @Inject(GALLEY_CONFIG) private readonly config: GalleyConfig,
  ) {}

  @Get('demo-users')
  @Header('cache-control', 'no-store')
  demoUsers(@Req() request: FastifyRequest): { users: DemoUser[] } {
    const secret = this.auth.secret;
    if (!this.auth.developmentMode || secret === null || this.config.production) {
      throw new NotFoundException('Demo users exist only while Galley runs with its development secret');
    }
    if (!LOOPBACK.test(request.ip)) {
      throw new NotFoundException('Demo users are offered only to a browser on the machine Galley runs on');
    }
    return { users: DEMO_USERS.map((user) => ({ id: user.sub, name: user.name, roles: user.roles, token: signToken(secret, user) })) };
  }
}
