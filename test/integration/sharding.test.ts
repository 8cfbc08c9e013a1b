/**
 * A single-tenant collection with shardingConfig.desiredCount 3: three shards, each object in
 * the one its uuid's murmur3 token places it in, and every read merging them as Weaviate does:
 * REST listing and GraphQL Get in uuid order (the cursor continues across shards), filtered Get
 * merged in uuid order, nearVector over all shards, Aggregate summed, batch delete across shards.
 * Placement holds across a restart and a backup / restore.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { call } from "../helpers/http.ts";
import { queryData } from "../helpers/graphql.ts";
import { createClass, type ObjectList, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

const COUNT = 60;
let server: TestServer;
let backups: string;

interface Item {
  id: string;
  n: number;
  vector: number[];
}

const items: Item[] = Array.from({ length: COUNT }, (_, n) => ({
  id: uuidOf(0x1000 + n * 7919),
  n,
  vector: [Math.cos(n), Math.sin(n), (n % 5) / 5],
}));
const sortedIds = items.map((item) => item.id).sort();

function cosineDistance(a: number[], b: number[]): number {
  const dot = a.reduce((sum, x, i) => sum + x * b[i]!, 0);
  const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
  return 1 - dot / (norm(a) * norm(b));
}

async function start(dataPath?: string): Promise<TestServer> {
  return startTestServer({ ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: backups }, dataPath);
}

/** Which shard holds each object, read from the shards themselves. */
async function holders(): Promise<Map<string, string>> {
  const where = new Map<string, string>();
  for (const shard of server.app.shards.shardsOf("Spread")) {
    for (const object of await shard.list({ limit: 1000 })) where.set(object.id, shard.name);
  }
  return where;
}

before(async () => {
  backups = await tempDir("wv-shard-backups-");
  server = await start();
  await createClass(server.url, {
    class: "Spread",
    properties: [{ name: "n", dataType: ["int"] }],
    shardingConfig: { desiredCount: 3 },
  });
  const reply = await call<Array<{ result: { errors?: unknown } }>>(server.url, "POST", "/v1/batch/objects", {
    objects: items.map((item) => ({ class: "Spread", id: item.id, properties: { n: item.n }, vector: item.vector })),
  });
  assert.equal(reply.status, 200);
  assert.ok(reply.body.every((result) => !result.result.errors), JSON.stringify(reply.body));
});

after(() => server.dispose());

describe("a collection with three shards", () => {
  test("the class shows three shards and lists them", async () => {
    const definition = await call<{ shardingConfig: Record<string, unknown> }>(server.url, "GET", "/v1/schema/Spread");
    assert.deepEqual(definition.body.shardingConfig, {
      virtualPerPhysical: 128,
      desiredCount: 3,
      actualCount: 3,
      desiredVirtualCount: 384,
      actualVirtualCount: 384,
      key: "_id",
      strategy: "hash",
      function: "murmur3",
    });
    const shards = await call<Array<{ name: string; status: string }>>(server.url, "GET", "/v1/schema/Spread/shards");
    assert.equal(shards.body.length, 3);
    assert.ok(shards.body.every((shard) => /^[A-Za-z0-9]{12}$/.test(shard.name) && shard.status === "READY"));
  });

  test("every object is in exactly one shard, each shard holding some", async () => {
    const where = await holders();
    assert.equal(where.size, COUNT);
    const perShard = new Map<string, number>();
    for (const name of where.values()) perShard.set(name, (perShard.get(name) ?? 0) + 1);
    assert.equal(perShard.size, 3, JSON.stringify([...perShard]));
    const counts = server.app.shards.shardsOf("Spread").map((shard) => shard.objectCount);
    assert.equal(counts.reduce((a, b) => a + b, 0), COUNT);
  });

  test("reads by id, REST listing in uuid order and the cursor across shards", async () => {
    for (const item of items.slice(0, 10)) {
      const got = await call<{ properties: { n: number } }>(server.url, "GET", `/v1/objects/Spread/${item.id}`);
      assert.equal(got.body.properties.n, item.n);
    }
    const page = await call<ObjectList>(server.url, "GET", "/v1/objects?class=Spread&limit=25&offset=5");
    assert.deepEqual(page.body.objects.map((o) => o.id), sortedIds.slice(5, 30));
    const walked: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const next = await call<ObjectList>(
        server.url,
        "GET",
        `/v1/objects?class=Spread&limit=7${cursor ? `&after=${cursor}` : ""}`,
      );
      if (next.body.objects.length === 0) break;
      walked.push(...next.body.objects.map((o) => o.id));
      cursor = walked.at(-1);
    }
    assert.deepEqual(walked, sortedIds);
  });

  test("GraphQL Get: listing, cursor and filter merged in uuid order", async () => {
    const listed = await queryData(server.url, "{Get{Spread(limit:20,offset:3){_additional{id}}}}");
    assert.deepEqual(listed.Get.Spread.map((o: { _additional: { id: string } }) => o._additional.id), sortedIds.slice(3, 23));
    const afterThird = await queryData(server.url, `{Get{Spread(limit:10,after:"${sortedIds[2]}"){_additional{id}}}}`);
    assert.deepEqual(afterThird.Get.Spread.map((o: { _additional: { id: string } }) => o._additional.id), sortedIds.slice(3, 13));
    const filtered = await queryData(
      server.url,
      "{Get{Spread(where:{path:[\"n\"],operator:GreaterThanEqual,valueInt:30},limit:100){n _additional{id}}}}",
    );
    const expected = items.filter((item) => item.n >= 30).map((item) => item.id).sort();
    assert.deepEqual(filtered.Get.Spread.map((o: { _additional: { id: string } }) => o._additional.id), expected);
  });

  test("nearVector searches every shard and merges by distance", async () => {
    const query = [0.3, 0.9, 0.5];
    const expected = [...items]
      .sort((a, b) => cosineDistance(a.vector, query) - cosineDistance(b.vector, query))
      .slice(0, 8)
      .map((item) => item.id);
    const found = await queryData(server.url, `{Get{Spread(nearVector:{vector:[0.3,0.9,0.5]},limit:8){_additional{id}}}}`);
    assert.deepEqual(found.Get.Spread.map((o: { _additional: { id: string } }) => o._additional.id), expected);
  });

  test("Aggregate sums the shards", async () => {
    const data = await queryData(server.url, "{Aggregate{Spread{meta{count} n{sum maximum}}}}");
    assert.deepEqual(data.Aggregate.Spread, [
      { meta: { count: COUNT }, n: { sum: (COUNT * (COUNT - 1)) / 2, maximum: COUNT - 1 } },
    ]);
  });

  test("placement and data survive a restart", async () => {
    const before = await holders();
    await server.stop();
    server = await start(server.dataPath);
    assert.deepEqual(await holders(), before);
    const vector = items[17]!.vector;
    const hit = await queryData(server.url, `{Get{Spread(nearVector:{vector:${JSON.stringify(vector)}},limit:1){n}}}`);
    assert.equal(hit.Get.Spread[0].n, 17);
  });

  test("a backup and restore bring back the same shards holding the same objects", async () => {
    const before = await holders();
    const created = await call(server.url, "POST", "/v1/backups/filesystem", { id: "three-shards", include: ["Spread"] });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await waitForStatus(`/v1/backups/filesystem/three-shards`, "SUCCESS");
    await call(server.url, "DELETE", "/v1/schema/Spread");
    const restore = await call(server.url, "POST", "/v1/backups/filesystem/three-shards/restore", {});
    assert.equal(restore.status, 200, JSON.stringify(restore.body));
    await waitForStatus(`/v1/backups/filesystem/three-shards/restore`, "SUCCESS");
    assert.deepEqual(await holders(), before);
    // New writes follow the restored placement.
    const id = uuidOf(0x99999);
    await call(server.url, "POST", "/v1/objects", { class: "Spread", id, properties: { n: 1000 } });
    assert.equal((await holders()).size, COUNT + 1);
    assert.equal((await call(server.url, "GET", `/v1/objects/Spread/${id}`)).status, 200);
  });

  test("batch delete removes matches from every shard", async () => {
    const reply = await call<{ results: { matches: number; successful: number } }>(server.url, "DELETE", "/v1/batch/objects", {
      match: { class: "Spread", where: { path: ["n"], operator: "LessThan", valueInt: 20 } },
    });
    assert.equal(reply.body.results.matches, 20);
    assert.equal(reply.body.results.successful, 20);
    const left = await holders();
    assert.equal(left.size, COUNT + 1 - 20);
    assert.ok(items.filter((item) => item.n < 20).every((item) => !left.has(item.id)));
  });
});

async function waitForStatus(path: string, wanted: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const reply = await call<{ status: string; error?: string }>(server.url, "GET", path);
    if (reply.body.status === wanted) return;
    if (reply.body.status === "FAILED") assert.fail(`${path}: ${reply.body.error}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${path} never reached ${wanted}`);
}
