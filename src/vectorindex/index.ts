/** Vector indexes: hnswlib-node for cosine / dot / l2-squared, exact search for the rest. */
import { FlatIndex } from "./flat.ts";
import { HnswIndex, isHnswMetric } from "./hnsw.ts";
import type { VectorIndex, VectorIndexSettings } from "./types.ts";

export { distanceFunction } from "../domain/distance.ts";
export type { SearchHits, VectorIndex, VectorIndexSettings } from "./types.ts";

/** A new, empty index for the settings. */
export function createVectorIndex(settings: VectorIndexSettings): VectorIndex {
  return settings.kind === "hnsw" && isHnswMetric(settings.distance)
    ? new HnswIndex(settings)
    : new FlatIndex(settings);
}

/** Loads a saved index file written by `save`. */
export function loadVectorIndex(
  settings: VectorIndexSettings,
  file: string,
  dims: number,
  live: number,
): VectorIndex {
  return HnswIndex.load(settings, file, dims, live);
}
