import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects the field at `path` below the field being resolved (by field name,
 * whatever the alias, through inline fragments and named ones): `selects(info, 'edges', 'node', 'body')`.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, ...path: string[]): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && below(node.selectionSet, path, info.fragments, new Set()));
}

function below(set: SelectionSetNode, path: readonly string[], fragments: Record<string, FragmentDefinitionNode>, visited: Set<string>): boolean {
  const [name, ...rest] = path;
  return set.selections.some((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value !== name) return false;
        return rest.length === 0 || (selection.selectionSet !== undefined && below(selection.selectionSet, rest, fragments, visited));
      case Kind.INLINE_FRAGMENT:
        return below(selection.selectionSet, path, fragments, visited);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments[selection.name.value];
        // A fragment that spreads itself is refused by validation; the guard keeps this total anyway.
        if (!fragment || visited.has(fragment.name.value)) return false;
        return below(fragment.selectionSet, path, fragments, new Set(visited).add(fragment.name.value));
      }
    }
  });
}
