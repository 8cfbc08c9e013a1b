/**
 * bm25 as Weaviate's BlockMax WAND computes it: every searched property scored on its own and
 * summed, score = Σ_props boost · Σ_terms idf · f / (f + k1 · (1 − b + b · len / avgLen_prop)),
 * idf = ln(1 + (N − n + 0.5) / (n + 0.5)) · (times the term occurs in the query), N the shard's
 * object count and n the integer mean, over the same-tokenization properties holding the term,
 * of their document frequencies (filters change neither). Ranked by score, then uuid.
 */
import {
  type Collection,
  type KeywordSearch,
  parseBoostedProperty,
  type QueryTerm,
  queryTerms,
  searchableProperties,
  stopwordsOf,
  type Tokenization,
  DEFAULT_TOKENIZATION,
  type Filter,
  isSearchable,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { matchingEntries } from "../filters/index.ts";
import type { KeywordPostingList, KeywordView, SearchShard } from "./ports.ts";
import type { SearchContext } from "./service.ts";
import { exhaustiveTopK, maxScoreTopK, type ScoredDoc, type TermScorer } from "./top-k.ts";

export interface KeywordHit {
  id: string;
  docId: number;
  /** Position of the hit's shard in the list searched. */
  shard: number;
  /** float32, as Weaviate reports it. */
  score: number;
  explainScore: string;
}

interface SearchedProperty {
  name: string;
  boost: number;
  tokenization: Tokenization;
  terms: QueryTerm[];
}

const missingIndex = (spec: string) =>
  unprocessable(
    `Searching by property '${spec}' requires inverted index. Is \`indexSearchable\` option of property '${spec}' enabled? Set it to \`true\` or leave empty`,
  );

/** The properties a keyword search reads, with their boosts and query terms. */
export function searchedProperties(collection: Collection, search: KeywordSearch): SearchedProperty[] {
  const stopwords = stopwordsOf(collection);
  const specs = search.properties && search.properties.length > 0 ? search.properties : undefined;
  const chosen = specs
    ? specs.map((spec) => {
        const { name, boost } = parseBoostedProperty(spec);
        const property = collection.properties.find((candidate) => candidate.name === name);
        if (!property || !isSearchable(property)) throw missingIndex(spec);
        return { property, boost };
      })
    : searchableProperties(collection).map((property) => ({ property, boost: 1 }));
  if (chosen.length === 0) throw unprocessable("No properties provided, and no indexed properties found in class");
  return chosen.map(({ property, boost }) => {
    const tokenization = property.tokenization ?? DEFAULT_TOKENIZATION;
    return { name: property.name, boost, tokenization, terms: queryTerms(search.query, tokenization, stopwords) };
  });
}

function bm25Parameters(collection: Collection): { k1: number; b: number } {
  const section = collection.invertedIndexConfig?.["bm25"] as { k1?: unknown; b?: unknown } | undefined;
  return {
    k1: typeof section?.k1 === "number" ? section.k1 : 1.2,
    b: typeof section?.b === "number" ? section.b : 0.75,
  };
}

/** idf of every (tokenization, term): n is the integer mean over the properties that hold the term. */
function inverseDocumentFrequencies(view: KeywordView, properties: readonly SearchedProperty[], objectCount: number): Map<string, number> {
  const sums = new Map<string, { total: number; holders: number; count: number }>();
  for (const property of properties) {
    const postings = view.property(property.name);
    for (const { term, count } of property.terms) {
      const key = `${property.tokenization}\u0000${term}`;
      const entry = sums.get(key) ?? { total: 0, holders: 0, count };
      const live = postings?.terms.get(term)?.live ?? 0;
      if (live > 0) {
        entry.total += live;
        entry.holders++;
      }
      sums.set(key, entry);
    }
  }
  const idf = new Map<string, number>();
  for (const [key, { total, holders, count }] of sums) {
    const n = holders === 0 ? 0 : Math.floor(total / holders);
    idf.set(key, Math.log(1 + (objectCount - n + 0.5) / (n + 0.5)) * count);
  }
  return idf;
}

function scorersOf(view: KeywordView, properties: readonly SearchedProperty[], objectCount: number, collection: Collection): TermScorer[] {
  const { k1, b } = bm25Parameters(collection);
  const idf = inverseDocumentFrequencies(view, properties, objectCount);
  const scorers: TermScorer[] = [];
  properties.forEach((property, position) => {
    const postings = view.property(property.name);
    // A boost of 0 (e.g. `title^1.5`, as Weaviate parses it) still matches, with a score of 0.
    if (!postings || postings.docCount === 0) return;
    const averageLength = postings.lengthSum / postings.docCount;
    for (const { term } of property.terms) {
      const list = postings.terms.get(term);
      if (!list || list.live === 0) continue;
      const weight = idf.get(`${property.tokenization}\u0000${term}`)! * property.boost;
      scorers.push({ list, lengths: postings.lengths, weight, k1, b, averageLength, property: position });
    }
  });
  return scorers;
}

function frequencyAt(list: KeywordPostingList, docId: number): number {
  let low = 0;
  let high = list.size - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = list.docIds[middle]!;
    if (at === docId) return list.freqs[middle]!;
    if (at < docId) low = middle + 1;
    else high = middle - 1;
  }
  return 0;
}

/** Weaviate's explanation: `, BM25F_<term>_frequency:<f>, BM25F_<term>_propLength:<len>` per matched term (the last property holding it wins). */
function explain(view: KeywordView, properties: readonly SearchedProperty[], docId: number): string {
  const found = new Map<string, { frequency: number; length: number }>();
  for (const property of properties) {
    const postings = view.property(property.name);
    if (!postings) continue;
    for (const { term } of property.terms) {
      const list = postings.terms.get(term);
      const frequency = list ? frequencyAt(list, docId) : 0;
      if (frequency > 0) found.set(term, { frequency, length: postings.lengths[docId] ?? 0 });
    }
  }
  let text = "";
  for (const [term, { frequency, length }] of found) {
    text += `, BM25F_${term}_frequency:${frequency}, BM25F_${term}_propLength:${length}`;
  }
  return text;
}

/** One shard's top k. */
function shardTopK(shard: SearchShard, view: KeywordView, properties: readonly SearchedProperty[], search: KeywordSearch, k: number, collection: Collection, allowed?: ReadonlySet<number>): ScoredDoc[] {
  const scorers = scorersOf(view, properties, shard.objectCount, collection);
  if (scorers.length === 0) return [];
  const idOf = (docId: number) => shard.idOf(docId) ?? "";
  // Ranked by the float32 score that is reported, so that documents tied there are ordered by
  // uuid however their float64 sums came out (the order terms are added in varies).
  const worse = (a: ScoredDoc, b: ScoredDoc) => {
    const [left, right] = [Math.fround(a.score), Math.fround(b.score)];
    return left < right || (left === right && idOf(a.docId) > idOf(b.docId));
  };
  const options = { k, blockSize: view.blockSize, allowed, worse };
  const minimum = Math.max(search.minimumOrTokensMatch ?? 0, 1);
  if (search.operator === "And" || minimum > 1) {
    const required = properties.map((property) => (search.operator === "And" ? property.terms.length : minimum));
    return exhaustiveTopK(scorers, required, options);
  }
  return maxScoreTopK(scorers, options);
}

export interface KeywordRequest {
  search: KeywordSearch;
  where?: Filter;
  tenant?: string;
  /** How many of the best hits to return (offset + limit). */
  k: number;
}

/** The best `k` keyword hits over the collection's shards (for a tenant), best first. */
export async function keywordSearch(context: SearchContext, collection: Collection, request: KeywordRequest): Promise<KeywordHit[]> {
  const { search, k } = request;
  if (search.query === "") throw unprocessable("keyword search (bm25) must have query set");
  const properties = searchedProperties(collection, search);
  if (k <= 0 || properties.every((property) => property.terms.length === 0)) return [];
  const shards = await context.shardsFor(collection, request.tenant);
  const hits: KeywordHit[] = [];
  for (const [position, shard] of shards.entries()) {
    const allowed = request.where
      ? new Set((await matchingEntries(shard, collection, request.where, context.refs)).map((entry) => entry.docId))
      : undefined;
    // Nothing is awaited from here on, so no write changes the postings under the scoring.
    const view = await shard.keywordIndex();
    for (const { docId, score } of shardTopK(shard, view, properties, search, k, collection, allowed)) {
      const id = shard.idOf(docId);
      if (id) hits.push({ id, docId, shard: position, score: Math.fround(score), explainScore: explain(view, properties, docId) });
    }
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hits.slice(0, k);
}
