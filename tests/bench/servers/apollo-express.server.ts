/**
 * NestJS's default GraphQL stack, the peer baseline: @nestjs/apollo (Apollo Server 5) on Express,
 * code-first, one trivial query. The benchmark sends it `{ __typename }`.
 */
import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule, Query, Resolver } from '@nestjs/graphql';
import { onStop, send } from './server.protocol';

@Resolver()
class HelloResolver {
  @Query(() => String)
  hello(): string {
    return 'world';
  }
}

@Module({
  imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, playground: false, introspection: false })],
  providers: [HelloResolver],
})
class ApolloBaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(ApolloBaselineModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  send({ type: 'ready', port: (app.getHttpServer().address() as { port: number }).port });
  onStop(() => app.close());
}

main().catch((error: Error) => {
  send({ type: 'failed', message: error.stack ?? error.message });
  process.exit(1);
});
