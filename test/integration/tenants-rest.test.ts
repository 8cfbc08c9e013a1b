/**
 * Multi-tenancy over REST (reference §4): tenant endpoints with their bodies, statuses and
 * messages; objects, batches, references, batch delete and GraphQL addressing a tenant; the
 * errors of §4.4; INACTIVE closing the shard; auto creation and activation; a tenant's data
 * isolated from another's and surviving a restart.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const url = () => server.url;
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

async function graphql(query: string): Promise<{ data?: Record<string, unknown>; errors?: Array<{ message: string }> }> {
  return (await call<{ data?: Record<string, unknown>; errors?: Array<{ message: string }> }>(url(), "POST", "/v1/graphql", { query })).body;
}

async function expect422(method: string, path: string, body: unknown, pattern: RegExp): Promise<void> {
  const reply = await call(url(), method, path, body);
  assert.equal(reply.status, 422, `${method} ${path}: ${JSON.stringify(reply.body)}`);
  assert.match(errorMessage(reply), pattern);
}

before(async () => {
  server = await startTestServer();
  const classes = [
    { class: "Plain", properties: [{ name: "title", dataType: ["text"] }] },
    {
      class: "Doc",
      multiTenancyConfig: { enabled: true },
      properties: [
        { name: "title", dataType: ["text"] },
        { name: "plain", dataType: ["Plain"] },
      ],
    },
    { class: "Auto", multiTenancyConfig: { enabled: true, autoTenantCreation: true, autoTenantActivation: true } },
  ];
  assert.equal((await call(url(), "POST", "/v1/schema", { classes })).status, 200);
});

after(() => server.dispose());

describe("tenant endpoints", () => {
  test("create echoes the request in the legacy names; list, get and head answer as Weaviate", async () => {
    const created = await call(url(), "POST", "/v1/schema/Doc/tenants", [
      { name: "alice", activityStatus: "ACTIVE" },
      { name: "bob", activityStatus: "INACTIVE" },
      { name: "carol" },
    ]);
    assert.equal(created.status, 200);
    assert.deepEqual(created.body, [
      { name: "alice", activityStatus: "HOT" },
      { name: "bob", activityStatus: "COLD" },
      { name: "carol" },
    ]);
    const again = await call(url(), "POST", "/v1/schema/Doc/tenants", [{ name: "alice", activityStatus: "INACTIVE" }]);
    assert.equal(again.status, 200, "creating an existing tenant is a silent no-op");
    const listed = await call(url(), "GET", "/v1/schema/Doc/tenants");
    assert.deepEqual(listed.body, [
      { name: "alice", activityStatus: "HOT" },
      { name: "bob", activityStatus: "COLD" },
      { name: "carol", activityStatus: "HOT" },
    ]);
    assert.deepEqual((await call(url(), "GET", "/v1/schema/Doc/tenants/bob")).body, { name: "bob", activityStatus: "COLD" });
    const missing = await call(url(), "GET", "/v1/schema/Doc/tenants/nobody");
    assert.equal(missing.status, 404);
    assert.equal(missing.body, undefined);
    assert.equal((await call(url(), "HEAD", "/v1/schema/Doc/tenants/alice")).status, 200);
    assert.equal((await call(url(), "HEAD", "/v1/schema/Doc/tenants/nobody")).status, 404);
  });

  test("validation messages", async () => {
    await expect422("GET", "/v1/schema/Plain/tenants", undefined, /multi-tenancy is not enabled for class "Plain"/);
    await expect422("GET", "/v1/schema/Nope/tenants", undefined, /class "Nope" not found/);
    await expect422("POST", "/v1/schema/Doc/tenants", [{ name: "ok" }, { name: "no way" }], /tenant name at index 1: {2}'no way' is not a valid tenant name/);
    await expect422("POST", "/v1/schema/Doc/tenants", [{ name: "x" }, { name: "x" }], /tenant name x existed multiple times/);
    await expect422("POST", "/v1/schema/Doc/tenants", [{ name: "x", activityStatus: "OFFLOADED" }], /invalid activity status 'OFFLOADED' for tenant "x"/);
    await expect422("PUT", "/v1/schema/Doc/tenants", [{ name: "alice" }], /invalid activity status '' for tenant "alice"/);
    await expect422("PUT", "/v1/schema/Doc/tenants", [{ name: "alice", activityStatus: "FROZEN" }], /can't offload tenants, because offload-s3 module is not enabled/);
    await expect422("PUT", "/v1/schema/Doc/tenants", [{ name: "ghost", activityStatus: "COLD" }], /tenant not found: "ghost"/);
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `t${i}`, activityStatus: "COLD" }));
    await expect422("PUT", "/v1/schema/Doc/tenants", many, /maximum number of tenants allowed to be updated simultaneously is 100/);
    await expect422("DELETE", "/v1/schema/Doc/tenants", ["alice", ""], /empty tenant name at index 1/);
    assert.equal((await call(url(), "GET", "/v1/schema/Doc/tenants/alice")).status, 200, "nothing was deleted");
  });
});

describe("objects in tenants", () => {
  test("writes and reads address one tenant; the §4.4 errors", async () => {
    const plain = await call<{ id: string }>(url(), "POST", "/v1/objects", { class: "Plain", properties: { title: "shared" } });
    const beacon = `weaviate://localhost/Plain/${plain.body.id}`;
    const batch = await call<Array<{ result?: { errors?: unknown } }>>(url(), "POST", "/v1/batch/objects", {
      objects: [
        { class: "Doc", id: id(1), tenant: "alice", properties: { title: "a1", plain: [{ beacon }] }, vector: [1, 0] },
        { class: "Doc", id: id(2), tenant: "alice", properties: { title: "a2" }, vector: [0, 1] },
        { class: "Doc", id: id(1), tenant: "carol", properties: { title: "c1" }, vector: [1, 1] },
        { class: "Doc", id: id(3), properties: { title: "no tenant" } },
        { class: "Doc", id: id(4), tenant: "ghost", properties: { title: "unknown tenant" } },
        { class: "Doc", id: id(5), tenant: "bob", properties: { title: "inactive" } },
        { class: "Plain", tenant: "alice", properties: { title: "tenant on plain" } },
      ],
    });
    assert.equal(batch.status, 200);
    const errors = batch.body.map((item) => JSON.stringify(item.result?.errors ?? null));
    assert.deepEqual(errors.slice(0, 3), ["null", "null", "null"]);
    assert.match(errors[3]!, /class Doc has multi-tenancy enabled, but request was without tenant/);
    assert.match(errors[4]!, /tenant not found: \\"ghost\\"/);
    assert.match(errors[5]!, /tenant not active: 'bob'/);
    assert.match(errors[6]!, /class Plain has multi-tenancy disabled, but request was with tenant/);

    const a1 = await call<{ properties: { title: string }; tenant: string }>(url(), "GET", `/v1/objects/Doc/${id(1)}?tenant=alice`);
    assert.equal(a1.body.properties.title, "a1");
    assert.equal(a1.body.tenant, "alice");
    const c1 = await call<{ properties: { title: string } }>(url(), "GET", `/v1/objects/Doc/${id(1)}?tenant=carol`);
    assert.equal(c1.body.properties.title, "c1", "same id, another tenant, another object");
    assert.equal((await call(url(), "GET", `/v1/objects/Doc/${id(2)}?tenant=carol`)).status, 404);
    await expect422("GET", `/v1/objects/Doc/${id(1)}`, undefined, /multi-tenancy enabled, but request was without tenant/);
    await expect422("GET", `/v1/objects/Doc/${id(1)}?tenant=bob`, undefined, /tenant not active: 'bob'/);
    await expect422("GET", `/v1/objects/Plain/${plain.body.id}?tenant=alice`, undefined, /multi-tenancy disabled, but request was with tenant/);
    const listed = await call<{ objects: Array<{ id: string }> }>(url(), "GET", "/v1/objects?class=Doc&tenant=alice");
    assert.deepEqual(listed.body.objects.map((o) => o.id), [id(1), id(2)]);

    assert.equal((await call(url(), "PATCH", `/v1/objects/Doc/${id(2)}?tenant=alice`, { properties: { title: "a2!" } })).status, 204);
    await expect422("PUT", `/v1/objects/Doc/${id(2)}?tenant=alice`, { class: "Doc", tenant: "carol", properties: {} }, /tenant mismatch, expected alice but got carol/);
    const ref = await call(url(), "POST", `/v1/objects/Doc/${id(2)}/references/plain?tenant=alice`, { beacon });
    assert.equal(ref.status, 200);
    await expect422("POST", `/v1/objects/Doc/${id(2)}/references/plain`, { beacon }, /without tenant/);

    const get = await graphql('{Get{Doc(tenant:"alice", nearVector:{vector:[0,1]}, limit:1){title plain{... on Plain{title}}}}}');
    assert.deepEqual(get.data, { Get: { Doc: [{ title: "a2!", plain: [{ title: "shared" }] }] } });
    const count = await graphql('{Aggregate{Doc(tenant:"carol"){meta{count}}}}');
    assert.deepEqual(count.data, { Aggregate: { Doc: [{ meta: { count: 1 } }] } });
    const without = await graphql("{Get{Doc{title}}}");
    assert.match(without.errors?.[0]?.message ?? "", /has multi-tenancy enabled, but request was without tenant/);
    const inactive = await graphql('{Get{Doc(tenant:"bob"){title}}}');
    assert.match(inactive.errors?.[0]?.message ?? "", /tenant not active: 'bob'/);

    const deleted = await call<{ results: { successful: number } }>(url(), "DELETE", "/v1/batch/objects?tenant=carol", {
      match: { class: "Doc", where: { path: ["title"], operator: "Equal", valueText: "c1" } },
    });
    assert.equal(deleted.body.results.successful, 1);
    assert.equal((await call(url(), "GET", `/v1/objects/Doc/${id(1)}?tenant=alice`)).status, 200, "alice's object stays");
  });

  test("INACTIVE closes the shard and refuses access; ACTIVE brings the data back", async () => {
    assert.ok(server.app.shards.openedTenant("Doc", "alice"));
    const updated = await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "alice", activityStatus: "INACTIVE" }]);
    assert.deepEqual(updated.body, [{ name: "alice", activityStatus: "COLD" }]);
    assert.equal(server.app.shards.openedTenant("Doc", "alice"), undefined, "no open shard");
    await expect422("GET", `/v1/objects/Doc/${id(1)}?tenant=alice`, undefined, /tenant not active: 'alice'/);
    await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "alice", activityStatus: "HOT" }]);
    assert.equal((await call(url(), "GET", `/v1/objects/Doc/${id(1)}?tenant=alice`)).status, 200);
  });

  test("auto creation on write and auto activation on access", async () => {
    const created = await call(url(), "POST", "/v1/objects", { class: "Auto", tenant: "newcomer", properties: {}, vector: [1] });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual((await call(url(), "GET", "/v1/schema/Auto/tenants")).body, [{ name: "newcomer", activityStatus: "HOT" }]);
    await expect422("GET", "/v1/objects?class=Auto&tenant=stranger", undefined, /tenant not found: "stranger"/);
    await call(url(), "PUT", "/v1/schema/Auto/tenants", [{ name: "newcomer", activityStatus: "COLD" }]);
    const read = await call<{ objects: unknown[] }>(url(), "GET", "/v1/objects?class=Auto&tenant=newcomer");
    assert.equal(read.body.objects.length, 1);
    assert.deepEqual((await call(url(), "GET", "/v1/schema/Auto/tenants/newcomer")).body, { name: "newcomer", activityStatus: "HOT" });
  });

  test("references into a multi-tenant class from an ordinary one are refused", async () => {
    await call(url(), "POST", "/v1/schema", { class: "Pointer", properties: [{ name: "to", dataType: ["Doc"] }] });
    const reply = await call(url(), "POST", "/v1/objects", {
      class: "Pointer",
      properties: { to: [{ beacon: `weaviate://localhost/Doc/${id(1)}` }] },
    });
    assert.equal(reply.status, 422);
    assert.match(errorMessage(reply), /multi-tenant class Doc cannot be referenced from Pointer, which is not multi-tenant/);
  });

  test("tenants, their states and their data survive a restart; delete removes a tenant's data", async () => {
    await server.stop();
    server = await startTestServer({}, server.dataPath);
    assert.deepEqual(
      ((await call(url(), "GET", "/v1/schema/Doc/tenants")).body as Array<{ name: string; activityStatus: string }>).map(
        (t) => `${t.name}:${t.activityStatus}`,
      ),
      ["alice:HOT", "bob:COLD", "carol:HOT"],
    );
    assert.equal(server.app.shards.openedTenant("Doc", "alice"), undefined, "tenants open on first use");
    const a2 = await call<{ properties: { title: string } }>(url(), "GET", `/v1/objects/Doc/${id(2)}?tenant=alice`);
    assert.equal(a2.body.properties.title, "a2!");
    assert.equal((await call(url(), "DELETE", "/v1/schema/Doc/tenants", ["alice", "nobody"])).status, 200);
    await expect422("GET", `/v1/objects/Doc/${id(2)}?tenant=alice`, undefined, /tenant not found: "alice"/);
    await call(url(), "POST", "/v1/schema/Doc/tenants", [{ name: "alice" }]);
    assert.equal((await call(url(), "GET", `/v1/objects/Doc/${id(2)}?tenant=alice`)).status, 404, "a new alice starts empty");
  });
});
