/**
 * PUT /v1/schema/{class}/shards/{shard} with {"status": "READONLY" | "READY"}: a READONLY shard
 * refuses writes with Weaviate's message while reads go on, other shards of the collection keep
 * writing, GET .../shards lists the status, and it holds across a restart until READY.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { queryData } from "../helpers/graphql.ts";
import { call, errorMessage } from "../helpers/http.ts";
import { createClass, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const READ_ONLY = /store is read-only due to: manually set by user/;
let server: TestServer;
let locked: string;
let open: string;
/** Ids placed in the shard that is set READONLY, and in the other one. */
const inLocked: string[] = [];
const inOpen: string[] = [];

const shardStatuses = async () =>
  Object.fromEntries(
    (await call<Array<{ name: string; status: string }>>(server.url, "GET", "/v1/schema/Ledger/shards")).body.map(
      (shard) => [shard.name, shard.status],
    ),
  );
const setStatus = (shard: string, status: unknown, className = "Ledger") =>
  call<{ status: string }>(server.url, "PUT", `/v1/schema/${className}/shards/${shard}`, { status });

before(async () => {
  server = await startTestServer();
  await createClass(server.url, {
    class: "Ledger",
    properties: [{ name: "n", dataType: ["int"] }],
    shardingConfig: { desiredCount: 2 },
  });
  [locked, open] = server.app.shards.shardsOf("Ledger").map((shard) => shard.name) as [string, string];
  const set = server.app.shards.shardSet("Ledger")!;
  for (let n = 0; inLocked.length < 4 || inOpen.length < 4; n++) {
    const id = uuidOf(0x500 + n);
    (set.shardOf(id).name === locked ? inLocked : inOpen).push(id);
  }
  const objects = [...inLocked.slice(0, 3), ...inOpen.slice(0, 3)].map((id, n) => ({ class: "Ledger", id, properties: { n } }));
  assert.equal((await call(server.url, "POST", "/v1/batch/objects", { objects })).status, 200);
});

after(() => server.dispose());

describe("shard status", () => {
  test("READONLY is echoed and listed; the other shard stays READY", async () => {
    const reply = await setStatus(locked, "READONLY");
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: "READONLY" });
    assert.deepEqual(await shardStatuses(), { [locked]: "READONLY", [open]: "READY" });
  });

  test("writes to the READONLY shard are refused, reads go on", async () => {
    const create = await call(server.url, "POST", "/v1/objects", { class: "Ledger", id: inLocked[3], properties: { n: 9 } });
    assert.equal(create.status, 422);
    assert.match(errorMessage(create), READ_ONLY);
    assert.match(errorMessage(create), new RegExp(`shard="${locked}"`));
    const patch = await call(server.url, "PATCH", `/v1/objects/Ledger/${inLocked[0]}`, { properties: { n: 100 } });
    assert.equal(patch.status, 422);
    assert.match(errorMessage(patch), READ_ONLY);
    const put = await call(server.url, "PUT", `/v1/objects/Ledger/${inLocked[0]}`, { class: "Ledger", properties: { n: 100 } });
    assert.equal(put.status, 422);
    const remove = await call(server.url, "DELETE", `/v1/objects/Ledger/${inLocked[0]}`);
    assert.equal(remove.status, 422);
    assert.match(errorMessage(remove), READ_ONLY);
    const read = await call<{ properties: { n: number } }>(server.url, "GET", `/v1/objects/Ledger/${inLocked[0]}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.properties.n, 0);
    const counted = await queryData(server.url, "{Aggregate{Ledger{meta{count}}}}");
    assert.equal(counted.Aggregate.Ledger[0].meta.count, 6);
  });

  test("a batch fails the objects of the READONLY shard only; the other shard writes", async () => {
    const reply = await call<Array<{ id: string; result: { status: string; errors?: { error: Array<{ message: string }> } } }>>(
      server.url,
      "POST",
      "/v1/batch/objects",
      { objects: [inLocked[3], inOpen[3]].map((id) => ({ class: "Ledger", id, properties: { n: 7 } })) },
    );
    assert.equal(reply.status, 200);
    const [refused, written] = reply.body;
    assert.equal(refused!.result.status, "FAILED");
    assert.match(refused!.result.errors!.error[0]!.message, READ_ONLY);
    assert.equal(written!.result.status, "SUCCESS");
    assert.equal((await call(server.url, "GET", `/v1/objects/Ledger/${inLocked[3]}`)).status, 404);
    assert.equal((await call(server.url, "GET", `/v1/objects/Ledger/${inOpen[3]}`)).status, 200);
  });

  test("a batch delete fails the READONLY shard's matches with the reason, deletes the rest", async () => {
    const reply = await call<{ results: { matches: number; successful: number; failed: number; objects: Array<{ id: string; status: string; errors?: { error: Array<{ message: string }> } }> } }>(
      server.url,
      "DELETE",
      "/v1/batch/objects",
      { match: { class: "Ledger", where: { path: ["n"], operator: "Equal", valueInt: 1 } }, output: "verbose" },
    );
    // n = 1 is inLocked[1]; nothing in the other shard has it.
    assert.equal(reply.body.results.matches, 1);
    assert.equal(reply.body.results.failed, 1);
    assert.match(reply.body.results.objects[0]!.errors!.error[0]!.message, READ_ONLY);
    const both = await call<{ results: { matches: number; successful: number; failed: number } }>(server.url, "DELETE", "/v1/batch/objects", {
      match: { class: "Ledger", where: { path: ["n"], operator: "Equal", valueInt: 7 } },
    });
    assert.deepEqual([both.body.results.matches, both.body.results.successful], [1, 1]);
  });

  test("READONLY holds across a restart; READY (any case, echoed as sent) restores writes", async () => {
    await server.stop();
    server = await startTestServer({}, server.dataPath);
    assert.deepEqual(await shardStatuses(), { [locked]: "READONLY", [open]: "READY" });
    const still = await call(server.url, "POST", "/v1/objects", { class: "Ledger", id: inLocked[3], properties: { n: 9 } });
    assert.equal(still.status, 422);
    const ready = await setStatus(locked, "ready");
    assert.deepEqual([ready.status, ready.body], [200, { status: "ready" }]);
    assert.deepEqual(await shardStatuses(), { [locked]: "READY", [open]: "READY" });
    const create = await call(server.url, "POST", "/v1/objects", { class: "Ledger", id: inLocked[3], properties: { n: 9 } });
    assert.equal(create.status, 200, JSON.stringify(create.body));
    assert.equal((await call(server.url, "DELETE", `/v1/objects/Ledger/${inLocked[0]}`)).status, 204);
  });

  test("INDEXING is taken and reads as READY, as Weaviate computes it", async () => {
    assert.equal((await setStatus(open, "INDEXING")).status, 200);
    assert.equal((await shardStatuses())[open], "READY");
  });

  test("bad requests are 422s naming what is wrong", async () => {
    const unknownClass = await setStatus(locked, "READONLY", "Nowhere");
    assert.equal(unknownClass.status, 422);
    assert.match(errorMessage(unknownClass), /cannot update shard status to a non-existing index for Nowhere/);
    const unknownShard = await setStatus("NoSuchShard", "READONLY");
    assert.equal(unknownShard.status, 422);
    assert.match(errorMessage(unknownShard), /class Ledger has no physical shard "NoSuchShard"/);
    for (const status of ["FROZEN", "", 5]) {
      const bad = await setStatus(locked, status);
      assert.equal(bad.status, 422, JSON.stringify(status));
      assert.match(errorMessage(bad), /status/);
    }
    assert.deepEqual(await shardStatuses(), { [locked]: "READY", [open]: "READY" });
  });
});
