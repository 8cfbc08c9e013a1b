/**
 * Weaviate's JSON decoding drops keys its models do not have, and clients rely on it: the bodies
 * weaviate-client v3's collections.create sends (with `vectorizers` spread in), and unknown keys
 * in object, batch, batch delete, batch reference, backup, restore and tenant bodies, are all
 * accepted; the unknown keys are neither stored nor echoed. Wrong types of known keys stay 422s.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import { uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

let server: TestServer;

before(async () => {
  server = await startTestServer({ ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: await tempDir("wv-keys-") });
});

after(() => server.dispose());

const post = <T = unknown>(path: string, body: unknown) => call<T>(server.url, "POST", path, body);

describe("unknown keys are ignored", () => {
  test("the class bodies weaviate-client v3 sends for selfProvided vectors and named vectors", async () => {
    // As weaviate-client 3.12 serialises collections.create (captured from its wire traffic).
    const single = {
      properties: [
        { name: "title", dataType: ["text"], moduleConfig: { none: { skip: false, vectorizePropertyName: true } } },
        { name: "count", dataType: ["int"], moduleConfig: { none: { skip: false, vectorizePropertyName: true } } },
      ],
      vectorizers: { vectorIndex: { name: "hnsw" }, vectorizer: { name: "none" } },
      class: "V3Article",
      moduleConfig: {},
      vectorConfig: { default: { vectorIndexType: "hnsw", vectorizer: { none: {} } } },
    };
    const named = {
      properties: [{ name: "title", dataType: ["text"] }],
      vectorizers: [
        { name: "a", vectorIndex: { name: "hnsw" }, vectorizer: { name: "none" } },
        { name: "b", vectorIndex: { name: "hnsw" }, vectorizer: { name: "none" } },
      ],
      class: "V3Named",
      moduleConfig: {},
      multiTenancyConfig: { autoTenantActivation: false, autoTenantCreation: false, enabled: true },
      vectorConfig: {
        a: { vectorIndexType: "hnsw", vectorizer: { none: {} } },
        b: { vectorIndexType: "hnsw", vectorizer: { none: {} } },
      },
    };
    for (const body of [single, named]) {
      const reply = await post<Record<string, unknown>>("/v1/schema", body);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body["vectorizers"], undefined);
      assert.deepEqual(Object.keys(reply.body["vectorConfig"] as object), Object.keys(body.vectorConfig));
    }
  });

  test("object bodies: POST, PUT, PATCH and batch items", async () => {
    const id = uuidOf(0x41);
    const created = await post<Record<string, unknown>>("/v1/objects", { class: "Thing", id, properties: { a: "x" }, fields: ["ALL"], extra: 1 });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body["extra"], undefined);
    const put = await call(server.url, "PUT", `/v1/objects/Thing/${id}`, { class: "Thing", properties: { a: "y" }, extra: true });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const patch = await call(server.url, "PATCH", `/v1/objects/Thing/${id}`, { properties: { b: "z" }, extra: {} });
    assert.equal(patch.status, 204, JSON.stringify(patch.body));
    const stored = await call<Record<string, unknown>>(server.url, "GET", `/v1/objects/Thing/${id}`);
    assert.deepEqual(stored.body["properties"], { a: "y", b: "z" });
    const batch = await post<Array<{ result: { status: string } }>>("/v1/batch/objects", {
      objects: [{ class: "Thing", properties: { a: "w" }, extra: 2 }],
      fields: ["ALL"],
      consistencyLevel: "ONE",
    });
    assert.deepEqual(batch.body.map((item) => item.result.status), ["SUCCESS"]);
  });

  test("batch references and batch delete", async () => {
    await post("/v1/schema", { class: "Holder", properties: [{ name: "has", dataType: ["Thing"] }] });
    const holder = uuidOf(0x42);
    await post("/v1/objects", { class: "Holder", id: holder });
    const refs = await post<Array<{ result: { status: string } }>>("/v1/batch/references", [
      { from: `weaviate://localhost/Holder/${holder}/has`, to: `weaviate://localhost/Thing/${uuidOf(0x41)}`, extra: 1 },
    ]);
    assert.equal(refs.status, 200, JSON.stringify(refs.body));
    assert.deepEqual(refs.body.map((item) => item.result.status), ["SUCCESS"]);
    const deleted = await call<{ results: { matches: number } }>(server.url, "DELETE", "/v1/batch/objects", {
      match: { class: "Thing", where: { path: ["a"], operator: "Equal", valueText: "w" }, extra: 1 },
      dryRun: true,
      extra: 2,
    });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal(deleted.body.results.matches, 1);
  });

  test("backup and restore bodies", async () => {
    const created = await post("/v1/backups/filesystem", { id: "keys", include: ["Holder"], incremental: true, config: { Extra: 1 } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    for (let i = 0; i < 100; i++) {
      const status = await call<{ status: string }>(server.url, "GET", "/v1/backups/filesystem/keys");
      if (status.body.status === "SUCCESS") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await call(server.url, "DELETE", "/v1/schema/Holder");
    const restore = await post("/v1/backups/filesystem/keys/restore", { overwriteAlias: false, extra: 1, config: { Extra: 1 } });
    assert.equal(restore.status, 200, JSON.stringify(restore.body));
  });

  test("tenant bodies: created and updated, echoed without the unknown keys", async () => {
    await post("/v1/schema", { class: "Tenanted", multiTenancyConfig: { enabled: true } });
    const created = await post<unknown[]>("/v1/schema/Tenanted/tenants", [{ name: "t1", activityStatus: "ACTIVE", extra: 1 }]);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.body, [{ name: "t1", activityStatus: "HOT" }]);
    const updated = await call<unknown[]>(server.url, "PUT", "/v1/schema/Tenanted/tenants", [
      { name: "t1", activityStatus: "INACTIVE", extra: 1 },
    ]);
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.body, [{ name: "t1", activityStatus: "COLD" }]);
  });

  test("wrong types of known keys are still 422s naming the field", async () => {
    const object = await post("/v1/objects", { class: "Thing", properties: { a: "x" }, vector: "nope" });
    assert.equal(object.status, 422);
    assert.match(errorMessage(object), /vector/);
    const property = await post("/v1/schema/Thing/properties", { name: "c", dataType: "text" });
    assert.equal(property.status, 422);
    assert.match(errorMessage(property), /dataType/);
  });
});
