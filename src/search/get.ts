/**
 * Get: a listing (in UUID order; a filtered one in insertion order; or sorted, or by cursor) or a
 * vector search (nearVector / nearObject, optionally filtered, grouped or autocut) over a class's
 * shards.
 */
import {
  type Collection,
  type GetParams,
  objectComparator,
  type SearchHit,
  type StoredObject,
  vectorSpacesOf,
} from "../domain/index.ts";
import { notFound, unprocessable } from "../errors/index.ts";
import { matchingEntries, matchingObjects } from "../filters/index.ts";
import { checkCursor } from "./cursor.ts";
import { groupHits } from "./group.ts";
import { groupResults } from "./group-merge.ts";
import { hybridGet } from "./hybrid.ts";
import { keywordSearch } from "./keyword.ts";
import { groupCandidates, identityHit, readHitObjects, scoredHits } from "./scored.ts";
import {
  autocut,
  certaintyOf,
  checkCertainty,
  checkVectorLength,
  maxDistanceOf,
  nearestInShard,
  type ScoredLabel,
  searchSpace,
} from "./near.ts";
import type { SearchShard } from "./ports.ts";
import type { SearchContext } from "./service.ts";

const byId = (a: StoredObject, b: StoredObject) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The first `limit` objects in uuid order after `after` over every shard (Weaviate's objects bucket order). */
async function listByUuid(shards: SearchShard[], limit: number, after?: string): Promise<StoredObject[]> {
  const all: StoredObject[] = [];
  for (const shard of shards) all.push(...(await shard.list({ after, limit })));
  if (shards.length > 1) all.sort(byId);
  return all.slice(0, limit);
}

async function listInOrder(context: SearchContext, collection: Collection, params: GetParams): Promise<SearchHit[]> {
  const shards = await context.shardsFor(collection, params.tenant);
  if (params.after !== undefined) {
    // The cursor continues the uuid order across shards, as Weaviate's does.
    const objects = await listByUuid(shards, params.limit, params.after);
    return objects.map((object) => ({ object }));
  }
  if (params.sort) {
    const compare = objectComparator(params.sort, [collection]);
    const all: StoredObject[] = [];
    for (const shard of shards) {
      for await (const { object } of matchingObjects(shard, collection, params.where, context.refs)) all.push(object);
    }
    all.sort(compare);
    return all.slice(params.offset, params.offset + params.limit).map((object) => ({ object }));
  }
  if (!params.where) {
    // Like Weaviate (which walks its objects bucket), an unfiltered listing is in UUID order:
    // the cursor's first page is this listing, the next pages continue with `after`.
    const objects = await listByUuid(shards, params.offset + params.limit);
    return objects.slice(params.offset).map((object) => ({ object }));
  }
  // Filtered results come in insertion (docId) order, as Weaviate's allow-lists do; over several
  // shards, each shard's first offset+limit matches are merged in uuid order (as Weaviate does).
  const window = params.offset + params.limit;
  const matches: StoredObject[] = [];
  for (const shard of shards) {
    let taken = 0;
    for await (const { object } of matchingObjects(shard, collection, params.where, context.refs)) {
      if (taken++ >= window) break;
      matches.push(object);
    }
  }
  if (shards.length > 1) matches.sort(byId);
  return matches.slice(params.offset, window).map((object) => ({ object }));
}

/** The query vector: the literal one, or the stored object's vector in the searched space. */
export async function queryVector(
  context: SearchContext,
  collection: Collection,
  params: Pick<GetParams, "near" | "tenant">,
  spaceName: string,
): Promise<number[]> {
  const target = params.near!.target;
  if (target.kind === "vector") return target.vector;
  const owner = target.className ? context.catalog.get(target.className) : collection;
  if (!owner) throw unprocessable(`nearObject: class ${target.className} does not exist`);
  const tenant = owner.multiTenancyConfig.enabled ? params.tenant : undefined;
  for (const shard of await context.shardsFor(owner, tenant)) {
    const [record] = await shard.getRecords([target.id]);
    if (!record) continue;
    const vector = record.object.vectors[spaceName];
    if (!vector) throw unprocessable(`nearObject: object ${target.id} has no vector to search with`);
    return vector;
  }
  throw notFound(`nearObject: no object with id '${target.id}' found in class ${owner.class}`);
}

async function vectorSearch(context: SearchContext, collection: Collection, params: GetParams): Promise<SearchHit[]> {
  const near = params.near!;
  const space = searchSpace(collection, near.targetVectors);
  checkCertainty(space, params.wantsCertainty === true || near.certainty !== undefined);
  const vector = await queryVector(context, collection, params, space.name);
  const shards = await context.shardsFor(collection, params.tenant);
  checkVectorLength(shards, space.name, vector);
  const k = params.groupBy ? groupCandidates(params) : params.offset + params.limit;
  const maxDistance = maxDistanceOf(near);
  const scored: Array<ScoredLabel & { shard: number }> = [];
  for (const [index, shard] of shards.entries()) {
    const allowed = params.where ? await matchingEntries(shard, collection, params.where, context.refs) : undefined;
    for (const hit of await nearestInShard(shard, space, vector, k, allowed)) {
      if (maxDistance === undefined || hit.distance <= maxDistance) scored.push({ ...hit, shard: index });
    }
  }
  scored.sort((a, b) => a.distance - b.distance);
  let window = params.groupBy ? scored : scored.slice(params.offset, params.offset + params.limit);
  if (params.autocut !== undefined && params.autocut > 0) {
    window = window.slice(0, autocut(window.map((hit) => hit.distance), params.autocut));
  }
  // The grouper compares vectors, so with `group` the objects are read even for ids only.
  const hits =
    params.idsOnly && !params.groupBy && !params.group ? window.map((hit) => identityHit(collection, hit)) : await resolveHits(shards, window);
  for (const hit of hits) hit.certainty = certaintyOf(space, hit.distance!);
  return params.groupBy ? groupHits(hits, params.groupBy, collection) : hits;
}

/** One search kind per query, as Weaviate's explorer and resolver check, in their words. */
function checkSearchCombination(params: GetParams): void {
  if (params.keyword && params.near) {
    throw unprocessable("conflict: both near<Media> and keyword-based (bm25) arguments present, choose one");
  }
  if (params.hybrid && params.near) throw unprocessable("conflict: both near<Media> and hybrid arguments present, choose one");
  if (params.keyword && params.hybrid) throw unprocessable("conflict: both bm25 and hybrid arguments present, choose one");
  if (params.sort && params.keyword) throw unprocessable("bm25 search is not compatible with sort");
  if (params.sort && params.hybrid) throw unprocessable("hybrid search is not compatible with sort");
}

async function keywordGet(context: SearchContext, collection: Collection, params: GetParams): Promise<SearchHit[]> {
  const k = params.groupBy ? groupCandidates(params) : params.offset + params.limit;
  const found = await keywordSearch(context, collection, { search: params.keyword!, where: params.where, tenant: params.tenant, k });
  return scoredHits(context, collection, params, found);
}

/** Reads the objects of scored labels, keeping the order. */
async function resolveHits(
  shards: SearchShard[],
  scored: ReadonlyArray<ScoredLabel & { shard: number }>,
): Promise<SearchHit[]> {
  const objects = await readHitObjects(shards, scored);
  const hits: SearchHit[] = [];
  scored.forEach((hit, position) => {
    const object = objects[position];
    if (object) hits.push({ object, distance: hit.distance });
  });
  return hits;
}

export async function runGet(context: SearchContext, request: GetParams): Promise<SearchHit[]> {
  const collection = context.requireCollection(request.className);
  const params = request.after === undefined ? request : { ...request, after: checkCursor({ ...request, after: request.after }) };
  if (params.limit === 0) return [];
  const hits = await findHits(context, collection, params);
  return params.group && !params.groupBy ? groupResults(hits, params.group, collection) : hits;
}

async function findHits(context: SearchContext, collection: Collection, params: GetParams): Promise<SearchHit[]> {
  checkSearchCombination(params);
  if (params.keyword) return keywordGet(context, collection, params);
  if (params.hybrid) return hybridGet(context, collection, params);
  if (params.near) return vectorSearch(context, collection, params);
  if (params.wantsCertainty) {
    // Without a vector search there is nothing to be certain about, but a class whose one vector
    // space is not cosine still refuses the field, as Weaviate does.
    const [only, second] = vectorSpacesOf(collection);
    if (only && !second) checkCertainty(only, true);
  }
  return listInOrder(context, collection, params);
}
