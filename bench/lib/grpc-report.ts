/** bench:grpc's closing summary: imports, the gRPC / GraphQL rate, latency, recall and CPU table, and the aims. */
import type { ImportFigures } from "./grpc-import.ts";
import { type GrpcServiceFigures, type QueryRun, runLabel, WARMUP_ROUNDS } from "./grpc-service.ts";
import type { GrpcSettings } from "./grpc-settings.ts";
import { AIM_RECALL, GRPC_AIM_RATIO, HIGH_CONCURRENCY, IMPORT_CONCURRENCY } from "./query-settings.ts";
import { contextLines, END_RULE, orNa, row, SUMMARY_RULE, tableHeader, verdict } from "./report.ts";
import type { Measured } from "./stats.ts";

export interface GrpcBenchResults {
  settings: GrpcSettings;
  loadAtStart: string;
  truthSeconds: number;
  bareBuildSeconds: number;
  bare: Measured;
  service: GrpcServiceFigures;
}

const WIDTH = 26;

/** An import's server and bench-process CPU, in cores and ms per 1000 objects. */
function importCpu({ cpu, seconds }: ImportFigures, count: number): string {
  const perThousand = (cpuSeconds: number) => ((cpuSeconds * 1e6) / count).toFixed(0);
  const server =
    cpu.serverSeconds === undefined
      ? "server n/a"
      : `server ${(cpu.serverSeconds / seconds).toFixed(2)} cores (${perThousand(cpu.serverSeconds)} ms / 1000 objects)`;
  return `${server}, bench ${(cpu.clientSeconds / seconds).toFixed(2)} cores (${perThousand(cpu.clientSeconds)} ms / 1000)`;
}

/** Server cores busy, and server / bench-client CPU milliseconds per query. */
function cpuColumns({ measured }: QueryRun): string {
  const { serverSeconds, clientSeconds, wallSeconds } = measured.cpu;
  const perQuery = (seconds: number | undefined) => (seconds === undefined ? undefined : (seconds * 1000) / measured.summary.count);
  return [
    orNa(serverSeconds === undefined ? undefined : serverSeconds / wallSeconds, 2).padStart(8),
    orNa(perQuery(serverSeconds), 3).padStart(10),
    orNa(perQuery(clientSeconds), 3).padStart(10),
  ].join("");
}

const find = (runs: readonly QueryRun[], transport: QueryRun["transport"], concurrency: number, selects: QueryRun["selects"]) =>
  runs.find((run) => run.transport === transport && run.concurrency === concurrency && run.selects === selects);

/** The rate ratio of transport `over` to transport `under` for one concurrency and selection, or n/a. */
function ratioOf(
  runs: readonly QueryRun[],
  over: QueryRun["transport"],
  under: QueryRun["transport"],
  concurrency: number,
  selects: QueryRun["selects"],
): string {
  const a = find(runs, over, concurrency, selects);
  const b = find(runs, under, concurrency, selects);
  return a && b ? (a.measured.summary.rate / b.measured.summary.rate).toFixed(2) : "n/a";
}

/** "`over` vs `under` q/s: c=1 …×, c=8 …×, + title c=8 …×". */
function versusLine(runs: readonly QueryRun[], over: QueryRun["transport"], under: QueryRun["transport"]): string {
  const at = (concurrency: number, selects: QueryRun["selects"]) => ratioOf(runs, over, under, concurrency, selects);
  return `${over} vs ${under} q/s: c=1 ${at(1, "ids")}×, c=${HIGH_CONCURRENCY} ${at(HIGH_CONCURRENCY, "ids")}×, + title c=${HIGH_CONCURRENCY} ${at(HIGH_CONCURRENCY, "title")}×`;
}

/** The "gRPC ≥ 90% of bare single-thread at c=8" aim for one gRPC transport. */
function rateAim(runs: readonly QueryRun[], transport: QueryRun["transport"], what: string, bareRate: number): string {
  const percent = (concurrency: number) => {
    const rate = find(runs, transport, concurrency, "ids")?.measured.summary.rate ?? Number.NaN;
    return (rate / bareRate) * 100;
  };
  const high = percent(HIGH_CONCURRENCY);
  return `aim: gRPC ≥ ${GRPC_AIM_RATIO * 100}% of bare single-thread rate at c=${HIGH_CONCURRENCY}, ${what}: ${verdict(high >= GRPC_AIM_RATIO * 100)} (c=${HIGH_CONCURRENCY} ${high.toFixed(1)}%, c=1 ${percent(1).toFixed(1)}%)`;
}

/** The summary block, ready to print; reads the load average again for the end of the run. */
export function formatGrpcSummary({ settings, loadAtStart, truthSeconds, bareBuildSeconds, bare, service }: GrpcBenchResults): string {
  const { count, batchSize } = settings;
  const bareRate = bare.summary.rate;
  const bareImportRate = count / bareBuildSeconds;
  const { rest, grpc, runs } = service;
  const grpcRuns = runs.filter((run) => run.transport !== "GraphQL");
  const grpcRecall = Math.min(...grpcRuns.map((run) => run.measured.recall));
  const lines = [
    "",
    SUMMARY_RULE,
    ...contextLines(settings, {
      importLine: `bare ${bareImportRate.toFixed(0)} objects/s; batches of ${batchSize}, ${IMPORT_CONCURRENCY} in flight, until a search answers:`,
      truthSeconds,
      loadAtStart,
    }),
    `                REST POST /v1/batch/objects  ${rest.rate.toFixed(0).padStart(6)} objects/s (${rest.seconds.toFixed(1)} s, ${(rest.rate / bareImportRate).toFixed(2)} of bare)`,
    `                  ${importCpu(rest, count)}`,
    `                gRPC insertMany (v3 client)  ${grpc.rate.toFixed(0).padStart(6)} objects/s (${grpc.seconds.toFixed(1)} s, ${(grpc.rate / bareImportRate).toFixed(2)} of bare)`,
    `                  ${importCpu(grpc, count)}`,
    ...(grpc.callSeconds === undefined
      ? []
      : [
          `                  the BatchObjects calls alone: ${((grpc.callSeconds * 1e6) / count).toFixed(0)} ms / 1000 objects summed over calls (insertMany's elapsedSeconds);`,
          "                  the rest is the client's Serialize.batchObjects (a setTimeout per object, polled every 500 ms)",
        ]),
    `                insertMany over gRPC vs REST batch: ${(grpc.rate / rest.rate).toFixed(2)}×`,
    "",
    `${tableHeader(WIDTH)}${"srv cores".padStart(10)}${"srv ms/q".padStart(10)}${"cli ms/q".padStart(10)}`,
    row("bare searchKnn, 1 thr", bare.summary, bare.recall, 1, WIDTH),
    ...runs.map(
      (run) =>
        row(`${runLabel(run)}`, run.measured.summary, run.measured.recall, run.measured.summary.rate / bareRate, WIDTH) +
        cpuColumns(run),
    ),
    "",
    `warm-up         per transport: the ${settings.warmupCount} warm-up queries at c=1, then ${WARMUP_ROUNDS}× at c=${HIGH_CONCURRENCY}`,
    versusLine(runs, "gRPC", "GraphQL"),
    versusLine(runs, "gRPC raw", "GraphQL"),
    versusLine(runs, "gRPC raw", "gRPC"),
    "gRPC: collection.query.nearVector(v, {limit:10, returnMetadata:[\"distance\"], returnProperties:[] | [\"title\"]}),",
    "      \"all props\" without returnProperties (the client's default: every non-reference property);",
    "gRPC raw: the SearchRequest the client sends for that call (vector as float32 LE bytes, uuid + distance,",
    "      nonRefProperties [] | [\"title\"], uses12xApi flags), built before the clock, sent by a plain nice-grpc",
    "      client on src/grpc/generated over one channel: the server's gRPC service without the client library;",
    "      GraphQL: bench:query's nearVector string over keep-alive HTTP. All against Bench, made by the client.",
    `CPU: srv cores = server CPU s / wall s; srv ms/q, cli ms/q = server / bench-process CPU per query${settings.url !== undefined && settings.serverPid === undefined ? " (no server pid; pass --pid with --url)" : ""}`,
    "",
    `aim: recall@10 ≥ ${AIM_RECALL}: ${verdict(grpcRecall >= AIM_RECALL)} (gRPC and gRPC raw ${grpcRecall.toFixed(4)}, bare ${bare.recall.toFixed(4)})`,
    rateAim(runs, "gRPC", "weaviate-client", bareRate),
    rateAim(runs, "gRPC raw", "raw codecs", bareRate),
    `aim: insertMany over gRPC ≥ REST batch rate: ${verdict(grpc.rate >= rest.rate)} (gRPC ${grpc.rate.toFixed(0)} objects/s, REST ${rest.rate.toFixed(0)} objects/s, ${(grpc.rate / rest.rate).toFixed(2)}×)`,
    END_RULE,
  ];
  return lines.join("\n");
}
