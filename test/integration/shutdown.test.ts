/**
 * Graceful shutdown of a real process under load. SIGTERM in the middle of a concurrent batch
 * import: requests in flight finish, new ones are refused, the process exits 0, and after a
 * restart on the same data every acknowledged object is there with its vector. SIGTERM while a
 * backup is running: the backup ends CANCELED "backup canceled due to node shutdown" before the
 * process exits, nothing restorable is left at the backend, and its id can be used again.
 */
import assert from "node:assert/strict";
import { access, rm } from "node:fs/promises";
import path from "node:path";
import { after, test } from "node:test";
import { call } from "../helpers/http.ts";
import { startChildServer, startTestServer, tempDir } from "../helpers/server.ts";

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshDir(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  dirs.push(dir);
  return dir;
}

function uuid(i: number): string {
  return `30000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

function vectorFor(i: number, dims: number): number[] {
  return Array.from({ length: dims }, (_, d) => Math.sin((i + 1) * (d + 1) * 0.013) + (d === i % dims ? 1 : 0));
}

function batch(from: number, count: number, dims: number) {
  return {
    objects: Array.from({ length: count }, (_, k) => ({
      class: "Doc",
      id: uuid(from + k),
      properties: { n: from + k, text: `object ${from + k}` },
      vector: vectorFor(from + k, dims),
    })),
  };
}

const DOC_CLASS = {
  class: "Doc",
  properties: [
    { name: "n", dataType: ["int"] },
    { name: "text", dataType: ["text"] },
  ],
};

interface Attempt {
  from: number;
  startedAt: number;
  endedAt: number;
  /** HTTP 200 and no object with an error. */
  acknowledged: boolean;
  outcome: string;
}

test("SIGTERM during a concurrent batch import loses nothing acknowledged", async () => {
  const DIMS = 64;
  const BATCH = 400;
  const WORKERS = 4;
  const dataPath = await freshDir("shutdown-import-");
  const child = await startChildServer({ PERSISTENCE_DATA_PATH: dataPath, VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0" });
  assert.equal((await call(child.url, "POST", "/v1/schema", DOC_CLASS)).status, 200);

  const attempts: Attempt[] = [];
  let signalledAt: number | undefined;
  let next = 0;
  const worker = async () => {
    // Bounded: at most 300 batches in all; the signal comes long before.
    while (next < 300 * BATCH) {
      const from = next;
      next += BATCH;
      const startedAt = performance.now();
      let outcome: string;
      let acknowledged = false;
      try {
        const reply = await call<Array<{ result?: { errors?: unknown } }>>(child.url, "POST", "/v1/batch/objects", batch(from, BATCH, DIMS));
        acknowledged = reply.status === 200 && Array.isArray(reply.body) && reply.body.every((item) => !item.result?.errors);
        outcome = `HTTP ${reply.status}`;
      } catch (error) {
        outcome = String((error as Error).cause ?? error);
      }
      attempts.push({ from, startedAt, endedAt: performance.now(), acknowledged, outcome });
      if (!acknowledged) {
        assert.ok(signalledAt !== undefined, `a batch failed before the signal: ${outcome}`);
        return;
      }
    }
  };
  const workers = Array.from({ length: WORKERS }, worker);
  while (attempts.filter((attempt) => attempt.acknowledged).length < 8) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  signalledAt = performance.now();
  child.child.kill("SIGTERM");
  await Promise.all(workers);
  const { code, signal } = await child.exited;
  // Promptly: keep-alive connections do not hold the close open until they time out.
  assert.ok(performance.now() - signalledAt < 20_000, "the shutdown took more than 20 s");
  assert.equal(signal, null);
  assert.equal(code, 0, child.output());
  assert.match(child.output(), /"msg":"shutting down"/);
  assert.match(child.output(), /"msg":"storage closed"/);

  const acknowledged = attempts.filter((attempt) => attempt.acknowledged);
  // Requests the signal found in flight were answered, not cut off.
  const inFlight = acknowledged.filter((attempt) => attempt.startedAt < signalledAt! && attempt.endedAt > signalledAt!);
  assert.ok(inFlight.length >= 1, `no request was in flight at the signal: ${JSON.stringify(attempts)}`);
  // Every worker ended on a refused request: nothing was accepted after the server went away.
  assert.equal(attempts.filter((attempt) => !attempt.acknowledged).length, WORKERS);

  const server = await startTestServer({}, dataPath);
  try {
    const shard = server.app.shards.shardFor("Doc")!;
    const ids = acknowledged.flatMap((attempt) => Array.from({ length: BATCH }, (_, k) => attempt.from + k));
    assert.ok(shard.objectCount >= ids.length, `${shard.objectCount} objects, ${ids.length} acknowledged`);
    const stored = await shard.getMany(ids.map(uuid));
    stored.forEach((object, k) => {
      const i = ids[k]!;
      assert.ok(object, `acknowledged object ${i} is missing`);
      assert.equal(object.properties["n"], i);
      const expected = vectorFor(i, DIMS);
      const vector = object.vectors[""];
      assert.ok(vector, `object ${i} lost its vector`);
      assert.ok(
        vector.every((value, d) => Math.abs(value - expected[d]!) < 1e-6),
        `object ${i} vector differs`,
      );
    });
    // The vector index has them too.
    for (let k = 0; k < ids.length; k += 97) {
      const i = ids[k]!;
      assert.equal((await shard.nearest("", vectorFor(i, DIMS), 1))[0]?.id, uuid(i), `object ${i} not found by vector`);
    }
    assert.equal(await shard.vectorCount(), shard.objectCount);
  } finally {
    await server.stop();
  }
});

async function waitFor(url: string, statusPath: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 600; i++) {
    const reply = await call<Record<string, unknown>>(url, "GET", statusPath);
    if (["SUCCESS", "FAILED", "CANCELED"].includes(String(reply.body?.["status"]))) return reply.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${statusPath} did not finish`);
}

test("SIGTERM during a backup: CANCELED with a reason, nothing restorable left, id reusable", async () => {
  const DIMS = 256;
  const dataPath = await freshDir("shutdown-backup-");
  const backups = await freshDir("shutdown-backups-");
  const env = { ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: backups };
  const child = await startChildServer({ ...env, PERSISTENCE_DATA_PATH: dataPath, VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0" });
  assert.equal((await call(child.url, "POST", "/v1/schema", DOC_CLASS)).status, 200);
  for (let from = 0; from < 5000; from += 500) {
    assert.equal((await call(child.url, "POST", "/v1/batch/objects", batch(from, 500, DIMS))).status, 200);
  }
  // Best compression on one thread: a few seconds of work for 5,000 objects of 256 dimensions.
  const started = await call<{ status: string }>(child.url, "POST", "/v1/backups/filesystem", {
    id: "shutdown-1",
    config: { CompressionLevel: "BestCompression", CPUPercentage: 1 },
  });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const running = await call<{ status: string }>(child.url, "GET", "/v1/backups/filesystem/shutdown-1");
  assert.ok(["STARTED", "TRANSFERRING"].includes(running.body.status), `backup already ${running.body.status}`);
  child.child.kill("SIGTERM");
  const { code } = await child.exited;
  assert.equal(code, 0, child.output());
  assert.match(child.output(), /"msg":"storage closed"/);

  // Whatever had been written is gone: no backup to restore, or to mistake for one.
  await assert.rejects(access(path.join(backups, "shutdown-1", "backup_config.json")));

  const server = await startTestServer(env, dataPath);
  try {
    const status = await call<Record<string, unknown>>(server.url, "GET", "/v1/backups/filesystem/shutdown-1");
    assert.equal(status.status, 200);
    assert.equal(status.body["status"], "CANCELED");
    assert.equal(status.body["error"], "backup canceled due to node shutdown");
    assert.equal(server.app.shards.shardFor("Doc")!.objectCount, 5000);
    const restore = await call(server.url, "POST", "/v1/backups/filesystem/shutdown-1/restore", {});
    assert.equal(restore.status, 404);

    const again = await call(server.url, "POST", "/v1/backups/filesystem", { id: "shutdown-1" });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const done = await waitFor(server.url, "/v1/backups/filesystem/shutdown-1");
    assert.equal(done["status"], "SUCCESS", JSON.stringify(done));
  } finally {
    await server.stop();
  }
});
