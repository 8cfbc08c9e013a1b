/**
 * The service side of bench:query: import the data set into class Bench, run the nearVector
 * GraphQL query at concurrency 1 and 8 (sampling the server's CPU use), then the reference query.
 */
import { uuidFor } from "./data.ts";
import { graphqlBody, measureNearVector, runLoad, warmUpNearVector } from "./graphql-load.ts";
import { KeepAliveClient } from "./http.ts";
import {
  EF_CONSTRUCTION,
  HIGH_CONCURRENCY,
  IMPORT_CONCURRENCY,
  M,
  type QuerySettings,
} from "./query-settings.ts";
import { ARTICLES, AUTHORS, checkRefReply, importReferences, REF_QUERY, storageReadsPerQuery } from "./references.ts";
import type { BenchServer } from "./server.ts";
import { classExists, importBatches, post, searchable } from "./service.ts";
import { type LatencySummary, type Measured, summarize } from "./stats.ts";

const log = (line: string) => console.log(line);

export interface ServiceFigures {
  importSeconds: number;
  c1: Measured;
  c8: Measured;
  /** The same search also selecting a property, so the objects are read. */
  c8WithTitle: Measured;
  nearReadsPerQuery: number | undefined;
  serverCores: number | undefined;
  serverCpuSeconds: number | undefined;
  c8Wall: number;
  clientCores: number;
  ref: LatencySummary;
  refReadsPerQuery: number | undefined;
}

async function checkEmpty(url: string): Promise<void> {
  for (const className of ["Bench", "Author", "Article"]) {
    if (await classExists(url, className)) {
      throw new Error(`class ${className} already exists on ${url}; the benchmark needs a server without it`);
    }
  }
}

/** Creates `className` as bench:query's Bench (cosine, M, efConstruction, `ef`); fails unless the service took the index config. */
export async function createBenchClass(url: string, className: string, ef: number): Promise<void> {
  const created = (await post(`${url}/v1/schema`, {
    class: className,
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "cluster", dataType: ["int"] },
    ],
    vectorIndexConfig: { distance: "cosine", ef, maxConnections: M, efConstruction: EF_CONSTRUCTION },
  })) as { vectorIndexConfig?: { ef?: unknown; maxConnections?: unknown; efConstruction?: unknown } };
  const config = created.vectorIndexConfig;
  if (config?.ef !== ef || config.maxConnections !== M || config.efConstruction !== EF_CONSTRUCTION) {
    throw new Error(`the service did not take the index config: ${JSON.stringify(config)}`);
  }
}

/** Creates `className` and imports the data set over POST /v1/batch/objects; seconds until a search answers. */
export async function importBench(
  url: string,
  vectors: readonly number[][],
  cluster: readonly number[],
  { ef, batchSize }: Pick<QuerySettings, "ef" | "batchSize">,
  className = "Bench",
): Promise<number> {
  await createBenchClass(url, className, ef);
  return importBatches(url, {
    count: vectors.length,
    batchSize,
    concurrency: IMPORT_CONCURRENCY,
    objectFor: (i) => ({
      class: className,
      id: uuidFor(i),
      properties: { title: `item ${i}`, cluster: cluster[i] },
      vector: vectors[i],
    }),
    settle: () => searchable(url, className, vectors[0]!.length),
  });
}

export async function measureService(
  server: BenchServer,
  settings: QuerySettings,
  vectors: readonly number[][],
  cluster: readonly number[],
  queries: readonly number[][],
  warmup: readonly number[][],
  truth: Int32Array[],
): Promise<ServiceFigures> {
  const { url } = server;
  const { ef, refQueryCount } = settings;
  const pid = server.pid ?? settings.serverPid;
  await checkEmpty(url);
  log(`service: importing ${vectors.length} objects into Bench (ef=${ef}) …`);
  const importSeconds = await importBench(url, vectors, cluster, settings);
  log(`service: imported in ${importSeconds.toFixed(1)} s (${(vectors.length / importSeconds).toFixed(0)} objects/s)`);

  const client = new KeepAliveClient(url, HIGH_CONCURRENCY);
  try {
    await warmUpNearVector(client, warmup);

    const c1 = await measureNearVector(client, queries, truth, 1);
    log(`service c=1: ${c1.summary.rate.toFixed(0)} q/s, recall@10 ${c1.recall.toFixed(4)}`);

    const c8 = await measureNearVector(client, queries, truth, HIGH_CONCURRENCY, { pid });
    const { serverSeconds: serverCpuSeconds, clientSeconds, wallSeconds: c8Wall } = c8.cpu;
    log(`service c=${HIGH_CONCURRENCY}: ${c8.summary.rate.toFixed(0)} q/s, recall@10 ${c8.recall.toFixed(4)}`);
    const c8WithTitle = await measureNearVector(client, queries, truth, HIGH_CONCURRENCY, { fields: "title " });

    log(`service: ${AUTHORS} Authors, ${ARTICLES} Articles with hasAuthor; ${refQueryCount} reference queries …`);
    await importReferences(url);
    const refBody = [graphqlBody(REF_QUERY)];
    const refWarm = await runLoad(client, Array(20).fill(refBody[0]!), 1);
    checkRefReply(refWarm.texts[0]!);
    const refRun = await runLoad(client, Array(refQueryCount).fill(refBody[0]!), 1);
    const reads = await storageReadsPerQuery();
    checkRefReply(refRun.texts[refRun.texts.length - 1]!);

    return {
      importSeconds,
      c1,
      c8,
      c8WithTitle,
      nearReadsPerQuery: reads.nearVector,
      serverCores: serverCpuSeconds === undefined ? undefined : serverCpuSeconds / c8Wall,
      serverCpuSeconds,
      c8Wall,
      clientCores: clientSeconds / c8Wall,
      ref: summarize(refRun.latencies, refRun.wall),
      refReadsPerQuery: reads.reference,
    };
  } finally {
    client.close();
  }
}
