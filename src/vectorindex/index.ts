/**
 * Vector indexes: hnswlib-node for cosine / dot / l2-squared, run on the vector thread; exact
 * search for the rest, inline.
 */
import { FlatIndex } from "./flat.ts";
import { isHnswMetric } from "./hnsw.ts";
import { InlineIndex } from "./inline.ts";
import { ThreadedIndex } from "./threaded.ts";
import type { VectorIndex, VectorIndexSettings } from "./types.ts";

export type { SearchHits, VectorIndex, VectorIndexSettings } from "./types.ts";

/** A new, empty index for the settings. */
export function createVectorIndex(settings: VectorIndexSettings): VectorIndex {
  return settings.kind === "hnsw" && isHnswMetric(settings.distance)
    ? ThreadedIndex.create(settings)
    : new InlineIndex(new FlatIndex(settings));
}

/** Loads a saved index file written by `save`. */
export function loadVectorIndex(
  settings: VectorIndexSettings,
  file: string,
  dims: number,
  live: number,
): Promise<VectorIndex> {
  return ThreadedIndex.load(settings, file, dims, live);
}
