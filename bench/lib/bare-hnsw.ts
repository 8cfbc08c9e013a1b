/** Bare hnswlib-node, in this process, built as the service builds its index. */
import hnswlib from "hnswlib-node";
import { recallAtK } from "./ground-truth.ts";
import { EF_CONSTRUCTION, K, M } from "./query-settings.ts";
import { type Measured, secondsSince, summarize } from "./stats.ts";

export type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** A cosine index of `vectors` (label = position) with the service's M and efConstruction, searching with `ef`. */
export function buildBare(vectors: readonly number[][], dims: number, ef: number): { index: Hnsw; seconds: number } {
  const index = new hnswlib.HierarchicalNSW("cosine", dims);
  index.initIndex({ maxElements: 1024, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 100, allowReplaceDeleted: true });
  const started = performance.now();
  vectors.forEach((vector, i) => {
    if (index.getCurrentCount() >= index.getMaxElements()) index.resizeIndex(index.getMaxElements() * 2);
    index.addPoint(vector, i, true);
  });
  index.setEf(ef);
  return { index, seconds: secondsSince(started) };
}

/** Single-threaded `searchKnn(q, K)` over the queries, after the warm-up ones. */
export function measureBare(
  index: Hnsw,
  queries: readonly number[][],
  warmup: readonly number[][],
  truth: Int32Array[],
): Measured {
  for (const q of warmup) index.searchKnn(q, K);
  const latencies: number[] = [];
  const results: number[][] = [];
  const started = performance.now();
  for (const q of queries) {
    const t0 = performance.now();
    const { neighbors } = index.searchKnn(q, K);
    latencies.push(performance.now() - t0);
    results.push(neighbors);
  }
  return { summary: summarize(latencies, secondsSince(started)), recall: recallAtK(results, truth, K) };
}
