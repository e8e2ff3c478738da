// The server as two files (ADR 0016): the tsc build's JavaScript and the packages it imports, bundled so a
// start reads and links two files instead of some two thousand modules, most of them ESM loaded through require().
// The projection worker is bundled beside main.cjs, where the runner looks for it (projection.worker + the
// extension of the file it runs from).

/** Loaded at run time from node_modules: a native addon, and the EventStoreDB client, required only when configured. */
const RUNTIME = ['better-sqlite3', '@eventstore/db-client'];
/** Optional peers of Nest, GraphQL and Fastify that Galley does not install; their imports stay behind branches never taken. */
const ABSENT = [
  '@apollo/subgraph',
  '@fastify/multipart',
  '@fastify/view',
  '@mercuriusjs/gateway',
  '@nestjs/microservices',
  '@nestjs/websockets',
  'ts-morph',
];

const external = (id) => [...RUNTIME, ...ABSENT].some((name) => id === name || id.startsWith(`${name}/`));

const server = (input, file) => ({
  input,
  platform: 'node',
  external,
  output: { file, format: 'cjs', codeSplitting: false },
  logLevel: 'warn',
});

export default [
  server('dist/apps/api/src/main.js', 'dist/server/main.cjs'),
  server('dist/libs/read-models/src/runner/projection.worker.js', 'dist/server/projection.worker.cjs'),
];
