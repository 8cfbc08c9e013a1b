/**
 * The service side of bench:grpc: the REST batch import (into a class of its own, dropped after),
 * the gRPC insertMany import into Bench through weaviate-client v3, then nearVector top-10 over
 * gRPC through the client, over gRPC with the client's request sent by a plain nice-grpc client
 * on the project's codecs ("gRPC raw": the server without the client library's cost), and over
 * GraphQL (bench:query's query) against that Bench, interleaved, at concurrency 1 and 8, each run
 * with the CPU the server and this process used.
 */
import type { WeaviateClient } from "weaviate-client";
import { measureNearVector, type MeasuredRun, warmUpNearVector } from "./graphql-load.ts";
import {
  connectClient,
  createWithClient,
  dropClass,
  type ImportFigures,
  importOverRest,
  insertManyOverGrpc,
} from "./grpc-import.ts";
import type { GrpcSettings } from "./grpc-settings.ts";
import { type BenchCollection, measureGrpc, type ReturnProperties, warmUpGrpc } from "./grpc-load.ts";
import { connectRaw, measureRaw, type RawGrpc, warmUpRaw } from "./grpc-raw.ts";
import { KeepAliveClient } from "./http.ts";
import { HIGH_CONCURRENCY } from "./query-settings.ts";
import type { BenchServer } from "./server.ts";
import { classExists } from "./service.ts";

const log = (line: string) => console.log(line);

/** The collection the queries run against (made by the client), and the REST import's class. */
export const GRPC_CLASS = "Bench";
export const REST_CLASS = "BenchRest";
/**
 * Warm-up rounds at concurrency 8 (after one at 1), per transport: the client's gRPC path takes
 * a couple of thousand queries to reach its steady rate (with bench:query's single round the
 * first 1000-query runs measured ~30% less).
 */
export const WARMUP_ROUNDS = 10;

export interface QueryRun {
  /** "gRPC" through weaviate-client, "gRPC raw" the client's request over a plain nice-grpc client. */
  transport: "gRPC" | "gRPC raw" | "GraphQL";
  concurrency: number;
  /** What the search returns beside ids and distances. */
  selects: "ids" | "title" | "all";
  measured: MeasuredRun;
}

export interface GrpcServiceFigures {
  rest: ImportFigures;
  grpc: ImportFigures;
  runs: QueryRun[];
}

interface Plan {
  transport: QueryRun["transport"];
  concurrency: number;
  selects: QueryRun["selects"];
}

/** gRPC, gRPC raw and GraphQL alternate, so a drift in the host's load shows in each. */
const PLAN: readonly Plan[] = [
  { transport: "gRPC", concurrency: 1, selects: "ids" },
  { transport: "gRPC raw", concurrency: 1, selects: "ids" },
  { transport: "GraphQL", concurrency: 1, selects: "ids" },
  { transport: "gRPC", concurrency: HIGH_CONCURRENCY, selects: "ids" },
  { transport: "gRPC raw", concurrency: HIGH_CONCURRENCY, selects: "ids" },
  { transport: "GraphQL", concurrency: HIGH_CONCURRENCY, selects: "ids" },
  { transport: "gRPC", concurrency: HIGH_CONCURRENCY, selects: "title" },
  { transport: "gRPC raw", concurrency: HIGH_CONCURRENCY, selects: "title" },
  { transport: "GraphQL", concurrency: HIGH_CONCURRENCY, selects: "title" },
  // The client's default: no returnProperties asks for every non-reference property.
  { transport: "gRPC", concurrency: HIGH_CONCURRENCY, selects: "all" },
];

const GRPC_PROPERTIES: Record<Plan["selects"], ReturnProperties> = { ids: [], title: ["title"], all: undefined };
const GRAPHQL_FIELDS: Record<Exclude<Plan["selects"], "all">, string> = { ids: "", title: "title " };
const RAW_PROPERTIES: Record<Exclude<Plan["selects"], "all">, readonly string[]> = { ids: [], title: ["title"] };

export const runLabel = ({ transport, concurrency, selects }: Plan) =>
  `${transport}${selects === "ids" ? "" : ` + ${selects === "all" ? "all props" : selects}`}, c=${concurrency}`;

async function checkEmpty(url: string): Promise<void> {
  for (const className of [GRPC_CLASS, REST_CLASS]) {
    if (await classExists(url, className)) {
      throw new Error(`class ${className} already exists on ${url}; the benchmark needs a server without it`);
    }
  }
}

async function queryRuns(
  collection: BenchCollection,
  raw: RawGrpc,
  http: KeepAliveClient,
  pid: number | undefined,
  queries: readonly number[][],
  warmup: readonly number[][],
  truth: Int32Array[],
): Promise<QueryRun[]> {
  await warmUpGrpc(collection, warmup, WARMUP_ROUNDS);
  await warmUpRaw(raw, GRPC_CLASS, warmup, WARMUP_ROUNDS);
  await warmUpNearVector(http, warmup, WARMUP_ROUNDS);
  const runs: QueryRun[] = [];
  for (const plan of PLAN) {
    const { transport, concurrency, selects } = plan;
    const measured =
      transport === "gRPC"
        ? await measureGrpc(collection, queries, truth, concurrency, { returnProperties: GRPC_PROPERTIES[selects], pid })
        : transport === "gRPC raw"
          ? await measureRaw(raw, GRPC_CLASS, queries, truth, concurrency, {
              returnProperties: RAW_PROPERTIES[selects as Exclude<Plan["selects"], "all">],
              pid,
            })
          : await measureNearVector(http, queries, truth, concurrency, {
              fields: GRAPHQL_FIELDS[selects as Exclude<Plan["selects"], "all">],
              pid,
            });
    log(`service ${runLabel(plan)}: ${measured.summary.rate.toFixed(0)} q/s, recall@10 ${measured.recall.toFixed(4)}`);
    runs.push({ transport, concurrency, selects, measured });
  }
  return runs;
}

export async function measureGrpcService(
  server: BenchServer,
  settings: GrpcSettings,
  vectors: readonly number[][],
  cluster: readonly number[],
  queries: readonly number[][],
  warmup: readonly number[][],
  truth: Int32Array[],
): Promise<GrpcServiceFigures> {
  const { url } = server;
  const { ef, batchSize } = settings;
  const grpcPort = server.grpcPort ?? settings.grpcPort;
  if (grpcPort === undefined) throw new Error("no gRPC port: the server did not log one (pass --grpc-port with --url)");
  const pid = server.pid ?? settings.serverPid;
  await checkEmpty(url);

  log(`service: REST batch import of ${vectors.length} objects into ${REST_CLASS} (batch ${batchSize}) …`);
  const rest = await importOverRest(url, REST_CLASS, vectors, cluster, settings, pid);
  log(`service: REST batch ${rest.rate.toFixed(0)} objects/s (${rest.seconds.toFixed(1)} s); dropping ${REST_CLASS}`);
  await dropClass(url, REST_CLASS);

  let client: WeaviateClient | undefined;
  const http = new KeepAliveClient(url, HIGH_CONCURRENCY);
  const raw = connectRaw(grpcPort, new URL(url).hostname);
  try {
    client = await connectClient(url, grpcPort);
    const collection = await createWithClient(client, url, GRPC_CLASS, ef);
    log(`service: gRPC insertMany of ${vectors.length} objects into ${GRPC_CLASS} (weaviate-client, gRPC port ${grpcPort}) …`);
    const grpc = await insertManyOverGrpc(collection, vectors, cluster, batchSize, pid);
    log(`service: gRPC insertMany ${grpc.rate.toFixed(0)} objects/s (${grpc.seconds.toFixed(1)} s)`);
    const runs = await queryRuns(collection, raw, http, pid, queries, warmup, truth);
    return { rest, grpc, runs };
  } finally {
    http.close();
    raw.close();
    await client?.close();
  }
}
