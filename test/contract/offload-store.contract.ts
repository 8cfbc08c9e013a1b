/**
 * The OffloadStore port's contract (src/tenants/ports.ts), one suite for every implementation:
 * run it with a subject per implementation (test/integration/offload-store-contract.test.ts).
 * Small directories only: what depends on sizes (multipart uploads) belongs to an
 * implementation's own tests, as does how a copy is laid out where it is stored.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AppError, type ErrorCode } from "../../src/errors/index.ts";
import type { OffloadStore } from "../../src/tenants/index.ts";
import { tempDir } from "../helpers/server.ts";

/** A store under test and what the suite cannot do through the port. */
export interface OffloadStoreFixture {
  readonly store: OffloadStore;
  /** Overwrites the stored data of a copy with other bytes, as a storage fault would. */
  damage(className: string, tenant: string): Promise<void>;
  teardown(): Promise<void>;
}

export interface OffloadStoreSubject {
  readonly name: string;
  setup(): Promise<OffloadStoreFixture>;
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

const absent = (file: string) =>
  access(file).then(
    () => false,
    () => true,
  );

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, ...mentions: string[]): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const mention of mentions) assert.ok(error.message.includes(mention), `'${mention}' not in: ${error.message}`);
    return true;
  });
}

/** Runs the contract on `subject`. */
export function offloadStoreContract(subject: OffloadStoreSubject): void {
  describe(`offload store contract: ${subject.name}`, () => {
    let fixture: OffloadStoreFixture;
    let store: OffloadStore;
    let work: string;
    before(async () => {
      fixture = await subject.setup();
      store = fixture.store;
      work = await tempDir("wv-offload-contract-");
    });
    after(async () => {
      await fixture.teardown();
      await rm(work, { recursive: true, force: true });
    });

    /** A small shard-like tree: nested directories, an empty file, some random bytes. */
    async function shard(name: string, files: Record<string, string | Buffer> = {}): Promise<string> {
      const dir = path.join(work, name);
      const tree: Record<string, string | Buffer> = {
        "rocksdb/000012.sst": randomBytes(40_000),
        "rocksdb/CURRENT": "MANIFEST-000010\n",
        "rocksdb/LOCK": "",
        "vectors/gen-7/index-0.hnsw": randomBytes(20_000),
        "shard.json": JSON.stringify({ name }),
        ...files,
      };
      for (const [file, content] of Object.entries(tree)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), content);
      }
      return dir;
    }

    test("describes itself for messages", () => {
      assert.equal(typeof store.description, "string");
      assert.notEqual(store.description, "");
    });

    test("a shard directory round-trips byte for byte, and the upload leaves it untouched", async () => {
      const source = await shard("round-trip");
      const before = await fingerprint(source);
      assert.equal(Object.keys(before).length, 5);
      const uploaded = await store.upload("Article", "roundtrip", source);
      assert.match(uploaded.sha256, /^[0-9a-f]{64}$/);
      assert.ok(uploaded.bytes >= 60_000, `${uploaded.bytes} bytes for 60 kB of files`);
      assert.deepEqual(await fingerprint(source), before);
      assert.equal(await store.exists("Article", "roundtrip"), true);

      const target = path.join(work, "round-trip-restored", "nested");
      assert.deepEqual(await store.download("Article", "roundtrip", target), { bytes: uploaded.bytes });
      assert.deepEqual(await fingerprint(target), before);
    });

    test("download fills an existing empty directory", async () => {
      const source = await shard("into-empty");
      await store.upload("Article", "intoempty", source);
      const target = path.join(work, "into-empty-restored");
      await mkdir(target);
      await store.download("Article", "intoempty", target);
      assert.deepEqual(await fingerprint(target), await fingerprint(source));
    });

    test("an upload replaces the older copy, files that are gone included", async () => {
      await store.upload("Article", "replaced", await shard("first", { "only-in-first": "x" }));
      const second = await shard("second", { "only-in-second": "y" });
      const replaced = await store.upload("Article", "replaced", second);
      const target = path.join(work, "replaced-restored");
      assert.equal((await store.download("Article", "replaced", target)).bytes, replaced.bytes);
      assert.deepEqual(await fingerprint(target), await fingerprint(second));
    });

    test("copies are kept per collection and tenant", async () => {
      const copies = [
        ["Article", "t1"],
        ["Article", "t2"],
        ["Author", "t1"],
      ] as const;
      const sources = new Map<string, string>();
      for (const [className, tenant] of copies) {
        const source = await shard(`apart-${className}-${tenant}`);
        sources.set(`${className}/${tenant}`, source);
        await store.upload(className, tenant, source);
      }
      await store.remove("Article", "t1");
      assert.equal(await store.exists("Article", "t1"), false);
      for (const [className, tenant] of copies.slice(1)) {
        const target = path.join(work, `apart-${className}-${tenant}-restored`);
        await store.download(className, tenant, target);
        assert.deepEqual(await fingerprint(target), await fingerprint(sources.get(`${className}/${tenant}`)!));
      }
    });

    test("exists and remove; removing a missing copy is fine; an absent copy downloads as NOT_FOUND", async () => {
      assert.equal(await store.exists("Article", "never"), false);
      await store.remove("Article", "never");
      await store.upload("Article", "gone", await shard("gone"));
      assert.equal(await store.exists("Article", "gone"), true);
      await store.remove("Article", "gone");
      assert.equal(await store.exists("Article", "gone"), false);
      await store.remove("Article", "gone");
      for (const tenant of ["gone", "never"]) {
        const target = path.join(work, `${tenant}-restored`);
        await rejectsWith(store.download("Article", tenant, target), "NOT_FOUND");
        assert.ok(await absent(target), "no target directory is left behind");
      }
    });

    test("a damaged copy is refused, its target directory removed, and the copy kept", async () => {
      await store.upload("Article", "damaged", await shard("damaged"));
      await fixture.damage("Article", "damaged");
      for (const existing of [false, true]) {
        const target = path.join(work, `damaged-restored-${existing}`);
        if (existing) await mkdir(target);
        await rejectsWith(store.download("Article", "damaged", target), "UNPROCESSABLE");
        assert.ok(await absent(target), "the half-written target directory is removed");
      }
      assert.equal(await store.exists("Article", "damaged"), true, "the copy itself stays");
    });

    test("a failed upload rejects naming the directory and leaves no copy, not even the older one", async () => {
      await store.upload("Article", "failed", await shard("failed"));
      const missing = path.join(work, "no-such-dir");
      await rejectsWith(store.upload("Article", "failed", missing), "UNPROCESSABLE", missing);
      assert.equal(await store.exists("Article", "failed"), false);
      await rejectsWith(store.download("Article", "failed", path.join(work, "failed-restored")), "NOT_FOUND");
    });
  });
}
