/**
 * weaviate-client v3 against a started server: connectToLocal with its start-up checks, a
 * multi-tenant collection made through collections.create, tenants created over REST and
 * listed over gRPC (tenants.get, getByNames), as the client routes them at version 1.32.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connectV3, weaviate, type WeaviateClient } from "../helpers/client-v3.ts";
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
  test("connectToLocal passes its checks (gRPC health, version) and the server is ready", async () => {
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
});
