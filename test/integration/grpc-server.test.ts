/**
 * The gRPC listener itself: the health service, authentication and the admin list as REST has
 * them (key in `authorization` metadata, read-only users refused writes), gRPC statuses for
 * use-case errors, unimplemented methods, and messages over GRPC_MAX_MESSAGE_SIZE refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ClientError, Status } from "nice-grpc";
import { HealthCheckResponse_ServingStatus } from "../../src/grpc/generated/grpc/health/v1/health.ts";
import { TenantActivityStatus } from "../../src/grpc/generated/v1/tenants.ts";
import { grpcClients } from "../helpers/grpc.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** BatchStream's request stream, ended at once: the server is never sent a message. */
async function* noRequests() {}

async function drain(replies: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of replies);
}

const ADMIN = "admin-key-0123456789";
const READER = "reader-key-0123456789";

async function rejectsWith(promise: Promise<unknown>, code: Status, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ClientError, String(error));
    assert.equal(Status[error.code], Status[code], error.details);
    if (pattern) assert.match(error.details, pattern);
    return true;
  });
}

describe("gRPC: health, tenants and errors (no auth)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ GRPC_MAX_MESSAGE_SIZE: "4096" });
    await call(server.url, "POST", "/v1/schema", { class: "Doc", multiTenancyConfig: { enabled: true } });
    await call(server.url, "POST", "/v1/schema", { class: "Plain" });
    await call(server.url, "POST", "/v1/schema/Doc/tenants", [{ name: "a" }, { name: "b", activityStatus: "COLD" }]);
  });
  after(() => server.dispose());

  test("Health Check answers SERVING once ready", async () => {
    const { health, close } = grpcClients(server.app.grpcPort);
    try {
      assert.deepEqual(await health.check({ service: "" }), { status: HealthCheckResponse_ServingStatus.SERVING });
    } finally {
      close();
    }
  });

  test("TenantsGet lists tenants (all, or by name) in REST's legacy states", async () => {
    const { weaviate, close } = grpcClients(server.app.grpcPort);
    try {
      const all = await weaviate.tenantsGet({ collection: "Doc" });
      assert.deepEqual(all.tenants, [
        { name: "a", activityStatus: TenantActivityStatus.TENANT_ACTIVITY_STATUS_HOT },
        { name: "b", activityStatus: TenantActivityStatus.TENANT_ACTIVITY_STATUS_COLD },
      ]);
      const some = await weaviate.tenantsGet({ collection: "Doc", names: { values: ["b", "nope"] } });
      assert.deepEqual(some.tenants.map((tenant) => tenant.name), ["b"]);
      await rejectsWith(weaviate.tenantsGet({ collection: "Plain" }), Status.INVALID_ARGUMENT, /multi-tenancy is not enabled/);
      await rejectsWith(weaviate.tenantsGet({ collection: "Nope" }), Status.INVALID_ARGUMENT, /not found/);
    } finally {
      close();
    }
  });

  test("a method not served is UNIMPLEMENTED; a message over GRPC_MAX_MESSAGE_SIZE is refused", async () => {
    const { weaviate, close } = grpcClients(server.app.grpcPort, { maxMessageBytes: 1 << 20 });
    try {
      await rejectsWith(drain(weaviate.batchStream(noRequests())), Status.UNIMPLEMENTED);
      await rejectsWith(
        weaviate.tenantsGet({ collection: "Doc", names: { values: ["x".repeat(8192)] } }),
        Status.RESOURCE_EXHAUSTED,
      );
    } finally {
      close();
    }
  });
});

describe("gRPC: API keys and the admin list", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      AUTHENTICATION_APIKEY_ENABLED: "true",
      AUTHENTICATION_APIKEY_ALLOWED_KEYS: `${ADMIN},${READER}`,
      AUTHENTICATION_APIKEY_USERS: "admin,reader",
      AUTHORIZATION_ADMINLIST_ENABLED: "true",
      AUTHORIZATION_ADMINLIST_USERS: "admin",
      AUTHORIZATION_ADMINLIST_READONLY_USERS: "reader",
    });
    await call(server.url, "POST", "/v1/schema", { class: "Doc", multiTenancyConfig: { enabled: true } }, {
      authorization: `Bearer ${ADMIN}`,
    });
  });
  after(() => server.dispose());

  test("health is open; no key or a wrong key is UNAUTHENTICATED with Weaviate's message", async () => {
    const anonymous = grpcClients(server.app.grpcPort);
    const wrong = grpcClients(server.app.grpcPort, { apiKey: "nope" });
    try {
      assert.equal((await anonymous.health.check({ service: "" })).status, HealthCheckResponse_ServingStatus.SERVING);
      await rejectsWith(anonymous.weaviate.tenantsGet({ collection: "Doc" }), Status.UNAUTHENTICATED, /anonymous access not enabled/);
      await rejectsWith(wrong.weaviate.tenantsGet({ collection: "Doc" }), Status.UNAUTHENTICATED, /invalid api key/);
    } finally {
      anonymous.close();
      wrong.close();
    }
  });

  test("a read-only user reads but may not write; an admin may", async () => {
    const reader = grpcClients(server.app.grpcPort, { apiKey: READER });
    const admin = grpcClients(server.app.grpcPort, { apiKey: ADMIN });
    try {
      assert.deepEqual((await reader.weaviate.tenantsGet({ collection: "Doc" })).tenants, []);
      await rejectsWith(
        reader.weaviate.batchDelete({ collection: "Doc" }),
        Status.PERMISSION_DENIED,
        /^authorization, forbidden action: user 'reader' has insufficient permissions to create \[grpc\/weaviate\.v1\.Weaviate\/BatchDelete\]$/,
      );
      // The admin gets past the door (and on to the method itself).
      await rejectsWith(drain(admin.weaviate.batchStream(noRequests())), Status.UNIMPLEMENTED);
    } finally {
      reader.close();
      admin.close();
    }
  });
});
