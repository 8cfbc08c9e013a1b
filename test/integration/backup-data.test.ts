/**
 * A backup's data path, against the filesystem backend and s3rver: shards streamed through
 * compression into chunk files with SHA-256s in backup.json, read back into fresh shards with the
 * same objects and a working vector index; a damaged chunk is detected before anything is loaded.
 */
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, test } from "node:test";
import { FilesystemBackend, S3Backend } from "../../src/backup-backends/index.ts";
import { nodeDescriptorKey, type NodeBackupDescriptor } from "../../src/backup/format.ts";
import type { BackupBackend } from "../../src/backup/ports.ts";
import { readChunk, readJson } from "../../src/backup/read.ts";
import { type BackupSource, writeBackupData } from "../../src/backup/write.ts";
import { withDefaults } from "../../src/collections/defaults.ts";
import type { Collection, StoredObject } from "../../src/domain/index.ts";
import { decodeSnapshot, encodeSnapshot, loadShard, Shard } from "../../src/shards/index.ts";
import { startTestS3 } from "../helpers/s3.ts";
import { tempDir } from "../helpers/server.ts";

const article: Collection = withDefaults(
  { class: "Article", properties: [{ name: "title", dataType: ["text"] }] } as never,
  { defaultDistance: "cosine", defaultVectorizer: "none" },
);
const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const vectorFor = (i: number) => Array.from({ length: 16 }, (_, d) => Math.cos((i + 2) * (d + 1) * 0.3));
const object = (i: number): StoredObject => ({
  id: uuid(i),
  className: "Article",
  properties: { title: `article ${i}` },
  vectors: { "": vectorFor(i) },
  creationTimeUnix: 1,
  lastUpdateTimeUnix: 1,
});

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function sourceWith(count: number): Promise<{ source: BackupSource; shard: Shard }> {
  const dir = await tempDir("backup-src-");
  const shard = await Shard.open(dir, "shardA", article);
  cleanups.push(async () => {
    await shard.close();
    await rm(dir, { recursive: true, force: true });
  });
  await shard.put(Array.from({ length: count }, (_, i) => object(i)));
  const source: BackupSource = {
    collection: (name) => (name === "Article" ? article : undefined),
    shardsOf: () => [
      {
        name: shard.name,
        open: async () => ({
          objectCount: shard.objectCount,
          snapshot: () => encodeSnapshot(shard.snapshotEntries()),
          release: async () => undefined,
        }),
      },
    ],
    tenantsOf: () => undefined,
  };
  return { source, shard };
}

async function restoreFirstShard(backend: BackupBackend, id: string, descriptor: NodeBackupDescriptor): Promise<Shard> {
  const chunk = descriptor.classes[0]!.chunks[0]!;
  const { stream, verified } = await readChunk(backend, id, chunk, descriptor.compressionType);
  async function* checked() {
    yield* decodeSnapshot(stream);
    verified();
  }
  const dir = path.join(await tempDir("backup-dst-"), "shard");
  const shard = await loadShard(dir, chunk.shard, article, checked());
  cleanups.push(async () => {
    await shard.close();
    await rm(path.dirname(dir), { recursive: true, force: true });
  });
  return shard;
}

for (const kind of ["filesystem", "s3"] as const) {
  describe(`backup data on ${kind}`, () => {
    const backendFor = async (): Promise<BackupBackend> => {
      if (kind === "filesystem") {
        const root = await tempDir("backup-root-");
        cleanups.push(() => rm(root, { recursive: true, force: true }));
        return new FilesystemBackend({ path: root });
      }
      const s3 = await startTestS3(["weaviate-backups"]);
      const backend = new S3Backend(s3.options());
      cleanups.push(async () => {
        backend.destroy();
        await s3.stop();
      });
      return backend;
    };

    const codecs = [
      { type: "gzip", level: -1, workers: 1 },
      { type: "gzip", level: 1, workers: 2 },
      { type: "zstd", level: 3, workers: 1 },
      { type: "none", level: 0, workers: 1 },
    ] as const;
    for (const compression of codecs) {
      test(`round trip with ${compression.type} (${compression.workers} worker(s))`, async () => {
        const backend = await backendFor();
        const { source, shard } = await sourceWith(500);
        const request = { id: `b-${compression.type}-${compression.workers}`, node: "node1", classes: ["Article"], compression, serverVersion: "test", startedAt: new Date() };
        const written = await writeBackupData(backend, source, request);
        const stored = await readJson<NodeBackupDescriptor>(backend, request.id, nodeDescriptorKey("node1"));
        assert.deepEqual(stored, written);
        assert.equal(stored.classes[0]!.shards[0]!.objectCount, 500);
        assert.match(stored.classes[0]!.chunks[0]!.sha256, /^[0-9a-f]{64}$/);
        const restored = await restoreFirstShard(backend, request.id, stored);
        assert.deepEqual(await restored.list({ limit: 1000 }), await shard.list({ limit: 1000 }));
        const [hit] = await restored.nearest("", vectorFor(123), 1);
        assert.equal(hit?.id, uuid(123));
      });
    }
  });
}

test("a damaged chunk fails its checksum", async () => {
  const root = await tempDir("backup-root-");
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const backend = new FilesystemBackend({ path: root });
  const { source } = await sourceWith(50);
  const request = { id: "damaged", node: "node1", classes: ["Article"], compression: { type: "none", level: 0, workers: 1 } as const, serverVersion: "test", startedAt: new Date() };
  const descriptor = await writeBackupData(backend, source, request);
  const file = path.join(root, "damaged", descriptor.classes[0]!.chunks[0]!.key);
  const bytes = await readFile(file);
  const at = bytes.length - 10; // inside the last value, so the framing still parses
  bytes[at] = bytes[at]! ^ 0xff;
  await writeFile(file, bytes);
  await assert.rejects(restoreFirstShard(backend, "damaged", descriptor), /is damaged/);
});
