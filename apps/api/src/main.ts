import 'reflect-metadata';
import { Logger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, GRAPHQL_PATH } from './app.module';
import { DEMO_USERS } from './auth/demo-users';
import { AuthService } from './auth/auth.service';
import { signToken } from './auth/tokens';
import { loadConfig, type GalleyConfig } from './config/galley.config';
import { installRequestGuards } from './graphql/hardening/request-guards';
import { refuseDataFolderInUse } from './infrastructure/data-folder-locks';

/** Request bodies up to 1 MB (a body may be 200 KB of Markdown, escaped in JSON). */
export const BODY_LIMIT = 1024 * 1024;

export async function createApp(
  config: GalleyConfig,
  options: { logger?: false | LoggerService; graphqlJit?: number } = {},
): Promise<NestFastifyApplication> {
  refuseDataFolderInUse(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, graphqlJit: options.graphqlJit }),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: trustedProxies(config.trustProxy) }),
    { logger: options.logger ?? ['log', 'warn', 'error'] },
  );
  app.enableShutdownHooks();
  installRequestGuards(app.getHttpAdapter().getInstance(), {
    auth: app.get(AuthService),
    graphqlPath: GRAPHQL_PATH,
    perUser: config.rateLimitPerUser,
    perIp: config.rateLimitPerIp,
  });
  if (!config.production) openIdeOnBrowse(app);
  return app;
}

/** A hop count believes that many proxies nearest Galley, whatever their addresses. */
function trustedProxies(trust: GalleyConfig['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** A browser that opens /graphql (a GET with no query) is sent to the GraphQL IDE. */
function openIdeOnBrowse(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      const { query } = request.query as { query?: string };
      if (request.method === 'GET' && request.url.split('?')[0] === '/graphql' && !query && request.headers.accept?.includes('text/html')) {
        await reply.redirect('/graphiql', 302);
      }
    });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
  const logger = new Logger('Galley');
  logger.log(`${config.publicationName}: the web desk on ${url}/ and GraphQL on ${url}/graphql (event store: ${config.eventStore}, data: ${config.dataDir})`);
  const auth = app.get(AuthService);
  if (auth.developmentMode && auth.secret !== null) printDemoTokens(auth.secret, url);
}

/** A development convenience only: printed to the console, never written to the request log. */
function printDemoTokens(secret: string, url: string): void {
  const lines = [
    '',
    'No GALLEY_JWT_SECRET is set: Galley made a development secret in the data folder.',
    'Demo tokens (development only; set GALLEY_JWT_SECRET in production):',
    ...DEMO_USERS.map((user) => `  ${user.name.padEnd(14)} ${user.roles.join(',').padEnd(13)} ${signToken(secret, user)}`),
    '',
    `Open the web desk at ${url}/ and sign in as one of them with a click,`,
    `or send one as "Authorization: Bearer <token>" to ${url}/graphql`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`Galley could not start: ${error.message}\n`);
    process.exit(1);
  });
}
