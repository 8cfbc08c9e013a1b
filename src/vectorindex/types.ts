import { unprocessable } from "../errors/index.ts";
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

/**
 * An index living in the calling thread, answering synchronously: HnswIndex (run inside the
 * vector thread) and FlatIndex.
 */
export interface LocalVectorIndex {
  /** Dimensions fixed by the first vector, undefined while empty and never loaded. */
  readonly dimensions: number | undefined;
  /** Live (not deleted) vectors. */
  readonly size: number;
  /** Adds a label that is not live (see VectorIndex.add). */
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

/**
 * One vector space of one shard, as a shard uses it: numeric labels in, nearest labels out.
 * Adds and removes return at once and are applied in call order; a search or save issued after
 * them sees them. Search and save may run on another thread, so they return promises.
 */
export interface VectorIndex {
  /** Dimensions fixed by the first vector, undefined while empty and never loaded. */
  readonly dimensions: number | undefined;
  /**
   * Adds a label that is not live: new, or removed before. Re-adding a live label is not
   * supported (HNSW may keep the old vector searchable under it and counts it twice); the shard
   * never does, since every version of an object gets a new label.
   */
  add(label: number, vector: readonly number[]): void;
  /** Removes a label; unknown labels are ignored (deletes are replayed after a crash). */
  remove(label: number): void;
  /** The k nearest labels, only among `allow` when given. */
  search(vector: readonly number[], k: number, allow?: ReadonlySet<number>): Promise<SearchHits>;
  /** Writes the index to `file`; the live vectors written, or undefined when it is rebuilt instead. */
  save(file: string): Promise<number | undefined>;
  /** Applies changed search settings (ef, dynamic ef); build settings are immutable. */
  updateSettings(settings: VectorIndexSettings): void;
  /** Resolves once at most `maxQueued` inserts wait to be applied (backpressure for imports). */
  drain(maxQueued: number): Promise<void>;
  /** Live (not deleted) vectors, counting every add and remove issued before the call (metrics). */
  size(): Promise<number>;
  /** Frees the index's memory. */
  close(): void;
}

/**
 * Every index refuses a vector whose length is not the one its first vector fixed, at once and
 * leaving the index unchanged (a length error surfacing later, on the vector thread, would be
 * an uncaught exception). Shards check lengths before they write; this is the index's own guard.
 */
export function checkDimensions(expected: number | undefined, vector: readonly number[]): void {
  if (expected !== undefined && expected !== vector.length) {
    throw unprocessable(`vector lengths don't match: ${vector.length} vs ${expected}`);
  }
}
