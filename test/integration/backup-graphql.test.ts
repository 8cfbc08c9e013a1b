/**
 * Backups through GraphQL on the same engine as REST: createBackup / restoreBackup with
 * `wait: true`, the backup / backups / restoreStatus queries, errors as GraphQL errors, and the
 * mutations working while no class exists (Get still answers 422 then, as Weaviate does).
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

let server: TestServer;
let root: string;

interface Reply {
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL replies are read field by field in the assertions
  data?: Record<string, any>;
  errors?: Array<{ message: string; path?: string[] }>;
}

const gql = async (query: string) => (await call<Reply>(server.url, "POST", "/v1/graphql", { query })).body!;

before(async () => {
  root = await tempDir("backups-gql-");
  server = await startTestServer({ ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root });
  await call(server.url, "POST", "/v1/schema", { class: "Article", properties: [{ name: "title", dataType: ["text"] }] });
  await call(server.url, "POST", "/v1/batch/objects", {
    objects: Array.from({ length: 10 }, (_, i) => ({ class: "Article", properties: { title: `a${i}` }, vector: [1, i, 0] })),
  });
});

after(async () => {
  await server.dispose();
  await rm(root, { recursive: true, force: true });
});

test("createBackup, backups, delete, restoreBackup with wait: the data is back", async () => {
  const created = await gql(
    `mutation { createBackup(backend: "filesystem", id: "g1", include: ["Article"], wait: true) { id status path classes filesDone filesTotal } }`,
  );
  assert.equal(created.errors, undefined, JSON.stringify(created.errors));
  assert.deepEqual(created.data!["createBackup"], {
    id: "g1",
    status: "SUCCESS",
    path: `${root}/g1`,
    classes: ["Article"],
    filesDone: 1,
    filesTotal: 1,
  });
  const listed = await gql(`{ backups(backend: "filesystem") { id status classes } }`);
  assert.deepEqual(listed.data!["backups"], [{ id: "g1", status: "SUCCESS", classes: ["Article"] }]);
  const status = await gql(`{ backup(backend: "filesystem", id: "g1") { status } }`);
  assert.equal(status.data!["backup"].status, "SUCCESS");

  await call(server.url, "DELETE", "/v1/schema/Article");
  const noProvider = await call(server.url, "POST", "/v1/graphql", { query: "{ Get { Article { title } } }" });
  assert.equal(noProvider.status, 422, "without classes, Get answers 422 as in Weaviate");

  const restored = await gql(`mutation { restoreBackup(backend: "filesystem", id: "g1", wait: true) { status classes error } }`);
  assert.equal(restored.errors, undefined, JSON.stringify(restored.errors));
  assert.deepEqual(restored.data!["restoreBackup"], { status: "SUCCESS", classes: ["Article"], error: null });
  const restoreStatus = await gql(`{ restoreStatus(backend: "filesystem", id: "g1") { status } }`);
  assert.equal(restoreStatus.data!["restoreStatus"].status, "SUCCESS");
  const count = await gql("{ Aggregate { Article { meta { count } } } }");
  assert.deepEqual(count.data, { Aggregate: { Article: [{ meta: { count: 10 } }] } });
});

test("use-case errors come back as GraphQL errors naming the fault", async () => {
  const badId = await gql(`mutation { createBackup(backend: "filesystem", id: "Bad Id") { status } }`);
  assert.match(badId.errors![0]!.message, /invalid backup id: 'Bad Id'/);
  assert.deepEqual(badId.errors![0]!.path, ["createBackup"]);
  const badBackend = await gql(`mutation { createBackup(backend: "gcs", id: "x") { status } }`);
  assert.match(badBackend.errors![0]!.message, /no backup backend "gcs"/);
  const missing = await gql(`{ backup(backend: "filesystem", id: "nope") { status } }`);
  assert.match(missing.errors![0]!.message, /backup id "nope" does not exist/);
  const cancelDone = await gql(`mutation { cancelBackup(backend: "filesystem", id: "g1") }`);
  assert.match(cancelDone.errors![0]!.message, /backup "g1" already succeeded/);
});

test("backupProgress streams the status as server-sent events until the backup ends", async () => {
  const started = await gql(`mutation { createBackup(backend: "filesystem", id: "g2") { status } }`);
  assert.equal(started.data!["createBackup"].status, "STARTED");
  const response = await fetch(`${server.url}/v1/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({
      query: `subscription { backupProgress(backend: "filesystem", id: "g2") { status filesDone filesTotal } }`,
    }),
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
  const text = await response.text(); // the stream ends with the operation
  const events = text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)) as Reply)
    .filter((event) => event.data);
  assert.ok(events.length >= 1);
  const last = events.at(-1)!.data!["backupProgress"];
  assert.equal(last.status, "SUCCESS");
  assert.equal(last.filesDone, last.filesTotal);
});
