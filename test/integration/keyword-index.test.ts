/**
 * The bm25 index as storage: postings follow updates and deletions, survive a clean restart and
 * a SIGKILL right after an acknowledged batch, come back with a restore from a backup and with a
 * tenant's onload, stay within their tenant, and a
 * shard written before keyword search existed (no postings, no format mark) is indexed when it
 * opens. Scores are compared as strings, exactly: the same data gives the same figures.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { after, test } from "node:test";
import { Shard } from "../../src/shards/index.ts";
import { openStore, Prefix, prefixEnd, prefixStart } from "../../src/storage/index.ts";
import { getObjects } from "../helpers/graphql.ts";
import { call } from "../helpers/http.ts";
import { offloadEnv, startTestS3 } from "../helpers/s3.ts";
import { startChildServer, startTestServer, tempDir } from "../helpers/server.ts";

const uuid = (i: number) => `20000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
const textFor = (i: number) => Array.from({ length: 3 + (i % 5) }, (_, k) => WORDS[(i * 7 + k * k) % WORDS.length]).join(" ");
const schema = { class: "Doc", vectorizer: "none", properties: [{ name: "text", dataType: ["text"] }, { name: "n", dataType: ["int"] }] };

function batch(from: number, to: number) {
  const objects = [];
  for (let i = from; i < to; i++) objects.push({ class: "Doc", id: uuid(i), properties: { text: textFor(i), n: i }, vector: [Math.cos(i), Math.sin(i)] });
  return { objects };
}

const ranking = async (url: string, query: string) =>
  (await getObjects(url, "Doc", `{Get{Doc(bm25:{query:"${query}"}, limit:50){_additional{id score}}}}`)).map(
    (hit: { _additional: { id: string; score: string } }) => `${hit._additional.id} ${hit._additional.score}`,
  );

async function finished(url: string, statusPath: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const status = String((await call<{ status?: string }>(url, "GET", statusPath)).body?.status);
    if (["SUCCESS", "FAILED", "CANCELED"].includes(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${statusPath} did not finish`);
}

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test("updates and deletions change what bm25 finds and how it scores", async () => {
  const server = await startTestServer();
  try {
    assert.equal((await call(server.url, "POST", "/v1/schema", schema)).status, 200);
    assert.equal((await call(server.url, "POST", "/v1/batch/objects", batch(0, 40))).status, 200);
    const before = await ranking(server.url, "alpha");
    assert.ok(before.length > 0);
    // A new word appears only once the object is rewritten, and the old words leave with it.
    const put = await call(server.url, "PUT", `/v1/objects/Doc/${uuid(1)}`, { class: "Doc", properties: { text: "zulu zulu", n: 1 } });
    assert.equal(put.status, 200);
    assert.deepEqual((await ranking(server.url, "zulu")).map((line) => line.split(" ")[0]), [uuid(1)]);
    assert.equal((await call(server.url, "DELETE", `/v1/objects/Doc/${uuid(1)}`)).status, 204);
    assert.deepEqual(await ranking(server.url, "zulu"), []);
    const alpha = await ranking(server.url, "alpha");
    assert.ok(!alpha.some((line) => line.startsWith(uuid(1))));
    // The corpus changed (N and the average length), so every score moved.
    assert.notDeepEqual(alpha, before.filter((line) => !line.startsWith(uuid(1))));
  } finally {
    await server.dispose();
  }
});

test("postings survive a SIGKILL right after an acknowledged batch, and a clean restart", async () => {
  const dataPath = await tempDir("keyword-durability-");
  dirs.push(dataPath);
  const child = await startChildServer({ PERSISTENCE_DATA_PATH: dataPath });
  let expected: string[];
  try {
    assert.equal((await call(child.url, "POST", "/v1/schema", schema)).status, 200);
    assert.equal((await call(child.url, "POST", "/v1/batch/objects", batch(0, 200))).status, 200);
    expected = await ranking(child.url, "charlie delta");
    assert.equal((await call(child.url, "POST", "/v1/batch/objects", batch(200, 300))).status, 200);
    expected = await ranking(child.url, "charlie delta");
  } finally {
    child.child.kill("SIGKILL");
  }
  assert.equal((await child.exited).signal, "SIGKILL");
  for (let round = 0; round < 2; round++) {
    const server = await startTestServer({}, dataPath);
    try {
      assert.deepEqual(await ranking(server.url, "charlie delta"), expected);
    } finally {
      await server.stop();
    }
  }
});

test("a restored backup searches as the original did", async () => {
  const root = await tempDir("keyword-backups-");
  dirs.push(root);
  const env = { ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root };
  const source = await startTestServer(env);
  const target = await startTestServer(env);
  try {
    assert.equal((await call(source.url, "POST", "/v1/schema", schema)).status, 200);
    assert.equal((await call(source.url, "POST", "/v1/batch/objects", batch(0, 120))).status, 200);
    const expected = await ranking(source.url, "echo golf");
    assert.equal((await call(source.url, "POST", "/v1/backups/filesystem", { id: "kw" })).status, 200);
    assert.equal(await finished(source.url, "/v1/backups/filesystem/kw"), "SUCCESS");
    assert.equal((await call(target.url, "POST", "/v1/backups/filesystem/kw/restore", {})).status, 200);
    assert.equal(await finished(target.url, "/v1/backups/filesystem/kw/restore"), "SUCCESS");
    assert.deepEqual(await ranking(target.url, "echo golf"), expected);
  } finally {
    await source.dispose();
    await target.dispose();
  }
});

test("a shard written without postings is indexed when it opens", async () => {
  const dir = await tempDir("keyword-migrate-");
  dirs.push(dir);
  const collection = {
    class: "Doc",
    properties: [{ name: "text", dataType: ["text"], tokenization: "word" as const, indexSearchable: true, indexFilterable: true }],
    invertedIndexConfig: {},
    multiTenancyConfig: { enabled: false },
  } as unknown as Parameters<typeof Shard.open>[2];
  let shard = await Shard.open(dir, "s1", collection);
  const now = Date.now();
  await shard.put(
    Array.from({ length: 30 }, (_, i) => ({ id: uuid(i), className: "Doc", properties: { text: textFor(i) }, vectors: {}, creationTimeUnix: now, lastUpdateTimeUnix: now })),
  );
  const postingsOf = async (index: Awaited<ReturnType<Shard["keywordIndex"]>>) =>
    [...(index.property("text")?.terms ?? new Map())].map(([term, list]) => `${term}:${list.live}`).sort();
  const expected = await postingsOf(await shard.keywordIndex());
  assert.ok(expected.length > 0);
  await shard.close();
  // Make it look like a shard from before keyword search: no postings, lengths or format mark.
  const store = await openStore(path.join(dir, "kv"));
  const ops = [];
  for (const prefix of [Prefix.posting, Prefix.propertyLength]) {
    for await (const key of store.keys({ gte: prefixStart(prefix), lt: prefixEnd(prefix) })) ops.push({ type: "del" as const, key });
  }
  ops.push({ type: "del" as const, key: Buffer.from("mkeywordFormat") });
  await store.write(ops, { sync: true });
  await store.close();
  shard = await Shard.open(dir, "s1", collection);
  try {
    assert.deepEqual(await postingsOf(await shard.keywordIndex()), expected);
  } finally {
    await shard.close();
  }
});

test("tenants search their own postings, and an offloaded tenant's come back with its onload", async () => {
  const s3 = await startTestS3(["weaviate-offload"]);
  const server = await startTestServer(offloadEnv(s3));
  const statusOf = async (tenant: string) =>
    (await call<{ activityStatus: string }>(server.url, "GET", `/v1/schema/Doc/tenants/${tenant}`)).body.activityStatus;
  const until = async (tenant: string, wanted: string) => {
    for (let i = 0; i < 400 && (await statusOf(tenant)) !== wanted; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(await statusOf(tenant), wanted);
  };
  const tenantRanking = async (tenant: string) =>
    (await getObjects(server.url, "Doc", `{Get{Doc(tenant:"${tenant}", bm25:{query:"alpha"}, limit:50){_additional{id score}}}}`)).map(
      (hit: { _additional: { id: string; score: string } }) => `${hit._additional.id} ${hit._additional.score}`,
    );
  try {
    assert.equal((await call(server.url, "POST", "/v1/schema", { ...schema, multiTenancyConfig: { enabled: true } })).status, 200);
    await call(server.url, "POST", "/v1/schema/Doc/tenants", [{ name: "acme" }, { name: "other" }]);
    const objects = (tenant: string, from: number, to: number) => batch(from, to).objects.map((object) => ({ ...object, tenant }));
    assert.equal((await call(server.url, "POST", "/v1/batch/objects", { objects: objects("acme", 0, 30) })).status, 200);
    assert.equal((await call(server.url, "POST", "/v1/batch/objects", { objects: objects("other", 100, 110) })).status, 200);
    const acme = await tenantRanking("acme");
    assert.ok(acme.length > 0 && acme.every((line) => Number.parseInt(line.slice(24, 36), 16) < 30));
    assert.ok((await tenantRanking("other")).every((line) => Number.parseInt(line.slice(24, 36), 16) >= 100));
    await call(server.url, "PUT", "/v1/schema/Doc/tenants", [{ name: "acme", activityStatus: "OFFLOADED" }]);
    await until("acme", "FROZEN");
    await call(server.url, "PUT", "/v1/schema/Doc/tenants", [{ name: "acme", activityStatus: "ACTIVE" }]);
    await until("acme", "HOT");
    assert.deepEqual(await tenantRanking("acme"), acme);
  } finally {
    await server.dispose();
    await s3.stop();
  }
});
