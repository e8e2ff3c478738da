/**
 * Galley's real schema, resolvers, command path and read models behind one of four HTTP/GraphQL
 * stacks, for ADR 0011's measurement:
 *
 *   mercurius       Galley as it ships: @nestjs/mercurius on Fastify, with its hardening hooks
 *   mercurius-jit   the same with Mercurius' `jit: 1` (graphql-jit compiles a query on its second run)
 *   apollo-express  @nestjs/apollo (Apollo Server 5) on Express
 *   apollo-fastify  @nestjs/apollo on Fastify (@as-integrations/fastify)
 *
 * The Apollo variants carry the same hardening where Apollo has a place for it: the shape rules as
 * validation rules, the cost estimate before execution (a plugin), authentication in the context and
 * the same error codes; rate limits are off everywhere, as in the other HTTP benchmarks.
 *
 * Usage: node --require ./tests/durability/swc-register.js stack.server.ts STACK DATA_DIR SECRET
 */
import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { GraphQLFormattedError } from 'graphql';
import { CoreModule, GALLEY_CONTROLLERS, GALLEY_PROVIDERS, GRAPHQL_PATH } from '../../../apps/api/src/app.module';
import { AuthService } from '../../../apps/api/src/auth/auth.service';
import type { GalleyContext } from '../../../apps/api/src/auth/galley-context';
import { loadConfig, type GalleyConfig } from '../../../apps/api/src/config/galley.config';
import { graphqlHardening } from '../../../apps/api/src/graphql/hardening/graphql-hardening';
import { DEFAULT_LIST_SIZE, queryCost } from '../../../apps/api/src/graphql/hardening/query-cost';
import { limitExceeded } from '../../../apps/api/src/graphql/hardening/limit.errors';
import { WebDeskAssets } from '../../../apps/api/src/http/web-desk.assets';
import { BODY_LIMIT, createApp } from '../../../apps/api/src/main';
import { onStop, send } from './server.protocol';

export const STACKS = ['apollo-express', 'apollo-fastify', 'mercurius', 'mercurius-jit'] as const;
export type Stack = (typeof STACKS)[number];

const KNOWN_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION']);

let requests = 0;

@Module({})
class ApolloGalleyModule {
  static forRoot(config: GalleyConfig): DynamicModule {
    const { validationRules } = graphqlHardening(config);
    return {
      module: ApolloGalleyModule,
      imports: [
        CoreModule.forRoot({ config }),
        CqrsModule.forRoot(),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService],
          useFactory: (auth: AuthService) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: GRAPHQL_PATH,
            playground: false,
            introspection: config.graphqlIntrospection,
            validationRules,
            // Express calls it with { req }, Fastify with the request itself.
            context: async (arg: { req?: { headers: Record<string, unknown> } } & { headers?: Record<string, unknown> }): Promise<GalleyContext> => {
              const request = arg.req ?? arg;
              return { auth: await auth.authenticate(request.headers?.authorization, String(++requests)), requestId: String(requests) };
            },
            plugins: [
              {
                async requestDidStart() {
                  return {
                    async didResolveOperation({ schema, document, request }) {
                      const cost = queryCost(schema, document, request.variables, { defaultListSize: DEFAULT_LIST_SIZE });
                      if (cost > config.graphqlMaxCost) throw limitExceeded('cost', `The query would cost about ${cost}`, { max: config.graphqlMaxCost, actual: cost });
                    },
                  };
                },
              },
            ],
            formatError: (formatted: GraphQLFormattedError): GraphQLFormattedError => {
              const code = formatted.extensions?.code;
              if (typeof code === 'string' && KNOWN_CODES.has(code)) return formatted;
              if (formatted.path === undefined) return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
              return { message: 'Something went wrong on our side', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
            },
          }),
        }),
      ],
      controllers: GALLEY_CONTROLLERS,
      // The web desk's files are served through Fastify's own routes; the GraphQL API is what is compared.
      providers: GALLEY_PROVIDERS.filter((provider) => provider !== WebDeskAssets),
    };
  }
}

async function start(stack: Stack, config: GalleyConfig) {
  switch (stack) {
    case 'mercurius':
      return createApp(config, { logger: false, graphqlJit: 0 });
    case 'mercurius-jit':
      return createApp(config, { logger: false, graphqlJit: 1 });
    case 'apollo-express': {
      const app = await NestFactory.create(ApolloGalleyModule.forRoot(config), { logger: ['error'] });
      app.enableShutdownHooks();
      return app;
    }
    case 'apollo-fastify': {
      const app = await NestFactory.create(ApolloGalleyModule.forRoot(config), new FastifyAdapter({ bodyLimit: BODY_LIMIT }), { logger: ['error'] });
      app.enableShutdownHooks();
      return app;
    }
  }
}

async function main(): Promise<void> {
  const [stack, dataDir, secret] = process.argv.slice(2) as [Stack, string, string];
  if (!STACKS.includes(stack)) throw new Error(`unknown stack ${stack}; one of ${STACKS.join(', ')}`);
  const config = loadConfig({
    NODE_ENV: 'production',
    GALLEY_DATA_DIR: dataDir,
    GALLEY_JWT_SECRET: secret,
    GALLEY_RATE_LIMIT_USER: '0',
    GALLEY_RATE_LIMIT_IP: '0',
  });
  const app = await start(stack, config);
  await app.listen(0, '127.0.0.1');
  send({ type: 'ready', port: (app.getHttpServer().address() as { port: number }).port });
  onStop(() => app.close());
}

main().catch((error: Error) => {
  process.stderr.write(`stack server ${process.argv[2]}: ${error.stack ?? error.message}\n`);
  send({ type: 'failed', message: error.stack ?? error.message });
  setTimeout(() => process.exit(1), 100);
});
