/**
 * The backup backend port's contract (src/backup/ports.ts), one suite run against every
 * implementation: the filesystem in a temp dir and S3 against a real S3 server (s3rver).
 * Then what only one of them has: key confinement on disk, S3's bucket / credential / endpoint
 * failures.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { FilesystemBackend, S3Backend } from "../../src/backup-backends/index.ts";
import type { BackupBackend, BackupLocation } from "../../src/backup/index.ts";
import { AppError, type ErrorCode } from "../../src/errors/index.ts";
import { startTestS3, type TestS3 } from "../helpers/s3.ts";
import { tempDir } from "../helpers/server.ts";

/** A backend under test, and an isolated location per test so listings do not interfere. */
interface Subject {
  readonly backend: BackupBackend;
  location(name: string): BackupLocation;
  teardown(): Promise<void>;
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString();
}

async function sha256(stream: NodeJS.ReadableStream): Promise<{ hash: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { hash: hash.digest("hex"), bytes };
}

/** A stream of `total` random bytes made on the fly; `digest()` is their SHA-256 once consumed. */
function randomStream(total: number, failAfter?: number) {
  const hash = createHash("sha256");
  async function* generate() {
    for (let sent = 0; sent < total; sent += 64 * 1024) {
      if (failAfter !== undefined && sent >= failAfter) throw new Error("source broke");
      const chunk = randomBytes(Math.min(64 * 1024, total - sent));
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(generate()), digest: () => hash.digest("hex") };
}

async function assertAppError(promise: Promise<unknown>, code: ErrorCode, ...mentions: string[]) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const mention of mentions) assert.ok(error.message.includes(mention), error.message);
    return true;
  });
}

function contract(name: string, setup: () => Promise<Subject>) {
  describe(`backup backend contract: ${name}`, () => {
    let subject: Subject;
    let backend: BackupBackend;
    before(async () => {
      subject = await setup();
      backend = subject.backend;
    });
    after(() => subject.teardown());

    test("checkAccess succeeds and leaves no backup behind", async () => {
      const at = subject.location("access");
      await backend.checkAccess("b1", at);
      assert.deepEqual(await backend.listIds(at), []);
    });

    test("small bodies round-trip as string, Buffer and stream, at nested keys", async () => {
      const at = subject.location("small");
      assert.deepEqual(await backend.write("b1", "backup_config.json", '{"a":1}', at), { bytes: 7 });
      await backend.write("b1", "node1/backup.json", Buffer.from("node"), at);
      await backend.write("b1", "node1/Article/chunk-1", Readable.from(["ab", "cd"]), at);
      await backend.write("b1", "empty", "", at);
      assert.equal(await text(await backend.read("b1", "backup_config.json", at)), '{"a":1}');
      assert.equal(await text(await backend.read("b1", "node1/backup.json", at)), "node");
      assert.equal(await text(await backend.read("b1", "node1/Article/chunk-1", at)), "abcd");
      assert.equal(await text(await backend.read("b1", "empty", at)), "");
    });

    test("a write replaces what was stored under the key", async () => {
      const at = subject.location("overwrite");
      await backend.write("b1", "k", "first version", at);
      await backend.write("b1", "k", "second", at);
      assert.equal(await text(await backend.read("b1", "k", at)), "second");
    });

    test("a 20 MiB stream round-trips byte for byte", async () => {
      const at = subject.location("large");
      const total = 20 * 1024 * 1024;
      const source = randomStream(total);
      assert.deepEqual(await backend.write("big", "node1/C/chunk-0", source.stream, at), {
        bytes: total,
      });
      const back = await sha256(await backend.read("big", "node1/C/chunk-0", at));
      assert.deepEqual(back, { hash: source.digest(), bytes: total });
    });

    test("bodies at multipart boundaries (the test server's parts are 5 MiB) round-trip", async () => {
      const at = subject.location("boundaries");
      for (const total of [5 * 1024 * 1024, 10 * 1024 * 1024, 5 * 1024 * 1024 + 1, 5 * 1024 * 1024 - 1]) {
        const source = randomStream(total);
        assert.deepEqual(await backend.write("edge", `chunk-${total}`, source.stream, at), { bytes: total });
        const back = await sha256(await backend.read("edge", `chunk-${total}`, at));
        assert.deepEqual(back, { hash: source.digest(), bytes: total }, `${total} bytes`);
      }
    });

    test("a source that fails mid-way leaves nothing under the key", async () => {
      const at = subject.location("broken");
      const source = randomStream(12 * 1024 * 1024, 7 * 1024 * 1024);
      await assert.rejects(backend.write("b1", "chunk", source.stream, at));
      assert.equal(await backend.exists("b1", "chunk", at), false);
      await assertAppError(backend.read("b1", "chunk", at), "NOT_FOUND");
    });

    test("exists tells stored keys from missing ones", async () => {
      const at = subject.location("exists");
      await backend.write("b1", "node1/backup.json", "{}", at);
      assert.equal(await backend.exists("b1", "node1/backup.json", at), true);
      assert.equal(await backend.exists("b1", "node1/other.json", at), false);
      assert.equal(await backend.exists("b2", "node1/backup.json", at), false);
    });

    test("reading a missing key is NOT_FOUND", async () => {
      const at = subject.location("missing");
      await assertAppError(backend.read("nope", "backup_config.json", at), "NOT_FOUND");
      await backend.write("b1", "a", "x", at);
      await assertAppError(backend.read("b1", "b", at), "NOT_FOUND");
    });

    test("listIds lists backups one level deep, sorted", async () => {
      const at = subject.location("list");
      assert.deepEqual(await backend.listIds(at), []);
      // Each backup has a top-level key: s3rver (not S3 or MinIO) drops a common prefix whose
      // objects all sit two levels below it, so "only nested keys" cannot be tested here.
      await backend.write("second", "node1/backup.json", "{}", at);
      await backend.write("second", "backup_config.json", "{}", at);
      await backend.write("first", "backup_config.json", "{}", at);
      assert.deepEqual(await backend.listIds(at), ["first", "second"]);
    });

    test("remove deletes every key of one backup and nothing else", async () => {
      const at = subject.location("remove");
      await backend.write("gone", "backup_config.json", "{}", at);
      await backend.write("gone", "node1/C/chunk-1", "data", at);
      await backend.write("kept", "backup_config.json", "{}", at);
      await backend.remove("gone", at);
      assert.equal(await backend.exists("gone", "backup_config.json", at), false);
      assert.equal(await backend.exists("gone", "node1/C/chunk-1", at), false);
      assert.deepEqual(await backend.listIds(at), ["kept"]);
      await backend.remove("never-existed", at);
    });

    test("ids and keys that could leave the root are UNPROCESSABLE", async () => {
      const at = subject.location("confined");
      const badKeys = ["../x", "a/../../x", "/etc/passwd", "a\\b", "a%2fb", "a%2F..", "a//b", "a/", "", "a\0b", "."];
      for (const key of badKeys) {
        await assertAppError(backend.write("b1", key, "x", at), "UNPROCESSABLE");
        await assertAppError(backend.read("b1", key, at), "UNPROCESSABLE");
        await assertAppError(backend.exists("b1", key, at), "UNPROCESSABLE");
      }
      for (const id of ["..", "a/b", "", "%2e%2e%2fx", "a\\b", "x\0"]) {
        await assertAppError(backend.write(id, "k", "x", at), "UNPROCESSABLE");
        await assertAppError(backend.remove(id, at), "UNPROCESSABLE");
        await assertAppError(backend.checkAccess(id, at), "UNPROCESSABLE");
      }
      await assertAppError(backend.write("b1", "../escape", "x", at), "UNPROCESSABLE", "../escape");
      assert.deepEqual(await backend.listIds(at), []);
    });
  });
}

contract("filesystem", async () => {
  const dir = await tempDir("wv-backup-fs-");
  return {
    backend: new FilesystemBackend({ path: path.join(dir, "root") }),
    location: (name) => ({ path: path.join(dir, "root", name) }),
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
});

contract("s3", async () => {
  const s3 = await startTestS3(["weaviate-backups"]);
  const backend = new S3Backend(s3.options({ path: "ignored/by/location" }));
  return {
    backend,
    location: (name) => ({ path: `suite/${name}` }),
    teardown: async () => {
      backend.destroy();
      await s3.stop();
    },
  };
});

describe("filesystem backend only", () => {
  let dir: string;
  before(async () => {
    dir = await tempDir("wv-backup-fs-");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("home is <root>/<id>; nothing is written outside the root", async () => {
    const root = path.join(dir, "root");
    const backend = new FilesystemBackend({ path: root });
    assert.equal(backend.home("b1"), path.join(root, "b1"));
    for (const key of ["../escape", "../../escape", "x/../../escape"]) {
      await assertAppError(backend.write("b1", key, "x"), "UNPROCESSABLE", key);
    }
    await assertAppError(backend.write("..", "escape", "x"), "UNPROCESSABLE");
    await backend.write("b1", "ok", "x");
    assert.deepEqual(await readdir(dir), ["root"]);
    assert.deepEqual(await readdir(path.join(root, "b1")), ["ok"]);
  });

  test("a location path must be absolute", async () => {
    const backend = new FilesystemBackend({ path: path.join(dir, "root") });
    await assertAppError(backend.write("b1", "k", "x", { path: "relative/dir" }), "UNPROCESSABLE", "relative/dir");
    assert.equal(backend.home("b1", { path: path.join(dir, "other") }), path.join(dir, "other", "b1"));
  });

  test("a root that cannot be created fails checkAccess naming the directory", async () => {
    await writeFile(path.join(dir, "a-file"), "x");
    const blocked = new FilesystemBackend({ path: path.join(dir, "a-file", "below-a-file") });
    await assertAppError(blocked.checkAccess("b1"), "UNPROCESSABLE", "below-a-file");
  });
});

describe("s3 backend only", () => {
  let s3: TestS3;
  const backends: S3Backend[] = [];
  const make = (overrides: Parameters<TestS3["options"]>[0]) => {
    const backend = new S3Backend(s3.options(overrides));
    backends.push(backend);
    return backend;
  };
  before(async () => {
    s3 = await startTestS3(["weaviate-backups"]);
  });
  after(async () => {
    for (const backend of backends) backend.destroy();
    await s3.stop();
  });

  test("home is s3://<bucket>/<path>/<id>, with request overrides", () => {
    assert.equal(make({}).home("b1"), "s3://weaviate-backups/b1");
    const prefixed = make({ path: "team/backups" });
    assert.equal(prefixed.home("b1"), "s3://weaviate-backups/team/backups/b1");
    assert.equal(prefixed.home("b1", { bucket: "other", path: "/p/" }), "s3://other/p/b1");
  });

  test("a missing bucket fails checkAccess naming the bucket", async () => {
    await assertAppError(make({ bucket: "no-such-bucket" }).checkAccess("b1"), "UNPROCESSABLE", "'no-such-bucket'", s3.endpoint);
  });

  test("with autoCreate a missing bucket is created", async () => {
    const backend = make({ bucket: "made-on-demand", autoCreate: true });
    await backend.checkAccess("b1");
    await backend.write("b1", "k", "v");
    assert.equal(await text(await backend.read("b1", "k")), "v");
  });

  test("wrong credentials fail naming the bucket and the endpoint", async () => {
    const backend = make({ credentials: { accessKeyId: "WRONG", secretAccessKey: "WRONG" } });
    await assertAppError(backend.checkAccess("b1"), "UNPROCESSABLE", "'weaviate-backups'", s3.endpoint, "denied");
  });

  test("an unreachable endpoint fails within seconds naming it", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const endpoint = `127.0.0.1:${port}`;
    const started = Date.now();
    await assertAppError(make({ endpoint }).checkAccess("b1"), "UNPROCESSABLE", endpoint);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
});
