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
import { formatGrpcSummary } from "./lib/grpc-report.ts";
import { measureGrpcService } from "./lib/grpc-service.ts";
import { parseGrpcSettings } from "./lib/grpc-settings.ts";
import { prepareQuerySet } from "./lib/query-set.ts";
import { loadAverage } from "./lib/report.ts";
import { measureOnServer } from "./lib/server.ts";

const settings = parseGrpcSettings();

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const { vectors, cluster, queries, warmup, truth, truthSeconds, bareBuildSeconds, bareFigures } = prepareQuerySet(settings, log);

  const service = await measureOnServer(settings.url, "bench-grpc-", (server) => {
    const where = server.pid === undefined ? "" : ` (pid ${server.pid})`;
    log(`service: ${server.url}, gRPC port ${server.grpcPort ?? settings.grpcPort}${where}`);
    return measureGrpcService(server, settings, vectors, cluster, queries, warmup, truth);
  });

  log(formatGrpcSummary({ settings, loadAtStart, truthSeconds, bareBuildSeconds, bare: bareFigures, service }));
}

try {
  await main();
} catch (error) {
  console.error(`bench:grpc failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
