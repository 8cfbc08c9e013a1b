/**
 * Tenants through GraphQL on the same engine as REST: the `tenants` query and the createTenants /
 * updateTenants / deleteTenants mutations with the current status names, use-case errors as
 * GraphQL errors naming the fault, variables, the fields running while no class exists, and an
 * offload / onload round trip against s3rver (module offload-s3).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CreateBucketCommand, DeleteBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { call } from "../helpers/http.ts";
import { s3rverCredentials, startTestS3, type TestS3, offloadEnv } from "../helpers/s3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

interface Reply {
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL replies are read field by field in the assertions
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: string[] }>;
}

const gql = async (server: TestServer, query: string, variables?: Record<string, unknown>) => {
  const reply = await call<Reply>(server.url, "POST", "/v1/graphql", { query, ...(variables ? { variables } : {}) });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body;
};

/** The data of a reply that must have no errors. */
const ok = async (server: TestServer, query: string, variables?: Record<string, unknown>) => {
  const reply = await gql(server, query, variables);
  assert.equal(reply.errors, undefined, JSON.stringify(reply.errors));
  return reply.data!;
};

/** The one error of a reply, with the path it names. */
const failure = async (server: TestServer, query: string) => {
  const reply = await gql(server, query);
  assert.equal(reply.errors?.length, 1, JSON.stringify(reply));
  return reply.errors![0]!;
};

const docClass = { class: "Doc", multiTenancyConfig: { enabled: true }, properties: [{ name: "title", dataType: ["text"] }] };

describe("tenants in GraphQL", () => {
  let server: TestServer;
  const run = (query: string, variables?: Record<string, unknown>) => ok(server, query, variables);
  const fail = (query: string) => failure(server, query);
  const listed = async () => (await run(`{ tenants(collection: "Doc") { name activityStatus error } }`))["tenants"];

  before(async () => {
    server = await startTestServer();
    assert.equal((await call(server.url, "POST", "/v1/schema", docClass)).status, 200);
    const plain = { class: "Plain", properties: [{ name: "title", dataType: ["text"] }] };
    assert.equal((await call(server.url, "POST", "/v1/schema", plain)).status, 200);
  });

  after(() => server.dispose());

  test("createTenants answers the current state; tenants lists them sorted; REST sees them in legacy names", async () => {
    const created = await run(
      `mutation { createTenants(collection: "Doc", tenants: [{ name: "carol" }, { name: "bob", activityStatus: INACTIVE }, { name: "alice", activityStatus: ACTIVE }]) { name activityStatus error } }`,
    );
    assert.deepEqual(created["createTenants"], [
      { name: "carol", activityStatus: "ACTIVE", error: null },
      { name: "bob", activityStatus: "INACTIVE", error: null },
      { name: "alice", activityStatus: "ACTIVE", error: null },
    ]);
    assert.deepEqual(await listed(), [
      { name: "alice", activityStatus: "ACTIVE", error: null },
      { name: "bob", activityStatus: "INACTIVE", error: null },
      { name: "carol", activityStatus: "ACTIVE", error: null },
    ]);
    const rest = await call(server.url, "GET", "/v1/schema/Doc/tenants");
    assert.equal(rest.status, 200);
    assert.deepEqual(rest.body, [
      { name: "alice", activityStatus: "HOT" },
      { name: "bob", activityStatus: "COLD" },
      { name: "carol", activityStatus: "HOT" },
    ]);
    const again = await run(`mutation { createTenants(collection: "Doc", tenants: [{ name: "bob", activityStatus: ACTIVE }]) { name activityStatus } }`);
    assert.deepEqual(again["createTenants"], [{ name: "bob", activityStatus: "INACTIVE" }], "an existing tenant is left as it is");
  });

  test("updateTenants to INACTIVE closes the tenant to Get; back to ACTIVE opens it again", async () => {
    const inserted = await call(server.url, "POST", "/v1/batch/objects", {
      objects: [
        { class: "Doc", tenant: "alice", properties: { title: "a1" }, vector: [1, 0] },
        { class: "Doc", tenant: "alice", properties: { title: "a2" }, vector: [0, 1] },
      ],
    });
    assert.equal(inserted.status, 200, JSON.stringify(inserted.body));
    const get = `{ Get { Doc(tenant: "alice", sort: [{ path: ["title"] }]) { title } } }`;
    assert.deepEqual(await run(get), { Get: { Doc: [{ title: "a1" }, { title: "a2" }] } });

    const down = await run(`mutation { updateTenants(collection: "Doc", tenants: [{ name: "alice", activityStatus: INACTIVE }]) { name activityStatus } }`);
    assert.deepEqual(down["updateTenants"], [{ name: "alice", activityStatus: "INACTIVE" }]);
    const refused = await fail(get);
    assert.match(refused.message, /tenant not active: 'alice'/);
    assert.equal((await call<{ activityStatus: string }>(server.url, "GET", "/v1/schema/Doc/tenants/alice")).body.activityStatus, "COLD");

    const up = await run(`mutation { updateTenants(collection: "Doc", tenants: [{ name: "alice", activityStatus: ACTIVE }]) { name activityStatus } }`);
    assert.deepEqual(up["updateTenants"], [{ name: "alice", activityStatus: "ACTIVE" }]);
    assert.deepEqual(await run(get), { Get: { Doc: [{ title: "a1" }, { title: "a2" }] } });
  });

  test("updateTenants to OFFLOADED without the offload module names the module", async () => {
    const refused = await fail(`mutation { updateTenants(collection: "Doc", tenants: [{ name: "carol", activityStatus: OFFLOADED }]) { name } }`);
    assert.match(refused.message, /can't offload tenants, because offload-s3 module is not enabled/);
    assert.deepEqual(refused.path, ["updateTenants"]);
    assert.equal((await listed()).find((tenant: { name: string }) => tenant.name === "carol").activityStatus, "ACTIVE");
  });

  test("variables: $tenants: [TenantInput!]! works for create and update", async () => {
    const create = `mutation Create($collection: String!, $tenants: [TenantInput!]!) {
      createTenants(collection: $collection, tenants: $tenants) { name activityStatus }
    }`;
    const created = await run(create, { collection: "Doc", tenants: [{ name: "dave" }, { name: "erin", activityStatus: "INACTIVE" }] });
    assert.deepEqual(created["createTenants"], [
      { name: "dave", activityStatus: "ACTIVE" },
      { name: "erin", activityStatus: "INACTIVE" },
    ]);
    const update = `mutation Update($tenants: [TenantInput!]!) { updateTenants(collection: "Doc", tenants: $tenants) { name activityStatus } }`;
    const updated = await run(update, { tenants: [{ name: "dave", activityStatus: "INACTIVE" }, { name: "erin", activityStatus: "ACTIVE" }] });
    assert.deepEqual(updated["updateTenants"], [
      { name: "dave", activityStatus: "INACTIVE" },
      { name: "erin", activityStatus: "ACTIVE" },
    ]);
    const badEnum = await gql(server, update, { tenants: [{ name: "dave", activityStatus: "HOT" }] });
    assert.match(badEnum.errors![0]!.message, /TenantActivityStatus/, "the legacy names are not GraphQL enum values");
  });

  test("deleteTenants removes the tenant and its objects", async () => {
    await run(`mutation { createTenants(collection: "Doc", tenants: [{ name: "doomed" }]) { name } }`);
    await call(server.url, "POST", "/v1/batch/objects", {
      objects: [{ class: "Doc", tenant: "doomed", properties: { title: "d1" }, vector: [1, 1] }],
    });
    assert.deepEqual(await run(`{ Get { Doc(tenant: "doomed") { title } } }`), { Get: { Doc: [{ title: "d1" }] } });

    const deleted = await run(`mutation { deleteTenants(collection: "Doc", names: ["doomed", "never-existed"]) }`);
    assert.deepEqual(deleted, { deleteTenants: true });
    assert.equal((await listed()).some((tenant: { name: string }) => tenant.name === "doomed"), false);
    const gone = await fail(`{ Get { Doc(tenant: "doomed") { title } } }`);
    assert.match(gone.message, /tenant not found: "doomed"/);
    const rest = await call(server.url, "GET", "/v1/objects?class=Doc&tenant=doomed");
    assert.equal(rest.status, 422);

    await run(`mutation { createTenants(collection: "Doc", tenants: [{ name: "doomed" }]) { name } }`);
    assert.deepEqual(await run(`{ Get { Doc(tenant: "doomed") { title } } }`), { Get: { Doc: [] } }, "a new tenant of that name starts empty");
  });

  test("errors name the collection, the tenant or the name at fault", async () => {
    const unknown = await fail(`{ tenants(collection: "Nope") { name } }`);
    assert.match(unknown.message, /class "Nope" not found/);
    assert.deepEqual(unknown.path, ["tenants"]);
    const plain = await fail(`mutation { createTenants(collection: "Plain", tenants: [{ name: "x" }]) { name } }`);
    assert.match(plain.message, /multi-tenancy is not enabled for class "Plain"/);
    const plainList = await fail(`{ tenants(collection: "Plain") { name } }`);
    assert.match(plainList.message, /multi-tenancy is not enabled for class "Plain"/);
    const badName = await fail(`mutation { createTenants(collection: "Doc", tenants: [{ name: "ok" }, { name: "no way" }]) { name } }`);
    assert.match(badName.message, /tenant name at index 1: {2}'no way' is not a valid tenant name/);
    const missing = await fail(`mutation { updateTenants(collection: "Doc", tenants: [{ name: "nobody", activityStatus: INACTIVE }]) { name } }`);
    assert.match(missing.message, /tenant not found: "nobody"/);
    const noStatus = await fail(`mutation { updateTenants(collection: "Doc", tenants: [{ name: "alice" }]) { name } }`);
    assert.match(noStatus.message, /invalid activity status '' for tenant "alice"/);
    const createOffloaded = await fail(`mutation { createTenants(collection: "Doc", tenants: [{ name: "x", activityStatus: OFFLOADED }]) { name } }`);
    assert.match(createOffloaded.message, /invalid activity status 'OFFLOADED' for tenant "x"/);
    const emptyName = await fail(`mutation { deleteTenants(collection: "Doc", names: [""]) }`);
    assert.match(emptyName.message, /empty tenant name at index 0/);
    assert.equal((await listed()).some((tenant: { name: string }) => tenant.name === "ok" || tenant.name === "x"), false);
  });
});

describe("tenants in GraphQL while no class exists", () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });

  after(() => server.dispose());

  test("tenant fields answer the use case's error, not the 422 'no class' transport error", async () => {
    const listed = await failure(server, `{ tenants(collection: "Doc") { name } }`);
    assert.match(listed.message, /class "Doc" not found/);
    const created = await failure(server, `mutation { createTenants(collection: "Doc", tenants: [{ name: "a" }]) { name } }`);
    assert.match(created.message, /class "Doc" not found/);
    const updated = await failure(server, `mutation { updateTenants(collection: "Doc", tenants: [{ name: "a", activityStatus: ACTIVE }]) { name } }`);
    assert.match(updated.message, /class "Doc" not found/);
    const deleted = await failure(server, `mutation { deleteTenants(collection: "Doc", names: ["a"]) }`);
    assert.match(deleted.message, /class "Doc" not found/);

    const mixed = await call(server.url, "POST", "/v1/graphql", { query: `{ tenants(collection: "Doc") { name } Explore(nearVector: { vector: [1] }) { beacon } }` });
    assert.equal(mixed.status, 422, "a query with other fields still has no provider");
  });

  test("once a multi-tenant class exists the same fields work", async () => {
    assert.equal((await call(server.url, "POST", "/v1/schema", docClass)).status, 200);
    const created = await ok(server, `mutation { createTenants(collection: "Doc", tenants: [{ name: "a" }]) { name activityStatus } }`);
    assert.deepEqual(created["createTenants"], [{ name: "a", activityStatus: "ACTIVE" }]);
  });
});

describe("offload through GraphQL (offload-s3 on s3rver)", () => {
  let s3: TestS3;
  let server: TestServer;
  const run = (query: string) => ok(server, query);
  const statusOf = async (tenant: string) => {
    const tenants = (await run(`{ tenants(collection: "Doc") { name activityStatus error } }`))["tenants"];
    return tenants.find((entry: { name: string }) => entry.name === tenant);
  };
  const waitFor = async (tenant: string, wanted: string) => {
    for (let i = 0; i < 400; i++) {
      if ((await statusOf(tenant)).activityStatus === wanted) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${tenant} never reached ${wanted} (now ${JSON.stringify(await statusOf(tenant))})`);
  };

  before(async () => {
    s3 = await startTestS3(["weaviate-offload"]);
    server = await startTestServer(offloadEnv(s3));
    assert.equal((await call(server.url, "POST", "/v1/schema", docClass)).status, 200);
  });

  after(async () => {
    await server.dispose();
    await s3.stop();
  });

  test("OFFLOADED, then ACTIVE again: the objects are back", async () => {
    await run(`mutation { createTenants(collection: "Doc", tenants: [{ name: "acme" }]) { name } }`);
    const objects = Array.from({ length: 5 }, (_, i) => ({ class: "Doc", tenant: "acme", properties: { title: `t${i}` }, vector: [1, i] }));
    const inserted = await call(server.url, "POST", "/v1/batch/objects", { objects });
    assert.equal(inserted.status, 200, JSON.stringify(inserted.body));
    const get = `{ Get { Doc(tenant: "acme", sort: [{ path: ["title"] }]) { title } } }`;
    const expected = { Get: { Doc: objects.map((object) => ({ title: object.properties.title })) } };
    assert.deepEqual(await run(get), expected);

    const offloading = await run(
      `mutation { updateTenants(collection: "Doc", tenants: [{ name: "acme", activityStatus: OFFLOADED }]) { name activityStatus } }`,
    );
    assert.match(offloading["updateTenants"][0].activityStatus, /^(OFFLOADING|OFFLOADED)$/);
    await waitFor("acme", "OFFLOADED");
    assert.deepEqual(await statusOf("acme"), { name: "acme", activityStatus: "OFFLOADED", error: null });
    assert.match((await failure(server, get)).message, /tenant not active: 'acme'/);

    const onloading = await run(
      `mutation { updateTenants(collection: "Doc", tenants: [{ name: "acme", activityStatus: ACTIVE }]) { name activityStatus } }`,
    );
    assert.match(onloading["updateTenants"][0].activityStatus, /^(ONLOADING|ACTIVE)$/);
    await waitFor("acme", "ACTIVE");
    assert.deepEqual(await run(get), expected);
  });

  test("a failed offload leaves the tenant as it was and `error` says why", async () => {
    await run(`mutation { createTenants(collection: "Doc", tenants: [{ name: "unlucky", activityStatus: INACTIVE }]) { name } }`);
    const raw = new S3Client({
      endpoint: `http://${s3.endpoint}`,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { ...s3rverCredentials },
    });
    // s3rver refuses the upload once the bucket is gone.
    await raw.send(new DeleteBucketCommand({ Bucket: "weaviate-offload" }));
    try {
      await run(`mutation { updateTenants(collection: "Doc", tenants: [{ name: "unlucky", activityStatus: OFFLOADED }]) { name } }`);
      await waitFor("unlucky", "INACTIVE");
      const failed = await statusOf("unlucky");
      assert.match(failed.error ?? "", /offload failed: .*weaviate-offload/);
    } finally {
      await raw.send(new CreateBucketCommand({ Bucket: "weaviate-offload" }));
      raw.destroy();
    }
  });
});
