/**
 * The ranking the service should give, computed exactly in the bench: Weaviate's BM25 as its
 * BlockMax WAND scores it, per property and summed over properties,
 *   score = Σ_props Σ_terms idf(t) · f / (f + k1 · (1 − b + b · len / avgLen_prop)),
 *   idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5)),
 * N the object count and n = floor(mean, over the properties holding t, of t's document frequency
 * in that property). It separates "the service ranks differently from MiniSearch" into "the
 * service is off the formula" and "MiniSearch scores differently" (see keyword-minisearch.ts).
 */
import type { Corpus, FieldTokens, Query } from "./keyword-corpus.ts";
import { B, K, K1 } from "./keyword-settings.ts";

/** One property's postings: for word w, documents and term frequencies, both in ascending document order. */
interface FieldPostings {
  docs: number[][];
  freqs: number[][];
  /** Token count per document. */
  lengths: Int32Array;
  averageLength: number;
}

export interface ReferenceResult {
  /** The top K documents, best first (ties by ascending document index). */
  top: number[];
  /** The K-th best score (0 with fewer than K matches): any document scoring this much is a valid top-K member. */
  kthScore: number;
  /** The formula's score of any document (0 when it matches no term). */
  scoreOf(doc: number): number;
}

export interface Reference {
  search(query: Query): ReferenceResult;
}

function postingsOf(field: FieldTokens, count: number, vocabularySize: number): FieldPostings {
  const docs: number[][] = Array.from({ length: vocabularySize }, () => []);
  const freqs: number[][] = Array.from({ length: vocabularySize }, () => []);
  const lengths = new Int32Array(count);
  const seen = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    seen.clear();
    for (let j = field.start[i]!; j < field.start[i + 1]!; j++) {
      const word = field.words[j]!;
      seen.set(word, (seen.get(word) ?? 0) + 1);
    }
    for (const [word, f] of seen) {
      docs[word]!.push(i);
      freqs[word]!.push(f);
    }
    lengths[i] = field.start[i + 1]! - field.start[i]!;
  }
  return { docs, freqs, lengths, averageLength: field.words.length / count };
}

/** Builds every property's postings; `search` then scores a query exhaustively. */
export function buildReference(corpus: Corpus): Reference {
  const { count } = corpus;
  const fields = corpus.fields.map((field) => postingsOf(field, count, corpus.vocabulary.length));
  const scores = new Float64Array(count);
  let touched: number[] = [];

  const idfOf = (word: number) => {
    const frequencies = fields.map((field) => field.docs[word]!.length).filter((n) => n > 0);
    if (frequencies.length === 0) return 0;
    const n = Math.floor(frequencies.reduce((sum, x) => sum + x, 0) / frequencies.length);
    return Math.log(1 + (count - n + 0.5) / (n + 0.5));
  };

  const search = (query: Query): ReferenceResult => {
    for (const doc of touched) scores[doc] = 0;
    touched = [];
    for (const word of query) {
      const idf = idfOf(word);
      for (const { docs, freqs, lengths, averageLength } of fields) {
        const list = docs[word]!;
        const fs = freqs[word]!;
        for (let p = 0; p < list.length; p++) {
          const doc = list[p]!;
          const f = fs[p]!;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc]! += (idf * f) / (f + K1 * (1 - B + (B * lengths[doc]!) / averageLength));
        }
      }
    }
    const top = topK(touched, scores);
    const kthScore = top.length < K ? 0 : scores[top[K - 1]!]!;
    // A copy: `scores` is reused by the next search.
    const own = new Map(touched.map((doc) => [doc, scores[doc]!]));
    return { top, kthScore, scoreOf: (doc) => own.get(doc) ?? 0 };
  };
  return { search };
}

/** The K best of `docs` by score, ties by ascending index: one pass keeping a sorted list of K. */
function topK(docs: readonly number[], scores: Float64Array): number[] {
  const best: number[] = [];
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  for (const doc of docs) {
    if (best.length === K && !better(doc, best[K - 1]!)) continue;
    let at = best.length === K ? K - 1 : best.length;
    if (best.length < K) best.push(doc);
    while (at > 0 && better(doc, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = doc;
  }
  return best;
}
