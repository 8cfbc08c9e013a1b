/**
 * weaviate-ts-client v2's cluster and shard calls against a started server: nodesStatusGetter
 * (verbose by default, minimal, one class), shardsGetter, shardUpdater and shardsUpdater on a
 * collection with three shards, with objects written and read through the client across them.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let client: WeaviateClient;
const ids = Array.from({ length: 30 }, (_, n) => uuidOf(0x7000 + n * 104729));

before(async () => {
  server = await startTestServer();
  client = clientFor(server.url);
});

after(() => server.dispose());

describe("weaviate-ts-client v2: cluster and shards", () => {
  test("nodes of an empty database: one HEALTHY node, no shards", async () => {
    const { nodes } = await client.cluster.nodesStatusGetter().do();
    assert.equal(nodes?.length, 1);
    const [node] = nodes!;
    assert.equal(node!.name, "node1");
    assert.equal(node!.status, "HEALTHY");
    assert.equal(node!.version, (await client.misc.metaGetter().do()).version);
    assert.match(node!.gitHash ?? "", /^([0-9a-f]{7}|unknown)$/);
    assert.deepEqual(node!.stats, { objectCount: 0, shardCount: 0 });
    assert.equal(node!.shards, null);
  });

  test("a three-shard class and a one-shard class, objects written and read through the client", async () => {
    await client.schema
      .classCreator()
      .withClass({ class: "Pizza", properties: [{ name: "n", dataType: ["int"] }], shardingConfig: { desiredCount: 3 } })
      .do();
    await client.schema.classCreator().withClass({ class: "Soup", properties: [{ name: "n", dataType: ["int"] }] }).do();
    let batcher = client.batch.objectsBatcher();
    for (const [n, id] of ids.entries()) batcher = batcher.withObject({ class: "Pizza", id, properties: { n } });
    batcher = batcher.withObject({ class: "Soup", properties: { n: 1 } });
    const results = await batcher.do();
    assert.ok(results.every((result) => result.result?.errors === undefined), JSON.stringify(results));
    const listed = await client.data.getter().withClassName("Pizza").withLimit(100).do();
    assert.deepEqual(
      (listed.objects ?? []).map((object) => object.id),
      [...ids].sort(),
    );
    for (const id of ids.slice(0, 5)) assert.equal((await client.data.getterById().withClassName("Pizza").withId(id).do()).id, id);
  });

  test("verbose nodes status (the client's default) counts objects and shards per class", async () => {
    const [node] = (await client.cluster.nodesStatusGetter().do()).nodes!;
    assert.deepEqual(node!.stats, { objectCount: 31, shardCount: 4 });
    const byClass = new Map<string, number>();
    for (const shard of node!.shards ?? []) byClass.set(shard.class!, (byClass.get(shard.class!) ?? 0) + shard.objectCount!);
    assert.deepEqual(Object.fromEntries(byClass), { Pizza: 30, Soup: 1 });
    const minimal = (await client.cluster.nodesStatusGetter().withOutput("minimal").do()).nodes![0]!;
    assert.equal(minimal.stats, undefined);
    assert.equal(minimal.shards, null);
    const soup = (await client.cluster.nodesStatusGetter().withClassName("Soup").do()).nodes![0]!;
    assert.deepEqual(soup.stats, { objectCount: 1, shardCount: 1 });
    assert.deepEqual(
      soup.shards?.map((shard) => [shard.class, shard.objectCount, shard.vectorIndexingStatus]),
      [["Soup", 1, "READY"]],
    );
  });

  test("shardUpdater and shardsUpdater: READONLY refuses writes, READY allows them again", async () => {
    const shards = await client.schema.shardsGetter().withClassName("Pizza").do();
    assert.equal(shards.length, 3);
    const first = shards[0]!.name!;
    const one = await client.schema.shardUpdater().withClassName("Pizza").withShardName(first).withStatus("READONLY").do();
    assert.equal(one.status, "READONLY");
    const all = await client.schema.shardsUpdater().withClassName("Pizza").withStatus("READONLY").do();
    assert.deepEqual(
      all.map((shard) => shard.status),
      ["READONLY", "READONLY", "READONLY"],
    );
    assert.ok((await client.schema.shardsGetter().withClassName("Pizza").do()).every((shard) => shard.status === "READONLY"));
    const [node] = (await client.cluster.nodesStatusGetter().withClassName("Pizza").do()).nodes!;
    assert.ok(node!.shards!.every((shard) => shard.vectorIndexingStatus === "READONLY"));
    await assert.rejects(
      client.data.creator().withClassName("Pizza").withProperties({ n: 99 }).do(),
      /usage error \(422\).*store is read-only due to: manually set by user/,
    );
    assert.equal((await client.data.getterById().withClassName("Pizza").withId(ids[0]!).do()).id, ids[0]);
    const ready = await client.schema.shardsUpdater().withClassName("Pizza").withStatus("READY").do();
    assert.deepEqual(
      ready.map((shard) => shard.status),
      ["READY", "READY", "READY"],
    );
    const created = await client.data.creator().withClassName("Pizza").withProperties({ n: 99 }).do();
    assert.ok(created.id);
  });
});
