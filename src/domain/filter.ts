/**
 * The where-filter tree. Its semantics (parse, validate, match, plan, execute) live in
 * src/filters/; the tree stays here because SearchParams (search.ts) carry it and domain must not
 * depend on that folder, which builds on domain.
 */

export type ComparisonOperator =
  | "Equal"
  | "NotEqual"
  | "GreaterThan"
  | "GreaterThanEqual"
  | "LessThan"
  | "LessThanEqual"
  | "Like"
  | "WithinGeoRange"
  | "IsNull"
  | "ContainsAny"
  | "ContainsAll"
  | "ContainsNone";

export const comparisonOperators: readonly ComparisonOperator[] = [
  "Equal",
  "NotEqual",
  "GreaterThan",
  "GreaterThanEqual",
  "LessThan",
  "LessThanEqual",
  "Like",
  "WithinGeoRange",
  "IsNull",
  "ContainsAny",
  "ContainsAll",
  "ContainsNone",
];

export type FilterValueType = "text" | "int" | "number" | "boolean" | "date" | "geoRange";

export interface GeoRange {
  latitude: number;
  longitude: number;
  /** metres */
  maxDistance: number;
}

export type FilterScalar = string | number | boolean;

export interface ComparisonFilter {
  kind: "compare";
  operator: ComparisonOperator;
  /** Property path; through references it alternates prop, Class, prop, ... */
  path: string[];
  valueType: FilterValueType;
  /** A single value, or a list for the Contains* operators. */
  value: FilterScalar | FilterScalar[] | GeoRange;
}

export interface LogicalFilter {
  kind: "logical";
  operator: "And" | "Or" | "Not";
  operands: Filter[];
}

export type Filter = ComparisonFilter | LogicalFilter;
