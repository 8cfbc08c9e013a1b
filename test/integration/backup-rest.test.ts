/**
 * Backups over REST (reference §5.2–5.5) against the filesystem backend and s3rver: back up,
 * drop, restore, and find objects, vectors and references again; the validation errors; a damaged
 * chunk fails the restore with nothing left behind; an operation interrupted by a restart ends
 * CANCELED with a reason.
 */
import assert from "node:assert/strict";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { call } from "../helpers/http.ts";
import { startTestS3, type TestS3 } from "../helpers/s3.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

const AUTHOR = "00000000-0000-0000-0000-000000000001";

async function seed(url: string): Promise<void> {
  const schema = await call(url, "POST", "/v1/schema", {
    classes: [
      { class: "Author", properties: [{ name: "name", dataType: ["text"] }] },
      { class: "Article", properties: [{ name: "title", dataType: ["text"] }, { name: "hasAuthor", dataType: ["Author"] }] },
    ],
  });
  assert.equal(schema.status, 200);
  const objects = [
    { class: "Author", id: AUTHOR, properties: { name: "Ann" }, vector: [1, 0, 0] },
    ...Array.from({ length: 20 }, (_, i) => ({
      class: "Article",
      properties: { title: `article ${i}`, hasAuthor: [{ beacon: `weaviate://localhost/Author/${AUTHOR}` }] },
      vector: [0, 1, i / 10],
    })),
  ];
  assert.equal((await call(url, "POST", "/v1/batch/objects", { objects })).status, 200);
}

async function waitFor(url: string, statusPath: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const reply = await call<Record<string, unknown>>(url, "GET", statusPath);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    if (["SUCCESS", "FAILED", "CANCELED"].includes(String(reply.body?.["status"]))) return reply.body!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${statusPath} did not finish`);
}

async function graphql(url: string, query: string): Promise<unknown> {
  return (await call<{ data: unknown }>(url, "POST", "/v1/graphql", { query })).body?.data;
}

const message = (body: unknown) => (body as { error: Array<{ message: string }> }).error[0]!.message;

for (const kind of ["filesystem", "s3"] as const) {
  describe(`backups on ${kind}`, () => {
    let server: TestServer;
    let s3: TestS3 | undefined;
    let root: string;

    before(async () => {
      root = await tempDir("backups-");
      let env: Record<string, string> = { ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root };
      if (kind === "s3") {
        s3 = await startTestS3(["weaviate-backups"]);
        env = {
          ENABLE_MODULES: "backup-s3",
          BACKUP_S3_BUCKET: "weaviate-backups",
          BACKUP_S3_ENDPOINT: s3.endpoint,
          BACKUP_S3_USE_SSL: "false",
          BACKUP_S3_ACCESS_KEY_ID: "S3RVER",
          BACKUP_S3_SECRET_ACCESS_KEY: "S3RVER",
        };
      }
      server = await startTestServer(env);
      await seed(server.url);
    });

    after(async () => {
      await server.dispose();
      await s3?.stop();
      await rm(root, { recursive: true, force: true });
    });

    test("back up, drop, restore: objects, vectors and references are back", async () => {
      const { url } = server;
      const created = await call<Record<string, unknown>>(url, "POST", `/v1/backups/${kind}`, { id: "seeds", include: ["Article", "Author"] });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.equal(created.body?.["status"], "STARTED");
      assert.deepEqual(created.body?.["classes"], ["Article", "Author"]);
      assert.equal(created.body?.["path"], kind === "s3" ? "s3://weaviate-backups/seeds" : path.join(root, "seeds"));
      assert.equal((await waitFor(url, `/v1/backups/${kind}/seeds`))["status"], "SUCCESS");
      const listed = await call<Array<Record<string, unknown>>>(url, "GET", `/v1/backups/${kind}`);
      assert.deepEqual(listed.body?.map((item) => [item["id"], item["status"]]), [["seeds", "SUCCESS"]]);

      const before = await graphql(url, "{Get{Article(nearVector:{vector:[0,1,0.5]},limit:3){title hasAuthor{... on Author{name}}}}}");
      // As Weaviate: accepted, then FAILED naming the classes that exist; nothing is changed.
      const existing = await call<Record<string, unknown>>(url, "POST", `/v1/backups/${kind}/seeds/restore`, {});
      assert.equal(existing.status, 200, JSON.stringify(existing.body));
      assert.equal(existing.body?.["status"], "STARTED");
      const failed = await waitFor(url, `/v1/backups/${kind}/seeds/restore`);
      assert.equal(failed["status"], "FAILED");
      assert.equal(
        failed["error"],
        'could not restore classes: ["Article": class name Article already exists "Author": class name Author already exists]',
      );
      assert.deepEqual(await graphql(url, "{Get{Article(nearVector:{vector:[0,1,0.5]},limit:3){title hasAuthor{... on Author{name}}}}}"), before);

      await call(url, "DELETE", "/v1/schema/Article");
      await call(url, "DELETE", "/v1/schema/Author");
      const restore = await call<Record<string, unknown>>(url, "POST", `/v1/backups/${kind}/seeds/restore`, {});
      assert.equal(restore.status, 200, JSON.stringify(restore.body));
      assert.equal((await waitFor(url, `/v1/backups/${kind}/seeds/restore`))["status"], "SUCCESS");
      const after = await graphql(url, "{Get{Article(nearVector:{vector:[0,1,0.5]},limit:3){title hasAuthor{... on Author{name}}}}}");
      assert.deepEqual(after, before);
      assert.deepEqual(await graphql(url, "{Aggregate{Article{meta{count}}}}"), { Aggregate: { Article: [{ meta: { count: 20 } }] } });
    });

    test("validation errors", async () => {
      const { url } = server;
      const expect422 = async (body: unknown, pattern: RegExp, backend: string = kind) => {
        const reply = await call(url, "POST", `/v1/backups/${backend}`, body);
        assert.equal(reply.status, 422, JSON.stringify(reply.body));
        assert.match(message(reply.body), pattern);
      };
      await expect422({ id: "Bad Id" }, /invalid backup id: 'Bad Id' allowed characters are lowercase, 0-9, _, -/);
      await expect422({ id: "x", include: ["Article"], exclude: ["Author"] }, /'include' and 'exclude' cannot both contain values/);
      await expect422({ id: "x", include: ["Nope"] }, /class Nope doesn't exist/);
      await expect422({ id: "x", exclude: ["A*"] }, /empty class list: please choose from/);
      await expect422({ id: "seeds" }, /backup "seeds" already exists at/);
      await expect422({ id: "x" }, /no backup backend "gcs"/, "gcs");
      await expect422({ id: "x", config: { CompressionLevel: "Fastest" } }, /CompressionLevel "Fastest" is not one of DefaultCompression, .*ZstdBestSpeed/);
      await expect422({ id: "x", config: { CPUPercentage: 90 } }, /CPUPercentage must be between 1 and 80, got 90/);
      if (kind === "s3") {
        // Weaviate answers 422 when the backend cannot be initialised; the message names the bucket.
        await expect422({ id: "x", config: { Bucket: "no-such-bucket" } }, /bucket 'no-such-bucket' does not exist at endpoint '127\.0\.0\.1:\d+'/);
      }
      const missing = await call(url, "POST", `/v1/backups/${kind}/nope/restore`, {});
      assert.equal(missing.status, 404);
      assert.match(message(missing.body), /backup id "nope" does not exist/);
      assert.equal((await call(url, "GET", `/v1/backups/${kind}/nope`)).status, 404);
      const partial = await call(url, "POST", `/v1/backups/${kind}/seeds/restore`, { include: ["Nope"] });
      assert.equal(partial.status, 422);
      assert.match(message(partial.body), /class Nope doesn't exist in the backup/);
    });
  });
}

describe("compression levels", () => {
  test("gzip on several threads, zstd and none each back up and restore; backup_config.json names the codec", async () => {
    const root = await tempDir("backups-");
    const server = await startTestServer({ ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root });
    try {
      const { url } = server;
      await seed(url);
      const query = "{Get{Article(nearVector:{vector:[0,1,0.5]},limit:3){title hasAuthor{... on Author{name}}}}}";
      const expected = await graphql(url, query);
      const levels = [
        ["gzip", { CompressionLevel: "BestSpeed", CPUPercentage: 80 }],
        ["zstd", { CompressionLevel: "ZstdBestSpeed" }],
        ["zstd", { CompressionLevel: "ZstdBestCompression" }],
        ["none", { CompressionLevel: "NoCompression" }],
      ] as const;
      for (const [n, [codec, config]] of levels.entries()) {
        const id = `level-${n}`;
        assert.equal((await call(url, "POST", "/v1/backups/filesystem", { id, config })).status, 200);
        assert.equal((await waitFor(url, `/v1/backups/filesystem/${id}`))["status"], "SUCCESS");
        const stored = JSON.parse(await readFile(path.join(root, id, "backup_config.json"), "utf8"));
        assert.equal(stored.compressionType, codec, id);
        await call(url, "DELETE", "/v1/schema/Article");
        await call(url, "DELETE", "/v1/schema/Author");
        assert.equal((await call(url, "POST", `/v1/backups/filesystem/${id}/restore`, {})).status, 200);
        assert.equal((await waitFor(url, `/v1/backups/filesystem/${id}/restore`))["status"], "SUCCESS");
        assert.deepEqual(await graphql(url, query), expected, id);
      }
    } finally {
      await server.dispose();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("restore safety", () => {
  test("a damaged chunk fails the restore and leaves nothing behind", async () => {
    const root = await tempDir("backups-");
    const server = await startTestServer({ ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root });
    try {
      const { url } = server;
      await seed(url);
      await call(url, "POST", "/v1/backups/filesystem", { id: "dmg", config: { CompressionLevel: "NoCompression" } });
      assert.equal((await waitFor(url, "/v1/backups/filesystem/dmg"))["status"], "SUCCESS");
      const chunk = path.join(root, "dmg", "node1", "Article", "chunk-0");
      const bytes = await readFile(chunk);
      const at = bytes.length - 10;
      bytes[at] = bytes[at]! ^ 0xff;
      await writeFile(chunk, bytes);
      await call(url, "DELETE", "/v1/schema/Article");
      await call(url, "DELETE", "/v1/schema/Author");
      await call(url, "POST", "/v1/backups/filesystem/dmg/restore", {});
      const status = await waitFor(url, "/v1/backups/filesystem/dmg/restore");
      assert.equal(status["status"], "FAILED");
      assert.match(String(status["error"]), /could not restore classes: .*damaged/);
      assert.equal((await call(url, "GET", "/v1/schema/Article")).status, 404);
      const collections = await readdir(path.join(server.dataPath, "collections"));
      assert.deepEqual(collections.filter((name) => name !== "Author" && name !== "Article"), []);
      assert.ok(!collections.includes("Article") && !collections.includes("Author"));
    } finally {
      await server.dispose();
      await rm(root, { recursive: true, force: true });
    }
  });

  test("an operation a restart interrupted ends CANCELED with the reason, and its id can be reused", async () => {
    const root = await tempDir("backups-");
    const env = { ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root };
    let server = await startTestServer(env);
    try {
      await seed(server.url);
      await server.stop();
      const record = {
        kind: "backup", backend: "filesystem", id: "cut", status: "TRANSFERRING", path: path.join(root, "cut"),
        classes: ["Article"], startedAt: new Date().toISOString(), bytesDone: 0, filesDone: 0, filesTotal: 1,
      };
      await writeFile(path.join(server.dataPath, "backup-operations.json"), JSON.stringify([record]));
      server = await startTestServer(env, server.dataPath);
      const status = await call<Record<string, unknown>>(server.url, "GET", "/v1/backups/filesystem/cut");
      assert.equal(status.body?.["status"], "CANCELED");
      assert.equal(status.body?.["error"], "backup canceled due to node restart");
      assert.equal((await call(server.url, "POST", "/v1/backups/filesystem", { id: "cut" })).status, 200);
      assert.equal((await waitFor(server.url, "/v1/backups/filesystem/cut"))["status"], "SUCCESS");
    } finally {
      await server.dispose();
      await rm(root, { recursive: true, force: true });
    }
  });
});
