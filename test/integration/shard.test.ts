/**
 * The shard against real RocksDB and hnswlib-node in a temp dir: writes, deletes, vector search
 * with and without an allow-list, and the index catch-up on reopen (saved index + replay of what
 * is newer, deletions replayed from tombstones).
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, describe, test } from "node:test";
import { withDefaults } from "../../src/collections/defaults.ts";
import type { Collection, StoredObject } from "../../src/domain/index.ts";
import { Shard } from "../../src/shards/index.ts";
import { tempDir } from "../helpers/server.ts";

function collection(distance = "cosine"): Collection {
  return withDefaults(
    {
      class: "Doc",
      properties: [
        { name: "title", dataType: ["text"] },
        { name: "rank", dataType: ["int"] },
      ],
      vectorIndexConfig: { distance },
    } as never,
    { defaultDistance: "cosine", defaultVectorizer: "none" },
  );
}

function uuid(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

function object(i: number, vector: number[]): StoredObject {
  return {
    id: uuid(i),
    className: "Doc",
    properties: { title: `doc ${i}`, rank: i },
    vectors: { "": vector },
    creationTimeUnix: 1,
    lastUpdateTimeUnix: 1,
  };
}

/** Unit-ish vectors pointing in distinct directions so each object is its own nearest. */
function vectorFor(i: number, dims = 8): number[] {
  return Array.from({ length: dims }, (_, d) => Math.sin((i + 1) * (d + 1) * 0.7));
}

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshShard(distance = "cosine"): Promise<{ dir: string; shard: Shard; c: Collection }> {
  const dir = await tempDir("shard-");
  dirs.push(dir);
  const c = collection(distance);
  return { dir, shard: await Shard.open(dir, "s1", c), c };
}

describe("shard", () => {
  test("put, get, list in uuid order, delete", async () => {
    const { shard } = await freshShard();
    await shard.put([object(3, vectorFor(3)), object(1, vectorFor(1)), object(2, vectorFor(2))]);
    assert.equal(shard.objectCount, 3);
    assert.deepEqual((await shard.get(uuid(2)))?.properties, { title: "doc 2", rank: 2 });
    assert.deepEqual(
      (await shard.list({ limit: 10 })).map((o) => o.id),
      [uuid(1), uuid(2), uuid(3)],
    );
    assert.deepEqual(
      (await shard.list({ after: uuid(1), limit: 1 })).map((o) => o.id),
      [uuid(2)],
    );
    assert.deepEqual(await shard.delete([uuid(2), uuid(9)]), [uuid(2)]);
    assert.equal(await shard.get(uuid(2)), undefined);
    assert.equal(shard.objectCount, 2);
    await shard.close();
  });

  test("nearest finds each object itself, honours the allow-list, forgets deletes", async () => {
    const { shard } = await freshShard();
    const objects = Array.from({ length: 50 }, (_, i) => object(i, vectorFor(i)));
    await shard.put(objects);
    for (const o of objects) {
      const [hit] = await shard.nearest("", o.vectors[""]!, 1);
      assert.equal(hit?.id, o.id);
      assert.ok(hit!.distance < 1e-5);
    }
    const first = await shard.nearest("", vectorFor(7), 5);
    const allowed = new Set(first.slice(1).map((hit) => hit.docId));
    const filtered = await shard.nearest("", vectorFor(7), 5, allowed);
    assert.ok(filtered.every((hit) => allowed.has(hit.docId)));
    assert.ok(!filtered.some((hit) => hit.id === uuid(7)));
    await shard.delete([uuid(7)]);
    const afterDelete = await shard.nearest("", vectorFor(7), 3);
    assert.ok(!afterDelete.some((hit) => hit.id === uuid(7)));
    await shard.close();
  });

  test("an update replaces the vector in search", async () => {
    const { shard } = await freshShard();
    await shard.put([object(1, vectorFor(1)), object(2, vectorFor(2))]);
    await shard.put([object(1, vectorFor(40))]);
    const [hit] = await shard.nearest("", vectorFor(40), 1);
    assert.equal(hit?.id, uuid(1));
    const near1 = await shard.nearest("", vectorFor(1), 2);
    assert.notEqual(near1[0]?.distance, 0);
    await shard.close();
  });

  test("vector length must match existing vectors", async () => {
    const { shard } = await freshShard();
    await shard.put([object(1, vectorFor(1, 8))]);
    await assert.rejects(shard.put([object(2, vectorFor(2, 4))]), { code: "UNPROCESSABLE" });
    await assert.rejects(shard.nearest("", [1, 2], 1), { code: "UNPROCESSABLE" });
    await shard.close();
  });

  test("reopen after a save replays newer writes and deletions", async () => {
    const { dir, shard, c } = await freshShard();
    await shard.put(Array.from({ length: 20 }, (_, i) => object(i, vectorFor(i))));
    await shard.save();
    // After the save: more writes, an update and a delete the saved index does not know about.
    await shard.put(Array.from({ length: 10 }, (_, i) => object(20 + i, vectorFor(20 + i))));
    await shard.put([object(3, vectorFor(33))]);
    await shard.delete([uuid(5)]);
    // As after a crash: the index files stay as they were at the save.
    await shard.close({ save: false });
    const reopened = await Shard.open(dir, "s1", c);
    assert.equal(reopened.objectCount, 29);
    for (let i = 0; i < 30; i++) {
      const hits = await reopened.nearest("", vectorFor(i === 3 ? 33 : i), 1);
      if (i === 5) assert.notEqual(hits[0]?.id, uuid(5));
      else assert.equal(hits[0]?.id, uuid(i), `object ${i}`);
    }
    await reopened.close();
  });

  test("manhattan and hamming use exact search, rebuilt on open", async () => {
    for (const distance of ["manhattan", "hamming"]) {
      const { dir, shard, c } = await freshShard(distance);
      await shard.put([object(1, [0, 0, 0]), object(2, [5, 5, 5]), object(3, [1, 0, 0])]);
      const hits = await shard.nearest("", [0, 0, 1], 3);
      assert.equal(hits[0]?.id, uuid(1));
      assert.equal(hits[0]?.distance, 1);
      await shard.close();
      const reopened = await Shard.open(dir, "s1", c);
      assert.deepEqual((await reopened.nearest("", [0, 0, 1], 3)).map((h) => h.distance), hits.map((h) => h.distance));
      await reopened.close();
    }
  });

  test("dot and l2-squared report Weaviate's distances", async () => {
    const { shard: dot } = await freshShard("dot");
    await dot.put([object(1, [1, 2, 3])]);
    assert.equal((await dot.nearest("", [1, 1, 1], 1))[0]?.distance, -6);
    await dot.close();
    const { shard: l2 } = await freshShard("l2-squared");
    await l2.put([object(1, [1, 2, 3])]);
    assert.equal((await l2.nearest("", [1, 1, 1], 1))[0]?.distance, 5);
    await l2.close();
  });

  test("calls after close fail with a coded error", async () => {
    const { shard } = await freshShard();
    await shard.close();
    await assert.rejects(shard.get(uuid(1)), { code: "RESOURCE_CLOSED" });
  });
});
