/**
 * weaviate-client v3 against a started server: connectToLocal with its start-up checks, a
 * multi-tenant collection made through collections.create, tenants created over REST and
 * listed over gRPC (tenants.get, getByNames), as the client routes them at version 1.32; then
 * withTenant: insertMany, fetchObjects, nearVector, aggregate and deleteMany in one tenant leave
 * the others alone, and a call without a tenant, or to an inactive one, fails as Weaviate's.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientVersion, connectV3, weaviate, type WeaviateClient } from "../helpers/client-v3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let client: WeaviateClient;

before(async () => {
  server = await startTestServer();
  client = await connectV3(server);
});

after(async () => {
  await client.close();
  await server.dispose();
});

describe("weaviate-client v3: connect and tenants", () => {
  test("connectToLocal passes its checks (gRPC health, version) and the server is ready", async (t) => {
    t.diagnostic(`weaviate-client ${clientVersion}`);
    assert.equal(await client.isReady(), true);
    assert.equal((await client.getMeta()).version, "1.32.0");
  });

  test("tenants: created over REST, listed over gRPC", async () => {
    await client.collections.create({
      name: "Doc",
      multiTenancy: weaviate.configure.multiTenancy({ enabled: true }),
      vectorizers: weaviate.configure.vectors.selfProvided(),
    });
    const doc = client.collections.get("Doc");
    await doc.tenants.create([{ name: "alpha" }, { name: "beta", activityStatus: "INACTIVE" }]);
    assert.deepEqual(await doc.tenants.get(), {
      alpha: { name: "alpha", activityStatus: "ACTIVE" },
      beta: { name: "beta", activityStatus: "INACTIVE" },
    });
    assert.deepEqual(await doc.tenants.getByNames(["beta", "missing"]), {
      beta: { name: "beta", activityStatus: "INACTIVE" },
    });
  });

  test("withTenant: writes, queries, aggregates and deletes stay in their tenant", async () => {
    const doc = client.collections.get<{ title: string; rank: number }>("Doc");
    const alpha = doc.withTenant("alpha");
    const gamma = doc.withTenant("gamma");
    await doc.tenants.create([{ name: "gamma" }]);
    const inserted = await alpha.data.insertMany([
      { properties: { title: "one", rank: 1 }, vectors: [1, 0] },
      { properties: { title: "two", rank: 2 }, vectors: [0, 1] },
      { properties: { title: "three", rank: 3 }, vectors: [0.9, 0.1] },
    ]);
    assert.equal(inserted.hasErrors, false, JSON.stringify(inserted.errors));
    assert.equal((await gamma.data.insertMany([{ properties: { title: "other", rank: 9 }, vectors: [1, 0] }])).hasErrors, false);

    const listed = await alpha.query.fetchObjects({ sort: alpha.sort.byProperty("rank") });
    assert.deepEqual(listed.objects.map((object) => object.properties.title), ["one", "two", "three"]);
    const near = await alpha.query.nearVector([1, 0], { limit: 2 });
    assert.deepEqual(near.objects.map((object) => object.properties.title), ["one", "three"]);
    assert.equal((await alpha.aggregate.overAll()).totalCount, 3);
    assert.equal((await gamma.aggregate.overAll()).totalCount, 1);

    const deleted = await alpha.data.deleteMany(alpha.filter.byProperty("rank").greaterThan(1));
    assert.equal(deleted.matches, 2);
    assert.equal(deleted.successful, 2);
    assert.equal((await alpha.aggregate.overAll()).totalCount, 1);
    assert.equal((await gamma.aggregate.overAll()).totalCount, 1, "the other tenant is untouched");

    await assert.rejects(doc.query.fetchObjects(), /has multi-tenancy enabled, but request was without tenant/);
    await assert.rejects(doc.withTenant("beta").query.fetchObjects(), /tenant not active: 'beta'/);
    await assert.rejects(doc.withTenant("nobody").query.fetchObjects(), /tenant not found: "nobody"/);
    const strayWrite = await doc.withTenant("nobody").data.insertMany([{ properties: { title: "lost", rank: 0 } }]);
    assert.equal(strayWrite.errors[0]?.message, 'tenant not found: "nobody"', "a batch fails the object, by index");
  });
});
