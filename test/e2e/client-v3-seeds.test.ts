/**
 * The seeds' flow as a weaviate-client v3 user writes it (README, "The seeds' flow with
 * today's clients"), against s3rver: the schema from schema/schema.json through
 * createFromSchema, data.json through insertMany (gRPC), a backup to s3 with wait, both
 * collections dropped, restored with wait, then read back over gRPC with the reference.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { connectV3, type WeaviateClient } from "../helpers/client-v3.ts";
import { startTestS3, type TestS3 } from "../helpers/s3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let s3: TestS3;
let client: WeaviateClient;

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
  client = await connectV3(server);
});

after(async () => {
  await client.close();
  await server.dispose();
  await s3.stop();
});

interface SeedObject {
  class: string;
  properties: { title: string; content: string; url: string; customEmbeddings?: number[] };
}

test("the seeds' backup flow with weaviate-client v3: createFromSchema, insertMany, backup to s3, restore", async () => {
  const { classes } = JSON.parse(await readFile(new URL("../../schema/schema.json", import.meta.url), "utf8"));
  // Author.articles references Article: create Article first.
  for (const name of ["Article", "Author"]) {
    await client.collections.createFromSchema(classes.find((c: { class: string }) => c.class === name));
  }
  const data: SeedObject[] = JSON.parse(await readFile(new URL("../../schema/data.json", import.meta.url), "utf8"));
  const articles = client.collections.get("Article");
  const inserted = await articles.data.insertMany(
    data
      .filter((item) => item.class === "Article")
      .map((item) => ({ properties: item.properties, vectors: item.properties.customEmbeddings ?? [0, 0, 0, 1] })),
  );
  assert.equal(inserted.hasErrors, false, JSON.stringify(inserted.errors));
  const articleCount = Object.keys(inserted.uuids).length;
  const firstArticle = inserted.uuids[0]!;
  const authors = client.collections.get("Author");
  const author = await authors.data.insertMany([
    { properties: { name: "Ann" }, references: { articles: firstArticle }, vectors: [0, 0, 1, 0] },
  ]);
  assert.equal(author.hasErrors, false, JSON.stringify(author.errors));

  const backup = await client.backup.create({
    backupId: "backup-id",
    backend: "s3",
    includeCollections: ["Article", "Author"],
    waitForCompletion: true,
  });
  assert.equal(backup.status, "SUCCESS");
  assert.equal(backup.path, "s3://weaviate-backups/backup-id");

  await client.collections.delete("Author");
  await client.collections.delete("Article");
  assert.equal(await client.collections.exists("Article"), false);
  const restored = await client.backup.restore({ backupId: "backup-id", backend: "s3", waitForCompletion: true });
  assert.equal(restored.status, "SUCCESS");

  assert.equal((await articles.aggregate.overAll()).totalCount, articleCount);
  const found = await authors.query.fetchObjects({
    returnReferences: [{ linkOn: "articles", returnProperties: ["title"] }],
  });
  assert.equal(found.objects.length, 1);
  const linked = found.objects[0]!.references?.["articles"]?.objects ?? [];
  assert.deepEqual(
    linked.map((object: { uuid: string }) => object.uuid),
    [firstArticle],
  );
  const near = await articles.query.nearVector(data[0]!.properties.customEmbeddings!, { limit: 1 });
  assert.equal(near.objects[0]!.properties["title"], data[0]!.properties.title);
});
