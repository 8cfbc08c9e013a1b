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
 *
 * The parts live in bench/lib/: query-settings (options), query-set (data, ground truth, bare),
 * measure-service (with graphql-load and references) and report (the summary).
 */
import { measureService } from "./lib/measure-service.ts";
import { parseQuerySettings } from "./lib/query-settings.ts";
import { prepareQuerySet } from "./lib/query-set.ts";
import { formatSummary, loadAverage } from "./lib/report.ts";
import { measureOnServer } from "./lib/server.ts";

const settings = parseQuerySettings();

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const { vectors, cluster, queries, warmup, truth, truthSeconds, bareBuildSeconds, bareFigures } = prepareQuerySet(settings, log);

  const service = await measureOnServer(settings.url, "bench-query-", (server) => {
    log(`service: ${server.url}${server.pid === undefined ? "" : ` (pid ${server.pid})`}`);
    return measureService(server, settings, vectors, cluster, queries, warmup, truth);
  });

  log(formatSummary({ settings, loadAtStart, truthSeconds, bareBuildSeconds, bare: bareFigures, service }));
}

try {
  await main();
} catch (error) {
  console.error(`bench:query failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
