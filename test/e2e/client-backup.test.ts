/**
 * The seeds' backup flow with the official weaviate-ts-client (v2) against s3rver: create the
 * Article/Author schema from schema/, insert data.json with vectors and a reference, back up to
 * s3 with include [Article, Author] and wait, delete both classes, restore and wait, then find
 * the class definitions, objects, vectors and references again; then the same through the GraphQL
 * mutations createBackup / restoreBackup with wait: true, sent with the client's raw().
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

interface Seeded {
  articleId: string;
  authorId: string;
  articleCount: number;
}

/** The seeds' Article/Author schema and data.json, vectors and one reference, through the client. */
async function seed(): Promise<Seeded> {
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
  return { articleId, authorId: author.id!, articleCount: articles.length };
}

async function dropBoth(): Promise<void> {
  await client.schema.classDeleter().withClassName("Author").do();
  await client.schema.classDeleter().withClassName("Article").do();
}

const sortedClasses = (schema: Awaited<ReturnType<typeof schemaNow>>) =>
  [...(schema.classes ?? [])].sort((a, b) => String(a.class).localeCompare(String(b.class)));
const schemaNow = () => client.schema.getter().do();

/** The class definitions, objects, vectors (a nearVector query) and the reference are back. */
async function assertRestored(seeded: Seeded, schemaBefore: Awaited<ReturnType<typeof schemaNow>>): Promise<void> {
  assert.deepEqual(sortedClasses(await schemaNow()), sortedClasses(schemaBefore));
  const near = await client.graphql
    .get()
    .withClassName("Article")
    .withNearVector({ vector: [1, 0, 0.5] })
    .withLimit(1)
    .withFields("title _additional { id }")
    .do();
  assert.equal(near.data.Get.Article[0]._additional.id, seeded.articleId);
  const withRefs = await client.graphql
    .get()
    .withClassName("Author")
    .withFields("name articles { ... on Article { title _additional { id } } } _additional { id vector }")
    .do();
  const restoredAuthor = withRefs.data.Get.Author[0];
  assert.equal(restoredAuthor._additional.id, seeded.authorId);
  assert.deepEqual(restoredAuthor._additional.vector, [0, 0, 1]);
  assert.equal(restoredAuthor.articles[0]._additional.id, seeded.articleId);
  const count = await client.graphql.aggregate().withClassName("Article").withFields("meta { count }").do();
  assert.equal(count.data.Aggregate.Article[0].meta.count, seeded.articleCount);
}

test("back up to s3, delete, restore: schema, objects, vectors and references are back", async () => {
  const seeded = await seed();
  const backup = await client.backup
    .creator()
    .withIncludeClassNames("Article", "Author")
    .withBackend("s3")
    .withBackupId("seeds-backup")
    .withWaitForCompletion(true)
    .do();
  assert.equal(backup.status, "SUCCESS");
  assert.equal(backup.path, "s3://weaviate-backups/seeds-backup");
  const before = await schemaNow();

  // Over classes that still exist, the restorer's wait ends FAILED, the error naming them.
  const refused = await client.backup
    .restorer()
    .withIncludeClassNames("Article")
    .withBackend("s3")
    .withBackupId("seeds-backup")
    .withWaitForCompletion(true)
    .do();
  assert.equal(refused.status, "FAILED");
  assert.match(refused.error ?? "", /already exists/);
  assert.match(refused.error ?? "", /Article/);

  await dropBoth();
  const restored = await client.backup
    .restorer()
    .withIncludeClassNames("Article", "Author")
    .withBackend("s3")
    .withBackupId("seeds-backup")
    .withWaitForCompletion(true)
    .do();
  assert.equal(restored.status, "SUCCESS");
  await assertRestored(seeded, before);
  await dropBoth();
});

test("the same flow through the GraphQL mutations (client.graphql.raw)", async () => {
  const seeded = await seed();
  const created = await client.graphql
    .raw()
    .withQuery(
      `mutation { createBackup(backend: "s3", id: "seeds-graphql", include: ["Article", "Author"], wait: true) { id status path classes error } }`,
    )
    .do();
  assert.equal(created.errors, undefined, JSON.stringify(created.errors));
  assert.deepEqual(created.data.createBackup, {
    id: "seeds-graphql",
    status: "SUCCESS",
    path: "s3://weaviate-backups/seeds-graphql",
    classes: ["Article", "Author"],
    error: null,
  });
  const listed = await client.graphql.raw().withQuery(`{ backups(backend: "s3") { id status } }`).do();
  assert.ok(listed.data.backups.some((item: { id: string; status: string }) => item.id === "seeds-graphql" && item.status === "SUCCESS"));
  const before = await schemaNow();

  await dropBoth();
  const restored = await client.graphql
    .raw()
    .withQuery(
      `mutation { restoreBackup(backend: "s3", id: "seeds-graphql", include: ["Article", "Author"], wait: true) { status error } }`,
    )
    .do();
  assert.equal(restored.errors, undefined, JSON.stringify(restored.errors));
  assert.deepEqual(restored.data.restoreBackup, { status: "SUCCESS", error: null });
  const status = await client.graphql.raw().withQuery(`{ restoreStatus(backend: "s3", id: "seeds-graphql") { status } }`).do();
  assert.equal(status.data.restoreStatus.status, "SUCCESS");
  await assertRestored(seeded, before);

  // Restoring over classes that exist ends FAILED naming them, as in Weaviate (and over REST).
  const again = await client.graphql
    .raw()
    .withQuery(`mutation { restoreBackup(backend: "s3", id: "seeds-graphql", wait: true) { status error } }`)
    .do();
  assert.equal(again.errors, undefined, JSON.stringify(again.errors));
  assert.equal(again.data.restoreBackup.status, "FAILED");
  assert.match(again.data.restoreBackup.error, /^could not restore classes: \["Article": class name Article already exists/);
});
