/**
 * Large-batch benchmark: how long one POST /v1/batch/objects holds the server's event loop.
 * (1) In process: the grouping step (parse each item, split by collection) of batches of
 * 10,000 and 50,000 objects. (2) Served: one batch of `--count` objects posted to a started
 * server while a probe asks /v1/.well-known/live every 10 ms; the slowest probe answer is how
 * long the event loop was blocked at most.
 *
 *   npm run bench:batch -- --count 50000 --dims 32
 */
import { parseArgs } from "node:util";
import { parseBatchObjects } from "../src/http/bodies/batch.ts";
import { groupBatch } from "../src/objects/batch.ts";
import { makeDataSet, uuidFor } from "./lib/data.ts";
import { openServer } from "./lib/server.ts";
import { post } from "./lib/service.ts";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "50000" },
    dims: { type: "string", default: "32" },
    seed: { type: "string", default: "42" },
    url: { type: "string" },
  },
});
const count = Number(args.count);
const dims = Number(args.dims);

const { vectors } = makeDataSet({ count, dims, clusters: 8, seed: Number(args.seed) });
const objectFor = (i: number) => ({
  class: "BenchBatch",
  id: uuidFor(i),
  properties: { title: `item ${i}`, rank: i },
  vector: vectors[i],
});

function timeGrouping(size: number): number {
  const objects = Array.from({ length: size }, (_, i) => objectFor(i % count));
  const started = performance.now();
  const { byClass } = groupBatch(parseBatchObjects({ objects }).items);
  const elapsed = performance.now() - started;
  if (byClass.get("BenchBatch")?.length !== size) throw new Error("grouping lost objects");
  return elapsed;
}

for (const size of [10_000, 50_000]) {
  console.log(`grouping ${size} objects: ${timeGrouping(size).toFixed(1)} ms`);
}

/** Asks /live every 10 ms until stopped; returns the slowest answer in ms. */
function probe(url: string) {
  let running = true;
  let slowest = 0;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${url}/v1/.well-known/live`)).arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return slowest;
    },
  };
}

const server = await openServer(args.url, "bench-batch-");
try {
  await post(`${server.url}/v1/schema`, {
    class: "BenchBatch",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "rank", dataType: ["int"] },
    ],
  });
  const body = { objects: Array.from({ length: count }, (_, i) => objectFor(i)) };
  const watch = probe(server.url);
  const started = performance.now();
  const results = (await post(`${server.url}/v1/batch/objects`, body)) as Array<{ result?: { errors?: unknown } }>;
  const seconds = (performance.now() - started) / 1000;
  const slowest = await watch.stop();
  const failed = results.filter((item) => item.result?.errors).length;
  console.log(`one batch of ${count} objects × ${dims} dims: ${seconds.toFixed(2)} s, ${failed} failed`);
  console.log(`slowest /live answer during the batch (event loop blocked at most): ${slowest.toFixed(0)} ms`);
} finally {
  await server.close();
}
