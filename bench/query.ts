/**
 * Query benchmark: the bench:import data set (seeded Gaussian clusters) in a bare hnswlib-node
 * index and, in the same run, in the service (imported over POST /v1/batch/objects). Query
 * vectors are drawn around the same cluster centres from another seed; the exact cosine top-10
 * (brute force) is the ground truth. Measures bare `searchKnn(q, 10)` single-threaded and the
 * service's GraphQL nearVector query — the string weaviate-ts-client sends — over keep-alive
 * HTTP at concurrency 1 and 8: queries/s, p50 / p99 latency, recall@10, the ratio to bare, and
 * the server's CPU use during the concurrency-8 run. Then a cross-reference query
 * (Article → hasAuthor → Author) for its latency.
 *
 *   npm run bench:query -- --count 100000 --dims 128 --queries 1000 --ef 64
 *   npm run bench:query -- --count 20000            # smoke run
 *   npm run bench:query -- --url http://127.0.0.1:8080 --pid <server pid>   # a running server
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import hnswlib from "hnswlib-node";
import { pino } from "pino";
import { startApp } from "../src/app.ts";
import { loadConfig } from "../src/config/index.ts";
import { Shard } from "../src/shards/index.ts";
import { indexOfUuid, makeDataSet, makeQueries, uuidFor } from "./lib/data.ts";
import { KeepAliveClient } from "./lib/http.ts";
import { type BenchServer, cpuSeconds, openServer } from "./lib/server.ts";
import { classExists, importBatches, post, searchable } from "./lib/service.ts";
import { type LatencySummary, ms, summarize } from "./lib/stats.ts";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    dims: { type: "string", default: "128" },
    queries: { type: "string", default: "1000" },
    seed: { type: "string", default: "42" },
    ef: { type: "string", default: "64" },
    clusters: { type: "string", default: "32" },
    batch: { type: "string", default: "1000" },
    warmup: { type: "string", default: "200" },
    // Runs of the Article → Author reference query.
    "ref-queries": { type: "string", default: "200" },
    // Query an already running server that has none of the Bench / Author / Article classes.
    url: { type: "string" },
    // With --url: the server's process id, to sample its CPU use.
    pid: { type: "string" },
  },
});

function positiveInteger(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) {
    console.error(`--${name} must be a positive integer, got ${value}`);
    process.exit(2);
  }
  return number;
}

const count = positiveInteger("count", args.count);
const dims = positiveInteger("dims", args.dims);
const queryCount = positiveInteger("queries", args.queries);
const seed = positiveInteger("seed", args.seed);
const ef = positiveInteger("ef", args.ef);
const clusters = positiveInteger("clusters", args.clusters);
const batchSize = positiveInteger("batch", args.batch);
const warmupCount = positiveInteger("warmup", args.warmup);
const refQueryCount = positiveInteger("ref-queries", args["ref-queries"]);
const serverPid = args.pid === undefined ? undefined : positiveInteger("pid", args.pid);

// bench:import's (and the service's default) build parameters.
const M = 32;
const EF_CONSTRUCTION = 128;
const K = 10;
const IMPORT_CONCURRENCY = 2;
const HIGH_CONCURRENCY = 8;
const QUERY_SEED = seed + 1;
const WARMUP_SEED = seed + 2;
const AUTHORS = 100;
const ARTICLES = 100;
const AIM_RECALL = 0.95;
const AIM_RATIO = 0.5;

const log = (line: string) => console.log(line);
const seconds = (from: number) => (performance.now() - from) / 1000;

// ---------------------------------------------------------------------------------------------
// Ground truth: exact cosine top-k by brute force over normalized float32 rows.

function normalizedRows(vectors: readonly number[][]): Float32Array {
  const rows = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, i) => {
    let norm = 0;
    for (const x of vector) norm += x * x;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dims; d++) rows[i * dims + d] = vector[d]! * scale;
  });
  return rows;
}

/** The `k` rows most similar to each query (highest dot product of normalized vectors). */
function exactTopK(data: Float32Array, queries: readonly number[][], k: number): Int32Array[] {
  const rows = data.length / dims;
  const normalized = normalizedRows(queries);
  return queries.map((_, qi) => {
    const q = normalized.subarray(qi * dims, (qi + 1) * dims);
    const topIndex = new Int32Array(k).fill(-1);
    const topScore = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    const unrolled = dims - (dims % 4);
    for (let r = 0; r < rows; r++) {
      const base = r * dims;
      // Four accumulators: ~1.5× faster than one in V8.
      let a = 0;
      let b = 0;
      let c = 0;
      let e = 0;
      for (let d = 0; d < unrolled; d += 4) {
        a += q[d]! * data[base + d]!;
        b += q[d + 1]! * data[base + d + 1]!;
        c += q[d + 2]! * data[base + d + 2]!;
        e += q[d + 3]! * data[base + d + 3]!;
      }
      for (let d = unrolled; d < dims; d++) a += q[d]! * data[base + d]!;
      const dot = a + b + c + e;
      if (dot <= topScore[k - 1]!) continue;
      let j = k - 1;
      while (j > 0 && topScore[j - 1]! < dot) {
        topScore[j] = topScore[j - 1]!;
        topIndex[j] = topIndex[j - 1]!;
        j--;
      }
      topScore[j] = dot;
      topIndex[j] = r;
    }
    return topIndex;
  });
}

/** Mean share of each query's true top-k found among its results. */
function recallAtK(results: readonly (readonly number[])[], truth: readonly Int32Array[]): number {
  let found = 0;
  results.forEach((result, qi) => {
    const expected = new Set(truth[qi]);
    for (const index of result.slice(0, K)) if (expected.has(index)) found++;
  });
  return found / (K * results.length);
}

// ---------------------------------------------------------------------------------------------
// Bare hnswlib-node, in this process, built as the service builds its index.

type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

function buildBare(vectors: readonly number[][]): { index: Hnsw; seconds: number } {
  const index = new hnswlib.HierarchicalNSW("cosine", dims);
  index.initIndex({ maxElements: 1024, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 100, allowReplaceDeleted: true });
  const started = performance.now();
  vectors.forEach((vector, i) => {
    if (index.getCurrentCount() >= index.getMaxElements()) index.resizeIndex(index.getMaxElements() * 2);
    index.addPoint(vector, i, true);
  });
  index.setEf(ef);
  return { index, seconds: seconds(started) };
}

interface Measured {
  summary: LatencySummary;
  recall: number;
}

function measureBare(index: Hnsw, queries: readonly number[][], warmup: readonly number[][], truth: Int32Array[]) {
  for (const q of warmup) index.searchKnn(q, K);
  const latencies: number[] = [];
  const results: number[][] = [];
  const started = performance.now();
  for (const q of queries) {
    const t0 = performance.now();
    const { neighbors } = index.searchKnn(q, K);
    latencies.push(performance.now() - t0);
    results.push(neighbors);
  }
  return { summary: summarize(latencies, seconds(started)), recall: recallAtK(results, truth) };
}

// ---------------------------------------------------------------------------------------------
// The service.

/** The query weaviate-ts-client builds for `.withNearVector({vector}).withLimit(10).withFields("_additional{id distance}")`. */
function nearVectorQuery(vector: readonly number[], fields = ""): string {
  return `{Get{Bench(nearVector:{vector:${JSON.stringify(vector)}},limit:${K}){${fields}_additional{id distance}}}}`;
}

const REF_QUERY = `{Get{Article(limit:${ARTICLES}){title hasAuthor{... on Author{name}}}}}`;

const graphqlBody = (query: string) => Buffer.from(JSON.stringify({ query }));

interface GraphQLReply {
  data?: { Get?: Record<string, unknown[] | null> };
  errors?: Array<{ message?: string }>;
}

function parseGraphQL(text: string): GraphQLReply {
  const reply = JSON.parse(text) as GraphQLReply;
  if (reply.errors?.length) throw new Error(`GraphQL errors: ${reply.errors.map((e) => e.message).join("; ")}`);
  return reply;
}

/** Dataset indices of a nearVector reply's hits. */
function hitIndices(text: string): number[] {
  const hits = parseGraphQL(text).data?.Get?.["Bench"];
  if (!Array.isArray(hits)) throw new Error(`unexpected nearVector reply: ${text.slice(0, 300)}`);
  return hits.map((hit) => {
    const id = (hit as { _additional?: { id?: unknown } })._additional?.id;
    const index = typeof id === "string" ? indexOfUuid(id) : -1;
    if (index < 0) throw new Error(`hit with an unknown id: ${JSON.stringify(hit)}`);
    return index;
  });
}

/** Sends every body once, `concurrency` in flight; latency per request and the reply texts. */
async function runLoad(client: KeepAliveClient, bodies: readonly Buffer[], concurrency: number) {
  const latencies = new Array<number>(bodies.length);
  const texts = new Array<string>(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const t0 = performance.now();
      const reply = await client.post("/v1/graphql", bodies[i]!);
      latencies[i] = performance.now() - t0;
      if (reply.status !== 200) throw new Error(`POST /v1/graphql: ${reply.status} ${reply.text.slice(0, 300)}`);
      texts[i] = reply.text;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return { latencies, texts, wall: seconds(started) };
}

/**
 * Storage reads per query, counted on a server started in this process (the child server's
 * internals are out of reach): every call that reaches RocksDB for a query — a batched record
 * read, a listing, an index lookup or a scan — counts once, whatever the number of keys.
 */
async function storageReadsPerQuery(): Promise<{ reference: number; nearVector: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-reads-"));
  const app = await startApp(
    loadConfig({ HOST: "127.0.0.1", PORT: "0", PERSISTENCE_DATA_PATH: dir, VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0" }),
    pino({ level: "silent" }),
  );
  const counted = ["getRecords", "list", "indexLookup", "scanByDocId"] as const;
  const originals = counted.map((name) => Shard.prototype[name]);
  let reads = 0;
  try {
    counted.forEach((name, i) => {
      const original = originals[i] as (...args: unknown[]) => unknown;
      (Shard.prototype as unknown as Record<string, unknown>)[name] = function (this: Shard, ...args: unknown[]) {
        reads++;
        return original.apply(this, args);
      };
    });
    await importReferences(app.url);
    await post(`${app.url}/v1/schema`, { class: "Bench", vectorIndexConfig: { distance: "cosine" } });
    await post(`${app.url}/v1/batch/objects`, {
      objects: Array.from({ length: 50 }, (_, i) => ({ class: "Bench", vector: [1, i, 2] })),
    });
    const once = async (query: string) => {
      reads = 0;
      const response = await fetch(`${app.url}/v1/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: graphqlBody(query),
      });
      await response.arrayBuffer();
      return reads;
    };
    return {
      reference: await once(REF_QUERY),
      nearVector: await once("{Get{Bench(nearVector:{vector:[1,2,3]},limit:10){_additional{id distance}}}}"),
    };
  } finally {
    counted.forEach((name, i) => {
      (Shard.prototype as unknown as Record<string, unknown>)[name] = originals[i];
    });
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkEmpty(url: string): Promise<void> {
  for (const className of ["Bench", "Author", "Article"]) {
    if (await classExists(url, className)) {
      throw new Error(`class ${className} already exists on ${url}; the benchmark needs a server without it`);
    }
  }
}

async function importBench(url: string, vectors: readonly number[][], cluster: readonly number[]): Promise<number> {
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

const authorId = (i: number) => `00000000-0000-4000-8001-${i.toString(16).padStart(12, "0")}`;
const articleId = (i: number) => `00000000-0000-4000-8002-${i.toString(16).padStart(12, "0")}`;

/** 100 Authors and 100 Articles, article i → author i. */
async function importReferences(url: string): Promise<void> {
  await post(`${url}/v1/schema`, { class: "Author", properties: [{ name: "name", dataType: ["text"] }] });
  await post(`${url}/v1/schema`, {
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "hasAuthor", dataType: ["Author"] },
    ],
  });
  await importBatches(url, {
    count: AUTHORS,
    batchSize: AUTHORS,
    concurrency: 1,
    objectFor: (i) => ({ class: "Author", id: authorId(i), properties: { name: `author ${i}` } }),
  });
  await importBatches(url, {
    count: ARTICLES,
    batchSize: ARTICLES,
    concurrency: 1,
    objectFor: (i) => ({
      class: "Article",
      id: articleId(i),
      properties: {
        title: `article ${i}`,
        hasAuthor: [{ beacon: `weaviate://localhost/Author/${authorId(i % AUTHORS)}` }],
      },
    }),
  });
}

/** Every article came back with its one author. */
function checkRefReply(text: string): void {
  const articles = parseGraphQL(text).data?.Get?.["Article"];
  if (!Array.isArray(articles) || articles.length !== ARTICLES) {
    throw new Error(`expected ${ARTICLES} articles, got: ${text.slice(0, 300)}`);
  }
  for (const entry of articles) {
    const article = entry as { title?: string; hasAuthor?: Array<{ name?: string }> | null };
    const i = Number(article.title?.replace("article ", ""));
    const names = article.hasAuthor?.map((author) => author.name);
    if (names?.length !== 1 || names[0] !== `author ${i % AUTHORS}`) {
      throw new Error(`article ${article.title}: wrong hasAuthor ${JSON.stringify(article.hasAuthor)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

interface ServiceFigures {
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

async function measureService(
  server: BenchServer,
  vectors: readonly number[][],
  cluster: readonly number[],
  queries: readonly number[][],
  warmup: readonly number[][],
  truth: Int32Array[],
): Promise<ServiceFigures> {
  const { url } = server;
  const pid = server.pid ?? serverPid;
  await checkEmpty(url);
  log(`service: importing ${vectors.length} objects into Bench (ef=${ef}) …`);
  const importSeconds = await importBench(url, vectors, cluster);
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
      recall: recallAtK(c1Run.texts.map(hitIndices), truth),
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
      recall: recallAtK(c8Run.texts.map(hitIndices), truth),
    };
    log(`service c=${HIGH_CONCURRENCY}: ${c8.summary.rate.toFixed(0)} q/s, recall@10 ${c8.recall.toFixed(4)}`);
    const titledRun = await runLoad(client, queries.map((q) => graphqlBody(nearVectorQuery(q, "title "))), HIGH_CONCURRENCY);
    const c8WithTitle: Measured = {
      summary: summarize(titledRun.latencies, titledRun.wall),
      recall: recallAtK(titledRun.texts.map(hitIndices), truth),
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

function row(label: string, summary: LatencySummary, recall: number | undefined, ratio: number | undefined): string {
  return [
    label.padEnd(22),
    summary.rate.toFixed(0).padStart(9),
    ms(summary.p50).padStart(9),
    ms(summary.p99).padStart(9),
    (recall === undefined ? "" : recall.toFixed(4)).padStart(11),
    (ratio === undefined ? "" : ratio.toFixed(3)).padStart(9),
  ].join("");
}

const orNa = (value: number | undefined, digits: number) => (value === undefined ? "n/a" : value.toFixed(digits));
const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");

const loadAverage = () => os.loadavg()[0]!.toFixed(2);

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  let started = performance.now();
  const { vectors, cluster, centres } = makeDataSet({ count, dims, clusters, seed });
  const queries = makeQueries(centres, queryCount, QUERY_SEED);
  const warmup = makeQueries(centres, warmupCount, WARMUP_SEED);
  log(`data set: ${count} vectors × ${dims} dims, ${clusters} clusters, seed ${seed}; ${queryCount} queries (seed ${QUERY_SEED})`);
  log(`hnsw: cosine M=${M} efConstruction=${EF_CONSTRUCTION} ef=${ef}; k=${K}; generated in ${seconds(started).toFixed(1)} s`);

  started = performance.now();
  const truth = exactTopK(normalizedRows(vectors), queries, K);
  const truthSeconds = seconds(started);
  log(`ground truth (exact cosine top-${K}): ${truthSeconds.toFixed(1)} s`);

  const bare = buildBare(vectors);
  log(`bare hnswlib-node: built in ${bare.seconds.toFixed(1)} s (${(count / bare.seconds).toFixed(0)} objects/s)`);
  const bareFigures = measureBare(bare.index, queries, warmup, truth);
  log(`bare hnswlib-node: ${bareFigures.summary.rate.toFixed(0)} q/s, recall@10 ${bareFigures.recall.toFixed(4)}`);

  const server = await openServer(args.url, "bench-query-");
  let service: ServiceFigures;
  try {
    log(`service: ${server.url}${server.pid === undefined ? "" : ` (pid ${server.pid})`}`);
    service = await measureService(server, vectors, cluster, queries, warmup, truth);
  } catch (error) {
    const output = server.output();
    if (output) console.error(`--- server output (tail) ---\n${output.slice(-4000)}\n---`);
    throw error;
  } finally {
    await server.close();
  }

  const bareRate = bareFigures.summary.rate;
  const ratio1 = service.c1.summary.rate / bareRate;
  const ratio8 = service.c8.summary.rate / bareRate;
  const serviceRecall = Math.min(service.c1.recall, service.c8.recall);
  const cpu =
    service.serverCores === undefined
      ? "n/a (no server pid; pass --pid with --url)"
      : `${service.serverCores.toFixed(2)} cores (${service.serverCpuSeconds!.toFixed(1)} s CPU / ${service.c8Wall.toFixed(1)} s wall)`;
  const lines = [
    "",
    "==================================== summary ====================================",
    `data set        ${count} × ${dims}, ${clusters} clusters, seed ${seed}; ${queryCount} queries (seed ${QUERY_SEED}), ${warmupCount} warm-up`,
    `hnsw            cosine, M=${M}, efConstruction=${EF_CONSTRUCTION}, ef=${ef}, k=${K}`,
    `import          bare ${(count / bare.seconds).toFixed(0)} objects/s, service ${(count / service.importSeconds).toFixed(0)} objects/s`,
    `ground truth    exact cosine top-${K} by brute force, ${truthSeconds.toFixed(1)} s`,
    `host            ${os.availableParallelism()} CPUs; 1-min load average ${loadAtStart} at start, ${loadAverage()} at end (other load skews every figure)`,
    "",
    `${"".padEnd(22)}${"q/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"recall@10".padStart(11)}${"vs bare".padStart(9)}`,
    row("bare searchKnn, 1 thr", bareFigures.summary, bareFigures.recall, 1),
    row("service GraphQL, c=1", service.c1.summary, service.c1.recall, ratio1),
    row(`service GraphQL, c=${HIGH_CONCURRENCY}`, service.c8.summary, service.c8.recall, ratio8),
    row(
      `  + title, c=${HIGH_CONCURRENCY}`,
      service.c8WithTitle.summary,
      service.c8WithTitle.recall,
      service.c8WithTitle.summary.rate / bareFigures.summary.rate,
    ),
    "",
    `server CPU, c=${HIGH_CONCURRENCY}  ${cpu}; bench client ${service.clientCores.toFixed(2)} cores`,
    `storage reads   nearVector: ${orNa(service.nearReadsPerQuery, 0)} per query selecting ids and distances, 1 with a property (counted in-process)`,
    `reference query ${REF_QUERY}`,
    `                ${service.ref.count}×, c=1: ${service.ref.rate.toFixed(0)} q/s, p50 ${ms(service.ref.p50)} ms, p99 ${ms(service.ref.p99)} ms; storage reads ${orNa(service.refReadsPerQuery, 0)} per query (one listing + one batched read per reference level)`,
    "",
    `aim: recall@10 ≥ ${AIM_RECALL}: ${verdict(serviceRecall >= AIM_RECALL)} (service ${serviceRecall.toFixed(4)}, bare ${bareFigures.recall.toFixed(4)})`,
    `aim: service ≥ ${AIM_RATIO * 100}% of bare single-thread rate: ${verdict(ratio8 >= AIM_RATIO)} (c=${HIGH_CONCURRENCY} ${(ratio8 * 100).toFixed(1)}%, c=1 ${(ratio1 * 100).toFixed(1)}%)`,
    "=================================================================================",
  ];
  log(lines.join("\n"));
}

try {
  await main();
} catch (error) {
  console.error(`bench:query failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
