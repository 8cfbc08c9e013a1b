/**
 * Backups of a multi-tenant class: ACTIVE and INACTIVE tenants' data is in the backup (an
 * INACTIVE tenant's shard opens for the backup and closes again), OFFLOADED tenants keep their
 * state only; a restore brings every tenant back in its state with its objects and vectors.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import { call } from "../helpers/http.ts";
import { offloadEnv, startTestS3, type TestS3 } from "../helpers/s3.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

let s3: TestS3;
let server: TestServer;
let root: string;
const url = () => server.url;

async function waitFor(path: string, done: (body: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const reply = await call<Record<string, unknown>>(url(), "GET", path);
    if (done(reply.body)) return reply.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} did not settle`);
}

const tenantStates = async () =>
  ((await call<Array<{ name: string; activityStatus: string }>>(url(), "GET", "/v1/schema/Doc/tenants")).body ?? []).map(
    (tenant) => `${tenant.name}:${tenant.activityStatus}`,
  );

before(async () => {
  s3 = await startTestS3(["weaviate-offload"]);
  root = await tempDir("backups-");
  server = await startTestServer({
    ...offloadEnv(s3),
    ENABLE_MODULES: "backup-filesystem,offload-s3",
    BACKUP_FILESYSTEM_PATH: root,
  });
});

after(async () => {
  await server.dispose();
  await s3.stop();
  await rm(root, { recursive: true, force: true });
});

test("tenants come back from a backup in their states, with the data of the local ones", async () => {
  await call(url(), "POST", "/v1/schema", { class: "Doc", multiTenancyConfig: { enabled: true }, properties: [{ name: "n", dataType: ["int"] }] });
  await call(url(), "POST", "/v1/schema/Doc/tenants", [{ name: "hot" }, { name: "cold" }, { name: "frozen" }, { name: "empty" }]);
  const objects = ["hot", "cold", "frozen"].flatMap((tenant, t) =>
    Array.from({ length: 5 }, (_, i) => ({ class: "Doc", tenant, properties: { n: t * 10 + i }, vector: [t, i, 1] })),
  );
  assert.equal((await call(url(), "POST", "/v1/batch/objects", { objects })).status, 200);
  await call(url(), "PUT", "/v1/schema/Doc/tenants", [
    { name: "cold", activityStatus: "INACTIVE" },
    { name: "frozen", activityStatus: "OFFLOADED" },
  ]);
  await waitFor("/v1/schema/Doc/tenants/frozen", (body) => body["activityStatus"] === "FROZEN");
  const before = await call(url(), "GET", "/v1/objects?class=Doc&tenant=hot&include=vector");

  assert.equal((await call(url(), "POST", "/v1/backups/filesystem", { id: "mt" })).status, 200);
  const done = await waitFor("/v1/backups/filesystem/mt", (body) => ["SUCCESS", "FAILED"].includes(String(body["status"])));
  assert.equal(done["status"], "SUCCESS", JSON.stringify(done));
  assert.equal(server.app.shards.openedTenant("Doc", "cold"), undefined, "the inactive tenant was closed again");

  await call(url(), "DELETE", "/v1/schema/Doc");
  assert.equal((await call(url(), "POST", "/v1/backups/filesystem/mt/restore", {})).status, 200);
  const restored = await waitFor("/v1/backups/filesystem/mt/restore", (body) => ["SUCCESS", "FAILED"].includes(String(body["status"])));
  assert.equal(restored["status"], "SUCCESS", JSON.stringify(restored));

  assert.deepEqual(await tenantStates(), ["cold:COLD", "empty:HOT", "frozen:FROZEN", "hot:HOT"]);
  assert.deepEqual((await call(url(), "GET", "/v1/objects?class=Doc&tenant=hot&include=vector")).body, before.body);
  const near = await call<{ data: { Get: { Doc: Array<{ n: number }> } } }>(url(), "POST", "/v1/graphql", {
    query: '{Get{Doc(tenant:"hot", nearVector:{vector:[0,3,1]}, limit:1){n}}}',
  });
  assert.deepEqual(near.body.data.Get.Doc, [{ n: 3 }]);
  await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "cold", activityStatus: "ACTIVE" }]);
  const cold = await call<{ objects: Array<{ properties: { n: number } }> }>(url(), "GET", "/v1/objects?class=Doc&tenant=cold");
  assert.deepEqual(cold.body.objects.map((o) => o.properties.n).sort(), [10, 11, 12, 13, 14]);
  const empty = await call<{ objects: unknown[] }>(url(), "GET", "/v1/objects?class=Doc&tenant=empty");
  assert.deepEqual(empty.body.objects, []);
});
