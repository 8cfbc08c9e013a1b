/**
 * The service side of bench:query: import the data set into class Bench, run the nearVector
 * GraphQL query at concurrency 1 and 8 (sampling the server's CPU use), then the reference query.
 */
import { uuidFor } from "./data.ts";
import { graphqlBody, hitIndices, nearVectorQuery, runLoad } from "./graphql-load.ts";
import { recallAtK } from "./ground-truth.ts";
import { KeepAliveClient } from "./http.ts";
import {
  EF_CONSTRUCTION,
  HIGH_CONCURRENCY,
  IMPORT_CONCURRENCY,
  K,
  M,
  type QuerySettings,
} from "./query-settings.ts";
import { ARTICLES, AUTHORS, checkRefReply, importReferences, REF_QUERY, storageReadsPerQuery } from "./references.ts";
import { type BenchServer, cpuSeconds } from "./server.ts";
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

async function importBench(
  url: string,
  vectors: readonly number[][],
  cluster: readonly number[],
  { ef, batchSize }: QuerySettings,
): Promise<number> {
  const created = (await post(`${url}/v1/schema`, {
    class: "Bench",
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
  return importBatches(url, {
    count: vectors.length,
    batchSize,
    concurrency: IMPORT_CONCURRENCY,
    objectFor: (i) => ({
      class: "Bench",
      id: uuidFor(i),
      properties: { title: `item ${i}`, cluster: cluster[i] },
      vector: vectors[i],
    }),
    settle: () => searchable(url, "Bench", vectors[0]!.length),
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
    const bodies = queries.map((q) => graphqlBody(nearVectorQuery(q)));
    const warmupBodies = warmup.map((q) => graphqlBody(nearVectorQuery(q)));
    const warm = await runLoad(client, warmupBodies, 1);
    warm.texts.forEach(hitIndices);
    await runLoad(client, warmupBodies, HIGH_CONCURRENCY);

    const c1Run = await runLoad(client, bodies, 1);
    const c1: Measured = {
      summary: summarize(c1Run.latencies, c1Run.wall),
      recall: recallAtK(c1Run.texts.map(hitIndices), truth, K),
    };
    log(`service c=1: ${c1.summary.rate.toFixed(0)} q/s, recall@10 ${c1.recall.toFixed(4)}`);

    const cpuBefore = pid === undefined ? undefined : await cpuSeconds(pid);
    const clientBefore = process.cpuUsage();
    const c8Run = await runLoad(client, bodies, HIGH_CONCURRENCY);
    const clientUsage = process.cpuUsage(clientBefore);
    const cpuAfter = pid === undefined ? undefined : await cpuSeconds(pid);
    const serverCpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    const c8: Measured = {
      summary: summarize(c8Run.latencies, c8Run.wall),
      recall: recallAtK(c8Run.texts.map(hitIndices), truth, K),
    };
    log(`service c=${HIGH_CONCURRENCY}: ${c8.summary.rate.toFixed(0)} q/s, recall@10 ${c8.recall.toFixed(4)}`);
    const titledRun = await runLoad(client, queries.map((q) => graphqlBody(nearVectorQuery(q, "title "))), HIGH_CONCURRENCY);
    const c8WithTitle: Measured = {
      summary: summarize(titledRun.latencies, titledRun.wall),
      recall: recallAtK(titledRun.texts.map(hitIndices), truth, K),
    };

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
      serverCores: serverCpuSeconds === undefined ? undefined : serverCpuSeconds / c8Run.wall,
      serverCpuSeconds,
      c8Wall: c8Run.wall,
      clientCores: (clientUsage.user + clientUsage.system) / 1e6 / c8Run.wall,
      ref: summarize(refRun.latencies, refRun.wall),
      refReadsPerQuery: reads.reference,
    };
  } finally {
    client.close();
  }
}
