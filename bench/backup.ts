/**
 * Backup benchmark: the bench data set (default 100,000 × 128, seeded clusters) imported into a
 * server started here, then backed up and restored through REST to the filesystem and to an S3
 * server (s3rver on 127.0.0.1, started here in a process of its own). Prints MB/s of stored bytes for each and, in the same
 * run, the rate of a bare copy of the same bytes: fs.copyFile for the filesystem, an @aws-sdk
 * multipart upload for S3; and the server's peak RSS. Aim: backup ≥ 70% of the bare upload rate.
 */
import { createReadStream } from "node:fs";
import { copyFile, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { makeDataSet, uuidFor } from "./lib/data.ts";
import { startS3rverProcess } from "./lib/s3rver-process.ts";
import { currentRss, highestRssDuring, peakRss, startServer } from "./lib/server.ts";
import { importBatches, post, searchable } from "./lib/service.ts";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    dims: { type: "string", default: "128" },
    seed: { type: "string", default: "42" },
    /** Backups only: for a quick look at throughput and memory on a large data set. */
    "skip-restore": { type: "boolean", default: false },
  },
});
const count = Number(args.count);
const dims = Number(args.dims);
const MB = 1024 * 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}

async function waitDone(url: string, statusPath: string): Promise<void> {
  for (;;) {
    const reply = (await (await fetch(url + statusPath)).json()) as { status?: string; error?: string };
    if (reply.status === "SUCCESS") return;
    if (reply.status === "FAILED" || reply.status === "CANCELED") throw new Error(`${statusPath}: ${reply.error}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

const fsRoot = await mkdtemp(path.join(os.tmpdir(), "bench-backup-fs-"));
const s3 = await startS3rverProcess();
Object.assign(process.env, {
  ENABLE_MODULES: "backup-filesystem,backup-s3",
  BACKUP_FILESYSTEM_PATH: fsRoot,
  BACKUP_S3_BUCKET: "weaviate-backups",
  BACKUP_S3_ENDPOINT: s3.endpoint,
  BACKUP_S3_USE_SSL: "false",
  BACKUP_S3_ACCESS_KEY_ID: "S3RVER",
  BACKUP_S3_SECRET_ACCESS_KEY: "S3RVER",
  VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0",
});
const server = await startServer("bench-backup-");
try {
  const { url } = server;
  const pid = server.pid as number;
  const { vectors, cluster } = makeDataSet({ count, dims, clusters: 32, seed: Number(args.seed) });
  await post(`${url}/v1/schema`, { class: "Bench", properties: [{ name: "title", dataType: ["text"] }, { name: "cluster", dataType: ["int"] }] });
  const importSeconds = await importBatches(url, {
    count, batchSize: 1000, concurrency: 2,
    objectFor: (i) => ({ class: "Bench", id: uuidFor(i), properties: { title: `item ${i}`, cluster: cluster[i] }, vector: vectors[i] }),
    settle: () => searchable(url, "Bench", dims),
  });
  console.log(`imported ${count} × ${dims} in ${importSeconds.toFixed(1)} s`);

  const results: string[] = [];
  const rate = (bytes: number, seconds: number) => `${(bytes / MB / seconds).toFixed(1).padStart(6)} MB/s`;
  /** Backs up with `config` to both backends, then copies the same bytes bare; restores if asked. */
  async function round(label: string, config: Record<string, unknown>, restore: boolean): Promise<void> {
    for (const backend of ["filesystem", "s3"] as const) {
      const id = `${label}-${backend}`.toLowerCase();
      const rssBefore = await currentRss(pid);
      let backupSeconds = 0;
      const rssDuring = await highestRssDuring(pid, async () => {
        backupSeconds = await timed(async () => {
          await post(`${url}/v1/backups/${backend}`, { id, include: ["Bench"], config });
          await waitDone(url, `/v1/backups/${backend}/${id}`);
        });
      });
      const growth = `  RSS +${((rssDuring - rssBefore) / MB).toFixed(0)} MiB`;
      let restored = "";
      if (restore && !args["skip-restore"]) {
        await fetch(`${url}/v1/schema/Bench`, { method: "DELETE" });
        const restoreSeconds = await timed(async () => {
          await post(`${url}/v1/backups/${backend}/${id}/restore`, {});
          await waitDone(url, `/v1/backups/${backend}/${id}/restore`);
          await searchable(url, "Bench", dims);
        });
        restored = `  restore ${restoreSeconds.toFixed(1)} s (index rebuilt)`;
      }
      // The same bytes, copied bare: this configuration's filesystem backup files.
      const files = await filesUnder(path.join(fsRoot, `${label}-filesystem`.toLowerCase()));
      const bytes = (await Promise.all(files.map(async (file) => (await stat(file)).size))).reduce((a, b) => a + b, 0);
      const bareSeconds = backend === "filesystem" ? await bareCopy(files) : await bareUpload(files);
      results.push(
        `${label.padEnd(22)} ${backend.padEnd(10)} ${(bytes / MB).toFixed(1).padStart(6)} MB  backup ${rate(bytes, backupSeconds)} (${backupSeconds.toFixed(2)} s)  bare ${rate(bytes, bareSeconds)}  backup/bare ${(bareSeconds / backupSeconds).toFixed(2)}${growth}${restored}`,
      );
    }
  }
  async function bareCopy(files: string[]): Promise<number> {
    const target = await mkdtemp(path.join(os.tmpdir(), "bench-copy-"));
    try {
      return await timed(async () => {
        for (const [i, file] of files.entries()) await copyFile(file, path.join(target, `f${i}`));
      });
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  }
  async function bareUpload(files: string[]): Promise<number> {
    // The bare side: the SDK's own multipart Upload (@aws-sdk/lib-storage), same bytes.
    const client = new S3Client({
      endpoint: `http://${s3.endpoint}`, region: "us-east-1", forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED",
    });
    try {
      return await timed(async () => {
        for (const [i, file] of files.entries()) {
          const params = { Bucket: "weaviate-backups", Key: `bare/f${i}`, Body: createReadStream(file) };
          await new Upload({ client, params, partSize: 8 * MB }).done();
        }
      });
    } finally {
      client.destroy();
    }
  }
  await round("DefaultCompression", {}, true);
  await round("DefaultCompression-cpu80", { CPUPercentage: 80 }, false);
  await round("BestSpeed-cpu80", { CompressionLevel: "BestSpeed", CPUPercentage: 80 }, false);
  await round("ZstdBestSpeed", { CompressionLevel: "ZstdBestSpeed" }, false);
  await round("ZstdDefaultCompression", { CompressionLevel: "ZstdDefaultCompression" }, true);
  await round("NoCompression", { CompressionLevel: "NoCompression" }, false);
  console.log("\n==== backup summary ====");
  for (const line of results) console.log(line);
  console.log(`server peak RSS ${((await peakRss(server.pid!)) / MB).toFixed(0)} MiB`);
} finally {
  await server.close();
  s3.stop();
  await rm(fsRoot, { recursive: true, force: true });
}
