/**
 * A backup taken over REST while batches keep arriving restores to a state that existed: every
 * batch is there whole or not at all, each object with its own vector, and the counts agree. The
 * restore runs on a second server reading the same backup directory, so the first keeps importing.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { test } from "node:test";
import { call } from "../helpers/http.ts";
import { startTestServer, tempDir } from "../helpers/server.ts";

const BATCH = 100;
const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const vectorFor = (i: number) => [Math.cos(i), Math.sin(i), (i % 97) / 97];

async function waitFor(url: string, statusPath: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const reply = await call<Record<string, unknown>>(url, "GET", statusPath);
    if (["SUCCESS", "FAILED", "CANCELED"].includes(String(reply.body?.["status"]))) return reply.body!;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${statusPath} did not finish`);
}

test("a backup during a concurrent import restores whole batches, each object with its vector", async () => {
  const root = await tempDir("backups-");
  const env = { ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root };
  const source = await startTestServer(env);
  const target = await startTestServer(env);
  try {
    const schema = { class: "Doc", properties: [{ name: "n", dataType: ["int"] }, { name: "batch", dataType: ["int"] }] };
    assert.equal((await call(source.url, "POST", "/v1/schema", schema)).status, 200);
    let imported = 0;
    let stop = false;
    const importing = (async () => {
      for (let b = 0; !stop && b < 400; b++) {
        const objects = Array.from({ length: BATCH }, (_, k) => {
          const n = b * BATCH + k;
          return { class: "Doc", id: uuid(n), properties: { n, batch: b }, vector: vectorFor(n) };
        });
        const reply = await call(source.url, "POST", "/v1/batch/objects", { objects });
        assert.equal(reply.status, 200);
        imported++;
      }
    })();
    while (imported < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal((await call(source.url, "POST", "/v1/backups/filesystem", { id: "live" })).status, 200);
    assert.equal((await waitFor(source.url, "/v1/backups/filesystem/live"))["status"], "SUCCESS");
    const importedAtBackupEnd = imported;
    stop = true;
    await importing;

    assert.equal((await call(target.url, "POST", "/v1/backups/filesystem/live/restore", {})).status, 200);
    assert.equal((await waitFor(target.url, "/v1/backups/filesystem/live/restore"))["status"], "SUCCESS");
    type Listed = { id: string; properties: { n: number; batch: number }; vector: number[] };
    const objects: Listed[] = [];
    for (let after = ""; ; ) {
      const page = await call<{ objects: Listed[] }>(target.url, "GET", `/v1/objects?class=Doc&limit=1000&include=vector${after}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      objects.push(...page.body!.objects);
      if (page.body!.objects.length < 1000) break;
      after = `&after=${page.body!.objects.at(-1)!.id}`;
    }
    assert.ok(objects.length >= 5 * BATCH, `the batches acknowledged before the backup are there (${objects.length})`);
    assert.ok(objects.length <= importedAtBackupEnd * BATCH, "nothing from after the backup ended");
    const perBatch = new Map<number, number>();
    for (const object of objects) {
      const { n, batch } = object.properties;
      assert.equal(object.id, uuid(n));
      perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
      for (const [d, value] of object.vector.entries()) {
        assert.ok(Math.abs(value - vectorFor(n)[d]!) < 1e-6, `vector of ${n}`);
      }
    }
    for (const [batch, count] of perBatch) assert.equal(count, BATCH, `batch ${batch} is whole`);
    const batches = [...perBatch.keys()].sort((a, b) => a - b);
    assert.deepEqual(batches, batches.map((_, i) => i), "the batches are a prefix of the import");
    const aggregate = await call<{ data: { Aggregate: { Doc: Array<{ meta: { count: number } }> } } }>(
      target.url,
      "POST",
      "/v1/graphql",
      { query: "{Aggregate{Doc{meta{count}}}}" },
    );
    assert.equal(aggregate.body!.data.Aggregate.Doc[0]!.meta.count, objects.length);
    const nearest = await call<{ data: { Get: { Doc: Array<{ n: number }> } } }>(target.url, "POST", "/v1/graphql", {
      query: `{Get{Doc(nearVector:{vector:[${vectorFor(42).join(",")}]},limit:1){n}}}`,
    });
    assert.equal(nearest.body!.data.Get.Doc[0]!.n, 42);
  } finally {
    await source.dispose();
    await target.dispose();
    await rm(root, { recursive: true, force: true });
  }
});
