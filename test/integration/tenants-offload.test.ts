/**
 * Offloading tenants to an S3-compatible store (module offload-s3, s3rver on 127.0.0.1) over
 * REST: FREEZING → FROZEN with the shard's files in the bucket and gone locally, then onload
 * (UNFREEZING → HOT) with every object and vector back; autoTenantActivation onloads on access;
 * a failed offload leaves the tenant as it was; deleting a tenant deletes its offloaded copy.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { call, errorMessage } from "../helpers/http.ts";
import { s3rverCredentials, startTestS3, type TestS3, offloadEnv } from "../helpers/s3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let s3: TestS3;
let server: TestServer;
let raw: S3Client;
const url = () => server.url;
const vectorFor = (i: number) => [Math.cos(i), Math.sin(i), i / 100];

async function statusOf(className: string, tenant: string): Promise<string> {
  return ((await call<{ activityStatus: string }>(url(), "GET", `/v1/schema/${className}/tenants/${tenant}`)).body).activityStatus;
}

async function waitFor(className: string, tenant: string, wanted: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await statusOf(className, tenant)) === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${tenant} never reached ${wanted} (now ${await statusOf(className, tenant)})`);
}

async function keysIn(bucket: string): Promise<string[]> {
  const listed = await raw.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((item) => item.Key!).sort();
}

before(async () => {
  s3 = await startTestS3(["weaviate-offload"]);
  server = await startTestServer(offloadEnv(s3));
  raw = new S3Client({
    endpoint: `http://${s3.endpoint}`, region: "us-east-1", forcePathStyle: true,
    credentials: { ...s3rverCredentials },
  });
  const classes = [
    { class: "Doc", multiTenancyConfig: { enabled: true }, properties: [{ name: "n", dataType: ["int"] }] },
    { class: "Lazy", multiTenancyConfig: { enabled: true, autoTenantActivation: true } },
  ];
  assert.equal((await call(url(), "POST", "/v1/schema", { classes })).status, 200);
  await call(url(), "POST", "/v1/schema/Doc/tenants", [{ name: "acme" }, { name: "other" }]);
  const objects = Array.from({ length: 50 }, (_, i) => ({ class: "Doc", tenant: "acme", properties: { n: i }, vector: vectorFor(i) }));
  assert.equal((await call(url(), "POST", "/v1/batch/objects", { objects })).status, 200);
});

after(async () => {
  raw.destroy();
  await server.dispose();
  await s3.stop();
});

async function nearest(tenant: string, i: number): Promise<unknown> {
  const reply = await call<{ data: unknown; errors?: unknown }>(url(), "POST", "/v1/graphql", {
    query: `{Get{Doc(tenant:"${tenant}", nearVector:{vector:[${vectorFor(i).join(",")}]}, limit:1){n}}}`,
  });
  return reply.body.errors ?? reply.body.data;
}

test("offload: the files go to the bucket and leave the disk; onload brings every object and vector back", async () => {
  const before = await call<{ objects: unknown[] }>(url(), "GET", "/v1/objects?class=Doc&tenant=acme&limit=100&include=vector");
  assert.equal(before.body.objects.length, 50);
  const local = path.join(server.dataPath, "collections", "Doc", "acme");
  assert.ok(existsSync(local));

  const answer = await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "acme", activityStatus: "OFFLOADED" }]);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.match(JSON.stringify(answer.body), /"activityStatus":"(FREEZING|FROZEN)"/);
  await waitFor("Doc", "acme", "FROZEN");
  assert.equal(existsSync(local), false, "gone from the local disk");
  assert.deepEqual(await keysIn("weaviate-offload"), ["Doc/acme/offload.json", "Doc/acme/shard.tar"]);
  const refused = await call(url(), "GET", "/v1/objects?class=Doc&tenant=acme");
  assert.equal(refused.status, 422);
  assert.match(errorMessage(refused), /tenant not active: 'acme'/);
  assert.equal((await call(url(), "GET", "/v1/objects?class=Doc&tenant=other")).status, 200, "other tenants unaffected");

  await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "acme", activityStatus: "ACTIVE" }]);
  await waitFor("Doc", "acme", "HOT");
  const afterOnload = await call<{ objects: unknown[] }>(url(), "GET", "/v1/objects?class=Doc&tenant=acme&limit=100&include=vector");
  assert.deepEqual(afterOnload.body.objects, before.body.objects);
  assert.deepEqual(await nearest("acme", 17), { Get: { Doc: [{ n: 17 }] } });
  assert.deepEqual(await keysIn("weaviate-offload"), [], "the copy is dropped once the tenant is back");
});

test("autoTenantActivation onloads an OFFLOADED tenant on access; delete removes the offloaded copy", async () => {
  await call(url(), "POST", "/v1/schema/Lazy/tenants", [{ name: "sleepy" }, { name: "gone" }]);
  await call(url(), "POST", "/v1/objects", { class: "Lazy", tenant: "sleepy", properties: {}, vector: [1, 2] });
  await call(url(), "POST", "/v1/objects", { class: "Lazy", tenant: "gone", properties: {}, vector: [3, 4] });
  await call(url(), "PUT", "/v1/schema/Lazy/tenants", [{ name: "sleepy", activityStatus: "FROZEN" }, { name: "gone", activityStatus: "FROZEN" }]);
  await waitFor("Lazy", "sleepy", "FROZEN");
  await waitFor("Lazy", "gone", "FROZEN");
  const read = await call<{ objects: Array<{ vector: number[] }> }>(url(), "GET", "/v1/objects?class=Lazy&tenant=sleepy&include=vector");
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.deepEqual(read.body.objects[0]?.vector, [1, 2]);
  assert.equal(await statusOf("Lazy", "sleepy"), "HOT");

  assert.deepEqual(await keysIn("weaviate-offload"), ["Lazy/gone/offload.json", "Lazy/gone/shard.tar"]);
  assert.equal((await call(url(), "DELETE", "/v1/schema/Lazy/tenants", ["gone"])).status, 200);
  assert.deepEqual(await keysIn("weaviate-offload"), []);
});

test("a failed offload leaves the tenant where it was, data intact, and says why", async () => {
  await call(url(), "POST", "/v1/schema/Doc/tenants", [{ name: "unlucky", activityStatus: "INACTIVE" }]);
  // Make the upload fail: s3rver refuses keys it cannot store once the bucket is gone.
  const { DeleteBucketCommand } = await import("@aws-sdk/client-s3");
  await raw.send(new DeleteBucketCommand({ Bucket: "weaviate-offload" }));
  try {
    await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "unlucky", activityStatus: "OFFLOADED" }]);
    for (let i = 0; i < 400 && (await statusOf("Doc", "unlucky")) === "FREEZING"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(await statusOf("Doc", "unlucky"), "COLD");
    const views = server.app.tenants.list("Doc");
    assert.match(views.find((t) => t.name === "unlucky")?.error ?? "", /offload failed: .*weaviate-offload/);
  } finally {
    const { CreateBucketCommand } = await import("@aws-sdk/client-s3");
    await raw.send(new CreateBucketCommand({ Bucket: "weaviate-offload" }));
  }
});

test("a failed onload leaves the tenant OFFLOADED with its copy in the bucket, and says why", async () => {
  await call(url(), "POST", "/v1/schema/Doc/tenants", [{ name: "fragile" }]);
  await call(url(), "POST", "/v1/objects", { class: "Doc", tenant: "fragile", properties: { n: 1 }, vector: [1, 1, 1] });
  await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "fragile", activityStatus: "OFFLOADED" }]);
  await waitFor("Doc", "fragile", "FROZEN");
  // Damage the stored archive: the onload must notice by its checksum.
  const { PutObjectCommand } = await import("@aws-sdk/client-s3");
  await raw.send(new PutObjectCommand({ Bucket: "weaviate-offload", Key: "Doc/fragile/shard.tar", Body: Buffer.alloc(2048, 7) }));
  await call(url(), "PUT", "/v1/schema/Doc/tenants", [{ name: "fragile", activityStatus: "ACTIVE" }]);
  for (let i = 0; i < 400 && (await statusOf("Doc", "fragile")) === "UNFREEZING"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.equal(await statusOf("Doc", "fragile"), "FROZEN");
  const view = server.app.tenants.list("Doc").find((t) => t.name === "fragile");
  assert.match(view?.error ?? "", /onload failed: .*damaged/);
  assert.ok((await keysIn("weaviate-offload")).includes("Doc/fragile/offload.json"), "the copy stays");
  assert.equal(existsSync(path.join(server.dataPath, "collections", "Doc", "fragile")), false, "nothing half-placed locally");
});
