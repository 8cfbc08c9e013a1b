/**
 * Bounds on one GraphQL request's work (GRAPHQL_MAX_TOKENS, GRAPHQL_MAX_DEPTH,
 * GRAPHQL_MAX_ALIASES), applied alike on the lean POST path (execute.ts) and on Yoga's (GET,
 * subscriptions). Tokens are counted while parsing, so an oversized document is never built;
 * depth and aliases are validation rules, so they are reported like any other validation error
 * (HTTP 200, `errors[]`) and cached with the document's validation result.
 *
 * Depth is the nesting of fields (`{ Get { Article { title } } }` is 3), counted through inline
 * fragments and fragment spreads. Aliases are the aliased fields an operation would resolve, a
 * fragment counted once per spread. Both are memoized per fragment, so a document of fragments
 * that spread each other many times costs linear time to measure.
 */
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  parse,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
}

/** graphql-js's message ("more that" in 16.x, sic). */
const TOKEN_LIMIT = /Document contains more tha[nt] \d+ tokens/;

/** graphql-js `parse` with the token bound; exceeding it throws a GraphQLError naming the limit. */
export function parseWithLimits(source: string, limits: QueryLimits): DocumentNode {
  try {
    return parse(source, { maxTokens: limits.maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError && TOKEN_LIMIT.test(error.message)) {
      throw new GraphQLError(`query exceeds the maximum of ${limits.maxTokens} tokens (GRAPHQL_MAX_TOKENS)`);
    }
    throw error;
  }
}

/**
 * A measure of selection sets with fragments followed: `combine` folds the values of one set's
 * selections, `field` gives a field's value from its sub-selection's. Fragment values are
 * memoized; a fragment cycle (reported by graphql-js's own NoFragmentCycles rule) counts 0.
 */
function measure(
  fragment: (name: string) => FragmentDefinitionNode | undefined | null,
  field: (aliased: boolean, inner: number | undefined) => number,
  combine: (values: number[]) => number,
): (set: SelectionSetNode) => number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const ofSet = (set: SelectionSetNode): number =>
    combine(
      set.selections.map((selection) => {
        switch (selection.kind) {
          case Kind.FIELD:
            return field(
              selection.alias !== undefined,
              selection.selectionSet ? ofSet(selection.selectionSet) : undefined,
            );
          case Kind.INLINE_FRAGMENT:
            return ofSet(selection.selectionSet);
          default: {
            // Kind.FRAGMENT_SPREAD
            const name = selection.name.value;
            const known = memo.get(name);
            if (known !== undefined) return known;
            const definition = fragment(name);
            if (!definition || visiting.has(name)) return 0;
            visiting.add(name);
            const value = ofSet(definition.selectionSet);
            visiting.delete(name);
            memo.set(name, value);
            return value;
          }
        }
      }),
    );
  return ofSet;
}

/** Reports operations whose fields nest deeper than `maxDepth`. */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return function MaxDepth(context: ValidationContext): ASTVisitor {
    // Exact: the recursion goes no deeper than graphql-js's parser and validation already did.
    const depth = measure(
      (name) => context.getFragment(name),
      (_aliased, inner) => 1 + (inner ?? 0),
      (values) => values.reduce((deepest, value) => Math.max(deepest, value), 0),
    );
    return {
      OperationDefinition(node) {
        const found = depth(node.selectionSet);
        if (found > maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${found} exceeds the maximum of ${maxDepth} (GRAPHQL_MAX_DEPTH)`, {
              nodes: node,
            }),
          );
        }
        return false;
      },
    };
  };
}

/** Reports operations that would resolve more than `maxAliases` aliased fields. */
export function maxAliasesRule(maxAliases: number): ValidationRule {
  return function MaxAliases(context: ValidationContext): ASTVisitor {
    // Fragments spread in fragments multiply: the count may grow past any integer (to Infinity).
    const aliases = measure(
      (name) => context.getFragment(name),
      (aliased, inner) => (aliased ? 1 : 0) + (inner ?? 0),
      (values) => values.reduce((sum, value) => sum + value, 0),
    );
    return {
      OperationDefinition(node) {
        const found = aliases(node.selectionSet);
        if (found > maxAliases) {
          const count = Number.isSafeInteger(found) ? String(found) : `more than ${Number.MAX_SAFE_INTEGER}`;
          context.reportError(
            new GraphQLError(`query uses ${count} aliases, exceeding the maximum of ${maxAliases} (GRAPHQL_MAX_ALIASES)`, {
              nodes: node,
            }),
          );
        }
        return false;
      },
    };
  };
}

/** The validation rules for `limits`, to run after graphql-js's specified rules. */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases)];
}
