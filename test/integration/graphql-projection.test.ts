/**
 * A nearVector Get that selects only `_additional { id distance certainty }` is answered from the
 * vector index alone: same ids and distances as a query that also reads properties, and no object
 * is read from storage.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { countCalls, getObjects, importObjects } from "../helpers/graphql.ts";
import { createClass, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

before(async () => {
  server = await startTestServer();
  await createClass(server.url, { class: "Item", properties: [{ name: "n", dataType: ["int"] }] });
  await importObjects(
    server.url,
    Array.from({ length: 40 }, (_, n) => ({ class: "Item", id: uuidOf(n + 1), vector: [1, n / 10, (n % 7) / 3], properties: { n } })),
  );
});

after(async () => {
  await server.dispose();
});

test("ids and distances alone need no object reads, and match the full answer", async () => {
  const near = "nearVector:{vector:[1,2,0.5]},limit:7";
  const full = await getObjects(server.url, "Item", `{Get{Item(${near}){n _additional{id distance certainty}}}}`);
  const shard = server.app.shards.shardsOf("Item")[0]!;
  const reads = countCalls(shard, ["getRecords"]);
  const lean = await getObjects(server.url, "Item", `{Get{Item(${near}){_additional{id distance certainty}}}}`);
  assert.equal(reads.counts["getRecords"], 0);
  assert.deepEqual(
    lean.map((item: { _additional: unknown }) => item._additional),
    full.map((item: { _additional: unknown }) => item._additional),
  );
  assert.equal(lean.length, 7);
});

test("selecting anything else reads the objects", async () => {
  const shard = server.app.shards.shardsOf("Item")[0]!;
  const reads = countCalls(shard, ["getRecords"]);
  const rows = await getObjects(
    server.url,
    "Item",
    "{Get{Item(nearVector:{vector:[1,2,0.5]},limit:3){_additional{id distance creationTimeUnix}}}}",
  );
  assert.ok(reads.counts["getRecords"]! >= 1);
  assert.ok(rows.every((row: { _additional: { creationTimeUnix: string } }) => Number(row._additional.creationTimeUnix) > 0));
});
