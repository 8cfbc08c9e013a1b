/**
 * The in-process baseline: MiniSearch (npm `minisearch`) over the same corpus, fields title and
 * body, plain BM25 (d = 0 turns its BM25+ into BM25), exact terms only, OR. It is synchronous,
 * so it runs single-threaded here and is reported as it is.
 *
 * How its score differs from Weaviate's (minisearch/dist/es/index.js, calcBM25Score, termResults
 * and search, v7.2):
 * - tf' = f·(k+1) / (f + k·(1 − b + b·len/avgLen)): the (k+1) factor Weaviate omits is the same
 *   for every term, so it changes no ranking;
 * - idf = ln(1 + (N − n + 0.5)/(n + 0.5)) with n the term's document frequency in that field,
 *   per field, where Weaviate takes one n per term (floor of the mean over the properties that
 *   hold it); N is the document count in both. A short title holds a word far more rarely than
 *   a body does, so MiniSearch weighs title matches much higher;
 * - len and avgLen count a field's distinct terms (`new Set(tokens).size` in `add`), Weaviate's
 *   all of its tokens;
 * - `search` multiplies each document's summed score by the number of distinct query terms it
 *   matched (its "quality"), a coordination factor Weaviate does not have: with two or more
 *   terms a document matching more of them climbs. `topWithoutQuality` divides it out again, so
 *   the report can tell this apart from the idf difference.
 */
import MiniSearch, { type SearchResult } from "minisearch";
import { type Corpus, fieldText, type Query, queryText } from "./keyword-corpus.ts";
import { B, K, K1 } from "./keyword-settings.ts";
import { secondsSince, summarize, type LatencySummary } from "./stats.ts";

interface Doc {
  id: number;
  title: string;
  body: string;
}

export interface MiniSearchFigures {
  buildSeconds: number;
  summary: LatencySummary;
  /** MiniSearch's top K per query, as it ranks them. */
  tops: number[][];
  /** MiniSearch's top K per query with its quality factor divided out (untimed second pass). */
  topsWithoutQuality: number[][];
  /** Heap growth over the build (GC permitting), bytes. */
  heapBytes: number;
}

export const SEARCH_OPTIONS = {
  bm25: { k: K1, b: B, d: 0 },
  combineWith: "OR",
  prefix: false,
  fuzzy: false,
} as const;

const idsOf = (results: readonly SearchResult[]) => results.slice(0, K).map((result) => result.id as number);

/** The top K by score ÷ distinct query terms matched, ties by ascending id. */
function topWithoutQuality(results: readonly SearchResult[]): number[] {
  return results
    .map((result) => ({ id: result.id as number, score: result.score / Math.max(1, result.queryTerms.length) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, K)
    .map((hit) => hit.id);
}

/** Indexes the corpus; the documents' strings are made before the clock starts. */
function build(corpus: Corpus): { index: MiniSearch<Doc>; buildSeconds: number; heapBytes: number } {
  const [title, body] = corpus.fields;
  const docs: Doc[] = Array.from({ length: corpus.count }, (_, i) => ({
    id: i,
    title: fieldText(corpus, title!, i),
    body: fieldText(corpus, body!, i),
  }));
  const index = new MiniSearch<Doc>({ fields: ["title", "body"], idField: "id", searchOptions: SEARCH_OPTIONS });
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  index.addAll(docs);
  const buildSeconds = secondsSince(started);
  return { index, buildSeconds, heapBytes: process.memoryUsage().heapUsed - heapBefore };
}

/** Builds the index, runs the warm-up queries, then every query once, timed one by one. */
export function measureMiniSearch(corpus: Corpus, queries: readonly Query[], warmup: readonly Query[]): MiniSearchFigures {
  const { index, buildSeconds, heapBytes } = build(corpus);
  const texts = queries.map((query) => queryText(corpus, query));
  for (const query of warmup) idsOf(index.search(queryText(corpus, query)));

  const latencies = new Array<number>(texts.length);
  const tops = new Array<number[]>(texts.length);
  const started = performance.now();
  for (let i = 0; i < texts.length; i++) {
    const t0 = performance.now();
    tops[i] = idsOf(index.search(texts[i]!));
    latencies[i] = performance.now() - t0;
  }
  const summary = summarize(latencies, secondsSince(started));
  const topsWithoutQuality = texts.map((text) => topWithoutQuality(index.search(text)));
  return { buildSeconds, summary, tops, topsWithoutQuality, heapBytes };
}
