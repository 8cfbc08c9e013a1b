/**
 * Explore: one vector search across every class, merged by distance. All searched classes must
 * share one distance metric (distances of different metrics cannot be compared); classes whose
 * vectors have another length than the query are left out.
 */
import { type Collection, type ExploreHit, type ExploreParams, LEGACY_VECTOR, type VectorSpace, vectorSpacesOf } from "../domain/index.ts";
import { notFound, unprocessable } from "../errors/index.ts";
import { maxDistanceOf } from "./near.ts";
import type { SearchContext } from "./service.ts";

/** The space Explore searches in a class: the legacy vector, or its only named vector. */
function exploreSpace(collection: Collection): VectorSpace | undefined {
  const spaces = vectorSpacesOf(collection);
  return spaces.find((space) => space.name === LEGACY_VECTOR) ?? (spaces.length === 1 ? spaces[0] : undefined);
}

async function exploreVector(context: SearchContext, params: ExploreParams, searched: Array<{ collection: Collection; space: VectorSpace }>) {
  const target = params.near.target;
  if (target.kind === "vector") return target.vector;
  const candidates = target.className
    ? searched.filter((entry) => entry.collection.class.toLowerCase() === target.className!.toLowerCase())
    : searched;
  for (const { collection, space } of candidates) {
    for (const shard of await context.shardsFor(collection, undefined)) {
      const [record] = await shard.getRecords([target.id]);
      const vector = record?.object.vectors[space.name];
      if (vector) return vector;
    }
  }
  throw notFound(`nearObject: no object with id '${target.id}' found`);
}

export async function runExplore(context: SearchContext, params: ExploreParams): Promise<ExploreHit[]> {
  const searched = context.catalog
    .list()
    .filter((collection) => !collection.multiTenancyConfig.enabled)
    .flatMap((collection) => {
      const space = exploreSpace(collection);
      return space ? [{ collection, space }] : [];
    });
  const metrics = [...new Set(searched.map((entry) => entry.space.config.distance))];
  if (metrics.length > 1) {
    throw unprocessable(`vector search across classes not possible: found different distance metrics: ${metrics.join(", ")}`);
  }
  if (params.near.certainty !== undefined && metrics[0] !== undefined && metrics[0] !== "cosine") {
    throw unprocessable(`can't compute and return certainty when vector index is configured with ${metrics[0]} distance`);
  }
  const vector = await exploreVector(context, params, searched);
  const maxDistance = maxDistanceOf(params.near);
  const k = params.offset + params.limit;
  const hits: ExploreHit[] = [];
  for (const { collection, space } of searched) {
    for (const shard of await context.shardsFor(collection, undefined)) {
      const dims = shard.dimensions(space.name);
      if (dims !== undefined && dims !== vector.length) continue;
      for (const hit of await shard.nearest(space.name, vector, k)) {
        if (maxDistance === undefined || hit.distance <= maxDistance) {
          const certainty = space.config.distance === "cosine" ? 1 - hit.distance / 2 : undefined;
          hits.push({ className: collection.class, id: hit.id, distance: hit.distance, certainty });
        }
      }
    }
  }
  hits.sort((a, b) => a.distance - b.distance);
  return hits.slice(params.offset, params.offset + params.limit);
}
