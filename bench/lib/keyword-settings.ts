/** bench:keyword's command-line options and the fixed corpus, BM25 and load parameters. */
import { parseArgs } from "node:util";
import { positiveInteger } from "./query-settings.ts";

export { HIGH_CONCURRENCY, IMPORT_CONCURRENCY } from "./query-settings.ts";

export const K = 10;
/** The parameters the class is created with, and MiniSearch's; Weaviate's defaults. */
export const K1 = 1.2;
export const B = 0.75;
export const VOCABULARY_SIZE = 50_000;
export const ZIPF_EXPONENT = 1.0;
export const TITLE_WORDS = [3, 8] as const;
export const BODY_WORDS = [20, 80] as const;
export const QUERY_TERMS = [1, 4] as const;
/** Small, so hybrid has a vector to fuse with and the import is about the text, not HNSW. */
export const DIMS = 32;
export const BATCH_SIZE = 1000;
/** Queries run before each timed run (their own seed), so JIT and caches are warm for every engine. */
export const WARMUP_QUERIES = 200;
export const CLASS_NAME = "Doc";
/** The aim: the service's BM25 at c=8 answers at least as many q/s as MiniSearch in-process. */
export const AIM = "service BM25 q/s at c=8 ≥ MiniSearch q/s";

export interface KeywordSettings {
  count: number;
  queryCount: number;
  seed: number;
  /** An already running server without a Doc class, instead of starting one. */
  url: string | undefined;
  /** With `url`: that server's data directory, to measure its size on disk. */
  dataDir: string | undefined;
  skipHybrid: boolean;
  querySeed: number;
  warmupSeed: number;
  vectorSeed: number;
}

const OPTIONS = {
  count: { type: "string", default: "100000" },
  queries: { type: "string", default: "2000" },
  seed: { type: "string", default: "42" },
  url: { type: "string" },
  "data-dir": { type: "string" },
  "skip-hybrid": { type: "boolean", default: false },
} as const;

/** Reads the options from the command line; exits with status 2 on a malformed number. */
export function parseKeywordSettings(): KeywordSettings {
  const { values } = parseArgs({ options: OPTIONS });
  const count = positiveInteger("count", values.count);
  const queryCount = positiveInteger("queries", values.queries);
  const seed = positiveInteger("seed", values.seed);
  return {
    count,
    queryCount,
    seed,
    url: values.url,
    dataDir: values["data-dir"],
    skipHybrid: values["skip-hybrid"] ?? false,
    // Streams of their own, so changing --queries leaves the corpus as it was.
    querySeed: seed + 1,
    warmupSeed: seed + 2,
    vectorSeed: seed + 3,
  };
}
