/**
 * Executes where filters over a shard: the planner narrows through the inverted index, the
 * compiled predicate (matchesFilter, plus reference paths resolved through the target
 * collections) checks whatever the index could not vouch for, and a filter the index cannot
 * narrow at all falls back to a scan in docId order.
 */
import {
  type Collection,
  type ComparisonFilter,
  type Filter,
  parseBeacon,
  type StoredObject,
} from "../domain/index.ts";
import { matchesFilter, requireProperty } from "./match.ts";
import { assertFilterShape, type FilterPlan, planFilter } from "./plan.ts";
import type { FilterRefs, FilterShard, LabelledObject } from "./ports.ts";

export type ObjectPredicate = (object: StoredObject) => boolean;

const FETCH_CHUNK = 512;

/** The (class, id) pairs an object's reference property points to; malformed entries are skipped. */
function referencesOf(raw: unknown): Array<{ className?: string; id: string }> {
  if (!Array.isArray(raw)) return [];
  const out: Array<{ className?: string; id: string }> = [];
  for (const entry of raw) {
    if (typeof entry !== "object" || entry === null) continue;
    const target = parseBeacon((entry as { beacon?: unknown }).beacon);
    if (typeof target !== "string") out.push(target);
  }
  return out;
}

/**
 * A clause through a reference (`["hasAuthor","Author","name"]`): the inner clause runs as a
 * filter over the target collection (narrowed there too), and an object matches when one of its
 * references points to a matching target of that class. Class-less (legacy) beacons count when
 * their id is among the matches.
 */
async function compileReferenceClause(
  clause: ComparisonFilter,
  collection: Collection,
  refs: FilterRefs,
): Promise<ObjectPredicate> {
  const [head, targetName, ...rest] = clause.path as [string, string, ...string[]];
  const property = requireProperty(collection, head);
  const target = refs.collection(targetName);
  if (!target) return () => false;
  const inner: ComparisonFilter = { ...clause, path: rest };
  const ids = new Set<string>();
  for (const shard of refs.shards(target.class)) {
    await collectMatches(shard, target, inner, refs, (id) => ids.add(id));
  }
  if (ids.size === 0) return () => false;
  const className = target.class.toLowerCase();
  return (object) =>
    referencesOf(object.properties[property.name]).some(
      (ref) => (ref.className === undefined || ref.className.toLowerCase() === className) && ids.has(ref.id),
    );
}

async function compileNode(filter: Filter, collection: Collection, refs: FilterRefs): Promise<ObjectPredicate> {
  if (filter.kind === "compare") {
    if (filter.path.length > 1) return compileReferenceClause(filter, collection, refs);
    return (object) => matchesFilter(filter, object, collection);
  }
  const parts = await Promise.all(filter.operands.map((operand) => compileNode(operand, collection, refs)));
  switch (filter.operator) {
    case "And":
      return (object) => parts.every((part) => part(object));
    case "Or":
      return (object) => parts.some((part) => part(object));
    default: {
      const [operand] = parts;
      return operand === undefined ? () => false : (object) => !operand(object);
    }
  }
}

/**
 * The full predicate of `filter` over objects of `collection`: `matchesFilter` semantics, with
 * reference paths (any depth) resolved up front into the sets of matching target ids.
 */
export async function compilePredicate(
  filter: Filter,
  collection: Collection,
  refs: FilterRefs,
): Promise<ObjectPredicate> {
  assertFilterShape(filter);
  return compileNode(filter, collection, refs);
}

/** Compiles the predicate on first use only: exact plans never need it. */
function lazyPredicate(filter: Filter, collection: Collection, refs: FilterRefs) {
  let compiled: Promise<ObjectPredicate> | undefined;
  return () => {
    compiled ??= compilePredicate(filter, collection, refs);
    return compiled;
  };
}

/**
 * Walks the plan's candidates in docId order, fetching records only where needed (`needObjects`,
 * or a candidate the index cannot vouch for). A record whose docId moved since the lookup (it was
 * replaced meanwhile) is re-checked.
 */
async function* planMatches(
  shard: FilterShard,
  plan: FilterPlan,
  predicate: () => Promise<ObjectPredicate>,
  needObjects: boolean,
): AsyncIterable<{ id: string; docId: number; object?: StoredObject }> {
  const { candidates, verify } = plan;
  for (let start = 0; start < candidates.length; start += FETCH_CHUNK) {
    const chunk = candidates.slice(start, start + FETCH_CHUNK);
    const fetch = needObjects ? chunk : chunk.filter((candidate) => verify.has(candidate.docId));
    const records = fetch.length > 0 ? await shard.getRecords(fetch.map((candidate) => candidate.id)) : [];
    const byDocId = new Map<number, LabelledObject | undefined>(
      fetch.map((candidate, i) => [candidate.docId, records[i]]),
    );
    for (const candidate of chunk) {
      if (!byDocId.has(candidate.docId)) {
        yield candidate;
        continue;
      }
      const record = byDocId.get(candidate.docId);
      if (!record) continue; // deleted since the lookup
      const certain = !verify.has(candidate.docId) && record.docId === candidate.docId;
      if (certain || (await predicate())(record.object)) {
        yield { id: record.object.id, docId: record.docId, object: record.object };
      }
    }
  }
}

async function* scanMatches(
  shard: FilterShard,
  predicate: ObjectPredicate | undefined,
): AsyncIterable<{ id: string; docId: number; object: StoredObject }> {
  for await (const { object, docId } of shard.scanByDocId()) {
    if (!predicate || predicate(object)) yield { id: object.id, docId, object };
  }
}

async function* matches(
  shard: FilterShard,
  collection: Collection,
  filter: Filter | undefined,
  refs: FilterRefs,
  needObjects: boolean,
): AsyncIterable<{ id: string; docId: number; object?: StoredObject }> {
  if (filter === undefined) {
    yield* scanMatches(shard, undefined);
    return;
  }
  const predicate = lazyPredicate(filter, collection, refs);
  const plan = await planFilter(filter, collection, shard);
  if (plan) yield* planMatches(shard, plan, predicate, needObjects);
  else yield* scanMatches(shard, await predicate());
}

async function collectMatches(
  shard: FilterShard,
  collection: Collection,
  filter: Filter | undefined,
  refs: FilterRefs,
  add: (id: string, docId: number) => void,
): Promise<void> {
  for await (const { id, docId } of matches(shard, collection, filter, refs, false)) add(id, docId);
}

/**
 * Every object of `shard` matching `filter` (all objects without one), with its docId, in docId
 * (insertion) order. Uses the index plan when there is one; otherwise scans.
 */
export async function* matchingObjects(
  shard: FilterShard,
  collection: Collection,
  filter: Filter | undefined,
  refs: FilterRefs,
): AsyncIterable<LabelledObject> {
  for await (const match of matches(shard, collection, filter, refs, true)) {
    // needObjects: every yielded match carries its object.
    if (match.object) yield { object: match.object, docId: match.docId };
  }
}

/**
 * The objects matching `filter` as (id, docId) pairs, in docId order: the allow-list of a filtered
 * vector search. With an exact plan no object record is read.
 */
export async function matchingEntries(
  shard: FilterShard,
  collection: Collection,
  filter: Filter | undefined,
  refs: FilterRefs,
): Promise<Array<{ id: string; docId: number }>> {
  const entries: Array<{ id: string; docId: number }> = [];
  await collectMatches(shard, collection, filter, refs, (id, docId) => entries.push({ id, docId }));
  return entries;
}

/** The docIds (vector labels) of the objects matching `filter`; exact plans read no records. */
export async function matchingLabels(
  shard: FilterShard,
  collection: Collection,
  filter: Filter | undefined,
  refs: FilterRefs,
): Promise<Set<number>> {
  const labels = new Set<number>();
  await collectMatches(shard, collection, filter, refs, (_id, docId) => labels.add(docId));
  return labels;
}

/** The ids of the objects matching `filter`; like matchingLabels, exact plans read no records. */
export async function matchingIds(
  shard: FilterShard,
  collection: Collection,
  filter: Filter | undefined,
  refs: FilterRefs,
): Promise<Set<string>> {
  const ids = new Set<string>();
  await collectMatches(shard, collection, filter, refs, (id) => ids.add(id));
  return ids;
}
