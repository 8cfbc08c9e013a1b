/**
 * Shard snapshots (the unit of backups): one RocksDB iterator's view of the keyspace, framed and
 * compressed, loaded into a fresh directory with the vector index rebuilt. Checks a round trip,
 * that a snapshot taken during a concurrent import holds whole batches only (no torn writes), and
 * that damaged streams are refused.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { after, describe, test } from "node:test";
import { withDefaults } from "../../src/collections/defaults.ts";
import type { Collection, StoredObject } from "../../src/domain/index.ts";
import { decodeSnapshot, encodeSnapshot, loadShard, Shard } from "../../src/shards/index.ts";
import { tempDir } from "../helpers/server.ts";

const collection: Collection = withDefaults(
  {
    class: "Doc",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "batch", dataType: ["int"] },
    ],
  } as never,
  { defaultDistance: "cosine", defaultVectorizer: "none" },
);

const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const vectorFor = (i: number) => Array.from({ length: 8 }, (_, d) => Math.sin((i + 1) * (d + 1) * 0.7));
const object = (i: number, batch: number): StoredObject => ({
  id: uuid(i),
  className: "Doc",
  properties: { title: `doc ${i}`, batch },
  vectors: { "": vectorFor(i) },
  creationTimeUnix: 1,
  lastUpdateTimeUnix: 1,
});

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function dir(): Promise<string> {
  const made = await tempDir("snap-");
  dirs.push(made);
  return made;
}

/** Snapshot → gzip → bytes → gunzip → a loaded shard in a new directory. */
async function roundTrip(shard: Shard): Promise<Shard> {
  const chunks: Buffer[] = [];
  await pipeline(encodeSnapshot(shard.snapshotEntries()), createGzip(), async (source) => {
    for await (const chunk of source) chunks.push(chunk as Buffer);
  });
  const restored = Readable.from([Buffer.concat(chunks)]).pipe(createGunzip());
  return loadShard(path.join(await dir(), "restored"), "s1", collection, decodeSnapshot(restored));
}

async function allObjects(shard: Shard): Promise<StoredObject[]> {
  return shard.list({ limit: 1_000_000 });
}

describe("shard snapshots", () => {
  test("a loaded snapshot has every object, its vector, its index entries, and no deleted object", async () => {
    const shard = await Shard.open(await dir(), "s1", collection);
    await shard.put(Array.from({ length: 300 }, (_, i) => object(i, 0)));
    await shard.delete([uuid(7), uuid(8)]);
    const restored = await roundTrip(shard);
    assert.deepEqual(await allObjects(restored), await allObjects(shard));
    assert.equal(restored.objectCount, 298);
    for (const i of [0, 150, 299]) {
      const [hit] = await restored.nearest("", vectorFor(i), 1);
      assert.equal(hit?.id, uuid(i));
    }
    assert.ok(!(await restored.nearest("", vectorFor(7), 3)).some((hit) => hit.id === uuid(7)));
    const byToken = [];
    for await (const entry of restored.indexLookup({ property: "title", type: "text", operator: "Equal", value: "150" })) {
      byToken.push(entry.id);
    }
    assert.deepEqual(byToken, [uuid(150)]);
    await restored.close();
    await shard.close();
  });

  test("a snapshot taken during an import holds whole batches only", async () => {
    const shard = await Shard.open(await dir(), "s1", collection);
    const batches = 40;
    const size = 50;
    const importing = (async () => {
      for (let b = 0; b < batches; b++) {
        await shard.put(Array.from({ length: size }, (_, i) => object(b * size + i, b)));
      }
    })();
    // Snapshot once the import is under way (and, on any machine this runs on, far from done).
    while (shard.objectCount < 2 * size) await new Promise((resolve) => setImmediate(resolve));
    const restored = await roundTrip(shard);
    await importing;
    const objects = await allObjects(restored);
    const perBatch = new Map<number, number>();
    for (const o of objects) perBatch.set(o.properties["batch"] as number, (perBatch.get(o.properties["batch"] as number) ?? 0) + 1);
    for (const [batch, count] of perBatch) assert.equal(count, size, `batch ${batch} is whole`);
    assert.equal(restored.objectCount, objects.length, "the object counter matches the objects");
    for (const o of objects) assert.deepEqual(o.vectors[""]!.length, 8);
    await restored.close();
    await shard.close();
  });

  test("damaged streams are refused", async () => {
    const shard = await Shard.open(await dir(), "s1", collection);
    await shard.put([object(1, 0), object(2, 0)]);
    const chunks: Buffer[] = [];
    for await (const chunk of encodeSnapshot(shard.snapshotEntries())) chunks.push(chunk as Buffer);
    const whole = Buffer.concat(chunks);
    const decodeAll = async (bytes: Buffer) => {
      for await (const _ of decodeSnapshot(Readable.from([bytes]))) {
        // consume
      }
    };
    await decodeAll(whole);
    await assert.rejects(decodeAll(whole.subarray(0, whole.length - 3)), /truncated/);
    await assert.rejects(decodeAll(Buffer.from("not a snapshot at all")), /not a shard snapshot/);
    const newer = Buffer.from(whole);
    newer.writeUInt16BE(99, 8);
    await assert.rejects(decodeAll(newer), /newer than this server reads/);
    await assert.rejects(
      loadShard(path.dirname(shard.dir), "s1", collection, decodeSnapshot(Readable.from([whole]))),
      /not empty/,
    );
    await shard.close();
  });
});
