/** bench:query's closing summary: the run's parameters, the rate / latency / recall table and the aims. */
import os from "node:os";
import type { ServiceFigures } from "./measure-service.ts";
import {
  AIM_RATIO,
  AIM_RECALL,
  EF_CONSTRUCTION,
  HIGH_CONCURRENCY,
  K,
  M,
  type QuerySettings,
} from "./query-settings.ts";
import { REF_QUERY } from "./references.ts";
import { type LatencySummary, type Measured, ms } from "./stats.ts";

export interface QueryBenchResults {
  settings: QuerySettings;
  /** The host's 1-minute load average when the run started. */
  loadAtStart: string;
  truthSeconds: number;
  bareBuildSeconds: number;
  bare: Measured;
  service: ServiceFigures;
}

/** The host's 1-minute load average, two decimals. */
export const loadAverage = () => os.loadavg()[0]!.toFixed(2);

/** One line of the rate / latency / recall table (label column `width` wide). */
export function row(
  label: string,
  summary: LatencySummary,
  recall: number | undefined,
  ratio: number | undefined,
  width = 22,
): string {
  return [
    label.padEnd(width),
    summary.rate.toFixed(0).padStart(9),
    ms(summary.p50).padStart(9),
    ms(summary.p99).padStart(9),
    (recall === undefined ? "" : recall.toFixed(4)).padStart(11),
    (ratio === undefined ? "" : ratio.toFixed(3)).padStart(9),
  ].join("");
}

/** The table's heading line, for `row`s with a label column `width` wide. */
export const tableHeader = (width = 22) =>
  `${"".padEnd(width)}${"q/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"recall@10".padStart(11)}${"vs bare".padStart(9)}`;

export const orNa = (value: number | undefined, digits: number) => (value === undefined ? "n/a" : value.toFixed(digits));
export const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");

export const SUMMARY_RULE = "==================================== summary ====================================";
export const END_RULE = "=================================================================================";

/** The run's data set, index, import, ground truth and host lines. */
export function contextLines(
  { count, dims, clusters, seed, queryCount, querySeed, warmupCount, ef }: QuerySettings,
  { importLine, truthSeconds, loadAtStart }: { importLine: string; truthSeconds: number; loadAtStart: string },
): string[] {
  return [
    `data set        ${count} × ${dims}, ${clusters} clusters, seed ${seed}; ${queryCount} queries (seed ${querySeed}), ${warmupCount} warm-up`,
    `hnsw            cosine, M=${M}, efConstruction=${EF_CONSTRUCTION}, ef=${ef}, k=${K}`,
    `import          ${importLine}`,
    `ground truth    exact cosine top-${K} by brute force, ${truthSeconds.toFixed(1)} s`,
    `host            ${os.availableParallelism()} CPUs; 1-min load average ${loadAtStart} at start, ${loadAverage()} at end (other load skews every figure)`,
  ];
}

/** The summary block, ready to print; reads the load average again for the end of the run. */
export function formatSummary({ settings, loadAtStart, truthSeconds, bareBuildSeconds, bare, service }: QueryBenchResults): string {
  const { count } = settings;
  const bareRate = bare.summary.rate;
  const ratio1 = service.c1.summary.rate / bareRate;
  const ratio8 = service.c8.summary.rate / bareRate;
  const serviceRecall = Math.min(service.c1.recall, service.c8.recall);
  const cpu =
    service.serverCores === undefined
      ? "n/a (no server pid; pass --pid with --url)"
      : `${service.serverCores.toFixed(2)} cores (${service.serverCpuSeconds!.toFixed(1)} s CPU / ${service.c8Wall.toFixed(1)} s wall)`;
  const lines = [
    "",
    SUMMARY_RULE,
    ...contextLines(settings, {
      importLine: `bare ${(count / bareBuildSeconds).toFixed(0)} objects/s, service ${(count / service.importSeconds).toFixed(0)} objects/s`,
      truthSeconds,
      loadAtStart,
    }),
    "",
    tableHeader(),
    row("bare searchKnn, 1 thr", bare.summary, bare.recall, 1),
    row("service GraphQL, c=1", service.c1.summary, service.c1.recall, ratio1),
    row(`service GraphQL, c=${HIGH_CONCURRENCY}`, service.c8.summary, service.c8.recall, ratio8),
    row(
      `  + title, c=${HIGH_CONCURRENCY}`,
      service.c8WithTitle.summary,
      service.c8WithTitle.recall,
      service.c8WithTitle.summary.rate / bare.summary.rate,
    ),
    "",
    `server CPU, c=${HIGH_CONCURRENCY}  ${cpu}; bench client ${service.clientCores.toFixed(2)} cores`,
    `storage reads   nearVector: ${orNa(service.nearReadsPerQuery, 0)} per query selecting ids and distances, 1 with a property (counted in-process)`,
    `reference query ${REF_QUERY}`,
    `                ${service.ref.count}×, c=1: ${service.ref.rate.toFixed(0)} q/s, p50 ${ms(service.ref.p50)} ms, p99 ${ms(service.ref.p99)} ms; storage reads ${orNa(service.refReadsPerQuery, 0)} per query (one listing + one batched read per reference level)`,
    "",
    `aim: recall@10 ≥ ${AIM_RECALL}: ${verdict(serviceRecall >= AIM_RECALL)} (service ${serviceRecall.toFixed(4)}, bare ${bare.recall.toFixed(4)})`,
    `aim: service ≥ ${AIM_RATIO * 100}% of bare single-thread rate: ${verdict(ratio8 >= AIM_RATIO)} (c=${HIGH_CONCURRENCY} ${(ratio8 * 100).toFixed(1)}%, c=1 ${(ratio1 * 100).toFixed(1)}%)`,
    END_RULE,
  ];
  return lines.join("\n");
}
