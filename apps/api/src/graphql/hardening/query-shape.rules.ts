import {
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { limitExceeded } from './limit.errors';

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

function fragmentsOf(context: ValidationContext): Fragments {
  return new Map(context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
}

interface Measure {
  /** A field's value from its own contribution and its selection's. */
  readonly field: (field: FieldNode, inner: number) => number;
  /** How sibling selections combine. */
  readonly fold: (a: number, b: number) => number;
}

/**
 * Measures a selection set with fragments expanded. Each fragment is measured once (memoised):
 * fragments that spread each other twice over would otherwise take exponential time. A cycle,
 * refused by the standard rules, counts as nothing.
 */
function measure({ field, fold }: Measure) {
  return (root: SelectionSetNode, fragments: Fragments): number => {
    const memo = new Map<string, number>();
    const visiting = new Set<string>();
    const walk = (set: SelectionSetNode): number => {
      let result = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          result = fold(result, field(selection, selection.selectionSet ? walk(selection.selectionSet) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          result = fold(result, walk(selection.selectionSet));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || visiting.has(name)) continue;
          if (!memo.has(name)) {
            visiting.add(name);
            memo.set(name, walk(fragment.selectionSet));
            visiting.delete(name);
          }
          result = fold(result, memo.get(name)!);
        }
      }
      return result;
    };
    return walk(root);
  };
}

const INTROSPECTION = new Set(['__schema', '__type']);

/**
 * Depth of nested fields: `{ a { b } }` is 2. Introspection counts as one level: the standard
 * introspection query is 15 deep, and `introspectionShapeRule` bounds what may nest inside it.
 */
export const selectionDepth = measure({ field: (node, inner) => 1 + (INTROSPECTION.has(node.name.value) ? 0 : inner), fold: Math.max });

/** Aliases as executed: a fragment spread twice brings its aliases twice. */
export const aliasCount = measure({ field: (node, inner) => (node.alias ? 1 : 0) + inner, fold: (a, b) => a + b });

/** Introspection fields that list a type's members; nesting them is how introspection is abused. */
const MEMBER_LISTS = new Set(['types', 'fields', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues']);

/** The most member lists on one path inside introspection (the standard query has 2: `types { fields }`). */
export function introspectionNesting(root: SelectionSetNode, fragments: Fragments): number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const walk = (set: SelectionSetNode, inside: boolean): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      let value = 0;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const inner = selection.selectionSet ? walk(selection.selectionSet, inside || INTROSPECTION.has(name)) : 0;
        value = (inside && MEMBER_LISTS.has(name) ? 1 : 0) + inner;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        value = walk(selection.selectionSet, inside);
      } else {
        const fragment = fragments.get(selection.name.value);
        const key = `${selection.name.value}:${inside}`;
        if (!fragment || visiting.has(key)) continue;
        if (!memo.has(key)) {
          visiting.add(key);
          memo.set(key, walk(fragment.selectionSet, inside));
          visiting.delete(key);
        }
        value = memo.get(key)!;
      }
      deepest = Math.max(deepest, value);
    }
    return deepest;
  };
  return walk(root, false);
}

/** The most member lists introspection may nest: enough for the standard query, not for a fan-out. */
export const MAX_INTROSPECTION_NESTING = 2;

function perOperation(check: (operation: OperationDefinitionNode, fragments: Fragments, context: ValidationContext) => void) {
  return (context: ValidationContext): ASTVisitor => {
    let fragments: Fragments | null = null;
    return {
      OperationDefinition(operation) {
        fragments ??= fragmentsOf(context);
        check(operation, fragments, context);
        return false;
      },
    };
  };
}

export function maxDepthRule(max: number) {
  return perOperation((operation, fragments, context) => {
    const depth = selectionDepth(operation.selectionSet, fragments);
    if (depth > max) {
      context.reportError(limitExceeded('depth', `The query is ${depth} levels deep; the limit is ${max}`, { max, actual: depth }, operation));
    }
  });
}

export function maxAliasesRule(max: number) {
  return perOperation((operation, fragments, context) => {
    const aliases = aliasCount(operation.selectionSet, fragments);
    if (aliases > max) {
      context.reportError(limitExceeded('aliases', `The query uses ${aliases} aliases; the limit is ${max}`, { max, actual: aliases }, operation));
    }
  });
}

/** With introspection off, `__schema` and `__type` are refused (`__typename` stays: clients need it). */
export const introspectionShapeRule = perOperation((operation, fragments, context) => {
  const nesting = introspectionNesting(operation.selectionSet, fragments);
  if (nesting > MAX_INTROSPECTION_NESTING) {
    context.reportError(
      limitExceeded('introspection', `Introspection nests ${nesting} member lists; the limit is ${MAX_INTROSPECTION_NESTING}`, {
        max: MAX_INTROSPECTION_NESTING,
        actual: nesting,
      }, operation),
    );
  }
});

export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(field) {
      if (field.name.value === '__schema' || field.name.value === '__type') {
        context.reportError(limitExceeded('introspection', 'Introspection is turned off on this server', {}, field));
      }
    },
  };
}
