/**
 * gRPC nearVector load without weaviate-client: a plain nice-grpc client on the project's own
 * generated codecs (src/grpc/generated, as test/helpers/grpc.ts makes one), sending the
 * SearchRequest weaviate-client v3 builds for
 * `collection.query.nearVector(v, { limit: 10, returnMetadata: ["distance"], returnProperties: [] })`
 * against this server (it reports 1.32, so the client's ≥ 1.29 form: the vector as one
 * `nearVector.vectors` entry of float32 little-endian bytes), over one channel with `concurrency`
 * calls in flight. Every request is built before the clock starts (as the GraphQL runner
 * pre-builds its bodies; the protobuf encoding stays in the call), and the replies' ids are mapped
 * to data-set indices after the run. What is left is the server's gRPC service plus the bare
 * transport, apart from the client library's own cost.
 */
import { type Channel, createChannel, createClient } from "nice-grpc";
import { Vectors_VectorType } from "../../src/grpc/generated/v1/base.ts";
import { type SearchReply, SearchRequest } from "../../src/grpc/generated/v1/search_get.ts";
import { type WeaviateClient as RawWeaviateClient, WeaviateDefinition } from "../../src/grpc/generated/v1/weaviate.ts";
import { indexOfUuid } from "./data.ts";
import type { MeasuredRun } from "./graphql-load.ts";
import { recallAtK } from "./ground-truth.ts";
import { HIGH_CONCURRENCY, K } from "./query-settings.ts";
import { sampleCpu } from "./server.ts";
import { secondsSince, summarize } from "./stats.ts";

export interface RawGrpc {
  client: RawWeaviateClient;
  channel: Channel;
  close(): void;
}

/** A nice-grpc client of the server's gRPC port (no middleware, no deadline, no metadata). */
export function connectRaw(grpcPort: number, host = "127.0.0.1"): RawGrpc {
  const channel = createChannel(`${host}:${grpcPort}`);
  return { client: createClient(WeaviateDefinition, channel), channel, close: () => channel.close() };
}

/** The vector as packed float32, little-endian (weaviate-client's Serialize.vectorToBytes). */
export function float32Bytes(vector: readonly number[]): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes;
}

/**
 * The request weaviate-client v3.12 sends for `collection.query.nearVector(vector, { limit: K,
 * returnMetadata: ["distance"], returnProperties })` to a server ≥ 1.29: Search.common's limit /
 * metadata / properties, Serialize.vectors' single vector, and Searcher.call's collection and
 * usesNNNApi flags (tenant and consistency level unset).
 */
export function nearVectorRequest(collection: string, vector: readonly number[], returnProperties: readonly string[]): SearchRequest {
  return SearchRequest.fromPartial({
    collection,
    limit: K,
    metadata: { uuid: true, vector: false, vectors: [], distance: true },
    properties: { nonRefProperties: [...returnProperties], returnAllNonrefProperties: false, refProperties: [], objectProperties: [] },
    nearVector: { vectors: [{ type: Vectors_VectorType.VECTOR_TYPE_SINGLE_FP32, vectorBytes: float32Bytes(vector) }] },
    uses123Api: true,
    uses125Api: true,
    uses127Api: true,
  });
}

/** Dataset indices of one reply's hits (in rank order); fails on a hit without an id the data set made or a distance. */
function hitIndices(reply: SearchReply): number[] {
  return reply.results.map((result) => {
    const metadata = result.metadata;
    const index = metadata === undefined ? -1 : indexOfUuid(metadata.id);
    if (index < 0 || !metadata?.distancePresent) {
      throw new Error(`raw gRPC hit without a known id or a distance: ${JSON.stringify(metadata)}`);
    }
    return index;
  });
}

/** Fails unless every hit of `reply` carries each of `properties` (a cheap check that they were read). */
function checkProperties(reply: SearchReply, properties: readonly string[]): void {
  for (const result of reply.results) {
    const fields = result.properties?.nonRefProps?.fields ?? {};
    for (const name of properties) {
      if (!(name in fields)) throw new Error(`raw gRPC hit without property ${name}: ${JSON.stringify(result.properties)}`);
    }
  }
}

/** Sends every request once, `concurrency` in flight; latency per query and the replies. */
export async function runRawLoad(client: RawWeaviateClient, requests: readonly SearchRequest[], concurrency: number) {
  const latencies = new Array<number>(requests.length);
  const replies = new Array<SearchReply>(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const t0 = performance.now();
      replies[i] = await client.search(requests[i]!);
      latencies[i] = performance.now() - t0;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return { latencies, replies, wall: secondsSince(started) };
}

/** The warm-up vectors once at concurrency 1 (replies checked), then `rounds` times at HIGH_CONCURRENCY, as the other transports'. */
export async function warmUpRaw(raw: RawGrpc, collection: string, warmup: readonly number[][], rounds: number): Promise<void> {
  const requests = warmup.map((vector) => nearVectorRequest(collection, vector, []));
  const warm = await runRawLoad(raw.client, requests, 1);
  warm.replies.forEach(hitIndices);
  for (let round = 0; round < rounds; round++) await runRawLoad(raw.client, requests, HIGH_CONCURRENCY);
}

/** Every query over the raw client at `concurrency`: rate, latencies, recall@10 and the CPU used meanwhile. */
export async function measureRaw(
  raw: RawGrpc,
  collection: string,
  queries: readonly number[][],
  truth: readonly Int32Array[],
  concurrency: number,
  { returnProperties, pid }: { returnProperties: readonly string[]; pid: number | undefined },
): Promise<MeasuredRun> {
  const requests = queries.map((vector) => nearVectorRequest(collection, vector, returnProperties));
  const { result: run, cpu } = await sampleCpu(pid, () => runRawLoad(raw.client, requests, concurrency));
  for (const reply of run.replies) checkProperties(reply, returnProperties);
  return { summary: summarize(run.latencies, run.wall), recall: recallAtK(run.replies.map(hitIndices), truth, K), cpu };
}
