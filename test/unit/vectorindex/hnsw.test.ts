import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HnswIndex } from "../../../src/vectorindex/hnsw.ts";
import type { VectorIndexSettings } from "../../../src/vectorindex/index.ts";

const base: VectorIndexSettings = {
  kind: "hnsw",
  distance: "cosine",
  efConstruction: 64,
  maxConnections: 8,
  ef: -1,
  dynamicEfMin: 100,
  dynamicEfMax: 500,
  dynamicEfFactor: 8,
};

describe("HnswIndex search ef (reference §7.2)", () => {
  test("dynamic ef is k × factor clamped to [min, max], never below k", () => {
    const index = new HnswIndex(base);
    assert.equal(index.searchEf(5), 100);
    assert.equal(index.searchEf(20), 160);
    assert.equal(index.searchEf(100), 500);
    assert.equal(index.searchEf(800), 800);
  });

  test("a positive ef is used as is, and a settings update applies to the next search", () => {
    const index = new HnswIndex(base);
    index.updateSettings({ ...base, ef: 64 });
    assert.equal(index.searchEf(10), 64);
    assert.equal(index.searchEf(100), 100);
  });

  test("grows past its initial capacity and keeps finding every vector", () => {
    // l2 on points of a line with small wiggles: every point is its own unique nearest.
    const index = new HnswIndex({ ...base, distance: "l2-squared" });
    const vector = (i: number) => [i, i % 7, i % 13];
    for (let i = 0; i < 3000; i++) index.add(i, vector(i));
    assert.equal(index.size, 3000);
    for (const i of [0, 1500, 2999]) assert.equal(index.search(vector(i), 1).labels[0], i);
    index.remove(1500);
    index.remove(1500);
    assert.equal(index.size, 2999);
    assert.notEqual(index.search(vector(1500), 1).labels[0], 1500);
  });
});
