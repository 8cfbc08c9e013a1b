/**
 * The where-filter planner: answers as much of a Filter as it can from the inverted index, so an
 * Equal or a range on a filterable property never scans the shard. A plan's candidates are always
 * a SUPERSET of the objects `matchesFilter` accepts; the candidates the index cannot vouch for are
 * listed in `verify` and must be re-checked against the predicate.
 */
import { comparisonOperators, type Collection, type Filter } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { describeComparison, type PlanNode } from "./leaf.ts";
import type { FilterShard } from "./ports.ts";

export type { PlanNode } from "./leaf.ts";

/** The part of a shard the planner reads. */
export type PlanShard = Pick<FilterShard, "getRecords" | "indexLookup">;

/** Index-narrowed candidates for a filter. */
export interface FilterPlan {
  /** Sorted by docId, unique; a superset of the matching objects. */
  candidates: Array<{ id: string; docId: number }>;
  /** True only when the candidates are exactly the matching objects (`verify` is empty). */
  exact: boolean;
  /** DocIds among the candidates that may not match and must be re-checked with the predicate. */
  verify: ReadonlySet<number>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function checkComparisonShape(node: Record<string, unknown>): void {
  const { path, operator, value } = node;
  if (!comparisonOperators.includes(operator as never)) {
    throw unprocessable(`invalid where filter: unknown operator '${String(operator)}'`);
  }
  if (!Array.isArray(path) || path.length === 0 || !path.every((s) => typeof s === "string" && s !== "")) {
    throw unprocessable("invalid where filter: path must be a non-empty list of names");
  }
  if (path.length % 2 === 0) {
    throw unprocessable("invalid where filter: a reference path must alternate property, class, property");
  }
  if (operator === "WithinGeoRange") {
    const ok =
      isRecord(value) &&
      ["latitude", "longitude", "maxDistance"].every((key) => typeof value[key] === "number");
    if (!ok) throw unprocessable("invalid where filter: WithinGeoRange needs valueGeoRange");
  }
}

/**
 * Throws `unprocessable` for a tree that is not a Filter (the callers validated it against the
 * schema, but a malformed tree must not surface as a TypeError deep inside evaluation).
 */
export function assertFilterShape(filter: unknown): asserts filter is Filter {
  if (!isRecord(filter)) throw unprocessable("invalid where filter: not an object");
  if (filter["kind"] === "compare") {
    checkComparisonShape(filter);
    return;
  }
  const { operator, operands } = filter;
  if (filter["kind"] !== "logical" || !["And", "Or", "Not"].includes(operator as string)) {
    throw unprocessable(`invalid where filter: unknown operator '${String(operator)}'`);
  }
  if (!Array.isArray(operands)) throw unprocessable("invalid where filter: operands must be a list");
  for (const operand of operands) assertFilterShape(operand);
}

/**
 * The lookups that narrow `filter`, without running them; undefined when it cannot be narrowed.
 * And narrows by its narrowable operands (marking the result partial when some are not); Or only
 * when every operand narrows; Not never.
 */
export function describeFilter(filter: Filter, collection: Collection): PlanNode | undefined {
  if (filter.kind === "compare") return describeComparison(filter, collection);
  switch (filter.operator) {
    case "And": {
      const nodes = filter.operands.map((operand) => describeFilter(operand, collection));
      const narrowed = nodes.filter((node): node is PlanNode => node !== undefined);
      if (narrowed.length === 0) return undefined;
      if (narrowed.some((node) => node.kind === "none")) return { kind: "none" };
      const partial = narrowed.length < nodes.length;
      return !partial && narrowed.length === 1 ? narrowed[0] : { kind: "and", nodes: narrowed, partial };
    }
    case "Or": {
      const nodes: PlanNode[] = [];
      for (const operand of filter.operands) {
        const node = describeFilter(operand, collection);
        if (node === undefined) return undefined;
        if (node.kind !== "none") nodes.push(node);
      }
      if (nodes.length === 0) return { kind: "none" };
      return nodes.length === 1 ? nodes[0] : { kind: "or", nodes };
    }
    default:
      return undefined;
  }
}

/** Intermediate result: docId → id, and the docIds not known to match. */
interface Narrowed {
  ids: Map<number, string>;
  verify: Set<number>;
}

const empty = (): Narrowed => ({ ids: new Map(), verify: new Set() });

function intersect(a: Narrowed, b: Narrowed): Narrowed {
  const [small, large] = a.ids.size <= b.ids.size ? [a, b] : [b, a];
  const out = empty();
  for (const [docId, id] of small.ids) {
    if (!large.ids.has(docId)) continue;
    out.ids.set(docId, id);
    if (a.verify.has(docId) || b.verify.has(docId)) out.verify.add(docId);
  }
  return out;
}

/** A union member is certain when any part that holds it is certain about it. */
function unite(parts: Narrowed[]): Narrowed {
  const out = empty();
  const certain = new Set<number>();
  for (const part of parts) {
    for (const [docId, id] of part.ids) {
      out.ids.set(docId, id);
      if (!part.verify.has(docId)) certain.add(docId);
    }
  }
  for (const docId of out.ids.keys()) if (!certain.has(docId)) out.verify.add(docId);
  return out;
}

/** Cheap, selective nodes first so an And can stop as soon as its intersection is empty. */
function cost(node: PlanNode): number {
  if (node.kind === "ids" || node.kind === "none") return 0;
  if (node.kind === "lookup") return node.lookup.operator === "Equal" ? 1 : 3;
  return 2;
}

async function run(node: PlanNode, shard: PlanShard): Promise<Narrowed> {
  switch (node.kind) {
    case "none":
      return empty();
    case "lookup": {
      const out = empty();
      for await (const { id, docId } of shard.indexLookup(node.lookup)) {
        out.ids.set(docId, id);
        if (node.verify) out.verify.add(docId);
      }
      return out;
    }
    case "ids": {
      const out = empty();
      for (const record of await shard.getRecords(node.ids)) {
        if (record) out.ids.set(record.docId, record.object.id);
      }
      return out;
    }
    case "or":
      return unite(await Promise.all(node.nodes.map((child) => run(child, shard))));
    case "and": {
      const ordered = [...node.nodes].sort((a, b) => cost(a) - cost(b));
      let result: Narrowed | undefined;
      for (const child of ordered) {
        const next = await run(child, shard);
        result = result === undefined ? next : intersect(result, next);
        if (result.ids.size === 0) return result; // an empty superset is exact
      }
      const out = result ?? empty();
      if (node.partial) for (const docId of out.ids.keys()) out.verify.add(docId);
      return out;
    }
  }
}

/**
 * Narrows `filter` through `shard`'s inverted index. Undefined means it cannot be narrowed and
 * the caller must scan. The filter is expected to have passed `validateFilterAgainst`; an unknown
 * property or a malformed tree throws `unprocessable`.
 */
export async function planFilter(
  filter: Filter,
  collection: Collection,
  shard: PlanShard,
): Promise<FilterPlan | undefined> {
  assertFilterShape(filter);
  const node = describeFilter(filter, collection);
  if (node === undefined) return undefined;
  const result = await run(node, shard);
  const candidates = [...result.ids]
    .sort((a, b) => a[0] - b[0])
    .map(([docId, id]) => ({ id, docId }));
  return { candidates, exact: result.verify.size === 0, verify: result.verify };
}
