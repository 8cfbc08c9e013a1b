/**
 * Turns one comparison clause into a description of index lookups (a PlanNode), or undefined
 * when the inverted index cannot answer it. The invariant every node keeps: the objects its
 * lookups return are a SUPERSET of the objects `matchesFilter` accepts for the clause, and a
 * lookup marked `verify: false` returns only objects that really match.
 */
import { type Collection, type ComparisonFilter, isReferenceType, type Property, tokenize } from "../domain/index.ts";
import { dateMs, requireProperty, uuidKey } from "./match.ts";
import type { IndexLookup } from "./ports.ts";

/** What the planner will ask the shard, before it asks. */
export type PlanNode =
  /** One inverted-index comparison; `verify` when its hits may include non-matches. */
  | { kind: "lookup"; lookup: IndexLookup; verify: boolean }
  /** Direct object-id reads (`_id`); always exact. */
  | { kind: "ids"; ids: string[] }
  /** Matches nothing (e.g. a text Equal whose value has no tokens); exact. */
  | { kind: "none" }
  /** Intersection; `partial` when some operand could not be narrowed (then nothing is exact). */
  | { kind: "and"; nodes: PlanNode[]; partial: boolean }
  /** Union. */
  | { kind: "or"; nodes: PlanNode[] };

export const NONE: PlanNode = { kind: "none" };

/** Intersection of terms; undefined for zero terms (a vacuous "every" matches all non-null values). */
export function allOf(nodes: PlanNode[]): PlanNode | undefined {
  if (nodes.length === 0) return undefined;
  if (nodes.some((node) => node.kind === "none")) return NONE;
  return nodes.length === 1 ? nodes[0] : { kind: "and", nodes, partial: false };
}

/** Union of terms; zero terms match nothing. */
export function anyOf(nodes: PlanNode[]): PlanNode {
  const live = nodes.filter((node) => node.kind !== "none");
  if (live.length === 0) return NONE;
  return live.length === 1 ? live[0]! : { kind: "or", nodes: live };
}

type Operator = IndexLookup["operator"];
type LookupValue = IndexLookup["value"];
const rangeOperators = new Set<string>(["GreaterThan", "GreaterThanEqual", "LessThan", "LessThanEqual"]);

function valuesOf(clause: ComparisonFilter): unknown[] {
  return Array.isArray(clause.value) ? clause.value : [clause.value];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function lookup(property: string, type: IndexLookup["type"], operator: Operator, value: LookupValue, verify = false) {
  return { kind: "lookup", lookup: { property, type, operator, value }, verify } satisfies PlanNode;
}

function textNode(clause: ComparisonFilter, property: Property): PlanNode | undefined {
  const tokenization = property.tokenization ?? "word";
  const tokens = unique(valuesOf(clause).flatMap((value) => tokenize(String(value), tokenization)));
  // The index strips U+0000 from tokens (it is its key separator), so such a query token can only
  // be looked up in stripped form, which may also hit other tokens.
  const term = (token: string) =>
    lookup(property.name, "text", "Equal", token.replaceAll("\u0000", ""), token.includes("\u0000"));
  switch (clause.operator) {
    case "Equal":
      // matchesFilter: a value without tokens matches nothing.
      return tokens.length === 0 ? NONE : allOf(tokens.map(term));
    case "ContainsAny":
      return anyOf(tokens.map(term));
    case "ContainsAll":
      return allOf(tokens.map(term));
    default:
      return undefined;
  }
}

/**
 * Numbers, booleans and uuids: `key` maps a query value the way matchesFilter does (undefined:
 * can match nothing). Several values for Equal or a range must all be satisfied.
 */
function scalarNode(
  clause: ComparisonFilter,
  property: Property,
  type: "number" | "boolean" | "uuid",
  key: (value: unknown) => LookupValue | undefined,
): PlanNode | undefined {
  const keys = valuesOf(clause).map(key);
  const term = (operator: Operator) => (value: LookupValue | undefined) =>
    value === undefined ? NONE : lookup(property.name, type, operator, value);
  const { operator } = clause;
  if (operator === "ContainsAny") return anyOf(keys.map(term("Equal")));
  if (operator === "ContainsAll" || operator === "Equal") return allOf(keys.map(term("Equal")));
  if (type === "number" && rangeOperators.has(operator)) return allOf(keys.map(term(operator as Operator)));
  return undefined;
}

function integersBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/**
 * A date comparison against one query instant `v` (epoch ms, possibly fractional). Index keys
 * are whole milliseconds (`Date.parse` truncates sub-millisecond digits) while matchesFilter
 * compares the exact instant, so an object's key k and instant t satisfy |k - t| <= 1 (one
 * millisecond of margin on both sides, wider than needed). Keys that certainly satisfy the
 * comparison come from one range lookup; the few keys near the boundary are looked up one by one
 * and marked for verification.
 */
function dateTerm(property: string, operator: Operator, v: number): PlanNode {
  if (Number.isNaN(v)) return NONE;
  const equal = (k: number) => lookup(property, "number", "Equal", k, true);
  switch (operator) {
    case "Equal":
      return anyOf(integersBetween(Math.ceil(v - 1), Math.floor(v + 1)).map(equal));
    case "GreaterThan":
    case "GreaterThanEqual": {
      // possible: k + 1 > v (or >=); certain: k - 1 > v (or >=)
      const strict = operator === "GreaterThan";
      const possible = strict ? Math.floor(v - 1) + 1 : Math.ceil(v - 1);
      const certain = strict ? Math.floor(v + 1) + 1 : Math.ceil(v + 1);
      const band = integersBetween(possible, certain - 1).map(equal);
      return anyOf([lookup(property, "number", "GreaterThanEqual", certain), ...band]);
    }
    case "LessThan":
    case "LessThanEqual": {
      // possible: k - 1 < v (or <=); certain: k + 1 < v (or <=)
      const strict = operator === "LessThan";
      const possible = strict ? Math.ceil(v + 1) - 1 : Math.floor(v + 1);
      const certain = strict ? Math.ceil(v - 1) - 1 : Math.floor(v - 1);
      const band = integersBetween(certain + 1, possible).map(equal);
      return anyOf([lookup(property, "number", "LessThanEqual", certain), ...band]);
    }
  }
}

function dateNode(clause: ComparisonFilter, property: Property): PlanNode | undefined {
  const instants = valuesOf(clause).map(dateMs);
  const { operator } = clause;
  const terms = (op: Operator) => instants.map((v) => dateTerm(property.name, op, v));
  if (operator === "ContainsAny") return anyOf(terms("Equal"));
  if (operator === "ContainsAll" || operator === "Equal") return allOf(terms("Equal"));
  if (rangeOperators.has(operator)) return allOf(terms(operator as Operator));
  return undefined;
}

function idNode(clause: ComparisonFilter): PlanNode | undefined {
  const keys = unique(valuesOf(clause).map(uuidKey));
  switch (clause.operator) {
    case "ContainsAny":
      return keys.length === 0 ? NONE : { kind: "ids", ids: keys };
    case "Equal":
    case "ContainsAll":
      // An object has one id: every value must be that id.
      if (keys.length === 0) return undefined;
      return keys.length > 1 ? NONE : { kind: "ids", ids: keys };
    default:
      return undefined;
  }
}

const unindexedPaths = /^(_creationTimeUnix|_lastUpdateTimeUnix|len\(.*\))$/;

/** The index lookups answering one comparison, or undefined when the index cannot. */
export function describeComparison(clause: ComparisonFilter, collection: Collection): PlanNode | undefined {
  const [name, ...rest] = clause.path;
  // Reference paths: references have no inverted entries.
  if (name === undefined || rest.length > 0) return undefined;
  if (name === "_id" || name === "id") return idNode(clause);
  if (unindexedPaths.test(name)) return undefined;
  const property = requireProperty(collection, name);
  // Only these properties have inverted entries (see storage/inverted.ts).
  if (property.indexFilterable === false || isReferenceType(property.dataType)) return undefined;
  const dataType = property.dataType[0] ?? "";
  switch (dataType.endsWith("[]") ? dataType.slice(0, -2) : dataType) {
    case "text":
      return textNode(clause, property);
    case "int":
    case "number":
      return scalarNode(clause, property, "number", (value) => {
        const number = Number(value);
        return Number.isNaN(number) ? undefined : number;
      });
    case "boolean":
      return scalarNode(clause, property, "boolean", Boolean);
    case "uuid":
      return scalarNode(clause, property, "uuid", uuidKey);
    case "date":
      return dateNode(clause, property);
    default:
      return undefined;
  }
}
