/**
 * The official weaviate-ts-client (v2) against a started server: the seeds' flow (schema,
 * objects, references, batches) through the client's own request builders, unmodified.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let client: WeaviateClient;

before(async () => {
  server = await startTestServer();
  client = clientFor(server.url);
});

after(async () => {
  await server.dispose();
});

const article = {
  class: "Article",
  description: "A class to store articles",
  properties: [
    { name: "title", dataType: ["string"] },
    { name: "wordCount", dataType: ["int"] },
  ],
};
const author = {
  class: "Author",
  properties: [
    { name: "name", dataType: ["text"] },
    { name: "articles", dataType: ["Article"] },
  ],
};

describe("weaviate-ts-client v2", () => {
  test("misc: live, ready, meta", async () => {
    assert.equal(await client.misc.liveChecker().do(), true);
    assert.equal(await client.misc.readyChecker().do(), true);
    const meta = await client.misc.metaGetter().do();
    assert.equal(meta.version, "1.32.0");
  });

  test("schema: create, get, exists, add property, shards", async () => {
    await client.schema.classDeleter().withClassName("Article").do();
    const created = await client.schema.classCreator().withClass(article).do();
    assert.equal(created.class, "Article");
    assert.deepEqual(created.properties?.[0]?.dataType, ["text"]);
    await client.schema.classCreator().withClass(author).do();
    assert.equal(await client.schema.exists("Author"), true);
    const got = await client.schema.classGetter().withClassName("Article").do();
    assert.equal(got.vectorIndexConfig?.["distance"], "cosine");
    await client.schema
      .propertyCreator()
      .withClassName("Article")
      .withProperty({ name: "published", dataType: ["date"] })
      .do();
    const schema = await client.schema.getter().do();
    assert.deepEqual(schema.classes?.map((c) => c.class).sort(), ["Article", "Author"]);
    const shards = await client.schema.shardsGetter().withClassName("Article").do();
    assert.equal(shards[0]?.status, "READY");
  });

  test("schema: keys the server's models lack (v2's property cardinality) are ignored", async () => {
    const created = await client.schema
      .classCreator()
      .withClass({
        class: "Legacy",
        properties: [{ name: "name", dataType: ["text"], cardinality: "atMostOne" }],
        keyFromAnOlderClient: true,
      })
      .do();
    const [property] = created.properties ?? [];
    assert.equal(property?.name, "name");
    assert.equal((property as Record<string, unknown>)["cardinality"], undefined);
    assert.equal((created as Record<string, unknown>)["keyFromAnOlderClient"], undefined);
    const added = await client.schema
      .propertyCreator()
      .withClassName("Legacy")
      .withProperty({ name: "more", dataType: ["int"], cardinality: "many" } as never)
      .do();
    assert.equal((added as Record<string, unknown>)["cardinality"], undefined);
    await client.schema.classDeleter().withClassName("Legacy").do();
  });

  test("data: create, get, merge, update, check, validate, delete", async () => {
    const created = await client.data
      .creator()
      .withClassName("Article")
      .withProperties({ title: "Hello", wordCount: 3 })
      .withVector([0.1, 0.2, 0.3])
      .do();
    const id = created.id!;
    const got = await client.data.getterById().withClassName("Article").withId(id).withVector().do();
    assert.deepEqual(got.properties, { title: "Hello", wordCount: 3 });
    assert.deepEqual(got.vector, [0.1, 0.2, 0.3]);
    await client.data.merger().withClassName("Article").withId(id).withProperties({ wordCount: 5 }).do();
    const merged = await client.data.getterById().withClassName("Article").withId(id).do();
    assert.deepEqual(merged.properties, { title: "Hello", wordCount: 5 });
    await client.data
      .updater()
      .withClassName("Article")
      .withId(id)
      .withProperties({ title: "Replaced" })
      .do();
    const updated = await client.data.getterById().withClassName("Article").withId(id).do();
    assert.deepEqual(updated.properties, { title: "Replaced" });
    assert.equal(updated.creationTimeUnix, got.creationTimeUnix);
    assert.equal(await client.data.checker().withClassName("Article").withId(id).do(), true);
    assert.equal(
      await client.data.validator().withClassName("Article").withProperties({ title: "x" }).do(),
      true,
    );
    await assert.rejects(
      client.data.validator().withClassName("Article").withProperties({ title: 5 }).do(),
      /422/,
    );
    await client.data.deleter().withClassName("Article").withId(id).do();
    assert.equal(await client.data.checker().withClassName("Article").withId(id).do(), false);
  });

  test("data: duplicate id is refused with Weaviate's error body", async () => {
    const id = "9f0b5a56-8a2c-4c6e-9a51-7a1b4f7a0c01";
    await client.data.creator().withClassName("Article").withId(id).withProperties({ title: "a" }).do();
    await assert.rejects(
      client.data.creator().withClassName("Article").withId(id).withProperties({ title: "b" }).do(),
      (error: Error) => error.message.includes("usage error (422)") && error.message.includes("already exists"),
    );
  });

  test("batch: objects, references, delete", async () => {
    const reply = await client.batch
      .objectsBatcher()
      .withObjects(
        { class: "Article", properties: { title: "one" }, vector: [1, 0, 0] },
        { class: "Article", properties: { title: "two" }, vector: [0, 1, 0] },
        { class: "Article", properties: { title: 7 } },
      )
      .do();
    assert.equal(reply.length, 3);
    assert.equal(reply[0]?.result?.errors, undefined);
    assert.ok(reply[2]?.result?.errors?.error?.[0]?.message);
    const [one] = reply;
    const person = await client.data.creator().withClassName("Author").withProperties({ name: "Ann" }).do();
    const refs = await client.batch
      .referencesBatcher()
      .withReference(
        client.batch
          .referencePayloadBuilder()
          .withFromClassName("Author")
          .withFromId(person.id!)
          .withFromRefProp("articles")
          .withToClassName("Article")
          .withToId(one!.id!)
          .payload(),
      )
      .do();
    assert.equal(refs[0]?.result?.status, "SUCCESS");
    await client.data
      .referenceCreator()
      .withClassName("Author")
      .withId(person.id!)
      .withReferenceProperty("articles")
      .withReference(client.data.referencePayloadBuilder().withClassName("Article").withId(reply[1]!.id!).payload())
      .do();
    const withRefs = await client.data.getterById().withClassName("Author").withId(person.id!).do();
    const articles = (withRefs.properties?.["articles"] ?? []) as Array<{ beacon: string }>;
    const beacons = articles.map((r) => r.beacon);
    assert.deepEqual(beacons, [
      `weaviate://localhost/Article/${one!.id}`,
      `weaviate://localhost/Article/${reply[1]!.id}`,
    ]);
    const deleted = await client.batch
      .objectsBatchDeleter()
      .withClassName("Article")
      .withWhere({ path: ["title"], operator: "Equal", valueText: "one" })
      .withOutput("verbose")
      .do();
    assert.equal(deleted.results?.matches, 1);
    assert.equal(deleted.results?.successful, 1);
    // The where filter comes back in models.WhereFilter's shape, as the client's own tests expect.
    assert.deepEqual(deleted.match, {
      class: "Article",
      where: { operands: null, operator: "Equal", path: ["title"], valueText: "one" },
    });
  });

  test("list with the cursor", async () => {
    const page = await client.data.getter().withClassName("Article").withLimit(100).do();
    const ids = (page.objects ?? []).map((o) => o.id!);
    assert.deepEqual(ids, [...ids].sort());
    const after = await client.data.getter().withClassName("Article").withLimit(100).withAfter(ids[0]!).do();
    assert.deepEqual(
      (after.objects ?? []).map((o) => o.id),
      ids.slice(1),
    );
  });

  test("schema: delete", async () => {
    await client.schema.classDeleter().withClassName("Author").do();
    await client.schema.classDeleter().withClassName("Author").do();
    assert.equal(await client.schema.exists("Author"), false);
  });
});
