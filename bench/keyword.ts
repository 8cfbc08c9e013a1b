/**
 * Keyword benchmark: a seeded synthetic corpus (Zipf pseudo-words, a title and a body per
 * document) in MiniSearch in-process and, in the same run, in a freshly started service
 * (POST /v1/schema with BM25 k1 / b, POST /v1/batch/objects with a 32-dim vector per object):
 * - build: objects/s of MiniSearch's addAll and of the service's import until acknowledged
 *   (and until a vector search answers), the service's data directory size on disk;
 * - queries (1–4 terms, frequent and rare): MiniSearch single-threaded (it is synchronous),
 *   GraphQL `bm25` top-10 at concurrency 1 and 8, `hybrid` (alpha 0.5) at 8: q/s, p50 / p99;
 * - agreement: overlap@10 and identical top-10 sets, service vs MiniSearch, and each against
 *   Weaviate's formula computed exactly here (which tells a service bug from a scoring difference);
 * - the aim: the service's BM25 at c=8 ≥ MiniSearch's q/s.
 *
 *   npm run bench:keyword                                  # 100000 documents, 2000 queries
 *   npm run bench:keyword -- --count 5000 --queries 200    # smoke run
 *   npm run bench:keyword -- --url http://127.0.0.1:8080 --data-dir ./data   # a running server
 *
 * The parts live in bench/lib/keyword-*.ts: settings, corpus, minisearch, import, load, service,
 * reference (the formula), agreement and report.
 */
import { agreement, compareToFormula } from "./lib/keyword-agreement.ts";
import { type Corpus, corpusStats, makeCorpus, makeQueries, type Query } from "./lib/keyword-corpus.ts";
import { createDocClass, directorySize, type ImportFigures, importCorpus } from "./lib/keyword-import.ts";
import { measureMiniSearch } from "./lib/keyword-minisearch.ts";
import { buildReference } from "./lib/keyword-reference.ts";
import { formatKeywordSummary } from "./lib/keyword-report.ts";
import { measureServiceQueries, type ServiceQueryFigures } from "./lib/keyword-service.ts";
import { parseKeywordSettings, WARMUP_QUERIES } from "./lib/keyword-settings.ts";
import { loadAverage } from "./lib/report.ts";
import { openServer } from "./lib/server.ts";
import { secondsSince } from "./lib/stats.ts";

const settings = parseKeywordSettings();

const log = (line: string) => console.log(line);

interface ServiceOutcome {
  imported: ImportFigures | undefined;
  disk: { bytes: number; files: number } | string;
  service: ServiceQueryFigures | undefined;
  /** What stopped the service part; the summary is printed first, then this fails the run. */
  failure: unknown;
}

async function runService(corpus: Corpus, queries: readonly Query[], warmup: readonly Query[]): Promise<ServiceOutcome> {
  const outcome: ServiceOutcome = { imported: undefined, disk: "the import did not finish", service: undefined, failure: undefined };
  const server = await openServer(settings.url, "bench-keyword-");
  try {
    log(`service: ${server.url}${server.pid === undefined ? "" : ` (pid ${server.pid})`}; importing ${corpus.count} documents …`);
    await createDocClass(server.url);
    outcome.imported = await importCorpus(server.url, corpus);
    log(`service: ${(corpus.count / outcome.imported.ackSeconds).toFixed(0)} objects/s until acknowledged (${outcome.imported.ackSeconds.toFixed(1)} s)`);
    const dataDir = server.dataPath ?? settings.dataDir;
    outcome.disk = dataDir === undefined ? "a server given by --url; pass --data-dir" : await directorySize(dataDir);
    const { url, pid } = server;
    const { skipHybrid, vectorSeed } = settings;
    outcome.service = await measureServiceQueries({ url, pid, corpus, queries, warmup, skipHybrid, vectorSeed });
  } catch (error) {
    outcome.failure = error;
    const output = server.output();
    if (output) console.error(`--- server output (tail) ---\n${output.slice(-4000)}\n---`);
  } finally {
    await server.close();
  }
  return outcome;
}

async function main(): Promise<void> {
  const { count, seed, queryCount, querySeed, warmupSeed } = settings;
  const loadAtStart = loadAverage();
  let started = performance.now();
  const corpus = makeCorpus(count, seed);
  const queries = makeQueries(corpus.vocabulary.length, queryCount, querySeed);
  const warmup = makeQueries(corpus.vocabulary.length, WARMUP_QUERIES, warmupSeed);
  const stats = corpusStats(corpus);
  log(`corpus: ${count} documents, ${stats.tokens} tokens, seed ${seed}; ${queryCount} queries; generated in ${secondsSince(started).toFixed(1)} s`);

  const miniSearch = measureMiniSearch(corpus, queries, warmup);
  log(`MiniSearch: built in ${miniSearch.buildSeconds.toFixed(1)} s; ${miniSearch.summary.rate.toFixed(0)} q/s, p99 ${miniSearch.summary.p99.toFixed(1)} ms`);

  const { imported, disk, service, failure } = await runService(corpus, queries, warmup);

  started = performance.now();
  const reference = buildReference(corpus);
  const engines = new Map([
    ["MiniSearch", miniSearch.tops],
    ["MiniSearch ÷ terms", miniSearch.topsWithoutQuality],
  ]);
  const serviceIds = service?.c1.hits.map((hits) => hits.ids);
  if (serviceIds) engines.set("service", serviceIds);
  const formula = compareToFormula(
    reference,
    queries,
    engines,
    service && serviceIds ? { ids: serviceIds, scores: service.c1.hits.map((hits) => hits.scores) } : undefined,
  );
  log(`formula (exact BM25 in the bench): compared in ${secondsSince(started).toFixed(1)} s`);

  const serviceVsMiniSearch = serviceIds ? agreement(serviceIds, miniSearch.tops) : undefined;
  log(
    formatKeywordSummary({ settings, loadAtStart, corpus: stats, miniSearch, imported, disk, service, serviceVsMiniSearch, formula }),
  );
  if (failure !== undefined) throw failure;
}

try {
  await main();
} catch (error) {
  console.error(`bench:keyword failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
