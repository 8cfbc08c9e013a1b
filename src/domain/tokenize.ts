/**
 * Text tokenization per property `tokenization`. The same function produces inverted-index keys
 * (storage) and filter query tokens (evaluation), so both sides always agree on what a token is.
 */
import type { Tokenization } from "./collection.ts";

/** The tokenization Weaviate applies to text properties that do not name one. */
export const DEFAULT_TOKENIZATION: Tokenization = "word";

const nonAlphanumeric = /[^\p{L}\p{N}]+/u;
const nonAlphanumericOrWildcard = /[^\p{L}\p{N}*?]+/u;
const whitespace = /\s+/u;

function split(text: string, separator: RegExp): string[] {
  return text.split(separator).filter((token) => token !== "");
}

function trigrams(text: string): string[] {
  const chars = Array.from(text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""));
  if (chars.length === 0) return [];
  // Shorter than one trigram: the whole remainder is the only token, so short values still match.
  if (chars.length < 3) return [chars.join("")];
  const grams: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) grams.push(chars.slice(i, i + 3).join(""));
  return grams;
}

const segmenterLocales: Partial<Record<Tokenization, string>> = {
  gse: "ja",
  gse_ch: "zh",
  kagome_ja: "ja",
  kagome_kr: "ko",
};

function segmentWords(text: string, locale: string): string[] {
  // The dictionary tokenizers Weaviate ships (gse, kagome) are not available here; ICU's word
  // segmentation is the closest stand-in and keeps index and query consistent with each other.
  const segmenter = new Intl.Segmenter(locale, { granularity: "word" });
  const words: string[] = [];
  for (const part of segmenter.segment(text)) {
    if (part.isWordLike) words.push(part.segment.toLowerCase());
  }
  return words;
}

/** Splits a text value into the tokens the inverted index keys it by. */
export function tokenize(text: string, tokenization: Tokenization = DEFAULT_TOKENIZATION): string[] {
  switch (tokenization) {
    case "word":
      return split(text.toLowerCase(), nonAlphanumeric);
    case "lowercase":
      return split(text.toLowerCase(), whitespace);
    case "whitespace":
      return split(text, whitespace);
    case "field": {
      const trimmed = text.trim();
      return trimmed === "" ? [] : [trimmed];
    }
    case "trigram":
      return trigrams(text);
    default:
      return segmentWords(text, segmenterLocales[tokenization] ?? "en");
  }
}

/**
 * The tokens keyword search indexes and queries: {@link tokenize}'s, except that a trigram value
 * shorter than three characters gives none (Weaviate's rule; filters keep the short remainder so
 * that Equal on a short value still matches).
 */
export function keywordTokens(text: string, tokenization: Tokenization = DEFAULT_TOKENIZATION): string[] {
  if (tokenization !== "trigram") return tokenize(text, tokenization);
  const tokens = trigrams(text);
  return tokens.length === 1 && Array.from(tokens[0]!).length < 3 ? [] : tokens;
}

/** Tokenizations whose `Like` patterns are matched token by token rather than against the whole value. */
export function matchesLikePerToken(tokenization: Tokenization = DEFAULT_TOKENIZATION): boolean {
  return ["word", "lowercase", "whitespace", "field"].includes(tokenization);
}

/**
 * Tokenizes a `Like` pattern: like {@link tokenize}, but `*` and `?` survive as part of a token so
 * each pattern token can be matched against index tokens.
 */
export function tokenizeWithWildcards(
  pattern: string,
  tokenization: Tokenization = DEFAULT_TOKENIZATION,
): string[] {
  switch (tokenization) {
    case "word":
      return split(pattern.toLowerCase(), nonAlphanumericOrWildcard);
    case "lowercase":
      return split(pattern.toLowerCase(), whitespace);
    case "whitespace":
      return split(pattern, whitespace);
    case "field": {
      const trimmed = pattern.trim();
      return trimmed === "" ? [] : [trimmed];
    }
    default:
      // Trigram and dictionary tokenizers have no wildcard-aware form: the pattern stays whole and
      // is matched against the whole (lower-cased) value.
      return pattern.trim() === "" ? [] : [pattern.trim().toLowerCase()];
  }
}

