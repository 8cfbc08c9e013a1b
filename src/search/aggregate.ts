/**
 * Aggregate: count and per-property aggregations over the objects a filter and / or a vector
 * search select, as one group or grouped by a property's values.
 */
import {
  type AggregateGroup,
  type AggregateParams,
  type Collection,
  findProperty,
  type StoredObject,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { matchingEntries, matchingObjects } from "../filters/index.ts";
import { aggregateValues } from "./aggregate-math.ts";
import { queryVector } from "./get.ts";
import { groupValues } from "./group.ts";
import { hybridSearch } from "./hybrid.ts";
import { readHitObjects } from "./scored.ts";
import { checkCertainty, checkVectorLength, maxDistanceOf, nearestInShard, searchSpace } from "./near.ts";
import type { SearchContext } from "./service.ts";

async function selectByVector(
  context: SearchContext,
  collection: Collection,
  params: AggregateParams,
): Promise<StoredObject[]> {
  const near = params.near!;
  const maxDistance = maxDistanceOf(near);
  if (maxDistance === undefined && params.objectLimit === undefined) {
    throw unprocessable("must provide certainty or objectLimit with vector search");
  }
  const space = searchSpace(collection, near.targetVectors);
  checkCertainty(space, near.certainty !== undefined);
  const vector = await queryVector(context, collection, params, space.name);
  const shards = await context.shardsFor(collection, params.tenant);
  checkVectorLength(shards, space.name, vector);
  const objects: Array<{ object: StoredObject; distance: number }> = [];
  for (const shard of shards) {
    const k = params.objectLimit ?? shard.objectCount;
    const allowed = params.where ? await matchingEntries(shard, collection, params.where, context.refs) : undefined;
    const hits = (await nearestInShard(shard, space, vector, k, allowed)).filter(
      (hit) => maxDistance === undefined || hit.distance <= maxDistance,
    );
    const records = await shard.getRecords(hits.map((hit) => hit.id));
    records.forEach((record, i) => {
      if (record) objects.push({ object: record.object, distance: hits[i]!.distance });
    });
  }
  objects.sort((a, b) => a.distance - b.distance);
  const limited = params.objectLimit === undefined ? objects : objects.slice(0, params.objectLimit);
  return limited.map((entry) => entry.object);
}

/** The objects a hybrid search ranks first: objectLimit of them (QUERY_HYBRID_MAXIMUM_RESULTS without one). */
async function selectByHybrid(context: SearchContext, collection: Collection, params: AggregateParams): Promise<StoredObject[]> {
  if (params.near) throw unprocessable("conflict: both near<Media> and hybrid arguments present, choose one");
  const k = params.objectLimit ?? context.hybridCandidates;
  const fused = (await hybridSearch(context, collection, { search: params.hybrid!, where: params.where, tenant: params.tenant, k })).slice(0, k);
  const shards = await context.shardsFor(collection, params.tenant);
  const objects = await readHitObjects(shards, fused);
  return objects.filter((object): object is StoredObject => object !== undefined);
}

async function selectObjects(context: SearchContext, collection: Collection, params: AggregateParams): Promise<StoredObject[]> {
  if (params.hybrid) return selectByHybrid(context, collection, params);
  if (params.near) return selectByVector(context, collection, params);
  if (params.objectLimit !== undefined) {
    throw unprocessable("objectLimit can only be used with a near<Media> or hybrid filter");
  }
  const objects: StoredObject[] = [];
  for (const shard of await context.shardsFor(collection, params.tenant)) {
    for await (const { object } of matchingObjects(shard, collection, params.where, context.refs)) objects.push(object);
  }
  return objects;
}

function summarise(collection: Collection, params: AggregateParams, objects: readonly StoredObject[]) {
  const properties: AggregateGroup["properties"] = {};
  for (const wanted of params.properties) {
    const property = findProperty(collection.properties, wanted.name);
    if (!property) continue;
    const values = objects.map((object) => object.properties[property.name]);
    properties[wanted.name] = aggregateValues(property, values, { topOccurrencesLimit: wanted.topOccurrencesLimit });
  }
  return { count: objects.length, properties };
}

/** One group key per element of a stored value (arrays group by element, references by beacon). */
function groupEntries(raw: unknown): Array<[string, unknown]> {
  if (raw === undefined || raw === null) return [];
  const elements = (Array.isArray(raw) ? raw : [raw]).filter((element) => element !== null && element !== undefined);
  return elements.map((element) => {
    const beacon = element !== null && typeof element === "object" ? (element as { beacon?: unknown }).beacon : undefined;
    return [groupValues(element)[0]!, beacon ?? element];
  });
}

export async function runAggregate(context: SearchContext, params: AggregateParams): Promise<AggregateGroup[]> {
  const collection = context.requireCollection(params.className);
  if (params.groupBy && params.groupBy.length !== 1) {
    throw unprocessable("groupBy: path must have exactly one element, the property name");
  }
  const groupProperty = params.groupBy ? findProperty(collection.properties, params.groupBy[0]!) : undefined;
  if (params.groupBy && !groupProperty) {
    throw unprocessable(
      `could not find property '${params.groupBy[0]}' in class ${collection.class}: cannot group by it`,
    );
  }
  const objects = await selectObjects(context, collection, params);
  if (!groupProperty) return [summarise(collection, params, objects)];
  const groups = new Map<string, { stored: unknown; members: StoredObject[] }>();
  for (const object of objects) {
    for (const [value, stored] of groupEntries(object.properties[groupProperty.name])) {
      const group = groups.get(value) ?? { stored, members: [] };
      group.members.push(object);
      groups.set(value, group);
    }
  }
  // Largest groups first, as Weaviate orders them; ties by value for a stable answer.
  const ordered = [...groups.entries()].sort(
    (a, b) => b[1].members.length - a[1].members.length || (a[0] < b[0] ? -1 : 1),
  );
  const limited = params.limit === undefined ? ordered : ordered.slice(0, params.limit);
  return limited.map(([value, { stored, members }]) => ({
    groupedBy: { path: [groupProperty.name], value, stored },
    ...summarise(collection, params, members),
  }));
}
