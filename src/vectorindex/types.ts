import type { DistanceMetric } from "../config/index.ts";

/** Settings a vector index honours (from a collection's vectorIndexConfig). */
export interface VectorIndexSettings {
  /** "exact" searches every vector (flat indexes, and metrics hnswlib lacks). */
  kind: "hnsw" | "exact";
  distance: DistanceMetric;
  efConstruction: number;
  maxConnections: number;
  /** -1 = dynamic: clamp(k × dynamicEfFactor, dynamicEfMin, dynamicEfMax), never below k. */
  ef: number;
  dynamicEfMin: number;
  dynamicEfMax: number;
  dynamicEfFactor: number;
}

export interface SearchHits {
  labels: number[];
  /** Distances in Weaviate's definition of the metric (lower is closer). */
  distances: number[];
}

/** One vector space of one shard: numeric labels in, nearest labels out. */
export interface VectorIndex {
  /** Dimensions fixed by the first vector, undefined while empty and never loaded. */
  readonly dimensions: number | undefined;
  /** Live (not deleted) vectors. */
  readonly size: number;
  add(label: number, vector: readonly number[]): void;
  /** Removes a label; unknown labels are ignored (deletes are replayed after a crash). */
  remove(label: number): void;
  search(vector: readonly number[], k: number, allow?: (label: number) => boolean): SearchHits;
  /** Writes the index to `file`; false when this kind of index is rebuilt instead of saved. */
  save(file: string): boolean;
  /** Applies changed search settings (ef, dynamic ef); build settings are immutable. */
  updateSettings(settings: VectorIndexSettings): void;
  /** Frees native memory. */
  close(): void;
}
