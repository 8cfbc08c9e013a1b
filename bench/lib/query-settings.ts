/** bench:query's command-line options and the fixed build, search and aim parameters. */
import { parseArgs } from "node:util";

// bench:import's (and the service's default) build parameters.
export const M = 32;
export const EF_CONSTRUCTION = 128;
export const K = 10;
export const IMPORT_CONCURRENCY = 2;
export const HIGH_CONCURRENCY = 8;
export const AIM_RECALL = 0.95;
export const AIM_RATIO = 0.5;
/** bench:grpc's rate aim (the issue's): gRPC at concurrency 8 ≥ 90% of bare single-thread, on two cores. */
export const GRPC_AIM_RATIO = 0.9;

export interface QuerySettings {
  count: number;
  dims: number;
  queryCount: number;
  seed: number;
  ef: number;
  clusters: number;
  batchSize: number;
  warmupCount: number;
  /** Runs of the Article → Author reference query. */
  refQueryCount: number;
  /** An already running server to query instead of starting one. */
  url: string | undefined;
  /** With `url`: the server's process id, to sample its CPU use. */
  serverPid: number | undefined;
  querySeed: number;
  warmupSeed: number;
}

export function positiveInteger(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) {
    console.error(`--${name} must be a positive integer, got ${value}`);
    process.exit(2);
  }
  return number;
}

/** bench:query's options, for `parseArgs`; bench:grpc takes the same ones (less `ref-queries`). */
export const QUERY_OPTIONS = {
  count: { type: "string", default: "100000" },
  dims: { type: "string", default: "128" },
  queries: { type: "string", default: "3000" },
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
} as const;

type QueryArgs = { [name in keyof typeof QUERY_OPTIONS]?: string | undefined };

/** Reads the options from the command line; exits with status 2 on a malformed number. */
export function parseQuerySettings(): QuerySettings {
  return querySettingsFrom(parseArgs({ options: QUERY_OPTIONS }).values);
}

/** The settings from parsed options (defaults as QUERY_OPTIONS'); exits with status 2 on a malformed number. */
export function querySettingsFrom(args: QueryArgs): QuerySettings {
  // Checked in this order, so the first malformed option is the one reported.
  const count = positiveInteger("count", args.count);
  const dims = positiveInteger("dims", args.dims);
  const queryCount = positiveInteger("queries", args.queries);
  const seed = positiveInteger("seed", args.seed);
  const ef = positiveInteger("ef", args.ef);
  const clusters = positiveInteger("clusters", args.clusters);
  const batchSize = positiveInteger("batch", args.batch);
  const warmupCount = positiveInteger("warmup", args.warmup);
  const refQueryCount = positiveInteger("ref-queries", args["ref-queries"] ?? QUERY_OPTIONS["ref-queries"].default);
  const serverPid = args.pid === undefined ? undefined : positiveInteger("pid", args.pid);
  return {
    count,
    dims,
    queryCount,
    seed,
    ef,
    clusters,
    batchSize,
    warmupCount,
    refQueryCount,
    url: args.url,
    serverPid,
    querySeed: seed + 1,
    warmupSeed: seed + 2,
  };
}
