/**
 * Import benchmark: the same seeded synthetic data set (a mixture of Gaussian clusters) goes
 * (1) into a bare hnswlib-node index with the service's default HNSW parameters and (2) through
 * the service's POST /v1/batch/objects, in one run. Prints objects/s for both, their ratio and
 * the server's peak RSS.
 *
 *   npm run bench:import -- --count 100000 --dims 128 --batch 1000
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import hnswlib from "hnswlib-node";
import { startChildServer } from "../test/helpers/server.ts";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    dims: { type: "string", default: "128" },
    batch: { type: "string", default: "1000" },
    // Requests in flight, as batching clients keep several (the Python client's workers).
    concurrency: { type: "string", default: "2" },
    clusters: { type: "string", default: "32" },
    seed: { type: "string", default: "42" },
    // Import into an already running, empty server instead of starting one (e.g. to profile it).
    url: { type: "string" },
  },
});
const count = Number(args.count);
const dims = Number(args.dims);
const batchSize = Number(args.batch);
const clusters = Number(args.clusters);
const concurrency = Number(args.concurrency);

// The service's defaults for a new collection (reference §7.3).
const M = 32;
const EF_CONSTRUCTION = 128;

/** mulberry32: small, fast, seedable; the data set is the same on every run. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function makeDataSet(): { vectors: number[][]; cluster: number[] } {
  const random = rng(Number(args.seed));
  const centres = Array.from({ length: clusters }, () =>
    Array.from({ length: dims }, () => gaussian(random) * 4),
  );
  const vectors: number[][] = [];
  const cluster: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = Math.floor(random() * clusters);
    const centre = centres[c]!;
    vectors.push(centre.map((x) => Math.fround(x + gaussian(random))));
    cluster.push(c);
  }
  return { vectors, cluster };
}

function uuidFor(i: number): string {
  const hex = i.toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

function bareImport(vectors: number[][]): number {
  const index = new hnswlib.HierarchicalNSW("cosine", dims);
  index.initIndex({ maxElements: 1024, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 100, allowReplaceDeleted: true });
  const started = performance.now();
  vectors.forEach((vector, i) => {
    if (index.getCurrentCount() >= index.getMaxElements()) {
      index.resizeIndex(index.getMaxElements() * 2);
    }
    index.addPoint(vector, i, true);
  });
  return (performance.now() - started) / 1000;
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const reply = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(reply)}`);
  return reply;
}

async function serviceImport(vectors: number[][], cluster: number[]) {
  if (args.url) return { seconds: await importInto(args.url, vectors, cluster), rss: Number.NaN };
  const dataPath = await mkdtemp(path.join(os.tmpdir(), "bench-import-"));
  const server = await startChildServer({ PERSISTENCE_DATA_PATH: dataPath, LOG_LEVEL: "info" });
  try {
    const seconds = await importInto(server.url, vectors, cluster);
    return { seconds, rss: await peakRss(server.child.pid!) };
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    await rm(dataPath, { recursive: true, force: true });
  }
}

async function importInto(url: string, vectors: number[][], cluster: number[]): Promise<number> {
  const server = { url };
  {
    await post(`${server.url}/v1/schema`, {
      class: "BenchItem",
      properties: [
        { name: "title", dataType: ["text"] },
        { name: "cluster", dataType: ["int"] },
      ],
      vectorIndexConfig: { distance: "cosine" },
    });
    const bodyFor = (from: number) => {
      const objects = [];
      for (let i = from; i < Math.min(from + batchSize, vectors.length); i++) {
        objects.push({
          class: "BenchItem",
          id: uuidFor(i),
          properties: { title: `item ${i}`, cluster: cluster[i] },
          vector: vectors[i],
        });
      }
      return { objects };
    };
    let next = 0;
    const worker = async () => {
      while (next < vectors.length) {
        const from = next;
        next += batchSize;
        const results = (await post(`${server.url}/v1/batch/objects`, bodyFor(from))) as Array<{
          result?: { errors?: unknown };
        }>;
        const failed = results.find((item) => item.result?.errors);
        if (failed) throw new Error(`batch item failed: ${JSON.stringify(failed.result)}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return (performance.now() - started) / 1000;
  }
}

const { vectors, cluster } = makeDataSet();
console.log(`data set: ${count} vectors × ${dims} dims, ${clusters} clusters, seed ${args.seed}`);
console.log(
  `hnsw: M=${M} efConstruction=${EF_CONSTRUCTION} cosine; batch size ${batchSize}, ${concurrency} requests in flight`,
);
const bareSeconds = bareImport(vectors);
const bareRate = count / bareSeconds;
console.log(`bare hnswlib-node: ${bareRate.toFixed(0)} objects/s (${bareSeconds.toFixed(1)} s)`);
const service = await serviceImport(vectors, cluster);
const serviceRate = count / service.seconds;
console.log(`service batch import: ${serviceRate.toFixed(0)} objects/s (${service.seconds.toFixed(1)} s)`);
console.log(`ratio service/bare: ${(serviceRate / bareRate).toFixed(2)}`);
console.log(`server peak RSS: ${(service.rss / 1024 / 1024).toFixed(0)} MiB`);
