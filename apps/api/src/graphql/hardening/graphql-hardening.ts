import { GraphQLError, Location, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { GalleyConfig } from '../../config/galley.config';
import { limitExceeded } from './limit.errors';
import { DEFAULT_LIST_SIZE, queryCost } from './query-cost';
import { introspectionShapeRule, maxAliasesRule, maxDepthRule, noIntrospectionRule } from './query-shape.rules';

/** Lexical tokens a document may hold: far above any real query, far below what makes validation slow. */
export const MAX_TOKENS = 10_000;

export type HardeningConfig = Pick<GalleyConfig, 'graphqlIntrospection' | 'graphqlMaxDepth' | 'graphqlMaxAliases' | 'graphqlMaxCost'>;

/**
 * Mercurius options that bound what one request may ask for. Shape limits are validation rules
 * (cached with the document); the cost needs the variables (`first: $n`), so it is checked just
 * before execution.
 */
export function graphqlHardening(config: HardeningConfig) {
  const validationRules: ValidationRule[] = [maxDepthRule(config.graphqlMaxDepth), maxAliasesRule(config.graphqlMaxAliases)];
  validationRules.push(config.graphqlIntrospection ? introspectionShapeRule : noIntrospectionRule);
  return {
    validationRules,
    graphql: { parseOptions: { maxTokens: MAX_TOKENS } },
    hooks: {
      preValidation: [
        // Mercurius accepts a JSON-encoded AST in place of a document; only what the parser made is run.
        async (_schema: GraphQLSchema, document: DocumentNode) => {
          if (!(document?.loc instanceof Location)) {
            throw new GraphQLError('"query" must be a GraphQL document', { extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
          }
        },
      ],
      preExecution: [
        async (schema: GraphQLSchema, document: DocumentNode, _context: unknown, variables?: Record<string, unknown>) => {
          const cost = queryCost(schema, document, variables, { defaultListSize: DEFAULT_LIST_SIZE });
          if (cost > config.graphqlMaxCost) {
            throw limitExceeded(
              'cost',
              `The query would cost about ${cost}; the limit is ${config.graphqlMaxCost} (ask for fewer items with "first")`,
              { max: config.graphqlMaxCost, actual: cost },
            );
          }
        },
      ],
    },
  };
}
