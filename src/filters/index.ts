/**
 * Where-filter semantics: parse the wire shape, validate it against a schema, match one object
 * in memory, and plan / execute it over shards through the inverted index. The tree itself
 * (Filter, ComparisonFilter, comparisonOperators, ...) stays in domain, because domain's
 * SearchParams carry it and domain must not depend on this folder.
 */
export {
  matchingEntries,
  matchingIds,
  matchingLabels,
  matchingObjects,
} from "./execute.ts";
export { matchesFilter, type ResolveRefs } from "./match.ts";
export { parseRestWhere } from "./parse.ts";
export type { FilterRefs, FilterShard, IndexLookup, LabelledObject } from "./ports.ts";
export { type FilterValidationOptions, type ResolveCollection, validateFilterAgainst } from "./validate.ts";
