/**
 * Multi-tenancy through the official weaviate-ts-client (v2) against a started server with the
 * offload-s3 module on s3rver: a multi-tenant class and its tenants (create, list, exists,
 * COLD and back, delete); objects per tenant through the creator, the batcher, the updater,
 * merger and deleter; nearVector Get and Aggregate per tenant; the §4.4 errors as the client
 * raises them; cross-references into an ordinary class and into the same tenant of another
 * multi-tenant class; and offloading a tenant to the bucket and onloading it with every object
 * and vector back. Expected answers are computed here from the data written.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { Tenant } from "weaviate-ts-client";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { s3rverCredentials, startTestS3, type TestS3, offloadEnv } from "../helpers/s3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { cosineDistance } from "./client-graphql-fixture.ts";

const BUCKET = "weaviate-offload";

let s3: TestS3;
let server: TestServer;
let client: WeaviateClient;
let raw: S3Client;

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

interface Row {
  title: string;
  n: number;
  vector: number[];
}

/** What each tenant of Doc holds, by id: the model every expectation is computed from. */
const model = new Map<string, Map<string, Row>>([
  ["alpha", new Map()],
  ["beta", new Map()],
]);

const alphaRows = Array.from({ length: 12 }, (_, i) => ({
  id: id(i),
  row: { title: `alpha ${i}`, n: i, vector: [Math.cos(i * 0.4), Math.sin(i * 0.4), 0.1 * i] },
}));
const betaRows = Array.from({ length: 7 }, (_, i) => ({
  id: id(i),
  row: { title: `beta ${i}`, n: 100 + i, vector: [Math.sin(i * 0.7), 1, Math.cos(i * 0.7)] },
}));

/** The ids of a tenant's objects nearest to `vector`, nearest first. */
function nearestIds(tenant: string, vector: number[], limit: number): string[] {
  return [...model.get(tenant)!.entries()]
    .map(([objectId, row]) => ({ objectId, distance: cosineDistance(vector, row.vector) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map((item) => item.objectId);
}

const byName = (tenants: Tenant[]) =>
  [...tenants].sort((a, b) => String(a.name).localeCompare(String(b.name))).map((t) => `${t.name}:${t.activityStatus}`);

async function tenantsOf(className: string): Promise<string[]> {
  return byName(await client.schema.tenantsGetter(className).do());
}

async function statusOf(className: string, tenant: string): Promise<string | undefined> {
  const tenants = await client.schema.tenantsGetter(className).do();
  return tenants.find((t) => t.name === tenant)?.activityStatus;
}

async function waitForStatus(className: string, tenant: string, wanted: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await statusOf(className, tenant)) === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${className}/${tenant} never reached ${wanted} (now ${await statusOf(className, tenant)})`);
}

async function keysIn(bucket: string): Promise<string[]> {
  const listed = await raw.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((item) => item.Key!).sort();
}

/** nearVector Get of a tenant: ids and titles, nearest first. */
async function nearVector(tenant: string, vector: number[], limit: number): Promise<Array<{ title: string; id: string }>> {
  const reply = await client.graphql
    .get()
    .withClassName("Doc")
    .withTenant(tenant)
    .withNearVector({ vector })
    .withLimit(limit)
    .withFields("title _additional { id }")
    .do();
  return reply.data.Get.Doc.map((hit: { title: string; _additional: { id: string } }) => ({ title: hit.title, id: hit._additional.id }));
}

/** Every object of a tenant with its vector, as the REST listing answers. */
async function listing(tenant: string) {
  const reply = await client.data.getter().withClassName("Doc").withTenant(tenant).withVector().withLimit(100).do();
  return reply.objects ?? [];
}

before(async () => {
  s3 = await startTestS3([BUCKET]);
  server = await startTestServer(offloadEnv(s3, BUCKET));
  client = clientFor(server.url);
  raw = new S3Client({
    endpoint: `http://${s3.endpoint}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { ...s3rverCredentials },
  });
});

after(async () => {
  raw.destroy();
  await server.dispose();
  await s3.stop();
});

describe("weaviate-ts-client v2 and multi-tenancy", () => {
  test("schema: a multi-tenant class and its tenants: create, list, exists, COLD and back, delete", async () => {
    await client.schema.classCreator().withClass({ class: "Plain", properties: [{ name: "name", dataType: ["text"] }] }).do();
    await client.schema
      .classCreator()
      .withClass({ class: "Note", multiTenancyConfig: { enabled: true }, properties: [{ name: "text", dataType: ["text"] }] })
      .do();
    const created = await client.schema
      .classCreator()
      .withClass({
        class: "Doc",
        multiTenancyConfig: { enabled: true },
        properties: [
          { name: "title", dataType: ["text"] },
          { name: "n", dataType: ["int"] },
          { name: "plain", dataType: ["Plain"] },
          { name: "note", dataType: ["Note"] },
        ],
      })
      .do();
    assert.equal(created.multiTenancyConfig?.enabled, true);
    const got = await client.schema.classGetter().withClassName("Doc").do();
    assert.equal(got.multiTenancyConfig?.enabled, true);

    const echoed = await client.schema
      .tenantsCreator("Doc", [
        { name: "alpha" },
        { name: "beta", activityStatus: "HOT" },
        { name: "gamma", activityStatus: "COLD" },
        { name: "doomed" },
      ])
      .do();
    assert.deepEqual(echoed, [
      { name: "alpha" },
      { name: "beta", activityStatus: "HOT" },
      { name: "gamma", activityStatus: "COLD" },
      { name: "doomed" },
    ]);
    await client.schema.tenantsCreator("Note", [{ name: "alpha" }, { name: "beta" }]).do();
    assert.deepEqual(await tenantsOf("Doc"), ["alpha:HOT", "beta:HOT", "doomed:HOT", "gamma:COLD"]);
    assert.equal(await client.schema.tenantsExists("Doc", "gamma").do(), true);
    assert.equal(await client.schema.tenantsExists("Doc", "nobody").do(), false);

    const cold = await client.schema.tenantsUpdater("Doc", [{ name: "beta", activityStatus: "COLD" }, { name: "gamma", activityStatus: "HOT" }]).do();
    assert.deepEqual(cold, [
      { name: "beta", activityStatus: "COLD" },
      { name: "gamma", activityStatus: "HOT" },
    ]);
    assert.deepEqual(await tenantsOf("Doc"), ["alpha:HOT", "beta:COLD", "doomed:HOT", "gamma:HOT"]);
    await client.schema.tenantsUpdater("Doc", [{ name: "beta", activityStatus: "HOT" }]).do();
    assert.deepEqual(await tenantsOf("Doc"), ["alpha:HOT", "beta:HOT", "doomed:HOT", "gamma:HOT"]);

    await client.schema.tenantsDeleter("Doc", ["doomed", "gamma"]).do();
    assert.deepEqual(await tenantsOf("Doc"), ["alpha:HOT", "beta:HOT"]);
    assert.equal(await client.schema.tenantsExists("Doc", "doomed").do(), false);

    await assert.rejects(
      client.schema.tenantsGetter("Plain").do(),
      /usage error \(422\).*multi-tenancy is not enabled for class \\"Plain\\"/,
    );
  });

  test("data: objects per tenant through the creator and the batcher; the same id in two tenants is two objects", async () => {
    // The first object of each tenant through data.creator, the rest through one batch that
    // carries both tenants.
    for (const [tenant, rows] of [
      ["alpha", alphaRows],
      ["beta", betaRows],
    ] as const) {
      const first = rows[0]!;
      const created = await client.data
        .creator()
        .withClassName("Doc")
        .withTenant(tenant)
        .withId(first.id)
        .withProperties({ title: first.row.title, n: first.row.n })
        .withVector(first.row.vector)
        .do();
      assert.equal(created.tenant, tenant);
      assert.equal(created.id, first.id);
      model.get(tenant)!.set(first.id, first.row);
    }
    const rest = [
      ...alphaRows.slice(1).map((item) => ({ ...item, tenant: "alpha" })),
      ...betaRows.slice(1).map((item) => ({ ...item, tenant: "beta" })),
    ];
    const results = await client.batch
      .objectsBatcher()
      .withObjects(
        ...rest.map((item) => ({
          class: "Doc",
          id: item.id,
          tenant: item.tenant,
          properties: { title: item.row.title, n: item.row.n },
          vector: item.row.vector,
        })),
      )
      .do();
    assert.equal(results.length, rest.length);
    assert.deepEqual(
      results.filter((item) => item.result?.errors),
      [],
    );
    for (const item of rest) model.get(item.tenant)!.set(item.id, item.row);

    for (const [tenant, rows] of model) {
      for (const [objectId, row] of rows) {
        const got = await client.data.getterById().withClassName("Doc").withId(objectId).withTenant(tenant).withVector().do();
        assert.equal(got.tenant, tenant);
        assert.deepEqual(got.properties, { title: row.title, n: row.n });
        // The service writes float32 vectors in their shortest form, as Weaviate does.
        assert.deepEqual(got.vector?.map(Math.fround), row.vector.map(Math.fround));
      }
    }
    // id(0)..id(6) are in both tenants: two objects, each its tenant's.
    const a3 = await client.data.getterById().withClassName("Doc").withId(id(3)).withTenant("alpha").do();
    const b3 = await client.data.getterById().withClassName("Doc").withId(id(3)).withTenant("beta").do();
    assert.equal(a3.properties?.["title"], "alpha 3");
    assert.equal(b3.properties?.["title"], "beta 3");
    assert.equal(await client.data.checker().withClassName("Doc").withId(id(10)).withTenant("alpha").do(), true);
    assert.equal(await client.data.checker().withClassName("Doc").withId(id(10)).withTenant("beta").do(), false);

    const alphaList = await listing("alpha");
    assert.deepEqual(alphaList.map((o) => o.id), [...model.get("alpha")!.keys()].sort());
  });

  test("data: updater, merger and deleter address one tenant", async () => {
    await client.data.merger().withClassName("Doc").withId(id(0)).withTenant("alpha").withProperties({ title: "alpha 0 merged" }).do();
    model.get("alpha")!.get(id(0))!.title = "alpha 0 merged";
    const betaOne = model.get("beta")!.get(id(1))!;
    await client.data
      .updater()
      .withClassName("Doc")
      .withId(id(1))
      .withTenant("beta")
      .withProperties({ title: "beta 1 replaced", n: betaOne.n })
      .withVector(betaOne.vector)
      .do();
    betaOne.title = "beta 1 replaced";

    const a0 = await client.data.getterById().withClassName("Doc").withId(id(0)).withTenant("alpha").do();
    const b0 = await client.data.getterById().withClassName("Doc").withId(id(0)).withTenant("beta").do();
    assert.equal(a0.properties?.["title"], "alpha 0 merged");
    assert.equal(b0.properties?.["title"], "beta 0", "the other tenant's object with the same id is untouched");
    const a1 = await client.data.getterById().withClassName("Doc").withId(id(1)).withTenant("alpha").do();
    assert.equal(a1.properties?.["title"], "alpha 1");

    // A throw-away object in beta, deleted with the deleter; alpha's object with that id stays.
    await client.data.creator().withClassName("Doc").withTenant("beta").withId(id(11)).withProperties({ title: "short-lived", n: -1 }).withVector([1, 1, 1]).do();
    assert.equal(await client.data.checker().withClassName("Doc").withId(id(11)).withTenant("beta").do(), true);
    await client.data.deleter().withClassName("Doc").withId(id(11)).withTenant("beta").do();
    assert.equal(await client.data.checker().withClassName("Doc").withId(id(11)).withTenant("beta").do(), false);
    assert.equal(await client.data.checker().withClassName("Doc").withId(id(11)).withTenant("alpha").do(), true);

    // Batch delete in one tenant: beta's n ≥ 105 (ids 5 and 6); alpha's ids 5 and 6 stay.
    const deleted = await client.batch
      .objectsBatchDeleter()
      .withClassName("Doc")
      .withTenant("beta")
      .withWhere({ path: ["n"], operator: "GreaterThanEqual", valueInt: 105 })
      .do();
    const expectedGone = [...model.get("beta")!.entries()].filter(([, row]) => row.n >= 105).map(([objectId]) => objectId);
    assert.equal(deleted.results?.successful, expectedGone.length);
    for (const objectId of expectedGone) model.get("beta")!.delete(objectId);
    assert.equal(await client.data.checker().withClassName("Doc").withId(id(5)).withTenant("beta").do(), false);
    assert.equal(await client.data.checker().withClassName("Doc").withId(id(5)).withTenant("alpha").do(), true);
  });

  test("graphql: nearVector Get and Aggregate per tenant", async () => {
    for (const [tenant, query] of [
      ["alpha", [1, 0.2, 0.3]],
      ["alpha", [0, 1, 0.9]],
      ["beta", [0.5, 1, 0.2]],
      ["beta", [-0.3, 0.8, -1]],
    ] as const) {
      const vector = [...query];
      const hits = await nearVector(tenant, vector, 4);
      const expected = nearestIds(tenant, vector, 4);
      assert.deepEqual(
        hits.map((hit) => hit.id),
        expected,
      );
      assert.deepEqual(
        hits.map((hit) => hit.title),
        expected.map((objectId) => model.get(tenant)!.get(objectId)!.title),
      );
    }
    for (const tenant of ["alpha", "beta"]) {
      const rows = [...model.get(tenant)!.values()];
      const reply = await client.graphql.aggregate().withClassName("Doc").withTenant(tenant).withFields("meta { count } n { sum maximum minimum }").do();
      assert.deepEqual(reply.data.Aggregate.Doc, [
        {
          meta: { count: rows.length },
          n: {
            sum: rows.reduce((sum, row) => sum + row.n, 0),
            maximum: Math.max(...rows.map((row) => row.n)),
            minimum: Math.min(...rows.map((row) => row.n)),
          },
        },
      ]);
    }
  });

  test("errors: without tenant, an unknown tenant, a COLD tenant (§4.4)", async () => {
    const withoutTenant = /has multi-tenancy enabled, but request was without tenant/;
    await assert.rejects(client.data.getterById().withClassName("Doc").withId(id(0)).do(), withoutTenant);
    await assert.rejects(client.data.getter().withClassName("Doc").do(), withoutTenant);
    await assert.rejects(client.data.creator().withClassName("Doc").withProperties({ title: "x" }).do(), withoutTenant);
    await assert.rejects(client.graphql.get().withClassName("Doc").withFields("title").do(), withoutTenant);
    await assert.rejects(client.graphql.aggregate().withClassName("Doc").withFields("meta { count }").do(), withoutTenant);
    const batch = await client.batch.objectsBatcher().withObject({ class: "Doc", properties: { title: "x" } }).do();
    assert.match(JSON.stringify(batch[0]?.result?.errors), withoutTenant);

    const unknown = /tenant not found/;
    await assert.rejects(client.data.getterById().withClassName("Doc").withId(id(0)).withTenant("nobody").do(), unknown);
    await assert.rejects(client.graphql.get().withClassName("Doc").withTenant("nobody").withFields("title").do(), unknown);
    await assert.rejects(client.graphql.aggregate().withClassName("Doc").withTenant("nobody").withFields("meta { count }").do(), unknown);

    await client.schema.tenantsUpdater("Doc", [{ name: "beta", activityStatus: "COLD" }]).do();
    try {
      const inactive = /tenant not active/;
      await assert.rejects(client.data.getterById().withClassName("Doc").withId(id(0)).withTenant("beta").do(), inactive);
      await assert.rejects(client.graphql.get().withClassName("Doc").withTenant("beta").withFields("title").do(), inactive);
      await assert.rejects(client.graphql.aggregate().withClassName("Doc").withTenant("beta").withFields("meta { count }").do(), inactive);
      const batched = await client.batch.objectsBatcher().withObject({ class: "Doc", tenant: "beta", properties: { title: "x" } }).do();
      assert.match(JSON.stringify(batched[0]?.result?.errors), inactive);
      // alpha is unaffected.
      const alpha = await client.graphql.aggregate().withClassName("Doc").withTenant("alpha").withFields("meta { count }").do();
      assert.equal(alpha.data.Aggregate.Doc[0].meta.count, model.get("alpha")!.size);
    } finally {
      await client.schema.tenantsUpdater("Doc", [{ name: "beta", activityStatus: "HOT" }]).do();
    }
    const back = await client.graphql.aggregate().withClassName("Doc").withTenant("beta").withFields("meta { count }").do();
    assert.equal(back.data.Aggregate.Doc[0].meta.count, model.get("beta")!.size, "beta's data is back with HOT");
  });

  test("references: to an ordinary class and to the same tenant of another multi-tenant class, resolved in Get", async () => {
    const plain = await client.data.creator().withClassName("Plain").withProperties({ name: "shared plain" }).withVector([0, 0, 1]).do();
    // The same note id in both tenants of Note: the reference resolves in the source's tenant.
    const noteId = id(500);
    await client.data.creator().withClassName("Note").withTenant("alpha").withId(noteId).withProperties({ text: "alpha's note" }).withVector([1, 0, 0]).do();
    await client.data.creator().withClassName("Note").withTenant("beta").withId(noteId).withProperties({ text: "beta's note" }).withVector([1, 0, 0]).do();

    const sourceId = id(600);
    const vector = [0.2, -0.9, 0.4];
    const created = await client.data
      .creator()
      .withClassName("Doc")
      .withTenant("alpha")
      .withId(sourceId)
      .withProperties({ title: "with references", n: 600, plain: [{ beacon: `weaviate://localhost/Plain/${plain.id}` }] })
      .withVector(vector)
      .do();
    assert.equal(created.id, sourceId);
    model.get("alpha")!.set(sourceId, { title: "with references", n: 600, vector });
    await client.data
      .referenceCreator()
      .withClassName("Doc")
      .withId(sourceId)
      .withTenant("alpha")
      .withReferenceProperty("note")
      .withReference(client.data.referencePayloadBuilder().withClassName("Note").withId(noteId).payload())
      .do();
    // The same in beta, pointing at beta's note.
    await client.data.creator().withClassName("Doc").withTenant("beta").withId(sourceId).withProperties({ title: "beta refs", n: 601 }).withVector(vector).do();
    model.get("beta")!.set(sourceId, { title: "beta refs", n: 601, vector });
    await client.data
      .referenceCreator()
      .withClassName("Doc")
      .withId(sourceId)
      .withTenant("beta")
      .withReferenceProperty("note")
      .withReference(client.data.referencePayloadBuilder().withClassName("Note").withId(noteId).payload())
      .do();

    const fields = "title plain { ... on Plain { name _additional { id } } } note { ... on Note { text _additional { id } } } _additional { id }";
    const alpha = await client.graphql.get().withClassName("Doc").withTenant("alpha").withNearVector({ vector }).withLimit(1).withFields(fields).do();
    assert.deepEqual(alpha.data.Get.Doc, [
      {
        title: "with references",
        plain: [{ name: "shared plain", _additional: { id: plain.id } }],
        note: [{ text: "alpha's note", _additional: { id: noteId } }],
        _additional: { id: sourceId },
      },
    ]);
    const beta = await client.graphql
      .get()
      .withClassName("Doc")
      .withTenant("beta")
      .withWhere({ path: ["id"], operator: "Equal", valueText: sourceId })
      .withFields(fields)
      .do();
    // beta's object has no plain reference: an empty list, as this service answers for any class.
    assert.deepEqual(beta.data.Get.Doc, [
      { title: "beta refs", plain: [], note: [{ text: "beta's note", _additional: { id: noteId } }], _additional: { id: sourceId } },
    ]);
    // The stored reference: a beacon naming the class, no tenant.
    const stored = await client.data.getterById().withClassName("Doc").withId(sourceId).withTenant("alpha").do();
    assert.deepEqual(
      ((stored.properties?.["note"] ?? []) as Array<{ beacon: string }>).map((ref) => ref.beacon),
      [`weaviate://localhost/Note/${noteId}`],
    );
  });

  test("offload: FROZEN puts the tenant's files in the bucket and off the disk; HOT brings every object and vector back", async () => {
    const before = await listing("alpha");
    assert.equal(before.length, model.get("alpha")!.size);
    const query = [0.9, 0.4, 0.5];
    const nearBefore = await nearVector("alpha", query, 5);
    assert.deepEqual(
      nearBefore.map((hit) => hit.id),
      nearestIds("alpha", query, 5),
    );
    const betaBefore = await listing("beta");
    const local = path.join(server.dataPath, "collections", "Doc", "alpha");
    assert.ok(existsSync(local), "alpha has local files");
    assert.deepEqual(await keysIn(BUCKET), []);

    const answer = await client.schema.tenantsUpdater("Doc", [{ name: "alpha", activityStatus: "FROZEN" }]).do();
    assert.equal(answer.length, 1);
    assert.match(String(answer[0]?.activityStatus), /^(FREEZING|FROZEN)$/);
    await waitForStatus("Doc", "alpha", "FROZEN");
    assert.deepEqual(await keysIn(BUCKET), ["Doc/alpha/offload.json", "Doc/alpha/shard.tar"]);
    assert.equal(existsSync(local), false, "alpha's directory is gone from the disk");
    await assert.rejects(client.data.getterById().withClassName("Doc").withId(id(0)).withTenant("alpha").do(), /tenant not active/);
    await assert.rejects(client.graphql.get().withClassName("Doc").withTenant("alpha").withFields("title").do(), /tenant not active/);
    assert.deepEqual(await listing("beta"), betaBefore, "beta is unaffected");

    const onload = await client.schema.tenantsUpdater("Doc", [{ name: "alpha", activityStatus: "HOT" }]).do();
    assert.match(String(onload[0]?.activityStatus), /^(UNFREEZING|HOT)$/);
    await waitForStatus("Doc", "alpha", "HOT");
    assert.ok(existsSync(local), "alpha's directory is back");
    assert.deepEqual(await listing("alpha"), before, "every object and vector is back");
    assert.deepEqual(await nearVector("alpha", query, 5), nearBefore);
    const refs = await client.graphql
      .get()
      .withClassName("Doc")
      .withTenant("alpha")
      .withWhere({ path: ["id"], operator: "Equal", valueText: id(600) })
      .withFields("note { ... on Note { text } } plain { ... on Plain { name } }")
      .do();
    assert.deepEqual(refs.data.Get.Doc, [{ note: [{ text: "alpha's note" }], plain: [{ name: "shared plain" }] }]);
    const count = await client.graphql.aggregate().withClassName("Doc").withTenant("alpha").withFields("meta { count }").do();
    assert.equal(count.data.Aggregate.Doc[0].meta.count, model.get("alpha")!.size);
    assert.deepEqual(await keysIn(BUCKET), [], "the remote copy is dropped once the tenant is back");
  });
});
