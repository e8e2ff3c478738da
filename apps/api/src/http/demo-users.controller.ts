import { Controller, Get, Header, NotFoundException } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { DEMO_USERS } from '../auth/demo-users';
import { signToken } from '../auth/tokens';

export interface DemoUser {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly token: string;
}

/**
 * The web desk's one-click sign-in: the demo users' tokens, only while Galley runs with the
 * development secret it made itself — the same tokens `npm start` prints. With a configured
 * secret or an identity provider there are no demo users, and this answers 404.
 */
@Controller('desk')
export class DemoUsersController {
  constructor(private readonly auth: AuthService) {}

  @Get('demo-users')
  @Header('cache-control', 'no-store')
  demoUsers(): { users: DemoUser[] } {
    const secret = this.auth.secret;
    if (!this.auth.developmentMode || secret === null) {
      throw new NotFoundException('Demo users exist only while Galley runs with its development secret');
    }
    return { users: DEMO_USERS.map((user) => ({ id: user.sub, name: user.name, roles: user.roles, token: signToken(secret, user) })) };
  }
}
