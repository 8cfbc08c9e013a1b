/** Shared expectations about class JSON for the schema integration tests. */
import assert from "node:assert/strict";

export type Json = Record<string, unknown>;
export type ClassJson = Json & { class: string; properties: Json[] };

/** The value at `path` inside nested JSON objects, or undefined. */
export function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], value);
}

/** Class-level paths the v3 client refuses to deserialize a class without (clients.md §3). */
export const requiredPaths: readonly string[][] = [
  ["invertedIndexConfig", "cleanupIntervalSeconds"],
  ["invertedIndexConfig", "bm25", "b"],
  ["invertedIndexConfig", "bm25", "k1"],
  ["invertedIndexConfig", "stopwords"],
  ["replicationConfig", "factor"],
  ...["virtualPerPhysical", "desiredCount", "actualCount", "desiredVirtualCount", "actualVirtualCount"].map(
    (key) => ["shardingConfig", key],
  ),
  ["shardingConfig", "key"],
  ["shardingConfig", "strategy"],
  ["shardingConfig", "function"],
];

/** HNSW keys the v3 client requires in every hnsw vectorIndexConfig. */
export const requiredHnswKeys: readonly string[] = [
  "cleanupIntervalSeconds",
  "distance",
  "dynamicEfMin",
  "dynamicEfMax",
  "dynamicEfFactor",
  "ef",
  "efConstruction",
  "flatSearchCutoff",
  "maxConnections",
  "skip",
  "vectorCacheMaxObjects",
];

/** Asserts the class-level sections the v3 client needs are all present. */
export function assertClientReadable(body: unknown): void {
  for (const path of requiredPaths) assert.notEqual(at(body, ...path), undefined, path.join("."));
}

/** Asserts an hnsw vectorIndexConfig carries every key the v3 client needs. */
export function assertHnswComplete(config: unknown): void {
  for (const key of requiredHnswKeys) assert.notEqual(at(config, key), undefined, `vectorIndexConfig.${key}`);
}
