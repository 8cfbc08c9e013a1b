/**
 * The VectorIndex port's contract (src/vectorindex/types.ts), one suite for every implementation:
 * run it with a subject per implementation (test/integration/vector-index-contract.test.ts).
 * Every result is checked against a brute-force search over what the test put in
 * (vector-reference.ts). Exact indexes must return the true nearest; HNSW is approximate by
 * design, so it is held to a recall bound instead of equality, plus everything that holds
 * regardless: each hit live, allowed, with its true distance, nearest first.
 */
import assert from "node:assert/strict";
import { access, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { DistanceMetric } from "../../src/config/index.ts";
import { AppError } from "../../src/errors/index.ts";
import type { VectorIndex, VectorIndexSettings } from "../../src/vectorindex/index.ts";
import { tempDir } from "../helpers/server.ts";
import { checkNearest, type NearestCheck, vectorSource } from "./vector-reference.ts";

/** One implementation of the port, as the suite builds it. */
export interface VectorIndexSubject {
  readonly name: string;
  readonly kind: VectorIndexSettings["kind"];
  readonly metrics: readonly DistanceMetric[];
  /** True for HNSW: results are scored by recall instead of compared for equality. */
  readonly approximate: boolean;
  create(settings: VectorIndexSettings): VectorIndex;
  /** Loads what `save` wrote; absent for indexes that are rebuilt instead of saved. */
  load?(settings: VectorIndexSettings, file: string, dims: number, live: number): Promise<VectorIndex>;
}

/**
 * Mean recall an approximate index must reach. At these sizes (hundreds of vectors, ef ≥ 100)
 * HNSW is all but exhaustive, so the bound has slack for graph luck yet catches a broken index.
 */
const MIN_RECALL = 0.9;
const DIMS = 8;
/** Past hnsw.ts's initial capacity of 1,024, so the index has to grow. */
const GROWTH_COUNT = 1100;

/** Runs the contract on `subject`, one describe block per metric it serves. */
export function vectorIndexContract(subject: VectorIndexSubject): void {
  for (const metric of subject.metrics) {
    describe(`vector index contract: ${subject.name}, ${metric}`, () => metricSuite(subject, metric));
  }
}

function metricSuite(subject: VectorIndexSubject, metric: DistanceMetric): void {
  const settings: VectorIndexSettings = {
    kind: subject.kind,
    distance: metric,
    efConstruction: 64,
    maxConnections: 16,
    ef: -1,
    dynamicEfMin: 100,
    dynamicEfMax: 500,
    dynamicEfFactor: 8,
  };
  const open: VectorIndex[] = [];
  let work: string;
  const create = (overrides: Partial<VectorIndexSettings> = {}) => {
    const index = subject.create({ ...settings, ...overrides });
    open.push(index);
    return index;
  };
  before(async () => {
    work = await tempDir("wv-vector-contract-");
  });
  after(async () => {
    for (const index of open) index.close();
    await rm(work, { recursive: true, force: true });
  });

  /** Adds `count` seeded vectors under labels from `first` on, into the index and the expectation. */
  function fill(index: VectorIndex, expected: Map<number, number[]>, count: number, first = 1, dims = DIMS) {
    const next = vectorSource(metric, dims, first * 7919 + count);
    for (let label = first; label < first + count; label++) {
      const vector = next();
      index.add(label, vector);
      expected.set(label, vector);
    }
  }

  /**
   * Runs `queries` seeded searches and checks them all: exact subjects hit by hit, approximate
   * ones by the mean recall (one unlucky query must not fail a sound graph).
   */
  async function expectNearest(
    index: VectorIndex,
    expected: Map<number, number[]>,
    options: { k: number; queries?: number; allow?: ReadonlySet<number>; dims?: number; seed?: number },
  ): Promise<void> {
    const next = vectorSource(metric, options.dims ?? DIMS, options.seed ?? 4242);
    let recall = 0;
    const queries = options.queries ?? 10;
    for (let q = 0; q < queries; q++) {
      const query = next();
      const hits = await index.search(query, options.k, options.allow);
      const check: NearestCheck = { metric, expected, query, k: options.k, exact: !subject.approximate };
      if (options.allow) check.allow = options.allow;
      recall += checkNearest(hits, check);
    }
    if (subject.approximate) assert.ok(recall / queries >= MIN_RECALL, `mean recall ${recall / queries}`);
  }

  test("an empty index has no dimensions, no vectors and finds nothing", async () => {
    const index = create();
    assert.equal(index.dimensions, undefined);
    assert.equal(await index.size(), 0);
    assert.deepEqual(await index.search(vectorSource(metric, DIMS, 1)(), 5), { labels: [], distances: [] });
  });

  test("the first vector fixes the dimensions at once, and they stay when every vector is removed", async () => {
    const index = create();
    // The shard checks a new vector's length against this right after the add, without awaiting.
    index.add(1, vectorSource(metric, 5, 1)());
    assert.equal(index.dimensions, 5);
    index.add(2, vectorSource(metric, 5, 2)());
    index.remove(1);
    index.remove(2);
    assert.equal(await index.size(), 0);
    assert.equal(index.dimensions, 5);
    assert.deepEqual((await index.search(vectorSource(metric, 5, 3)(), 3)).labels, []);
  });

  test("a vector of other dimensions is refused at once (UNPROCESSABLE), the index unchanged", async () => {
    const index = create();
    index.add(1, vectorSource(metric, 5, 1)());
    for (const length of [4, 6]) {
      assert.throws(
        () => index.add(2, vectorSource(metric, length, 2)()),
        (error: unknown) => error instanceof AppError && error.code === "UNPROCESSABLE" && /vector lengths don't match/.test(error.message),
      );
    }
    assert.equal(await index.size(), 1);
    assert.equal(index.dimensions, 5);
    assert.deepEqual((await index.search(vectorSource(metric, 5, 3)(), 3)).labels, [1]);
  });

  test("search returns the k nearest with the metric's distances, nearest first", async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, 300);
    assert.equal(await index.size(), 300);
    for (const k of [1, 10]) await expectNearest(index, expected, { k, queries: 20 });
  });

  test("a k beyond the live vectors returns them all, and k ≤ 0 returns none", async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, 20);
    // 5,000 is also beyond HNSW's initial capacity, which hnswlib itself would refuse as a k.
    await expectNearest(index, expected, { k: 5000, queries: 3 });
    for (const k of [0, -1]) {
      assert.deepEqual(await index.search(expected.get(1)!, k), { labels: [], distances: [] }, `k = ${k}`);
    }
  });

  test("an allow-list restricts the candidates, whatever its size", async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, 300);
    const third = new Set([...expected.keys()].filter((label) => label % 3 === 0));
    await expectNearest(index, expected, { k: 10, allow: third });
    // Fewer allowed than k, one of them unknown to the index: exactly the allowed live ones.
    await expectNearest(index, expected, { k: 10, allow: new Set([7, 150, 299, 10_000]), queries: 3 });
    await expectNearest(index, expected, { k: 10, allow: new Set(), queries: 2 });
  });

  test("removed labels are not found and not counted; unknown and repeated removes are ignored", async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, 200);
    const removedVector = expected.get(1)!;
    for (let label = 1; label <= 200; label += 2) {
      index.remove(label);
      expected.delete(label);
    }
    index.remove(1);
    index.remove(10_000);
    assert.equal(await index.size(), 100);
    await expectNearest(index, expected, { k: 10 });
    // Searched for with its own vector, a removed label must still not come back.
    const hits = await index.search(removedVector, 5);
    assert.ok(!hits.labels.includes(1), `removed label 1 in ${hits.labels}`);
  });

  test("a removed label added again is found with its new vector only; removed slots are reused", async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, 200);
    const next = vectorSource(metric, DIMS, 99);
    // Only labels that are not live may be added (types.ts): re-adding a live one is outside the
    // contract, and HNSW would keep its old vector too.
    const oldVectors = [1, 2, 3].map((label) => expected.get(label)!);
    for (let label = 1; label <= 50; label++) {
      index.remove(label);
      const vector = next();
      index.add(label, vector);
      expected.set(label, vector);
    }
    // New labels into the slots of removed ones (HNSW reuses them instead of growing).
    for (let label = 51; label <= 100; label++) {
      index.remove(label);
      expected.delete(label);
    }
    fill(index, expected, 50, 1001);
    assert.equal(await index.size(), 200);
    // checkNearest compares each hit's distance with its current vector, so a stale one fails.
    await expectNearest(index, expected, { k: 10, queries: 20 });
    for (const query of oldVectors) {
      const recall = checkNearest(await index.search(query, 5), { metric, expected, query, k: 5, exact: !subject.approximate });
      assert.ok(recall >= MIN_RECALL, `recall ${recall} at an old vector`);
    }
  });

  test("adds and removes issued without awaiting apply in call order", async () => {
    const index = create();
    const next = vectorSource(metric, DIMS, 5);
    const expected = new Map<number, number[]>();
    for (let label = 1; label <= 40; label++) {
      const first = next();
      index.add(label, first);
      if (label % 4 === 0) {
        index.remove(label);
        const second = next();
        index.add(label, second);
        expected.set(label, second);
      } else if (label % 4 === 1) {
        index.remove(label);
      } else {
        expected.set(label, first);
      }
    }
    // Nothing awaited since the first add: the count and the search must see every call above.
    const query = next();
    const size = index.size();
    const hits = index.search(query, 10);
    assert.equal(await size, expected.size);
    const recall = checkNearest(await hits, { metric, expected, query, k: 10, exact: !subject.approximate });
    assert.ok(recall >= MIN_RECALL, `recall ${recall}`);
  });

  test(`grows past its initial capacity (${GROWTH_COUNT} vectors)`, async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, GROWTH_COUNT, 1, 4);
    assert.equal(await index.size(), GROWTH_COUNT);
    await expectNearest(index, expected, { k: 5, dims: 4 });
    // The last ones added, which only fit after the growth, are found as their own nearest.
    for (const label of [GROWTH_COUNT - 1, GROWTH_COUNT]) {
      const allow = new Set([label, 1, 2]);
      const hits = await index.search(expected.get(label)!, 3, allow);
      assert.deepEqual([...hits.labels].sort((a, b) => a - b), [...allow].sort((a, b) => a - b));
    }
  });

  test("search settings apply on update, and a search never explores fewer than k", async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, 300);
    // ef below k (fixed, then dynamic): the index must still return k hits of the same quality.
    index.updateSettings({ ...settings, ef: 1 });
    await expectNearest(index, expected, { k: 20 });
    index.updateSettings({ ...settings, ef: -1, dynamicEfMin: 1, dynamicEfMax: 1, dynamicEfFactor: 1 });
    await expectNearest(index, expected, { k: 20 });
  });

  test("drain resolves once the queued inserts are applied", { timeout: 10_000 }, async () => {
    const index = create();
    const expected = new Map<number, number[]>();
    fill(index, expected, 500);
    await index.drain(0);
    await index.drain(1_000_000);
    assert.equal(await index.size(), 500);
  });

  if (subject.load) saveLoadTests(subject.load);
  else {
    test("save writes nothing and resolves undefined: the shard rebuilds this index", async () => {
      const index = create();
      fill(index, new Map(), 10);
      const file = path.join(work, "unsaved.bin");
      assert.equal(await index.save(file), undefined);
      await assert.rejects(access(file), "no file was written");
    });
  }

  function saveLoadTests(load: NonNullable<VectorIndexSubject["load"]>): void {
    const loadIndex = async (file: string, dims: number, live: number) => {
      const index = await load(settings, file, dims, live);
      open.push(index);
      return index;
    };

    test("save + load round-trips the live vectors, their count and dimensions", async () => {
      const index = create();
      const expected = new Map<number, number[]>();
      fill(index, expected, 300);
      for (let label = 1; label <= 300; label += 3) {
        index.remove(label);
        expected.delete(label);
      }
      const file = path.join(work, `round-trip-${metric}.hnsw`);
      const live = await index.save(file);
      assert.equal(live, expected.size, "save reports the live vectors written");
      const query = vectorSource(metric, DIMS, 77)();
      const before = await index.search(query, 10);
      index.close();

      const loaded = await loadIndex(file, DIMS, live!);
      assert.equal(loaded.dimensions, DIMS);
      assert.equal(await loaded.size(), expected.size);
      assert.deepEqual(await loaded.search(query, 10), before, "the same graph answers the same");
      await expectNearest(loaded, expected, { k: 10 });
    });

    test("a loaded index takes further adds past its loaded capacity, and removes", async () => {
      const index = create();
      const expected = new Map<number, number[]>();
      fill(index, expected, 50);
      const file = path.join(work, `grow-after-load-${metric}.hnsw`);
      const live = await index.save(file);
      index.close();
      const loaded = await loadIndex(file, DIMS, live!);
      fill(loaded, expected, 1100, 51);
      for (let label = 1; label <= 25; label++) {
        loaded.remove(label);
        expected.delete(label);
      }
      assert.equal(await loaded.size(), expected.size);
      await expectNearest(loaded, expected, { k: 5 });
    });

    test("loading a file that is missing or not an index rejects", async () => {
      await assert.rejects(load(settings, path.join(work, "missing.hnsw"), DIMS, 0));
      const garbage = path.join(work, "garbage.hnsw");
      await writeFile(garbage, "not an index");
      await assert.rejects(load(settings, garbage, DIMS, 0));
    });
  }

  // design.md: calls on a closed native resource fail with a coded error (503), not a crash or
  // a quiet answer that a caller would take for an empty index.
  test("after close, add throws and search, save and size reject with RESOURCE_CLOSED", async () => {
    const index = create();
    fill(index, new Map(), 10);
    index.close();
    const closed = { name: "AppError", code: "RESOURCE_CLOSED" };
    assert.throws(() => index.add(11, vectorSource(metric, DIMS, 1)()), closed);
    await assert.rejects(index.search(vectorSource(metric, DIMS, 1)(), 3), closed);
    await assert.rejects(index.save(path.join(work, `closed-${metric}.bin`)), closed);
    await assert.rejects(index.size(), closed);
  });

  test("after close, remove, updateSettings and close itself do nothing", async () => {
    // A shard closing while deletes or a settings change are still on their way must not crash.
    const index = create();
    fill(index, new Map(), 10);
    index.close();
    index.remove(1);
    index.updateSettings({ ...settings, ef: 50 });
    index.close();
    await assert.rejects(index.size(), { code: "RESOURCE_CLOSED" });
  });
}
