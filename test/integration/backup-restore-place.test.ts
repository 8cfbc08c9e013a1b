/**
 * The restore's commit step against the real service: shards staged from a snapshot become a
 * collection in one step (definition persisted last), a class that exists is refused before
 * anything moves, and a restore that crashed half-way leaves nothing after a restart.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { encodeSnapshot, decodeSnapshot, loadShard } from "../../src/shards/index.ts";
import { AppError } from "../../src/errors/index.ts";
import { importObjects } from "../helpers/graphql.ts";
import { createClass } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

before(async () => {
  server = await startTestServer();
  await createClass(server.url, { class: "Article", properties: [{ name: "title", dataType: ["text"] }] });
  await importObjects(
    server.url,
    Array.from({ length: 30 }, (_, i) => ({ class: "Article", properties: { title: `article ${i}` }, vector: [1, i, 2] })),
  );
});

after(async () => {
  await server.dispose();
});

/** Stages the current Article shard under a staging dir, as a restore would, shards closed. */
async function stageArticle(): Promise<{ staged: string; shardName: string }> {
  const { shards, collections } = server.app;
  const source = shards.shardsOf("Article")[0]!;
  const staging = await shards.stagingDir("test");
  const staged = path.join(staging, "Article");
  const loaded = await loadShard(
    path.join(staged, source.name),
    source.name,
    collections.get("Article")!,
    decodeSnapshot(encodeSnapshot(source.snapshotEntries())),
  );
  await loaded.close();
  return { staged, shardName: source.name };
}

test("staged shards become the collection, objects and vectors included", async () => {
  const { collections, shards } = server.app;
  const definition = collections.get("Article")!;
  const before = await shards.shardsOf("Article")[0]!.list({ limit: 100 });
  const { staged } = await stageArticle();
  await collections.delete("Article");
  await collections.restore([definition], (className) => shards.placeCollection(className, staged));
  assert.deepEqual(collections.get("Article"), definition);
  const restored = shards.shardsOf("Article")[0]!;
  assert.deepEqual(await restored.list({ limit: 100 }), before);
  const [hit] = await restored.nearest("", [1, 7, 2], 1);
  assert.equal(hit?.id, before.find((o) => o.properties["title"] === "article 7")?.id);
  const reply = await fetch(`${server.url}/v1/graphql`, {
    method: "POST",
    body: JSON.stringify({ query: "{Aggregate{Article{meta{count}}}}" }),
  });
  assert.deepEqual(await reply.json(), { data: { Aggregate: { Article: [{ meta: { count: 30 } }] } } });
});

test("a class that exists is refused before anything is placed", async () => {
  const { collections } = server.app;
  const { staged } = await stageArticle();
  let placed = false;
  await assert.rejects(
    collections.restore([collections.get("Article")!], async () => {
      placed = true;
    }),
    (error: unknown) => error instanceof AppError && /cannot restore class "Article" because it already exists/.test(error.message),
  );
  assert.equal(placed, false);
  assert.ok((await readdir(path.dirname(staged))).includes("Article"), "staged data untouched");
});

test("a staging directory left by a crash is gone after a restart", async () => {
  const { staged } = await stageArticle();
  const root = path.dirname(path.dirname(staged));
  assert.ok((await readdir(root)).some((name) => name.startsWith(".staging-")));
  await server.stop();
  server = await startTestServer({}, server.dataPath);
  assert.ok(!(await readdir(root)).some((name) => name.startsWith(".staging-")));
  assert.ok(server.app.collections.get("Article"));
});
