/** Layer rules (STYLE.md): the domain stays pure; libraries are used through their index only. */
module.exports = {
  forbidden: [
    {
      name: 'editorial-is-pure',
      comment: 'libs/editorial imports no Nest, no database, no event store, no other lib and no app code',
      severity: 'error',
      from: { path: '^libs/editorial/src', pathNot: '\\.spec\\.ts$|/testing/' },
      to: {
        path: '^(apps|libs/(event-store|read-models))/|(^|node_modules/)(@nestjs|better-sqlite3|@eventstore|fastify|mercurius|class-validator|graphql)',
      },
    },
    {
      name: 'event-store-knows-no-domain',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: '^(apps|libs/(editorial|read-models))/|(^|node_modules/)@nestjs' },
    },
    {
      name: 'read-models-outside-nest',
      severity: 'error',
      from: { path: '^libs/read-models/src' },
      to: { path: '^apps/|(^|node_modules/)@nestjs' },
    },
    {
      name: 'libs-through-their-index',
      comment: 'other code imports a lib through its index.ts (or its testing entry), never its insides',
      severity: 'error',
      from: { path: '^(apps|tests|libs/([^/]+))/' , pathNot: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/(index|testing/index)\\.ts$' },
    },
    {
      name: 'libs-use-each-other-through-their-index',
      severity: 'error',
      from: { path: '^libs/([^/]+)/', pathNot: '\\.spec\\.ts$|/testing/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/(index|testing/index)\\.ts$'] },
    },
    {
      name: 'web-desk-speaks-graphql-only',
      comment: 'apps/web is built on the public GraphQL API alone, as any newsroom could build its own desk',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^(apps/api|libs)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^dist/' },
  },
};
