/**
 * offload-s3 (src/tenants/offload-s3.ts) against a real S3 server (s3rver): a shard directory
 * round-trips byte for byte, a copy counts only with its manifest, a damaged copy is refused and
 * leaves nothing behind, and bucket / credential / endpoint failures name what is at fault.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer, type Socket } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { S3OffloadConfig } from "../../src/config/index.ts";
import { AppError, type ErrorCode } from "../../src/errors/index.ts";
import { createOffloadStore, S3OffloadStore, type S3OffloadTuning } from "../../src/offload-s3/index.ts";
import { s3rverCredentials, startTestS3, type TestS3 } from "../helpers/s3.ts";
import { tempDir } from "../helpers/server.ts";

const bucket = "weaviate-offload";

async function assertAppError(promise: Promise<unknown>, code: ErrorCode, ...mentions: string[]) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const mention of mentions) assert.ok(error.message.includes(mention), `'${mention}' not in: ${error.message}`);
    return true;
  });
}

/** Relative path → sha256 of every regular file under `dir`. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    result[path.relative(dir, full)] = createHash("sha256").update(await readFile(full)).digest("hex");
  }
  return result;
}

async function absent(file: string): Promise<boolean> {
  return access(file).then(
    () => false,
    () => true,
  );
}

describe("offload-s3", () => {
  let s3: TestS3;
  let work: string;
  let raw: S3Client;
  const stores: S3OffloadStore[] = [];

  const config = (overrides: Partial<S3OffloadConfig> = {}): S3OffloadConfig => ({
    bucket,
    endpoint: `http://${s3.endpoint}`,
    region: "us-east-1",
    credentials: { ...s3rverCredentials, sessionToken: undefined },
    autoCreate: false,
    ...overrides,
  });
  /** A store with 5 MiB parts, so the large file below goes as a multipart upload. */
  const make = (overrides: Partial<S3OffloadConfig> = {}, tuning: S3OffloadTuning = {}) => {
    const store = new S3OffloadStore(config(overrides), { partSizeBytes: 5 * 1024 * 1024, ...tuning });
    stores.push(store);
    return store;
  };

  /** A shard-like tree: RocksDB-ish files, a subdirectory, an empty file, a >10 MiB random file. */
  async function shardTree(name: string, large = 10 * 1024 * 1024 + 12_345): Promise<string> {
    const dir = path.join(work, name);
    await mkdir(path.join(dir, "rocksdb"), { recursive: true });
    await mkdir(path.join(dir, "vectors", "nested"), { recursive: true });
    await writeFile(path.join(dir, "rocksdb", "000012.sst"), randomBytes(300_000));
    await writeFile(path.join(dir, "rocksdb", "CURRENT"), "MANIFEST-000010\n");
    await writeFile(path.join(dir, "rocksdb", "LOCK"), "");
    await writeFile(path.join(dir, "vectors", "hnsw.bin"), randomBytes(large));
    await writeFile(path.join(dir, "vectors", "nested", "meta.json"), JSON.stringify({ name }));
    await writeFile(path.join(dir, "shard.json"), JSON.stringify({ tenant: name }));
    return dir;
  }

  before(async () => {
    s3 = await startTestS3([bucket]);
    work = await tempDir("wv-offload-");
    raw = new S3Client({
      region: "us-east-1",
      endpoint: `http://${s3.endpoint}`,
      forcePathStyle: true,
      credentials: { ...s3rverCredentials },
    });
  });

  after(async () => {
    for (const store of stores) store.destroy();
    raw.destroy();
    await s3.stop();
    await rm(work, { recursive: true, force: true });
  });

  test("a shard directory round-trips byte for byte through a multipart upload", async () => {
    const store = make();
    assert.equal(store.description, `s3://${bucket} at http://${s3.endpoint}`);
    const source = await shardTree("t1");
    const uploaded = await store.upload("Article", "t1", source);
    assert.match(uploaded.sha256, /^[0-9a-f]{64}$/);
    assert.ok(uploaded.bytes > 10 * 1024 * 1024);
    assert.equal(await store.exists("Article", "t1"), true);

    const target = path.join(work, "t1-restored");
    const downloaded = await store.download("Article", "t1", target);
    assert.equal(downloaded.bytes, uploaded.bytes);
    const expected = await fingerprint(source);
    assert.equal(Object.keys(expected).length, 6);
    assert.deepEqual(await fingerprint(target), expected);
    assert.ok((await stat(path.join(target, "vectors", "nested"))).isDirectory());
  });

  test("a small directory goes as one PUT, and download accepts an existing empty directory", async () => {
    const store = make();
    const source = path.join(work, "small");
    await mkdir(source);
    await writeFile(path.join(source, "only"), "tiny");
    await store.upload("Article", "small", source);
    const target = path.join(work, "small-restored");
    await mkdir(target);
    await store.download("Article", "small", target);
    assert.deepEqual(await fingerprint(target), await fingerprint(source));
  });

  test("upload replaces an older copy", async () => {
    const store = make();
    const first = await shardTree("r1", 1000);
    const second = await shardTree("r2", 2000);
    await store.upload("Article", "replaced", first);
    const replaced = await store.upload("Article", "replaced", second);
    const target = path.join(work, "replaced-restored");
    assert.equal((await store.download("Article", "replaced", target)).bytes, replaced.bytes);
    assert.deepEqual(await fingerprint(target), await fingerprint(second));
  });

  test("exists, remove, and download of a removed copy", async () => {
    const store = make();
    assert.equal(await store.exists("Article", "never"), false);
    await store.remove("Article", "never");
    const source = await shardTree("gone", 1000);
    await store.upload("Article", "gone", source);
    assert.equal(await store.exists("Article", "gone"), true);
    await store.remove("Article", "gone");
    assert.equal(await store.exists("Article", "gone"), false);
    const target = path.join(work, "gone-restored");
    await assertAppError(
      store.download("Article", "gone", target),
      "NOT_FOUND",
      `offloaded copy of tenant "gone" of class Article not found in s3://${bucket}`,
    );
    assert.ok(await absent(target));
  });

  test("a damaged stored archive is refused and leaves no target directory", async () => {
    const store = make();
    const source = await shardTree("damaged", 1000);
    await store.upload("Article", "damaged", source);
    // Same length would be a subtler fault; other bytes altogether is what a broken copy looks like.
    await raw.send(
      new PutObjectCommand({ Bucket: bucket, Key: "Article/damaged/shard.tar", Body: randomBytes(70_000) }),
    );
    const target = path.join(work, "damaged-restored");
    await assertAppError(store.download("Article", "damaged", target), "UNPROCESSABLE", "damaged", bucket);
    assert.ok(await absent(target));
    assert.equal(await store.exists("Article", "damaged"), true, "the copy itself stays");
  });

  test("an archive that is valid tar but not the one uploaded is refused by its checksum", async () => {
    const store = make();
    await store.upload("Article", "swapped", await shardTree("swapped-a", 1000));
    await store.upload("Other", "swapped", await shardTree("swapped-b", 1000));
    const other = await store.download("Other", "swapped", path.join(work, "swapped-b-restored"));
    assert.ok(other.bytes > 0);
    // Put Other's (valid) tar where Article's belongs: only the checksum can tell.
    const tar = await readTar(raw, "Other/swapped/shard.tar");
    await raw.send(new PutObjectCommand({ Bucket: bucket, Key: "Article/swapped/shard.tar", Body: tar }));
    const target = path.join(work, "swapped-a-restored");
    await assertAppError(store.download("Article", "swapped", target), "UNPROCESSABLE", "damaged", "sha256");
    assert.ok(await absent(target));
  });

  test("a copy without its manifest counts as absent", async () => {
    const store = make();
    await store.upload("Article", "halfway", await shardTree("halfway", 1000));
    await raw.send(new DeleteObjectCommand({ Bucket: bucket, Key: "Article/halfway/offload.json" }));
    assert.equal(await store.exists("Article", "halfway"), false);
    await assertAppError(store.download("Article", "halfway", path.join(work, "halfway-restored")), "NOT_FOUND");
  });

  test("a malformed manifest makes the copy damaged", async () => {
    const store = make();
    await store.upload("Article", "badmanifest", await shardTree("badmanifest", 1000));
    await raw.send(
      new PutObjectCommand({ Bucket: bucket, Key: "Article/badmanifest/offload.json", Body: '{"formatVersion":2}' }),
    );
    const target = path.join(work, "badmanifest-restored");
    await assertAppError(store.download("Article", "badmanifest", target), "UNPROCESSABLE", "damaged", "offload.json");
    assert.ok(await absent(target));
  });

  test("a failed upload leaves no copy, not even the older one", async () => {
    const store = make();
    await store.upload("Article", "nodir", await shardTree("nodir", 1000));
    const missing = path.join(work, "no-such-dir");
    await assertAppError(store.upload("Article", "nodir", missing), "UNPROCESSABLE", missing, bucket);
    assert.equal(await store.exists("Article", "nodir"), false);
  });

  test("an upload whose stored bytes differ from the sent ones is refused and deleted", async () => {
    // A pass-through proxy to s3rver that flips one byte of every shard.tar it serves (the Host header
    // goes through unchanged, so the signatures still hold).
    const proxy = createHttpServer((request, response) => {
      const upstream = httpRequest(
        `http://${s3.endpoint}${request.url}`,
        { method: request.method, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          let first = request.method === "GET" && request.url?.includes("shard.tar");
          answer.on("data", (chunk: Buffer) => {
            if (first && chunk.length > 0) {
              chunk[0] = (chunk[0] ?? 0) ^ 0xff;
              first = false;
            }
            response.write(chunk);
          });
          answer.on("end", () => response.end());
        },
      );
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.address() as { port: number };
    try {
      const store = make({ endpoint: `http://127.0.0.1:${port}` });
      const source = await shardTree("corrupted", 1000);
      await assertAppError(store.upload("Article", "corrupted", source), "UNPROCESSABLE", "does not match", bucket);
      assert.equal(await store.exists("Article", "corrupted"), false);
      await assert.rejects(raw.send(new GetObjectCommand({ Bucket: bucket, Key: "Article/corrupted/shard.tar" })));
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  test("a missing bucket is refused without autoCreate, naming it", async () => {
    const store = make({ bucket: "missing-bucket" });
    await assertAppError(
      store.exists("Article", "t"),
      "UNPROCESSABLE",
      "'missing-bucket' does not exist",
      s3.endpoint,
      "OFFLOAD_S3_BUCKET_AUTO_CREATE",
    );
  });

  test("a failed bucket check is not remembered: the bucket created later is used", async () => {
    const store = make({ bucket: "created-later" });
    await assertAppError(store.exists("Article", "t"), "UNPROCESSABLE", "'created-later' does not exist");
    await raw.send(new CreateBucketCommand({ Bucket: "created-later" }));
    assert.equal(await store.exists("Article", "t"), false);
  });

  test("with autoCreate a missing bucket is created and used", async () => {
    const store = make({ bucket: "created-on-demand", autoCreate: true });
    const source = await shardTree("auto", 1000);
    await store.upload("Article", "auto", source);
    const target = path.join(work, "auto-restored");
    await store.download("Article", "auto", target);
    assert.deepEqual(await fingerprint(target), await fingerprint(source));
  });

  test("wrong credentials fail naming the bucket and the endpoint", async () => {
    const store = make({ credentials: { accessKeyId: "WRONG", secretAccessKey: "WRONG", sessionToken: undefined } });
    await assertAppError(store.exists("Article", "t"), "UNPROCESSABLE", bucket, s3.endpoint, "credentials");
  });

  test("an unreachable endpoint fails within seconds naming it", async () => {
    const store = make({ endpoint: "http://127.0.0.1:1" });
    const started = Date.now();
    await assertAppError(store.upload("Article", "t", work), "UNPROCESSABLE", "127.0.0.1:1", bucket);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });

  test("an endpoint that accepts connections but never answers fails within seconds", async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const store = make({ endpoint: `http://127.0.0.1:${port}` }, { inactivityTimeoutMs: 300 });
      const started = Date.now();
      await assertAppError(store.exists("Article", "t"), "UNPROCESSABLE", `127.0.0.1:${port}`, bucket);
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test("names that could escape their key prefix are refused", async () => {
    const store = createOffloadStore(config());
    stores.push(store);
    for (const tenant of ["../x", "a/b", "", "x".repeat(65), "t.1"]) {
      await assertAppError(store.exists("Article", tenant), "UNPROCESSABLE", "tenant");
      await assertAppError(store.upload("Article", tenant, work), "UNPROCESSABLE", "tenant");
    }
    for (const className of ["../Article", "article", "A/b"]) {
      await assertAppError(store.download(className, "t", path.join(work, "never")), "UNPROCESSABLE", "class");
    }
    assert.ok(await absent(path.join(work, "never")));
  });
});

async function readTar(client: S3Client, key: string): Promise<Buffer> {
  const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await output.Body?.transformToByteArray()) ?? []);
}
