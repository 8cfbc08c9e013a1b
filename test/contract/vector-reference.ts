/**
 * What the vector index contract checks results against: seeded test vectors and a brute-force
 * k-nearest search with the metrics written out here, independently of src/domain/distance.ts
 * (the flat index uses that one, so checking it against itself could not fail).
 */
import assert from "node:assert/strict";
import type { DistanceMetric } from "../../src/config/index.ts";
import type { SearchHits } from "../../src/vectorindex/index.ts";

/** A seeded generator (mulberry32), so a failure reproduces with the same vectors. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Vectors for a metric. Components are multiples of 1/64 in [-1, 1], exact in float32, so the
 * indexes' float32 arithmetic and this file's float64 one agree closely; hamming gets small
 * integers, since it counts differing components and random floats would all differ.
 */
export function vectorSource(metric: DistanceMetric, dims: number, seed: number): () => number[] {
  const random = seededRandom(seed);
  const component =
    metric === "hamming" ? () => Math.floor(random() * 3) : () => (Math.floor(random() * 129) - 64) / 64;
  return () => {
    const vector = Array.from({ length: dims }, component);
    // Cosine of a zero vector is undefined; no index has to agree on it.
    if (metric === "cosine" && !vector.some((x) => x !== 0)) vector[0] = 1;
    return vector;
  };
}

/** Weaviate's definitions (lower is closer): cosine 1 − cos, dot −a·b, squared l2, l1, count of differences. */
export function referenceDistance(metric: DistanceMetric, a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  let l2 = 0;
  let l1 = 0;
  let differing = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    dot += x * y;
    aa += x * x;
    bb += y * y;
    l2 += (x - y) ** 2;
    l1 += Math.abs(x - y);
    if (x !== y) differing++;
  });
  switch (metric) {
    case "cosine":
      return 1 - dot / Math.sqrt(aa * bb);
    case "dot":
      return -dot;
    case "l2-squared":
      return l2;
    case "manhattan":
      return l1;
    case "hamming":
      return differing;
  }
}

/** float32 storage and hnswlib's own arithmetic differ from float64 by this much at most. */
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected));

/** The live vectors the test has put into an index, as it expects the index to hold them. */
export type Expected = ReadonlyMap<number, readonly number[]>;

export interface NearestCheck {
  metric: DistanceMetric;
  expected: Expected;
  query: readonly number[];
  k: number;
  allow?: ReadonlySet<number>;
  /** Exact search must return the true top-k distances; approximate search is scored instead. */
  exact: boolean;
}

/**
 * Asserts what holds for every index, exact or not: as many hits as k and the candidates allow,
 * distinct live allowed labels, each with its true distance (so a stale vector under a label
 * fails), nearest first. Exact search must match the brute-force top-k distances one by one
 * (distances, not labels: ties may come in any order). Returns the recall: the share of hits
 * within the true k-th distance, which counts ties fairly.
 */
export function checkNearest(hits: SearchHits, check: NearestCheck): number {
  const { metric, expected, query, k, allow } = check;
  const candidates = [...expected].filter(([label]) => !allow || allow.has(label));
  const truth = candidates.map(([, vector]) => referenceDistance(metric, query, vector)).sort((a, b) => a - b);
  const want = Math.max(0, Math.min(k, candidates.length));
  assert.equal(hits.labels.length, hits.distances.length, "one distance per label");
  assert.equal(hits.labels.length, want, `expected ${want} hits, got ${hits.labels.length}`);
  assert.equal(new Set(hits.labels).size, hits.labels.length, `duplicate labels: ${hits.labels}`);
  hits.labels.forEach((label, i) => {
    const vector = expected.get(label);
    assert.ok(vector, `label ${label} is not live`);
    assert.ok(!allow || allow.has(label), `label ${label} is not in the allow-list`);
    const distance = hits.distances[i]!;
    const trueDistance = referenceDistance(metric, query, vector);
    assert.ok(close(distance, trueDistance), `label ${label}: ${metric} distance ${distance}, expected ${trueDistance}`);
    if (metric === "cosine") assert.ok(distance >= 0, `cosine distance below 0: ${distance}`);
    if (i > 0) assert.ok(distance >= hits.distances[i - 1]! - 1e-6, `not nearest first: ${hits.distances}`);
  });
  if (check.exact) {
    hits.distances.forEach((distance, i) => {
      assert.ok(close(distance, truth[i]!), `hit ${i}: distance ${distance}, the true one is ${truth[i]}`);
    });
  }
  if (want === 0) return 1;
  const kth = truth[want - 1]!;
  return hits.distances.filter((distance) => distance <= kth || close(distance, kth)).length / want;
}
