/**
 * GET /v1/nodes, GET /v1/nodes/{className} (output minimal | verbose, shardName) and GET
 * /v1/cluster/statistics in Weaviate's single-node shapes, with the counts of what was written.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import { createClass } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

interface NodeJson {
  batchStats: unknown;
  gitHash: string;
  name: string;
  shards: Array<Record<string, unknown>> | null;
  stats?: { objectCount: number; shardCount: number };
  status: string;
  version: string;
}
const nodes = async (path: string) => {
  const reply = await call<{ nodes: NodeJson[] }>(server.url, "GET", path);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal(reply.body.nodes.length, 1);
  return reply.body.nodes[0]!;
};

before(async () => {
  server = await startTestServer({ CLUSTER_HOSTNAME: "node7" });
  await createClass(server.url, { class: "Ledger", shardingConfig: { desiredCount: 2 } });
  await createClass(server.url, { class: "Tenanted", multiTenancyConfig: { enabled: true } });
  await call(server.url, "POST", "/v1/schema/Tenanted/tenants", [{ name: "t1" }, { name: "t2" }]);
  const objects = [
    ...Array.from({ length: 9 }, (_, n) => ({ class: "Ledger", properties: { n } })),
    { class: "Tenanted", tenant: "t1", properties: { n: 1 } },
  ];
  assert.equal((await call(server.url, "POST", "/v1/batch/objects", { objects })).status, 200);
});

after(() => server.dispose());

describe("GET /v1/nodes", () => {
  test("minimal (the default): the node without stats, shards null", async () => {
    for (const path of ["/v1/nodes", "/v1/nodes?output=minimal", "/v1/nodes/Ledger"]) {
      const node = await nodes(path);
      assert.deepEqual(node, {
        batchStats: { queueLength: 0, ratePerSecond: 0 },
        gitHash: node.gitHash,
        name: "node7",
        shards: null,
        status: "HEALTHY",
        version: "1.32.0",
      });
      assert.match(node.gitHash, /^([0-9a-f]{7}|unknown)$/);
    }
  });

  test("verbose: every shard (tenants' open ones included) with its class and object count", async () => {
    const node = await nodes("/v1/nodes?output=verbose");
    assert.deepEqual(node.stats, { objectCount: 10, shardCount: 3 });
    const shards = node.shards ?? [];
    assert.deepEqual(Object.keys(shards[0]!).sort(), [
      "asyncReplicationStatus",
      "class",
      "compressed",
      "loaded",
      "name",
      "numberOfReplicas",
      "objectCount",
      "replicationFactor",
      "vectorIndexingStatus",
      "vectorQueueLength",
    ]);
    const ledger = shards.filter((shard) => shard["class"] === "Ledger");
    assert.equal(ledger.length, 2);
    assert.equal(ledger.reduce((sum, shard) => sum + (shard["objectCount"] as number), 0), 9);
    assert.deepEqual(
      shards.filter((shard) => shard["class"] === "Tenanted").map((shard) => [shard["name"], shard["objectCount"]]),
      [["t1", 1]],
    );
    assert.ok(shards.every((shard) => shard["vectorIndexingStatus"] === "READY" && shard["loaded"] === true));
  });

  test("one class, and one of its shards", async () => {
    const node = await nodes("/v1/nodes/Ledger?output=verbose");
    assert.equal(node.stats?.shardCount, 2);
    assert.equal(node.stats?.objectCount, 9);
    const name = node.shards![1]!["name"] as string;
    const one = await nodes(`/v1/nodes/Ledger?output=verbose&shardName=${name}`);
    assert.deepEqual(one.shards?.map((shard) => shard["name"]), [name]);
    assert.equal(one.stats?.objectCount, node.shards![1]!["objectCount"]);
  });

  test("an unknown class is a 404 naming it; a bad output a 422", async () => {
    const missing = await call(server.url, "GET", "/v1/nodes/Nowhere?output=verbose");
    assert.equal(missing.status, 404);
    assert.equal(errorMessage(missing), 'class "Nowhere" not found');
    const bad = await call(server.url, "GET", "/v1/nodes?output=everything");
    assert.equal(bad.status, 422);
    assert.equal(errorMessage(bad), 'invalid output: "everything", possible values are: "minimal", "verbose"');
  });
});

describe("GET /v1/cluster/statistics", () => {
  test("one node, its own leader and voter, synchronized", async () => {
    const reply = await call<{ statistics: Array<Record<string, unknown>>; synchronized: boolean }>(
      server.url,
      "GET",
      "/v1/cluster/statistics",
    );
    assert.equal(reply.status, 200);
    assert.equal(reply.body.synchronized, true);
    assert.equal(reply.body.statistics.length, 1);
    const [self] = reply.body.statistics;
    for (const [key, value] of Object.entries({
      name: "node7",
      leaderId: "node7",
      status: "HEALTHY",
      ready: true,
      open: true,
      dbLoaded: true,
      isVoter: true,
    })) {
      assert.equal(self![key], value, key);
    }
    const raft = self!["raft"] as Record<string, unknown>;
    assert.equal(raft["state"], "Leader");
    assert.equal(raft["numPeers"], "0");
    assert.deepEqual(raft["latestConfiguration"], [{ address: "node7:8300", id: "node7", suffrage: 0 }]);
  });
});
