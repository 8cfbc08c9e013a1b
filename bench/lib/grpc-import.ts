/**
 * bench:grpc's imports: the data set into a collection made with weaviate-client v3's
 * `collections.create` (a self-provided vector with bench:query's HNSW parameters) through
 * `data.insertMany` over gRPC, and the same data set into a class made over REST as bench:query
 * makes Bench, through POST /v1/batch/objects (bench:import's importBatches).
 */
import weaviate, { type WeaviateClient } from "weaviate-client";
import { uuidFor } from "./data.ts";
import type { BenchCollection, BenchProperties } from "./grpc-load.ts";
import { importBench } from "./measure-service.ts";
import { EF_CONSTRUCTION, IMPORT_CONCURRENCY, M } from "./query-settings.ts";
import { type CpuUse, sampleCpu } from "./server.ts";
import { secondsSince } from "./stats.ts";

export interface ImportFigures {
  seconds: number;
  /** Objects per second, until a search answered. */
  rate: number;
  /** CPU the server and this process used over the import. */
  cpu: CpuUse;
  /**
   * insertMany only: the sum of its replies' `elapsedSeconds`, the client's own clock around the
   * BatchObjects call alone (after it has serialized the objects).
   */
  callSeconds?: number;
}

/** Times `work` (which returns its own seconds, until a search answered) with the CPU used meanwhile. */
async function timed(count: number, pid: number | undefined, work: () => Promise<number>): Promise<ImportFigures> {
  const { result: seconds, cpu } = await sampleCpu(pid, work);
  return { seconds, rate: count / seconds, cpu };
}

/** Connects the official client to the server's REST and gRPC ports (with its health and version checks). */
export function connectClient(url: string, grpcPort: number): Promise<WeaviateClient> {
  return weaviate.connectToLocal({ host: new URL(url).hostname, port: Number(new URL(url).port), grpcPort });
}

interface VectorIndexConfig {
  distance?: unknown;
  ef?: unknown;
  maxConnections?: unknown;
  efConstruction?: unknown;
}

/** Fails unless the class the client made reads back over REST with bench:query's index parameters. */
async function checkIndexConfig(url: string, name: string, ef: number): Promise<void> {
  const response = await fetch(`${url}/v1/schema/${name}`);
  const schema = (await response.json()) as {
    vectorConfig?: Record<string, { vectorIndexConfig?: VectorIndexConfig }>;
  };
  if (!response.ok) throw new Error(`GET /v1/schema/${name}: ${response.status} ${JSON.stringify(schema)}`);
  const config = schema.vectorConfig?.["default"]?.vectorIndexConfig;
  if (
    config?.distance !== "cosine" ||
    config.ef !== ef ||
    config.maxConnections !== M ||
    config.efConstruction !== EF_CONSTRUCTION
  ) {
    throw new Error(`the service did not take the client's index config: ${JSON.stringify(schema.vectorConfig)}`);
  }
}

/**
 * `client.collections.create` as a v3 user writes it: properties title / cluster, a self-provided
 * vector (the client names it "default") with cosine, M, efConstruction and `ef`.
 */
export async function createWithClient(client: WeaviateClient, url: string, name: string, ef: number): Promise<BenchCollection> {
  await client.collections.create({
    name,
    properties: [
      { name: "title", dataType: "text" },
      { name: "cluster", dataType: "int" },
    ],
    vectorizers: weaviate.configure.vectors.selfProvided({
      vectorIndexConfig: weaviate.configure.vectorIndex.hnsw({
        distanceMetric: "cosine",
        ef,
        efConstruction: EF_CONSTRUCTION,
        maxConnections: M,
      }),
    }),
  });
  await checkIndexConfig(url, name, ef);
  return client.collections.get<BenchProperties>(name);
}

/**
 * `insertMany` of `batchSize` objects per call, IMPORT_CONCURRENCY calls in flight (as the REST
 * import keeps requests in flight); the clock stops when a gRPC search answers, i.e. when every
 * queued insert is in the index. Fails on any object the server reports failed.
 */
export async function insertManyOverGrpc(
  collection: BenchCollection,
  vectors: readonly number[][],
  cluster: readonly number[],
  batchSize: number,
  pid: number | undefined,
): Promise<ImportFigures> {
  const count = vectors.length;
  let next = 0;
  let callSeconds = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next += batchSize;
      const objects = [];
      for (let i = from; i < Math.min(from + batchSize, count); i++) {
        objects.push({ id: uuidFor(i), properties: { title: `item ${i}`, cluster: cluster[i]! }, vectors: vectors[i]! });
      }
      const reply = await collection.data.insertMany(objects);
      if (reply.hasErrors) throw new Error(`insertMany: objects failed: ${JSON.stringify(reply.errors).slice(0, 500)}`);
      callSeconds += reply.elapsedSeconds;
    }
  };
  const figures = await timed(count, pid, async () => {
    const started = performance.now();
    await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, worker));
    await collection.query.nearVector(vectors[0]!, { limit: 1, returnProperties: [] });
    return secondsSince(started);
  });
  return { ...figures, callSeconds };
}

/** The same data set into class `className` over POST /v1/batch/objects, as bench:query imports Bench. */
export async function importOverRest(
  url: string,
  className: string,
  vectors: readonly number[][],
  cluster: readonly number[],
  settings: { ef: number; batchSize: number },
  pid: number | undefined,
): Promise<ImportFigures> {
  return timed(vectors.length, pid, () => importBench(url, vectors, cluster, settings, className));
}

/** Deletes a class over REST (the REST import's, so the queries run beside one index as bench:query's). */
export async function dropClass(url: string, className: string): Promise<void> {
  const response = await fetch(`${url}/v1/schema/${className}`, { method: "DELETE" });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`DELETE /v1/schema/${className}: ${response.status}`);
}
