/** bench:keyword's closing summary: corpus and host, build rates, disk size, the rate table, agreement and the aim. */
import os from "node:os";
import type { Agreement, FormulaAgreement, FormulaComparison } from "./keyword-agreement.ts";
import type { ImportFigures } from "./keyword-import.ts";
import type { KeywordRun } from "./keyword-load.ts";
import type { MiniSearchFigures } from "./keyword-minisearch.ts";
import type { ServiceQueryFigures } from "./keyword-service.ts";
import {
  AIM,
  B,
  BATCH_SIZE,
  BODY_WORDS,
  DIMS,
  HIGH_CONCURRENCY,
  IMPORT_CONCURRENCY,
  K1,
  type KeywordSettings,
  QUERY_TERMS,
  TITLE_WORDS,
  VOCABULARY_SIZE,
  WARMUP_QUERIES,
  ZIPF_EXPONENT,
} from "./keyword-settings.ts";
import { END_RULE, loadAverage, orNa, SUMMARY_RULE, verdict } from "./report.ts";
import { type LatencySummary, ms } from "./stats.ts";

export interface KeywordResults {
  settings: KeywordSettings;
  loadAtStart: string;
  corpus: { tokens: number; topWordDocs: number };
  miniSearch: MiniSearchFigures;
  /** Undefined when the run stopped before the import finished. */
  imported: ImportFigures | undefined;
  /** The data directory's size, or why there is none. */
  disk: { bytes: number; files: number } | string;
  /** Undefined when the service could not answer the queries. */
  service: ServiceQueryFigures | undefined;
  serviceVsMiniSearch: Agreement | undefined;
  formula: FormulaComparison;
}

const WIDTH = 24;
/** The agreement lines' label column. */
const LABEL = 40;
const MIB = 1024 * 1024;

function row(label: string, summary: LatencySummary, cores: number | undefined, versus: number): string {
  return [
    label.padEnd(WIDTH),
    summary.rate.toFixed(0).padStart(9),
    ms(summary.p50).padStart(9),
    ms(summary.p99).padStart(9),
    orNa(cores, 2).padStart(11),
    versus.toFixed(2).padStart(15),
  ].join("");
}

const header = `${"".padEnd(WIDTH)}${"q/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"srv cores".padStart(11)}${"vs MiniSearch".padStart(15)}`;

const cores = ({ cpu }: KeywordRun) => (cpu.serverSeconds === undefined ? undefined : cpu.serverSeconds / cpu.wallSeconds);

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function agreementLine(label: string, agreement: Agreement | FormulaAgreement | undefined): string {
  if (agreement === undefined) return `  ${label.padEnd(LABEL)}n/a`;
  const tieAware = "tieAwareOverlap" in agreement ? `   tie-aware ${agreement.tieAwareOverlap.toFixed(3)}` : "";
  return `  ${label.padEnd(LABEL)}${agreement.meanOverlap.toFixed(3).padStart(10)}${percent(agreement.identical).padStart(10)}${tieAware}`;
}

function buildLines({ settings, miniSearch, imported, disk }: KeywordResults): string[] {
  const { count } = settings;
  const service =
    imported === undefined
      ? "service         n/a (the import did not finish)"
      : `service         POST /v1/batch/objects (batches of ${BATCH_SIZE}, ${IMPORT_CONCURRENCY} in flight): ${(count / imported.ackSeconds).toFixed(0)} objects/s until acknowledged (${imported.ackSeconds.toFixed(1)} s), ${(count / imported.searchableSeconds).toFixed(0)} until a vector search answers (${imported.searchableSeconds.toFixed(1)} s)`;
  const size =
    typeof disk === "string"
      ? `disk            n/a (${disk})`
      : `disk            service data dir ${(disk.bytes / MIB).toFixed(1)} MiB in ${disk.files} files after the import (${(disk.bytes / count).toFixed(0)} B / object; RocksDB incl. WAL; HNSW files are written at shutdown, not counted)`;
  return [
    service,
    `MiniSearch      addAll: ${(count / miniSearch.buildSeconds).toFixed(0)} objects/s (${miniSearch.buildSeconds.toFixed(1)} s, heap +${(miniSearch.heapBytes / MIB).toFixed(0)} MiB)`,
    size,
  ];
}

function tableLines({ miniSearch, service }: KeywordResults): string[] {
  const base = miniSearch.summary.rate;
  const lines = [header, row("MiniSearch, 1 thread", miniSearch.summary, undefined, 1)];
  if (service === undefined) return [...lines, "service         n/a (no BM25 figures: see the error below)"];
  lines.push(row("service bm25, c=1", service.c1.summary, cores(service.c1), service.c1.summary.rate / base));
  lines.push(row(`service bm25, c=${HIGH_CONCURRENCY}`, service.c8.summary, cores(service.c8), service.c8.summary.rate / base));
  if (service.hybrid) {
    lines.push(row(`service hybrid, c=${HIGH_CONCURRENCY}`, service.hybrid.summary, cores(service.hybrid), service.hybrid.summary.rate / base));
  }
  return lines;
}

function agreementLines({ service, serviceVsMiniSearch, formula }: KeywordResults): string[] {
  const engine = (name: string) => formula.engines.get(name);
  return [
    `${"agreement (top-10 sets per query)".padEnd(LABEL + 2)}overlap@10 identical`,
    agreementLine("service vs MiniSearch", serviceVsMiniSearch),
    agreementLine("service vs formula (exact, here)", engine("service")),
    agreementLine("MiniSearch vs formula", engine("MiniSearch")),
    agreementLine("MiniSearch ÷ terms matched vs formula", engine("MiniSearch ÷ terms")),
    `  service scores vs formula: max relative difference ${formula.maxScoreError === undefined ? "n/a" : formula.maxScoreError.toExponential(2)}` +
      (service === undefined ? "" : `; c=${HIGH_CONCURRENCY} answers equal to c=1's: ${percent(service.sameAtC8)}`),
    "  formula: Σ_props Σ_terms idf·f/(f + k1·(1 − b + b·len/avgLen_prop)), idf = ln(1 + (N − n + 0.5)/(n + 0.5)),",
    "    n = floor(mean df over the properties holding the term); tie-aware counts a hit scoring ≥ the formula's 10th.",
    "  MiniSearch differs: tf' × (k1+1) (no effect on ranking); n is per field; len / avgLen count distinct terms;",
    "    its search() multiplies a document's score by the number of query terms it matched (\"÷ terms matched\"",
    "    divides that out again, untimed; the other two differences remain in it).",
  ];
}

/** The summary block, ready to print; reads the load average again for the end of the run. */
export function formatKeywordSummary(results: KeywordResults): string {
  const { settings, loadAtStart, corpus, miniSearch, service } = results;
  const { count, seed, queryCount, querySeed } = settings;
  const range = ([low, high]: readonly [number, number]) => `${low}–${high}`;
  const aim =
    service === undefined
      ? `aim: ${AIM}: FAIL (no service BM25 figures vs MiniSearch ${miniSearch.summary.rate.toFixed(0)} q/s)`
      : `aim: ${AIM}: ${verdict(service.c8.summary.rate >= miniSearch.summary.rate)} (${service.c8.summary.rate.toFixed(0)} vs ${miniSearch.summary.rate.toFixed(0)})`;
  return [
    "",
    SUMMARY_RULE,
    `corpus          ${count} documents, title ${range(TITLE_WORDS)} / body ${range(BODY_WORDS)} words, ${VOCABULARY_SIZE} Zipf words (s=${ZIPF_EXPONENT.toFixed(1)}), seed ${seed}; ${corpus.tokens} tokens, most frequent word in ${percent(corpus.topWordDocs)} of documents; ${DIMS}-dim vectors`,
    `queries         ${queryCount} (seed ${querySeed}), ${range(QUERY_TERMS)} distinct terms, each half the time by Zipf frequency, half uniform by rank; ${WARMUP_QUERIES} warm-up per engine`,
    `bm25            k1=${K1} b=${B}, limit 10; MiniSearch bm25 {k:${K1}, b:${B}, d:0}, combineWith OR, no prefix / fuzzy; hybrid alpha 0.5`,
    `host            ${os.availableParallelism()} CPUs; 1-min load average ${loadAtStart} at start, ${loadAverage()} at end (MiniSearch shares the host with the server but runs while it idles)`,
    ...buildLines(results),
    "",
    ...tableLines(results),
    "",
    ...agreementLines(results),
    "",
    aim,
    END_RULE,
  ].join("\n");
}
