/**
 * Collections outlive the process (a restart on the same data directory shows the same schema
 * and the same shards), and every change is published to listeners with a rising generation,
 * which is what the GraphQL layer rebuilds its schema from.
 */
import assert from "node:assert/strict";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { CollectionChange } from "../../src/collections/index.ts";
import { expect422, expectNoBody, expectOk } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import type { ClassJson, Json } from "../helpers/schema.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const schemaOf = async (server: TestServer) =>
  expectOk<{ classes: ClassJson[] }>(await call(server.url, "GET", "/v1/schema")).classes;
const shardsOf = async (server: TestServer, name: string) =>
  expectOk<Json[]>(await call(server.url, "GET", `/v1/schema/${name}/shards`));

describe("collections survive a restart", () => {
  test("schema, updates, added properties, deletions and shard names are kept", async () => {
    let server = await startTestServer();
    const dataPath = server.dataPath;
    try {
      const post = (body: unknown) => call(server.url, "POST", "/v1/schema", body);
      expectOk(await post({ class: "Article", properties: [{ name: "title", dataType: ["string"] }] }));
      expectOk(await post({ class: "Author", properties: [{ name: "wrote", dataType: ["Article"] }] }));
      expectOk(await post({ class: "Named", vectorConfig: { default: { vectorizer: { none: {} }, vectorIndexType: "hnsw" } } }));
      expectOk(await post({ class: "Tenanted", multiTenancyConfig: { enabled: true } }));
      expectOk(await post({ class: "Flat", vectorIndexType: "flat", vectorIndexConfig: { distance: "dot" } }));
      expectOk(await post({ class: "Dynamic", vectorIndexType: "dynamic" }));
      expectOk(await post({ class: "Gone" }));
      expectOk(await call(server.url, "POST", "/v1/schema/Article/properties", { name: "body", dataType: ["text"] }));
      expectOk(await call(server.url, "PUT", "/v1/schema/Article", { class: "Article", description: "changed", vectorIndexConfig: { ef: 50 } }));
      expectNoBody(await call(server.url, "DELETE", "/v1/schema/Gone"), 200);
      const before = await schemaOf(server);
      const shards = await shardsOf(server, "Article");
      await server.stop();

      server = await startTestServer({}, dataPath);
      assert.deepEqual(await schemaOf(server), before);
      assert.deepEqual(await shardsOf(server, "Article"), shards);
      expectNoBody(await call(server.url, "GET", "/v1/schema/Gone"), 404);
      // The restored definitions are live, not just displayed: rules still apply to them.
      expect422(await call(server.url, "POST", "/v1/schema", { class: "article" }), "already exists");
      expect422(await call(server.url, "PUT", "/v1/schema/Article", { class: "Article", vectorIndexConfig: { distance: "dot" } }));
      expectOk(await call(server.url, "POST", "/v1/schema", { class: "Gone" }));
      await server.stop();

      server = await startTestServer({}, dataPath);
      assert.deepEqual(
        (await schemaOf(server)).map((c) => c.class),
        [...before.map((c) => c.class), "Gone"],
      );
    } finally {
      await server.stop();
      await rm(dataPath, { recursive: true, force: true });
    }
  });
});

describe("change events", () => {
  test("create, update, add property, auto-schema and delete each publish one event", async () => {
    const server = await startTestServer();
    try {
      const collections = server.app.collections;
      const events: CollectionChange[] = [];
      const unsubscribe = collections.onChange((change) => events.push(change));
      const generations: number[] = [collections.generation];
      const step = async (method: string, path: string, body?: unknown) => {
        const reply = await call(server.url, method, path, body);
        generations.push(collections.generation);
        return reply;
      };

      expectOk(await step("POST", "/v1/schema", { class: "Watched" }));
      expectOk(await step("PUT", "/v1/schema/Watched", { class: "Watched", description: "d" }));
      expectOk(await step("POST", "/v1/schema/Watched/properties", { name: "p", dataType: ["text"] }));
      expectOk(await step("POST", "/v1/objects", { class: "AutoWatched", properties: { a: "x" } }));
      expectOk(await step("POST", "/v1/objects", { class: "AutoWatched", properties: { b: 1 } }));
      expectNoBody(await step("DELETE", "/v1/schema/Watched"), 200);

      assert.deepEqual(
        events.map((e) => [e.kind, e.kind === "deleted" ? e.className : e.collection.class]),
        [
          ["created", "Watched"],
          ["updated", "Watched"],
          ["updated", "Watched"],
          ["created", "AutoWatched"],
          ["updated", "AutoWatched"],
          ["deleted", "Watched"],
        ],
      );
      for (let i = 1; i < generations.length; i++) {
        assert.ok(generations[i]! > generations[i - 1]!, `generation did not rise at step ${i}: ${generations.join()}`);
      }
      const updated = events[1];
      assert.ok(updated?.kind === "updated");
      assert.equal(updated.collection.description, "d");
      assert.ok(events[2]?.kind === "updated" && events[2].collection.properties.some((p) => p.name === "p"));

      const quiet = collections.generation;
      const count = events.length;
      expect422(await step("POST", "/v1/schema", { class: "AutoWatched" }));
      expect422(await step("PUT", "/v1/schema/AutoWatched", { class: "AutoWatched", vectorizer: "other" }));
      expectNoBody(await step("DELETE", "/v1/schema/NotThere"), 200);
      // Objects that bring no new property change nothing in the schema.
      expectOk(await step("POST", "/v1/objects", { class: "AutoWatched", properties: { a: "y" } }));
      assert.equal(events.length, count);
      assert.equal(collections.generation, quiet);

      unsubscribe();
      expectOk(await step("POST", "/v1/schema", { class: "Unwatched" }));
      assert.equal(events.length, count);
      assert.ok(collections.generation > quiet);
    } finally {
      await server.dispose();
    }
  });

  test('a {"classes":[...]} body publishes one created event per class', async () => {
    const server = await startTestServer();
    try {
      const events: CollectionChange[] = [];
      server.app.collections.onChange((change) => events.push(change));
      const before = server.app.collections.generation;
      expectOk(await call(server.url, "POST", "/v1/schema", { classes: [{ class: "One" }, { class: "Two" }] }));
      assert.deepEqual(
        events.map((e) => (e.kind === "created" ? e.collection.class : e.kind)),
        ["One", "Two"],
      );
      assert.equal(server.app.collections.generation, before + 2);
    } finally {
      await server.dispose();
    }
  });
});

describe("concurrent changes", () => {
  test("racing creates of one class: exactly one succeeds, one event", async () => {
    const server = await startTestServer();
    try {
      const events: CollectionChange[] = [];
      server.app.collections.onChange((change) => events.push(change));
      const names = ["Race", "race", "Race", "RACE", "Race", "race"];
      const replies = await Promise.all(names.map((name) => call(server.url, "POST", "/v1/schema", { class: name })));
      assert.equal(replies.filter((r) => r.status === 200).length, 1, replies.map((r) => r.status).join());
      for (const reply of replies.filter((r) => r.status !== 200)) expect422(reply, "already exists");
      assert.equal(events.length, 1);
      assert.equal((await schemaOf(server)).length, 1);
    } finally {
      await server.dispose();
    }
  });

  test("racing auto-schema writes to a new class all succeed and create it once", async () => {
    const server = await startTestServer();
    try {
      const replies = await Promise.all(
        [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
          call(server.url, "POST", "/v1/objects", { class: "Crowd", properties: { [`p${i % 4}`]: i, shared: "x" } }),
        ),
      );
      for (const reply of replies) expectOk(reply);
      const classes = await schemaOf(server);
      assert.deepEqual(
        classes.map((c) => c.class),
        ["Crowd"],
      );
      assert.deepEqual(
        classes[0]!.properties.map((p) => p["name"]).sort(),
        ["p0", "p1", "p2", "p3", "shared"],
      );
    } finally {
      await server.dispose();
    }
  });
});

describe("a create whose definition cannot be recorded", () => {
  test("leaves no storage behind, so the same class can be created once the disk is fine", async () => {
    const server = await startTestServer();
    try {
      const schemaFile = path.join(server.dataPath, "schema.json");
      // A directory where the schema file goes makes the atomic rename fail.
      await rm(schemaFile, { force: true });
      await mkdir(schemaFile);
      const failed = await call(server.url, "POST", "/v1/schema", { class: "Retry" });
      assert.equal(failed.status, 500);
      assert.equal((await call(server.url, "GET", "/v1/schema/Retry")).status, 404);
      await rm(schemaFile, { recursive: true });
      expectOk(await call(server.url, "POST", "/v1/schema", { class: "Retry" }));
      expectOk(await call(server.url, "POST", "/v1/objects", { class: "Retry", properties: {} }));
    } finally {
      await server.dispose();
    }
  });
});
