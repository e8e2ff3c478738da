import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

export interface CostOptions {
  /** What a list without `first` (or `last`) is assumed to hold. */
  readonly defaultListSize: number;
}

export const DEFAULT_LIST_SIZE = 20;

/**
 * An estimate of the work a document asks for: every field costs 1, and what is selected inside a
 * list costs once per item — `first`/`last` (from the literal, the variables or the argument's
 * default) or the default list size. A connection's `first` sizes its `edges`. The most expensive
 * operation of the document counts. Introspection costs 1: it has its own switch and shape rule.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  options: CostOptions = { defaultListSize: DEFAULT_LIST_SIZE },
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const fieldDefinition = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  };

  const pageSize = (node: FieldNode, definition: GraphQLField<unknown, unknown>): number | null => {
    for (const name of ['first', 'last']) {
      const argument = node.arguments?.find((a) => a.name.value === name);
      let value: unknown = argument?.value.kind === Kind.INT ? Number(argument.value.value) : undefined;
      if (argument?.value.kind === Kind.VARIABLE) value = variables?.[argument.value.name.value];
      if (value === undefined || value === null) value = definition.args.find((a) => a.name === name)?.defaultValue;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    }
    return null;
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType, pending: number | null): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        total += 1;
        // Introspection is bounded by its own rules (off in production, shape-limited otherwise).
        if (selection.name.value === '__schema' || selection.name.value === '__type') continue;
        const definition = fieldDefinition(parent, selection.name.value);
        if (!selection.selectionSet || !definition) continue;
        const child = getNamedType(definition.type);
        if (!isCompositeType(child)) continue;
        const size = pageSize(selection, definition);
        // A list consumes the page size its connection announced; an object passes it on.
        const isList = isListType(getNullableType(definition.type));
        const multiplier = isList ? (size ?? pending ?? options.defaultListSize) : 1;
        total += multiplier * selectionCost(selection.selectionSet, child, isList ? null : (size ?? pending));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(selection.selectionSet, isCompositeType(condition) ? condition : parent, pending);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        const type = isCompositeType(condition) ? condition : parent;
        const key = `${fragment.name.value}:${type.name}:${pending ?? ''}`;
        if (!memo.has(key)) {
          visiting.add(fragment.name.value);
          memo.set(key, selectionCost(fragment.selectionSet, type, pending));
          visiting.delete(fragment.name.value);
        }
        total += memo.get(key)!;
      }
    }
    return total;
  };

  let highest = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root =
      definition.operation === 'query' ? schema.getQueryType() : definition.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    if (root) highest = Math.max(highest, selectionCost(definition.selectionSet, root, null));
  }
  return highest;
}
