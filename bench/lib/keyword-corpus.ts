/**
 * bench:keyword's seeded synthetic corpus: a vocabulary of lowercase pseudo-words drawn with
 * Zipf frequencies into documents with a `title` and a `body`, the keyword queries, and a small
 * random vector per document (for hybrid). Words are a–z only, at least three letters and never
 * an English stopword, so Weaviate's `word` tokenization, its stopword removal and MiniSearch's
 * default tokenizer all see exactly the same terms.
 */
import { gaussian, rng } from "./data.ts";
import { BODY_WORDS, DIMS, QUERY_TERMS, TITLE_WORDS, VOCABULARY_SIZE, ZIPF_EXPONENT } from "./keyword-settings.ts";

/** Weaviate's `en` preset; the brief's list. None of them may be a vocabulary word. */
const STOPWORDS = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(
    " ",
  ),
);

/** One text property of every document: word ids, flat, document i at `start[i]` to `start[i + 1]`. */
export interface FieldTokens {
  name: "title" | "body";
  words: Int32Array;
  start: Int32Array;
}

export interface Corpus {
  count: number;
  /** Word of rank r (0 = most frequent) at index r. */
  vocabulary: string[];
  fields: readonly FieldTokens[];
  /** `count` × DIMS float32 values, document i at i × DIMS. */
  vectors: Float32Array;
}

/** A keyword query: distinct word ids. */
export type Query = readonly number[];

/** `size` distinct pseudo-words, 3–9 letters, none a stopword; their order is their Zipf rank. */
export function makeVocabulary(random: () => number, size = VOCABULARY_SIZE): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const length = 3 + Math.floor(random() * 7);
    let word = "";
    for (let i = 0; i < length; i++) word += String.fromCharCode(97 + Math.floor(random() * 26));
    if (!STOPWORDS.has(word)) words.add(word);
  }
  return [...words];
}

/** A sampler of ranks 0..size-1 with P(r) ∝ 1 / (r + 1)^exponent: binary search in the cumulative weights. */
export function zipfSampler(random: () => number, size: number, exponent = ZIPF_EXPONENT): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) {
    total += 1 / (r + 1) ** exponent;
    cumulative[r] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! <= target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

const between = (random: () => number, [low, high]: readonly [number, number]) => low + Math.floor(random() * (high - low + 1));

function makeField(name: FieldTokens["name"], count: number, lengths: readonly [number, number], random: () => number, draw: () => number): FieldTokens {
  const start = new Int32Array(count + 1);
  const perDoc = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    perDoc[i] = between(random, lengths);
    start[i + 1] = start[i]! + perDoc[i]!;
  }
  const words = new Int32Array(start[count]!);
  for (let j = 0; j < words.length; j++) words[j] = draw();
  return { name, words, start };
}

/** Vocabulary, titles, bodies and vectors, each from its own stream seeded from `seed`. */
export function makeCorpus(count: number, seed: number): Corpus {
  const vocabulary = makeVocabulary(rng(seed));
  const random = rng(seed + 100);
  const draw = zipfSampler(random, vocabulary.length);
  const title = makeField("title", count, TITLE_WORDS, random, draw);
  const body = makeField("body", count, BODY_WORDS, random, draw);
  const vectorRandom = rng(seed + 200);
  const vectors = new Float32Array(count * DIMS);
  for (let j = 0; j < vectors.length; j++) vectors[j] = gaussian(vectorRandom);
  return { count, vocabulary, fields: [title, body], vectors };
}

/** Document i's text in one field, words separated by single spaces. */
export function fieldText(corpus: Corpus, field: FieldTokens, i: number): string {
  const words: string[] = [];
  for (let j = field.start[i]!; j < field.start[i + 1]!; j++) words.push(corpus.vocabulary[field.words[j]!]!);
  return words.join(" ");
}

export const vectorOf = (corpus: Corpus, i: number): number[] => Array.from(corpus.vectors.subarray(i * DIMS, (i + 1) * DIMS));

/**
 * 1–4 distinct terms per query; each term half the time by Zipf frequency (mostly frequent words,
 * matching much of the corpus) and half the time uniformly by rank (mostly rare words), so the
 * set mixes long and short posting lists. Distinct, because engines weigh a repeated term differently.
 */
export function makeQueries(vocabularySize: number, count: number, seed: number): Query[] {
  const random = rng(seed);
  const draw = zipfSampler(random, vocabularySize);
  return Array.from({ length: count }, () => {
    const size = between(random, QUERY_TERMS);
    const terms = new Set<number>();
    while (terms.size < size) terms.add(random() < 0.5 ? draw() : Math.floor(random() * vocabularySize));
    return [...terms];
  });
}

export const queryText = (corpus: Corpus, query: Query) => query.map((word) => corpus.vocabulary[word]!).join(" ");

/** Query vectors for hybrid: unit Gaussian, like the documents', rounded to float32. */
export function makeQueryVectors(count: number, seed: number): number[][] {
  const random = rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: DIMS }, () => Math.fround(gaussian(random))));
}

/** Tokens and the share of documents holding the most frequent word, for the settings line. */
export function corpusStats(corpus: Corpus): { tokens: number; topWordDocs: number } {
  const [title, body] = corpus.fields;
  let holding = 0;
  for (let i = 0; i < corpus.count; i++) {
    let found = false;
    for (const field of [title!, body!]) {
      for (let j = field.start[i]!; j < field.start[i + 1]! && !found; j++) found = field.words[j] === 0;
    }
    if (found) holding++;
  }
  return { tokens: title!.words.length + body!.words.length, topWordDocs: holding / corpus.count };
}
