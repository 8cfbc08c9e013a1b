/**
 * Keyword (bm25) search as plain rules: which properties are searchable, what a document's
 * searchable property contributes (term frequencies and its length, counted with stopwords, as
 * Weaviate's inverted strategy counts), and what a query searches per property (its tokens in
 * that property's tokenization, stopwords dropped for `word`, duplicates counted).
 */
import type { Collection, Property, Tokenization } from "./collection.ts";
import { DEFAULT_TOKENIZATION, keywordTokens } from "./tokenize.ts";

/** text / text[] properties whose `indexSearchable` is not false hold bm25 postings. */
export function isSearchable(property: Property): boolean {
  const type = property.dataType[0];
  return property.dataType.length === 1 && (type === "text" || type === "text[]") && property.indexSearchable !== false;
}

export function searchableProperties(collection: Collection): Property[] {
  return collection.properties.filter(isSearchable);
}

/** One searchable property of one object: its term frequencies and token count. */
export interface PropertyTerms {
  property: string;
  length: number;
  frequencies: Map<string, number>;
}

/** Tokens of a text or text[] value; array elements are pooled into one property. */
function valueTokens(value: unknown, tokenization: Tokenization): string[] {
  const items = Array.isArray(value) ? value : [value];
  const tokens: string[] = [];
  for (const item of items) {
    if (typeof item !== "string") continue;
    for (const token of keywordTokens(item, tokenization)) tokens.push(token.replaceAll("\u0000", ""));
  }
  return tokens.filter((token) => token !== "");
}

/** What an object's searchable properties put into the keyword index (properties without tokens omitted). */
export function documentTerms(collection: Collection, properties: Record<string, unknown>): PropertyTerms[] {
  const terms: PropertyTerms[] = [];
  for (const property of collection.properties) {
    if (!isSearchable(property)) continue;
    const raw = properties[property.name];
    if (raw === undefined || raw === null) continue;
    const tokens = valueTokens(raw, property.tokenization ?? DEFAULT_TOKENIZATION);
    if (tokens.length === 0) continue;
    const frequencies = new Map<string, number>();
    for (const token of tokens) frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
    terms.push({ property: property.name, length: tokens.length, frequencies });
  }
  return terms;
}

/** A query term with the number of times it occurs in the query (it multiplies the term's idf). */
export interface QueryTerm {
  term: string;
  count: number;
}

/**
 * The terms a query searches in a property of `tokenization`: its tokens, stopwords dropped for
 * `word` only (Weaviate's rule), each once with its count, in first-occurrence order.
 */
export function queryTerms(query: string, tokenization: Tokenization, stopwords: ReadonlySet<string>): QueryTerm[] {
  const counts = new Map<string, number>();
  for (const token of valueTokens(query, tokenization)) {
    if (tokenization === "word" && stopwords.has(token)) continue;
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return [...counts].map(([term, count]) => ({ term, count }));
}

/**
 * `title^2` → title with boost 2. The boost is an integer as in Weaviate, which parses it with
 * Atoi and ignores the error: `title^1.5` searches title with boost 0.
 */
export function parseBoostedProperty(spec: string): { name: string; boost: number } {
  const caret = spec.indexOf("^");
  if (caret < 0) return { name: spec, boost: 1 };
  const boost = spec.slice(caret + 1);
  return { name: spec.slice(0, caret), boost: /^[+-]?\d+$/.test(boost) ? Number.parseInt(boost, 10) : 0 };
}
