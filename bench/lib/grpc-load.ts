/**
 * gRPC nearVector load through the official npm client weaviate-client v3: the query the
 * client builds for `collection.query.nearVector(vector, { limit: 10, returnMetadata: ["distance"] })`
 * (the vector sent as float32 bytes), `concurrency` promises in flight over one client.
 */
import type { Collection } from "weaviate-client";
import { indexOfUuid } from "./data.ts";
import type { MeasuredRun } from "./graphql-load.ts";
import { recallAtK } from "./ground-truth.ts";
import { HIGH_CONCURRENCY, K } from "./query-settings.ts";
import { sampleCpu } from "./server.ts";
import { secondsSince, summarize } from "./stats.ts";

/** bench:query's Bench properties, as the client's generics want them. */
export type BenchProperties = { title: string; cluster: number };
export type BenchCollection = Collection<BenchProperties, string>;

/**
 * What a search asks back beside the uuid and distance: `[]` none (ids and distances only),
 * `["title"]` one property, `undefined` the client's default (every non-reference property).
 */
export type ReturnProperties = readonly (keyof BenchProperties)[] | undefined;

/** Dataset indices of one reply's uuids (in rank order); fails on an id the data set did not make. */
function hitIndices(uuids: readonly string[]): number[] {
  return uuids.map((uuid) => {
    const index = indexOfUuid(uuid);
    if (index < 0) throw new Error(`gRPC hit with an unknown id: ${uuid}`);
    return index;
  });
}

/** One search; its hits' uuids (mapped to data set indices after the run, as the GraphQL runner parses after). */
async function search(collection: BenchCollection, vector: number[], returnProperties: ReturnProperties): Promise<string[]> {
  const reply = await collection.query.nearVector(vector, {
    limit: K,
    returnMetadata: ["distance"],
    ...(returnProperties === undefined ? {} : { returnProperties: [...returnProperties] }),
  });
  const first = reply.objects[0];
  if (first !== undefined && typeof first.metadata?.distance !== "number") {
    throw new Error(`gRPC reply without a distance: ${JSON.stringify(first)}`);
  }
  return reply.objects.map((object) => object.uuid);
}

/** Searches every vector once, `concurrency` in flight; latency per query and the hits. */
export async function runGrpcLoad(
  collection: BenchCollection,
  vectors: readonly number[][],
  concurrency: number,
  returnProperties: ReturnProperties,
) {
  const latencies = new Array<number>(vectors.length);
  const hits = new Array<string[]>(vectors.length);
  let next = 0;
  const worker = async () => {
    while (next < vectors.length) {
      const i = next++;
      const t0 = performance.now();
      hits[i] = await search(collection, vectors[i]!, returnProperties);
      latencies[i] = performance.now() - t0;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, vectors.length) }, worker));
  return { latencies, hits, wall: secondsSince(started) };
}

/** The warm-up vectors once at concurrency 1, then `rounds` times at HIGH_CONCURRENCY, as the GraphQL warm-up. */
export async function warmUpGrpc(collection: BenchCollection, warmup: readonly number[][], rounds: number): Promise<void> {
  await runGrpcLoad(collection, warmup, 1, []);
  for (let round = 0; round < rounds; round++) await runGrpcLoad(collection, warmup, HIGH_CONCURRENCY, []);
}

/** Every query over gRPC at `concurrency`: rate, latencies, recall@10 and the CPU used meanwhile. */
export async function measureGrpc(
  collection: BenchCollection,
  queries: readonly number[][],
  truth: readonly Int32Array[],
  concurrency: number,
  { returnProperties, pid }: { returnProperties: ReturnProperties; pid: number | undefined },
): Promise<MeasuredRun> {
  const { result: run, cpu } = await sampleCpu(pid, () => runGrpcLoad(collection, queries, concurrency, returnProperties));
  return { summary: summarize(run.latencies, run.wall), recall: recallAtK(run.hits.map(hitIndices), truth, K), cpu };
}
