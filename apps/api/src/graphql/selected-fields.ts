import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields the operation selects at `path` below the field being resolved (whatever
 * the alias, through inline fragments and named ones): `selectedFields(info, 'edges', 'node')`.
 * A field under `@skip` or `@include` counts as selected: at worst a resolver reads more than it needs.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, ...path: string[]): Set<string> {
  const names = new Set<string>();
  for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, path, info.fragments, new Set(), names);
  return names;
}

function collect(set: SelectionSetNode, path: readonly string[], fragments: Record<string, FragmentDefinitionNode>, visited: ReadonlySet<string>, names: Set<string>): void {
  for (const selection of set.selections) {
    switch (selection.kind) {
      case Kind.FIELD:
        if (path.length === 0) names.add(selection.name.value);
        else if (selection.name.value === path[0] && selection.selectionSet) collect(selection.selectionSet, path.slice(1), fragments, visited, names);
        break;
      case Kind.INLINE_FRAGMENT:
        collect(selection.selectionSet, path, fragments, visited, names);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments[selection.name.value];
        // A fragment that spreads itself is refused by validation; the guard keeps this total anyway.
        if (fragment && !visited.has(fragment.name.value)) collect(fragment.selectionSet, path, fragments, new Set(visited).add(fragment.name.value), names);
        break;
      }
    }
  }
}
