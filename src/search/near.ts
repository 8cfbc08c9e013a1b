/**
 * Vector search for Get, Aggregate and Explore: which vector space, which query vector
 * (literal, or a stored object's), distance / certainty thresholds, and the search itself —
 * HNSW with the filter's allow-list, or exact over the allowed objects when they are few
 * (fewer than the space's flatSearchCutoff, as Weaviate decides).
 */
import {
  type Collection,
  distanceFunction,
  LEGACY_VECTOR,
  type NearSearch,
  type VectorSpace,
  vectorSpacesOf,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import type { SearchShard } from "./ports.ts";

export interface ResolvedNear {
  space: VectorSpace;
  vector: number[];
  /** Largest distance kept, from `distance` or `certainty`. */
  maxDistance?: number;
}

/** The vector space a near search runs in: the named target, or the class's only space. */
export function searchSpace(collection: Collection, targetVectors: readonly string[] | undefined): VectorSpace {
  const spaces = vectorSpacesOf(collection);
  if (targetVectors && targetVectors.length > 1) {
    throw unprocessable("multiple target vectors are not supported: give one name in targetVectors");
  }
  const wanted = targetVectors?.[0];
  if (wanted !== undefined) {
    const space = spaces.find((candidate) => candidate.name === wanted && wanted !== LEGACY_VECTOR);
    if (!space) {
      const names = spaces.map((candidate) => candidate.name).filter((name) => name !== LEGACY_VECTOR);
      throw unprocessable(
        `targetVector '${wanted}' not found in class ${collection.class}: available named vectors: [${names.join(", ")}]`,
      );
    }
    return space;
  }
  const [first, second] = spaces;
  if (!first) throw unprocessable(`class ${collection.class} has no vector index to search`);
  if (second) {
    throw unprocessable(
      `class ${collection.class} has multiple vectors, but no target vector was provided: ` +
        "name one in targetVectors",
    );
  }
  return first;
}

/** Refuses certainty (argument or `_additional`) on a space that is not cosine. */
export function checkCertainty(space: VectorSpace, asked: boolean): void {
  if (asked && space.config.distance !== "cosine") {
    throw unprocessable(
      `can't compute and return certainty when vector index is configured with ${space.config.distance} distance`,
    );
  }
}

export function maxDistanceOf(near: NearSearch): number | undefined {
  if (near.distance !== undefined) return near.distance;
  if (near.certainty !== undefined) return (1 - near.certainty) * 2;
  return undefined;
}

export function certaintyOf(space: VectorSpace, distance: number): number | undefined {
  return space.config.distance === "cosine" ? 1 - distance / 2 : undefined;
}

export function checkVectorLength(shards: readonly SearchShard[], space: string, vector: readonly number[]): void {
  for (const shard of shards) {
    const dims = shard.dimensions(space);
    if (dims !== undefined && dims !== vector.length) {
      throw unprocessable(`vector lengths don't match: ${vector.length} vs ${dims}`);
    }
  }
}

export interface ScoredLabel {
  id: string;
  distance: number;
}

const RECORD_CHUNK = 512;

/**
 * The k nearest objects of one shard. `allowed` (the objects a filter matched) restricts the
 * search; when it holds no more than the space's flatSearchCutoff objects they are compared
 * exactly instead (read by id, the filter is not run again), which is both faster and exact for
 * small sets. Larger sets go to HNSW as an allow-list of vector labels.
 */
export async function nearestInShard(
  shard: SearchShard,
  space: VectorSpace,
  vector: number[],
  k: number,
  allowed: ReadonlyArray<{ id: string; docId: number }> | undefined,
): Promise<ScoredLabel[]> {
  if (k <= 0) return [];
  const cutoff = typeof space.config.flatSearchCutoff === "number" ? space.config.flatSearchCutoff : 40_000;
  if (allowed !== undefined && allowed.length <= cutoff) {
    const distance = distanceFunction(space.config.distance);
    const scored: ScoredLabel[] = [];
    for (let start = 0; start < allowed.length; start += RECORD_CHUNK) {
      const ids = allowed.slice(start, start + RECORD_CHUNK).map((entry) => entry.id);
      for (const record of await shard.getRecords(ids)) {
        const stored = record?.object.vectors[space.name];
        if (stored && stored.length === vector.length) {
          scored.push({ id: record.object.id, distance: distance(vector, stored) });
        }
      }
    }
    scored.sort((a, b) => a.distance - b.distance);
    return scored.slice(0, k);
  }
  const labels = allowed ? new Set(allowed.map((entry) => entry.docId)) : undefined;
  const hits = await shard.nearest(space.name, vector, k, labels);
  return hits.map((hit) => ({ id: hit.id, distance: hit.distance }));
}

/**
 * Autocut: keeps results up to the `jumps`-th jump in distance. Distances are normalised to 0..1
 * and compared with a straight line; a jump is a local peak of the difference.
 */
export function autocut(distances: readonly number[], jumps: number): number {
  const n = distances.length;
  if (jumps <= 0 || n <= 1) return n;
  const first = distances[0]!;
  const span = distances[n - 1]! - first;
  if (span <= 0) return n;
  const diff = distances.map((d, i) => (d - first) / span - i / (n - 1));
  let seen = 0;
  for (let i = 1; i < n - 1; i++) {
    if (diff[i]! > diff[i - 1]! && diff[i]! >= diff[i + 1]!) {
      seen++;
      if (seen >= jumps) return i;
    }
  }
  return n;
}
