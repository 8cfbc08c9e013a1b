/**
 * The vector index contract (test/contract/vector-index.contract.ts) on every implementation of
 * the VectorIndex port, with the real hnswlib. InlineIndex over HnswIndex and over FlatIndex
 * also covers the two LocalVectorIndex implementations, since InlineIndex only passes calls on.
 */
import assert from "node:assert/strict";
import { createVectorIndex, loadVectorIndex } from "../../src/vectorindex/index.ts";
import { HnswIndex } from "../../src/vectorindex/hnsw.ts";
import { InlineIndex } from "../../src/vectorindex/inline.ts";
import { ThreadedIndex } from "../../src/vectorindex/threaded.ts";
import type { VectorIndexSettings } from "../../src/vectorindex/types.ts";
import { vectorIndexContract } from "../contract/vector-index.contract.ts";

/** createVectorIndex, checked to have picked `kind` so each subject tests what its name says. */
function created(kind: typeof ThreadedIndex | typeof InlineIndex) {
  return (settings: VectorIndexSettings) => {
    const index = createVectorIndex(settings);
    assert.ok(index instanceof kind, `createVectorIndex picked ${index.constructor.name}`);
    return index;
  };
}

vectorIndexContract({
  name: "HNSW on the vector thread (createVectorIndex, loadVectorIndex)",
  kind: "hnsw",
  metrics: ["cosine", "dot", "l2-squared"],
  approximate: true,
  create: created(ThreadedIndex),
  load: loadVectorIndex,
});

vectorIndexContract({
  name: "HNSW in process (InlineIndex over HnswIndex)",
  kind: "hnsw",
  metrics: ["cosine", "dot", "l2-squared"],
  approximate: true,
  create: (settings) => new InlineIndex(new HnswIndex(settings)),
  load: async (settings, file, dims, live) => new InlineIndex(HnswIndex.load(settings, file, dims, live)),
});

vectorIndexContract({
  name: "flat (vectorIndexType flat: InlineIndex over FlatIndex)",
  kind: "exact",
  metrics: ["cosine", "dot", "l2-squared", "manhattan", "hamming"],
  approximate: false,
  create: created(InlineIndex),
});

vectorIndexContract({
  name: "exact search for the metrics hnswlib lacks (vectorIndexType hnsw)",
  kind: "hnsw",
  metrics: ["manhattan", "hamming"],
  approximate: false,
  create: created(InlineIndex),
});
