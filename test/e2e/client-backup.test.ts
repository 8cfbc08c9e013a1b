/**
 * The seeds' backup flow with the official weaviate-ts-client (v2) against s3rver: create the
 * Article/Author schema from schema/, insert data.json with vectors and a reference, back up to
 * s3 with include [Article, Author] and wait, delete both classes, restore and wait, then find
 * the class definitions, objects, vectors and references again.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { startTestS3, type TestS3 } from "../helpers/s3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let s3: TestS3;
let client: WeaviateClient;

interface SeedObject {
  class: string;
  properties: Record<string, unknown>;
}

before(async () => {
  s3 = await startTestS3(["weaviate-backups"]);
  server = await startTestServer({
    ENABLE_MODULES: "backup-s3",
    BACKUP_S3_BUCKET: "weaviate-backups",
    BACKUP_S3_ENDPOINT: s3.endpoint,
    BACKUP_S3_USE_SSL: "false",
    BACKUP_S3_ACCESS_KEY_ID: "S3RVER",
    BACKUP_S3_SECRET_ACCESS_KEY: "S3RVER",
  });
  client = clientFor(server.url);
});

after(async () => {
  await server.dispose();
  await s3.stop();
});

test("back up to s3, delete, restore: schema, objects, vectors and references are back", async () => {
  const schema = JSON.parse(await readFile(new URL("../../schema/schema.json", import.meta.url), "utf8")) as {
    classes: Array<Record<string, unknown>>;
  };
  for (const definition of schema.classes) {
    // Author.articles references Article: create Article first.
    if (definition["class"] === "Author") continue;
    await client.schema.classCreator().withClass(definition).do();
  }
  await client.schema.classCreator().withClass(schema.classes.find((c) => c["class"] === "Author")!).do();
  const data = JSON.parse(await readFile(new URL("../../schema/data.json", import.meta.url), "utf8")) as SeedObject[];
  const articles = data.filter((item) => item.class === "Article");
  const created = await client.batch
    .objectsBatcher()
    .withObjects(
      ...articles.map((item, i) => ({ class: "Article", properties: item.properties, vector: [1, i, 0.5] })),
    )
    .do();
  const articleId = created[0]!.id!;
  const author = await client.data
    .creator()
    .withClassName("Author")
    .withProperties({ name: "Ann", articles: [{ beacon: `weaviate://localhost/Article/${articleId}` }] })
    .withVector([0, 0, 1])
    .do();

  const backup = await client.backup
    .creator()
    .withIncludeClassNames("Article", "Author")
    .withBackend("s3")
    .withBackupId("seeds-backup")
    .withWaitForCompletion(true)
    .do();
  assert.equal(backup.status, "SUCCESS");
  assert.equal(backup.path, "s3://weaviate-backups/seeds-backup");
  const before = await client.schema.getter().do();

  await client.schema.classDeleter().withClassName("Author").do();
  await client.schema.classDeleter().withClassName("Article").do();
  const restored = await client.backup
    .restorer()
    .withIncludeClassNames("Article", "Author")
    .withBackend("s3")
    .withBackupId("seeds-backup")
    .withWaitForCompletion(true)
    .do();
  assert.equal(restored.status, "SUCCESS");

  const after = await client.schema.getter().do();
  const byName = (list: typeof before) => [...(list.classes ?? [])].sort((a, b) => String(a.class).localeCompare(String(b.class)));
  assert.deepEqual(byName(after), byName(before));
  const near = await client.graphql
    .get()
    .withClassName("Article")
    .withNearVector({ vector: [1, 0, 0.5] })
    .withLimit(1)
    .withFields("title _additional { id }")
    .do();
  assert.equal(near.data.Get.Article[0]._additional.id, articleId);
  const withRefs = await client.graphql
    .get()
    .withClassName("Author")
    .withFields("name articles { ... on Article { title _additional { id } } } _additional { id vector }")
    .do();
  const restoredAuthor = withRefs.data.Get.Author[0];
  assert.equal(restoredAuthor._additional.id, author.id);
  assert.deepEqual(restoredAuthor._additional.vector, [0, 0, 1]);
  assert.equal(restoredAuthor.articles[0]._additional.id, articleId);
  const count = await client.graphql.aggregate().withClassName("Article").withFields("meta { count }").do();
  assert.equal(count.data.Aggregate.Article[0].meta.count, articles.length);
});
