/**
 * The KeyValueStore port's contract (src/storage/rocks.ts), one suite for every engine: run it
 * with a subject per implementation (test/integration/key-value-store-contract.test.ts). Each
 * test opens its own store in a fresh directory; expectations are computed in the test (a sorted
 * copy of what was written), never read back from the store under test.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { KeyRange, KeyValueStore, WriteOp } from "../../src/storage/index.ts";
import { tempDir } from "../helpers/server.ts";

/** One engine behind the port. */
export interface KeyValueStoreSubject {
  readonly name: string;
  /** Opens (creating it and missing parent directories) the store at `location`. */
  open(location: string): Promise<KeyValueStore>;
}

const key = (text: string) => Buffer.from(text, "latin1");
const put = (k: Buffer | string, v: Buffer | string): WriteOp => ({
  type: "put",
  key: typeof k === "string" ? key(k) : k,
  value: typeof v === "string" ? Buffer.from(v) : v,
});
const del = (k: Buffer | string): WriteOp => ({ type: "del", key: typeof k === "string" ? key(k) : k });
const hex = (buffers: Iterable<Buffer | undefined>) => [...buffers].map((b) => b?.toString("hex"));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}

/**
 * Keys whose byte order differs from their string or signed order: the empty-suffix prefix
 * before its extensions, 0x00 first, bytes ≥ 0x80 after ASCII (unsigned, as the shard's
 * big-endian counters need).
 */
const awkwardKeys = [
  Buffer.from([0x61]),
  Buffer.from([0x61, 0x00]),
  Buffer.from([0x61, 0x62]),
  Buffer.from([0x00]),
  Buffer.from([0x7f, 0xff]),
  Buffer.from([0x80]),
  Buffer.from([0x80, 0x00, 0x01]),
  Buffer.from([0xff]),
  Buffer.from([0xff, 0xff, 0xff]),
  Buffer.from([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00]),
  Buffer.from([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]),
];

/** Runs the contract on `subject`. */
export function keyValueStoreContract(subject: KeyValueStoreSubject): void {
  describe(`key-value store contract: ${subject.name}`, () => {
    let root: string;
    let count = 0;
    const opened: KeyValueStore[] = [];
    const location = () => path.join(root, `store-${++count}`);
    const open = async (at = location()) => {
      const store = await subject.open(at);
      opened.push(store);
      return store;
    };
    before(async () => {
      root = await tempDir("wv-kv-contract-");
    });
    after(async () => {
      for (const store of opened) await store.close();
      await rm(root, { recursive: true, force: true });
    });

    test("a missing key reads as undefined; values come back byte for byte, empty ones too", async () => {
      const store = await open();
      assert.equal(store.isOpen, true);
      assert.equal(await store.get(key("absent")), undefined);
      const binary = Buffer.from([0x00, 0xff, 0x10, 0x00]);
      await store.write([put("k", binary), put(Buffer.from([0x00, 0xff]), "v"), put("empty", Buffer.alloc(0))]);
      assert.deepEqual(await store.get(key("k")), binary);
      assert.deepEqual(await store.get(Buffer.from([0x00, 0xff])), Buffer.from("v"));
      assert.deepEqual(await store.get(key("empty")), Buffer.alloc(0));
    });

    test("getMany answers in the order asked, undefined for missing keys, [] for none", async () => {
      const store = await open();
      await store.write([put("a", "1"), put("b", "2"), put("c", Buffer.alloc(0))]);
      const got = await store.getMany([key("c"), key("x"), key("a"), key("b"), key("a")]);
      assert.deepEqual(hex(got), hex([Buffer.alloc(0), undefined, Buffer.from("1"), Buffer.from("2"), Buffer.from("1")]));
      assert.deepEqual(await store.getMany([]), []);
    });

    test("a batch applies its ops in order: the last op on a key wins; an empty batch is a no-op", async () => {
      const store = await open();
      await store.write([put("gone", "x"), put("kept", "old"), put("twice", "first")]);
      await store.write([del("gone"), put("back", "1"), del("back"), put("kept", "new"), del("never"), put("again", "1")]);
      await store.write([del("again"), put("again", "2"), put("twice", "second")]);
      await store.write([]);
      const got = await store.getMany(["gone", "back", "kept", "again", "twice"].map(key));
      assert.deepEqual(got.map((value) => value?.toString()), [undefined, undefined, "new", "2", "second"]);
    });

    test("a batch is atomic: readers during the write see all of it or none of it", async () => {
      const store = await open();
      const keys = Array.from({ length: 500 }, (_, i) => key(`atomic-${String(i).padStart(4, "0")}`));
      await store.write(keys.map((k) => put(k, "v1")));
      let done = false;
      const written = store.write(keys.map((k, i) => (i % 5 === 0 ? del(k) : put(k, "v2")))).finally(() => {
        done = true;
      });
      const before = (v: Buffer | undefined) => v?.toString() === "v1";
      const after = (v: Buffer | undefined, i: number) => (i % 5 === 0 ? v === undefined : v?.toString() === "v2");
      // Reads overlap the write at least once (the loop runs before the write can have finished).
      do {
        const [values, scanned] = await Promise.all([
          store.getMany(keys),
          collect(store.entries({ gte: key("atomic-"), lt: key("atomic.") })),
        ]);
        const byScan = new Map(scanned.map(([k, v]) => [k.toString(), v]));
        for (const snapshot of [values, keys.map((k) => byScan.get(k.toString()))]) {
          assert.ok(snapshot.every(before) || snapshot.every(after), "a reader saw part of a batch");
        }
      } while (!done);
      await written;
      assert.equal((await store.getMany(keys)).filter((v) => v === undefined).length, 100);
    });

    test("a write of more ops than the store takes at once is atomic too, and refused whole", async () => {
      const store = await open();
      const keys = Array.from({ length: 45_000 }, (_, i) => key(`large-${String(i).padStart(6, "0")}`));
      await store.write(keys.map((k) => put(k, "v1")));
      const sample = keys.filter((_, i) => i % 97 === 0);
      let done = false;
      const written = store.write(keys.map((k, i) => (i % 5 === 0 ? del(k) : put(k, "v2")))).finally(() => {
        done = true;
      });
      do {
        const values = (await store.getMany(sample)).map((value) => value?.toString());
        const before = values.every((value) => value === "v1");
        const after = values.every((value, j) => (((j * 97) % 5 === 0) ? value === undefined : value === "v2"));
        assert.ok(before || after, "a reader saw part of a large write");
      } while (!done);
      await written;
      assert.equal((await collect(store.keys({ gte: key("large-"), lt: key("large.") }))).length, 36_000);
      await assert.rejects(store.write([...keys.map((k) => put(k, "v3")), put(Buffer.alloc(0), "x")]));
      assert.equal((await store.get(keys[1]!))?.toString(), "v2", "a refused large write applied nothing");
    });

    test("a batch the store refuses (an empty key) applies none of its ops", async () => {
      const store = await open();
      await store.write([put("existing", "old")]);
      await assert.rejects(store.write([put("new", "1"), del("existing"), put(Buffer.alloc(0), "x")]));
      const got = await store.getMany([key("new"), key("existing")]);
      assert.deepEqual(got.map((value) => value?.toString()), [undefined, "old"]);
    });

    test("entries come in unsigned bytewise key order, whatever the write order", async () => {
      const store = await open();
      await store.write(awkwardKeys.map((k, i) => put(k, String(i))));
      const sorted = [...awkwardKeys].sort(Buffer.compare);
      const entries = await collect(store.entries({}));
      assert.deepEqual(hex(entries.map(([k]) => k)), hex(sorted));
      for (const [k, v] of entries) assert.equal(v.toString(), String(awkwardKeys.findIndex((a) => a.equals(k))));
    });

    test("ranges: gte / gt / lt / lte bound, limit caps, reverse reverses; keys matches entries", async () => {
      const store = await open();
      await store.write(awkwardKeys.map((k) => put(k, "v")));
      const sorted = [...awkwardKeys].sort(Buffer.compare);
      const within = (range: KeyRange) => {
        let keys = sorted.filter(
          (k) =>
            (!range.gte || Buffer.compare(k, range.gte) >= 0) &&
            (!range.gt || Buffer.compare(k, range.gt) > 0) &&
            (!range.lt || Buffer.compare(k, range.lt) < 0) &&
            (!range.lte || Buffer.compare(k, range.lte) <= 0),
        );
        if (range.reverse) keys = keys.reverse();
        return range.limit !== undefined && range.limit >= 0 ? keys.slice(0, range.limit) : keys;
      };
      const ranges: KeyRange[] = [
        { gte: Buffer.from([0x61]), lt: Buffer.from([0x62]) },
        { gt: Buffer.from([0x61]), lte: Buffer.from([0x80]) },
        { gte: Buffer.from([0x80]) },
        { lt: Buffer.from([0x61, 0x00]) },
        { gte: Buffer.from([0x01]), lt: Buffer.from([0x02]), limit: 1 },
        { gte: Buffer.from([0x61]), limit: 3, reverse: true },
        { lte: Buffer.from([0x80]), reverse: true },
        { limit: 0 },
        { gte: Buffer.from([0x62]), lt: Buffer.from([0x62]) },
        { gt: Buffer.from([0xff, 0xff, 0xff]) },
      ];
      for (const range of ranges) {
        const label = JSON.stringify(range, (_, v) => (v?.type === "Buffer" ? Buffer.from(v.data).toString("hex") : v));
        const expected = hex(within(range));
        assert.deepEqual(hex((await collect(store.entries(range))).map(([k]) => k)), expected, `entries ${label}`);
        assert.deepEqual(hex(await collect(store.keys(range))), expected, `keys ${label}`);
      }
    });

    test("readAheadBytes changes how much is fetched per trip, not what is read", async () => {
      const store = await open();
      const ops = Array.from({ length: 300 }, (_, i) => put(`r-${String(i).padStart(3, "0")}`, Buffer.alloc(1000, i)));
      await store.write(ops);
      const expected = ops.map((op) => `${op.key.toString()}=${op.type === "put" ? op.value.toString("hex") : ""}`);
      for (const readAheadBytes of [undefined, 1, 4096, 1024 * 1024]) {
        const got = await collect(store.entries({ gte: key("r-"), readAheadBytes }));
        assert.deepEqual(got.map(([k, v]) => `${k.toString()}=${v.toString("hex")}`), expected, `${readAheadBytes}`);
        assert.equal((await collect(store.keys({ gte: key("r-"), readAheadBytes, limit: 7 }))).length, 7);
      }
    });

    test("a scan left half-way does not keep the store from closing, and fails if resumed", async () => {
      const store = await open();
      await store.write(Array.from({ length: 100 }, (_, i) => put(`s-${String(i).padStart(3, "0")}`, "v")));
      let read = 0;
      for await (const _ of store.entries({ readAheadBytes: 1 })) if (++read === 2) break;
      // Paused, neither finished nor abandoned: close must still end it.
      const paused = store.keys({ readAheadBytes: 1 })[Symbol.asyncIterator]();
      assert.equal((await paused.next()).done, false);
      await store.close();
      assert.equal(store.isOpen, false);
      // Resumed after the close, it fails as any call on a closed store does (a 503, not a 500).
      await assert.rejects(paused.next(), { name: "AppError", code: "RESOURCE_CLOSED" });
    });

    test("writes, sync or not, and deletes are there after close and reopen", async () => {
      const at = path.join(location(), "nested", "deeper");
      const first = await open(at);
      assert.equal(first.location, at);
      await first.write([put("plain", "1"), put("deleted", "x")]);
      await first.write([put("synced", "2"), del("deleted")], { sync: true });
      await first.close();
      const second = await open(at);
      const got = await second.getMany(["plain", "synced", "deleted"].map(key));
      assert.deepEqual(got.map((value) => value?.toString()), ["1", "2", undefined]);
      assert.deepEqual(hex(await collect(second.keys({}))), hex([key("plain"), key("synced")]));
    });

    test("after close every call rejects with RESOURCE_CLOSED, and close again is a no-op", async () => {
      const store = await open();
      await store.write([put("k", "v")]);
      await store.close();
      assert.equal(store.isOpen, false);
      const closed = { name: "AppError", code: "RESOURCE_CLOSED" };
      await assert.rejects(store.get(key("k")), closed);
      await assert.rejects(store.getMany([key("k")]), closed);
      await assert.rejects(store.write([put("k", "w")]), closed);
      await assert.rejects(collect(store.entries({})), closed);
      await assert.rejects(collect(store.keys({})), closed);
      await store.close();
    });
  });
}
