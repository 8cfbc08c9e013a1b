/**
 * Import benchmark: the same seeded synthetic data set (a mixture of Gaussian clusters) goes
 * (1) into a bare hnswlib-node index with the service's default HNSW parameters and (2) through
 * the service's POST /v1/batch/objects, in one run. Prints objects/s for both, their ratio and
 * the server's peak RSS.
 *
 *   npm run bench:import -- --count 100000 --dims 128 --batch 1000
 */
import { parseArgs } from "node:util";
import hnswlib from "hnswlib-node";
import { makeDataSet, uuidFor } from "./lib/data.ts";
import { openServer, peakRss } from "./lib/server.ts";
import { importBatches, post, searchable } from "./lib/service.ts";

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

async function serviceImport(vectors: number[][], cluster: number[]) {
  const server = await openServer(args.url, "bench-import-");
  try {
    const seconds = await importInto(server.url, vectors, cluster);
    return { seconds, rss: server.pid === undefined ? Number.NaN : await peakRss(server.pid) };
  } finally {
    await server.close();
  }
}

async function importInto(url: string, vectors: number[][], cluster: number[]): Promise<number> {
  await post(`${url}/v1/schema`, {
    class: "BenchItem",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "cluster", dataType: ["int"] },
    ],
    vectorIndexConfig: { distance: "cosine" },
  });
  return importBatches(url, {
    count: vectors.length,
    batchSize,
    concurrency,
    objectFor: (i) => ({
      class: "BenchItem",
      id: uuidFor(i),
      properties: { title: `item ${i}`, cluster: cluster[i] },
      vector: vectors[i],
    }),
    settle: () => searchable(url, "BenchItem", vectors[0]!.length),
  });
}

const { vectors, cluster } = makeDataSet({ count, dims, clusters, seed: Number(args.seed) });
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
