/**
 * What keyword and hybrid Gets share with vector search: reading hits' objects by shard, the
 * window (offset, limit, autocut on scores) and groupBy over scored hits.
 */
import type { Collection, GetParams, SearchHit, StoredObject } from "../domain/index.ts";
import { groupHits } from "./group.ts";
import { autocut } from "./near.ts";
import type { SearchShard } from "./ports.ts";
import type { SearchContext } from "./service.ts";

/** How many candidates a grouped search looks at, per group and object wanted. */
const GROUP_OVERFETCH = 10;

/** A hit known only by id and distance (the query selected nothing else). */
export function identityHit(collection: Collection, hit: { id: string; distance: number }): SearchHit {
  const object: StoredObject = {
    id: hit.id,
    className: collection.class,
    properties: {},
    vectors: {},
    creationTimeUnix: 0,
    lastUpdateTimeUnix: 0,
  };
  return { object, distance: hit.distance };
}

/** Reads the objects of hits found by id in known shards, one batched read per shard, in the hits' order. */
export async function readHitObjects(
  shards: readonly SearchShard[],
  found: ReadonlyArray<{ id: string; shard: number }>,
): Promise<Array<StoredObject | undefined>> {
  const byShard = new Map<number, number[]>();
  found.forEach((hit, position) => {
    const list = byShard.get(hit.shard) ?? [];
    list.push(position);
    byShard.set(hit.shard, list);
  });
  const objects: Array<StoredObject | undefined> = new Array(found.length);
  for (const [shard, positions] of byShard) {
    const records = await shards[shard]!.getRecords(positions.map((position) => found[position]!.id));
    positions.forEach((position, i) => {
      objects[position] = records[i]?.object;
    });
  }
  return objects;
}

/** How many candidates a grouped search (vector, keyword or hybrid) looks at. */
export function groupCandidates(params: GetParams): number {
  const { groups, objectsPerGroup } = params.groupBy!;
  return Math.max(groups * objectsPerGroup * GROUP_OVERFETCH, 100);
}

/** Hits with scores: windowed (offset, limit, autocut on the scores) unless grouped, read, grouped. */
export async function scoredHits(
  context: SearchContext,
  collection: Collection,
  params: GetParams,
  found: ReadonlyArray<{ id: string; shard: number; score: number; explainScore: string; distance?: number }>,
): Promise<SearchHit[]> {
  let window = params.groupBy ? found : found.slice(params.offset, params.offset + params.limit);
  if (params.autocut !== undefined && params.autocut > 0) {
    window = window.slice(0, autocut(window.map((hit) => -hit.score), params.autocut));
  }
  const shards = await context.shardsFor(collection, params.tenant);
  const objects =
    params.idsOnly && !params.groupBy && !params.group
      ? window.map((hit) => identityHit(collection, { id: hit.id, distance: 0 }).object)
      : await readHitObjects(shards, window);
  const hits: SearchHit[] = [];
  window.forEach((hit, position) => {
    const object = objects[position];
    if (object) hits.push({ object, score: hit.score, explainScore: hit.explainScore, distance: hit.distance });
  });
  return params.groupBy ? groupHits(hits, params.groupBy, collection) : hits;
}

