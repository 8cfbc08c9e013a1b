/**
 * Stopwords as Weaviate applies them to keyword (bm25) queries: the class's
 * invertedIndexConfig.stopwords (a preset, plus additions, minus removals), dropped from the
 * query terms of `word`-tokenized properties only. Documents are indexed with every token, so a
 * stopword still counts towards a property's length, and changing the list needs no reindex.
 */
import type { Collection } from "./collection.ts";

/** Weaviate's `en` preset (stopwords/presets.go), 33 words. */
const EN = [
  "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
  "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
  "will", "with",
];

export const STOPWORD_PRESETS: Readonly<Record<string, readonly string[]>> = { en: EN, none: [] };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The stopwords of a collection. Matching is exact on the already tokenized (lower-cased) term;
 * additions are not lower-cased, as in Weaviate. Removals apply after additions.
 */
export function stopwordsOf(collection: Collection): ReadonlySet<string> {
  const config = collection.invertedIndexConfig?.["stopwords"];
  if (config === null || typeof config !== "object") return new Set();
  const section = config as Record<string, unknown>;
  const preset = typeof section["preset"] === "string" && section["preset"] !== "" ? section["preset"] : "en";
  const words = new Set(STOPWORD_PRESETS[preset] ?? []);
  for (const word of strings(section["additions"])) words.add(word);
  for (const word of strings(section["removals"])) words.delete(word);
  return words;
}
