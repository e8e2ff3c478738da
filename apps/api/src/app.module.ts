import { Global, Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { ArticleCommandHandler } from './articles/commands/article-command.handler';
import { PublicationSlots } from './articles/commands/publication-slots';
import { ArticleRepository } from './articles/article.repository';
import { ArticleSnapshots } from './articles/article-snapshots';
import { PublicationCompletionProcess } from './articles/processes/publication-completion.process';
import { SchedulerProcess } from './articles/processes/scheduler.process';
import { SummaryProcess } from './articles/processes/summary.process';
import { QUERY_HANDLERS } from './articles/queries/article.queries';
import { createSummarizer } from './articles/summaries/summarizer.factory';
import { SUMMARIZER } from './articles/summaries/summarizer.port';
import { AuthService } from './auth/auth.service';
import type { GalleyContext } from './auth/galley-context';
import { NewsroomGuard } from './auth/newsroom.guard';
import { rememberedAuthentication } from './auth/request-authentication';
import { GALLEY_CONFIG, type GalleyConfig } from './config/galley.config';
import { formatErrors } from './graphql/error-formatter';
import { hardenedErrorFormatter } from './graphql/hardening/error-formatting';
import { graphqlHardening } from './graphql/hardening/graphql-hardening';
import { ArticleChangedResolver } from './graphql/resolvers/article-changed.resolver';
import { ClaimResolver } from './graphql/resolvers/claim.resolver';
import { AuditResolver } from './graphql/resolvers/audit.resolver';
import { ArticleMutationsResolver } from './graphql/resolvers/article-mutations.resolver';
import { ArticleQueriesResolver } from './graphql/resolvers/article-queries.resolver';
import { PublicResolver } from './graphql/resolvers/public.resolver';
import { ArticlePageController } from './http/article-page.controller';
import { FeedsController } from './http/feeds.controller';
import { HealthController } from './http/health.controller';
import { DemoUsersController } from './http/demo-users.controller';
import { WebDeskAssets } from './http/web-desk.assets';
import { ArticleChangeNotifier } from './infrastructure/article-change.notifier';
import { CLOCK, systemClock, type Clock } from './infrastructure/clock';
import { createEventStore, EVENT_STORE } from './infrastructure/event-store.provider';
import { Lifecycle } from './infrastructure/lifecycle';
import { ReadModels } from './infrastructure/read-models.service';
import { PublishedFeed } from './feeds/published-feed';
import { WEBHOOK_PROVIDERS } from './webhooks/webhooks.runtime';

export const GRAPHQL_PATH = '/graphql';

/** graphql-jit compiles a query on its second run: 1.2× on real reads in the stack benchmark (ADR 0011). */
export const GRAPHQL_JIT = 1;

export interface AppOptions {
  readonly config: GalleyConfig;
  /** Tests pass their own clock; the service uses the system's. */
  readonly clock?: Clock;
  /** Mercurius' `jit`: compile a query with graphql-jit after it has run this often (0: never); GRAPHQL_JIT by default. */
  readonly graphqlJit?: number;
}

/** The GraphQL context of one request: the caller, authenticated once per request. */
export async function graphqlContext(auth: AuthService, request: FastifyRequest): Promise<GalleyContext> {
  return {
    auth: rememberedAuthentication(request) ?? (await auth.authenticate(request.headers.authorization, String(request.id))),
    requestId: String(request.id),
  };
}

/** Everything but the GraphQL transport: the benchmark of HTTP stacks mounts these on other drivers. */
export const GALLEY_CONTROLLERS = [HealthController, FeedsController, ArticlePageController, DemoUsersController];
export const GALLEY_PROVIDERS: Provider[] = [
  { provide: APP_GUARD, useClass: NewsroomGuard },
  ArticleRepository,
  ArticleSnapshots,
  PublicationSlots,
  ArticleCommandHandler,
  ...QUERY_HANDLERS,
  SummaryProcess,
  SchedulerProcess,
  PublicationCompletionProcess,
  ArticleChangeNotifier,
  Lifecycle,
  ArticleQueriesResolver,
  ArticleMutationsResolver,
  ArticleChangedResolver,
  ClaimResolver,
  AuditResolver,
  PublicResolver,
  PublishedFeed,
  ...WEBHOOK_PROVIDERS,
  WebDeskAssets,
];

@Global()
@Module({})
export class CoreModule {
  static forRoot({ config, clock }: AppOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: GALLEY_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock ?? systemClock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        { provide: SUMMARIZER, useFactory: () => createSummarizer(config) },
        AuthService,
        ReadModels,
      ],
      exports: [GALLEY_CONFIG, CLOCK, EVENT_STORE, SUMMARIZER, AuthService, ReadModels],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        CqrsModule.forRoot(),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          inject: [AuthService],
          useFactory: (auth: AuthService) => {
            const formatter = hardenedErrorFormatter(formatErrors, { introspection: config.graphqlIntrospection, logger: new Logger('GraphQL') });
            return {
              autoSchemaFile: true,
              sortSchema: true,
              // The IDE reads the schema by introspection: it goes with it.
              graphiql: !config.production && config.graphqlIntrospection,
              path: GRAPHQL_PATH,
              ...graphqlHardening(config),
              jit: options.graphqlJit ?? GRAPHQL_JIT,
              context: (request: FastifyRequest) => graphqlContext(auth, request),
              subscription: {
                onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
                  const authentication = await auth.authenticate(payload?.authorization ?? payload?.Authorization, 'subscription');
                  if (!authentication.actor) return false;
                  return { auth: authentication, requestId: 'subscription' } satisfies GalleyContext;
                },
              },
              errorFormatter: (execution, context) =>
                formatter(execution, String((context as { reply?: { request?: { id?: unknown } } }).reply?.request?.id ?? 'unknown')),
            };
          },
        }),
      ],
      controllers: GALLEY_CONTROLLERS,
      providers: GALLEY_PROVIDERS,
    };
  }
}
