/**
 * gRPC benchmark: bench:query's data set (seeded Gaussian clusters), ground truth and bare
 * hnswlib-node baseline, then, against one freshly started server, the official npm client
 * weaviate-client v3 over gRPC beside REST / GraphQL:
 * - import: POST /v1/batch/objects (as bench:import, into a class made over REST as bench:query
 *   makes Bench, dropped after) and `collection.data.insertMany` over gRPC into Bench, made with
 *   `client.collections.create` (self-provided vector, the same cosine / M / efConstruction / ef);
 *   objects/s until a search answers;
 * - queries: `collection.query.nearVector(v, { limit: 10, returnMetadata: ["distance"] })` with
 *   `returnProperties: []` (ids and distances) at concurrency 1 and 8 (promises in flight over
 *   one client), with `["title"]`, and with the client's default (every property); "gRPC raw":
 *   the request the client sends for that call, pre-built and sent by a plain nice-grpc client on
 *   the project's generated codecs, at 1 and 8 (and + title), i.e. the server's gRPC service without
 *   the client library's cost; interleaved with bench:query's GraphQL nearVector at 1 and 8 (and
 *   + title): queries/s, p50 / p99 latency, recall@10, the ratio to bare single-thread, the CPU the
 *   server and the bench process used; the aims (gRPC at c=8 ≥ 90% of bare single-thread, for the
 *   client and for the raw codecs; insertMany over gRPC ≥ the REST batch rate).
 *
 *   npm run bench:grpc                                   # 100000 × 128, 3000 queries
 *   npm run bench:grpc -- --count 20000 --queries 1000   # smoke run
 *   npm run bench:grpc -- --url http://127.0.0.1:8080 --grpc-port 50051 --pid <server pid>
 *
 * The parts live in bench/lib/: grpc-settings (options), grpc-import, grpc-load, grpc-raw,
 * grpc-service and grpc-report, beside bench:query's ground-truth, bare-hnsw, graphql-load and report.
 */
import { buildBare, measureBare } from "./lib/bare-hnsw.ts";
import { makeDataSet, makeQueries } from "./lib/data.ts";
import { exactTopK, normalizedRows } from "./lib/ground-truth.ts";
import { formatGrpcSummary } from "./lib/grpc-report.ts";
import { type GrpcServiceFigures, measureGrpcService } from "./lib/grpc-service.ts";
import { parseGrpcSettings } from "./lib/grpc-settings.ts";
import { EF_CONSTRUCTION, K, M } from "./lib/query-settings.ts";
import { loadAverage } from "./lib/report.ts";
import { openServer } from "./lib/server.ts";
import { secondsSince } from "./lib/stats.ts";

const settings = parseGrpcSettings();

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const { count, dims, queryCount, seed, ef, clusters, warmupCount, querySeed, warmupSeed } = settings;
  const loadAtStart = loadAverage();
  let started = performance.now();
  const { vectors, cluster, centres } = makeDataSet({ count, dims, clusters, seed });
  const queries = makeQueries(centres, queryCount, querySeed);
  const warmup = makeQueries(centres, warmupCount, warmupSeed);
  log(`data set: ${count} vectors × ${dims} dims, ${clusters} clusters, seed ${seed}; ${queryCount} queries (seed ${querySeed})`);
  log(`hnsw: cosine M=${M} efConstruction=${EF_CONSTRUCTION} ef=${ef}; k=${K}; generated in ${secondsSince(started).toFixed(1)} s`);

  started = performance.now();
  const truth = exactTopK(normalizedRows(vectors, dims), queries, K, dims);
  const truthSeconds = secondsSince(started);
  log(`ground truth (exact cosine top-${K}): ${truthSeconds.toFixed(1)} s`);

  const bare = buildBare(vectors, dims, ef);
  log(`bare hnswlib-node: built in ${bare.seconds.toFixed(1)} s (${(count / bare.seconds).toFixed(0)} objects/s)`);
  const bareFigures = measureBare(bare.index, queries, warmup, truth);
  log(`bare hnswlib-node: ${bareFigures.summary.rate.toFixed(0)} q/s, recall@10 ${bareFigures.recall.toFixed(4)}`);

  const server = await openServer(settings.url, "bench-grpc-");
  let service: GrpcServiceFigures;
  try {
    const where = server.pid === undefined ? "" : ` (pid ${server.pid})`;
    log(`service: ${server.url}, gRPC port ${server.grpcPort ?? settings.grpcPort}${where}`);
    service = await measureGrpcService(server, settings, vectors, cluster, queries, warmup, truth);
  } catch (error) {
    const output = server.output();
    if (output) console.error(`--- server output (tail) ---\n${output.slice(-4000)}\n---`);
    throw error;
  } finally {
    await server.close();
  }

  log(formatGrpcSummary({ settings, loadAtStart, truthSeconds, bareBuildSeconds: bare.seconds, bare: bareFigures, service }));
}

try {
  await main();
} catch (error) {
  console.error(`bench:grpc failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
