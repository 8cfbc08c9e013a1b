/**
 * Durability against a real process: a child server is killed with SIGKILL right after a batch
 * is acknowledged. After a restart every acknowledged object is listed and found by vector
 * search, and objects deleted before the kill stay deleted. The save interval is short so the
 * restart has to combine a saved index with a replay of newer writes and deletions.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, test } from "node:test";
import { call } from "../helpers/http.ts";
import { startChildServer, startTestServer, tempDir } from "../helpers/server.ts";

const DIMS = 16;

function vectorFor(i: number): number[] {
  return Array.from({ length: DIMS }, (_, d) => Math.sin((i + 1) * (d + 1) * 0.37) + (d === i % DIMS ? 1 : 0));
}

function uuid(i: number): string {
  return `10000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

function batch(from: number, to: number) {
  const objects = [];
  for (let i = from; i < to; i++) {
    objects.push({ class: "Doc", id: uuid(i), properties: { n: i }, vector: vectorFor(i) });
  }
  return { objects };
}

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test("SIGKILL after acknowledged writes loses nothing", async () => {
  const dataPath = await tempDir("durability-");
  dirs.push(dataPath);
  const child = await startChildServer({
    PERSISTENCE_DATA_PATH: dataPath,
    VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "1",
    LOG_LEVEL: "info",
  });
  try {
    const created = await call(child.url, "POST", "/v1/schema", {
      class: "Doc",
      properties: [{ name: "n", dataType: ["int"] }],
    });
    assert.equal(created.status, 200);
    for (let from = 0; from < 600; from += 200) {
      const reply = await call<unknown[]>(child.url, "POST", "/v1/batch/objects", batch(from, from + 200));
      assert.equal(reply.status, 200);
    }
    // Let the periodic save write the index, then change things it does not contain.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    for (const i of [3, 250, 599]) {
      assert.equal((await call(child.url, "DELETE", `/v1/objects/Doc/${uuid(i)}`)).status, 204);
    }
    const last = await call(child.url, "POST", "/v1/batch/objects", batch(600, 800));
    assert.equal(last.status, 200);
  } finally {
    child.child.kill("SIGKILL");
  }
  const { signal } = await child.exited;
  assert.equal(signal, "SIGKILL");

  const server = await startTestServer({}, dataPath);
  try {
    const seen: string[] = [];
    let cursor: string | undefined;
    while (true) {
      const query = `/v1/objects?class=Doc&limit=150${cursor ? `&after=${cursor}` : ""}`;
      const page = await call<{ objects: Array<{ id: string }> }>(server.url, "GET", query);
      assert.equal(page.status, 200);
      if (page.body.objects.length === 0) break;
      seen.push(...page.body.objects.map((o) => o.id));
      cursor = seen[seen.length - 1];
    }
    const deleted = new Set([3, 250, 599].map(uuid));
    const expected = Array.from({ length: 800 }, (_, i) => uuid(i)).filter((id) => !deleted.has(id));
    assert.deepEqual(seen, expected);

    const shard = server.app.shards.shardFor("Doc")!;
    for (let i = 0; i < 800; i++) {
      const hits = await shard.nearest("", vectorFor(i), 3);
      if (deleted.has(uuid(i))) {
        assert.ok(!hits.some((hit) => hit.id === uuid(i)), `deleted object ${i} came back`);
      } else {
        assert.equal(hits[0]?.id, uuid(i), `object ${i} not found by vector search`);
      }
    }
  } finally {
    await server.stop();
  }
});

test("SIGTERM saves the index and closes storage cleanly", async () => {
  const dataPath = await tempDir("durability-");
  dirs.push(dataPath);
  const child = await startChildServer({ PERSISTENCE_DATA_PATH: dataPath, VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0" });
  await call(child.url, "POST", "/v1/batch/objects", batch(0, 100));
  child.child.kill("SIGTERM");
  const { code } = await child.exited;
  assert.equal(code, 0);
  assert.match(child.output(), /storage closed/);
  const server = await startTestServer({}, dataPath);
  try {
    const shard = server.app.shards.shardFor("Doc")!;
    assert.equal(shard.objectCount, 100);
    assert.equal((await shard.nearest("", vectorFor(42), 1))[0]?.id, uuid(42));
  } finally {
    await server.stop();
  }
});
