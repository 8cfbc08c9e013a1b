/**
 * What bench:query and bench:grpc prepare before they touch a server: the seeded data set, the
 * query and warm-up vectors, the exact top-10 ground truth, and the bare hnswlib-node baseline
 * measured on them, each step logged with its time.
 */
import { buildBare, measureBare } from "./bare-hnsw.ts";
import { makeDataSet, makeQueries } from "./data.ts";
import { exactTopK, normalizedRows } from "./ground-truth.ts";
import { EF_CONSTRUCTION, K, M, type QuerySettings } from "./query-settings.ts";
import { secondsSince } from "./stats.ts";

export function prepareQuerySet(settings: QuerySettings, log: (line: string) => void) {
  const { count, dims, queryCount, seed, ef, clusters, warmupCount, querySeed, warmupSeed } = settings;
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
  return { vectors, cluster, queries, warmup, truth, truthSeconds, bareBuildSeconds: bare.seconds, bareFigures };
}
