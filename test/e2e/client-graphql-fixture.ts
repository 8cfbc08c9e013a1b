/**
 * The Article / Author data set shared by the client-graphql-*.test.ts files, and the reference
 * computations (cosine distance, filters, grouping, autocut) the expected answers come from.
 * Everything is deterministic: a seeded generator, float32-exact vector components (so what the
 * server stores is exactly what the test computes with) and ids derived from a hash, so the uuid
 * order differs from the insertion order.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { WeaviateClient } from "../helpers/client.ts";

export const DIM = 8;

/** mulberry32: a small seeded generator, enough for reproducible test data. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped uuid derived from `key`. */
export function uuidFrom(key: string): string {
  const hex = createHash("sha1").update(key).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function randomVector(next: () => number): number[] {
  return Array.from({ length: DIM }, () => Math.fround(next() * 2 - 1));
}

export interface AuthorRow {
  id: string;
  name: string;
  age: number;
  vector: number[];
}

export interface ArticleRow {
  index: number;
  id: string;
  title: string;
  wordCount: number;
  published: string;
  tags: string[];
  category: string;
  location: { latitude: number; longitude: number };
  city: string;
  author: AuthorRow;
  vector: number[];
}

const ADJECTIVES = ["quick", "deep", "practical", "modern", "gentle", "hidden", "brief"];
const TOPICS = ["vector", "graph", "search", "index", "cluster"];
const TAGS = ["ai", "db", "ml", "web", "ops", "cloud"];
export const CITIES = [
  { name: "Amsterdam", latitude: 52.37, longitude: 4.9 },
  { name: "Berlin", latitude: 52.52, longitude: 13.4 },
  { name: "Paris", latitude: 48.86, longitude: 2.35 },
  { name: "Madrid", latitude: 40.42, longitude: -3.7 },
  { name: "Rome", latitude: 41.9, longitude: 12.5 },
] as const;
/** Category sizes are all different, so Aggregate's groups (largest first) have one order. */
export const CATEGORY_SIZES: ReadonlyArray<[string, number]> = [
  ["news", 16],
  ["tech", 13],
  ["science", 10],
  ["sports", 7],
  ["arts", 4],
];
export const ARTICLE_COUNT = 50;
/** Articles 0..CLUSTER_SIZE-1 sit right next to CLUSTER_CENTER (for autocut). */
export const CLUSTER_SIZE = 3;

const next = generator(20240601);
export const CLUSTER_CENTER = randomVector(next);

export const authors: AuthorRow[] = [
  { name: "Ann", age: 34 },
  { name: "Bob", age: 51 },
  { name: "Cleo", age: 28 },
  { name: "Dan", age: 45 },
  { name: "Eve", age: 62 },
].map((author, k) => ({ ...author, id: uuidFrom(`author-${k}`), vector: randomVector(next) }));

const categorySequence = CATEGORY_SIZES.flatMap(([name, size]) => Array.from({ length: size }, () => name));

export const articles: ArticleRow[] = Array.from({ length: ARTICLE_COUNT }, (_, i) => {
  const adjective = ADJECTIVES[Math.floor(next() * ADJECTIVES.length)]!;
  const topic = TOPICS[Math.floor(next() * TOPICS.length)]!;
  const tags = TAGS.filter(() => next() < 0.3);
  if (tags.length === 0) tags.push(TAGS[i % TAGS.length]!);
  const city = CITIES[i % CITIES.length]!;
  const location = {
    latitude: Number((city.latitude + (next() - 0.5) * 0.06).toFixed(5)),
    longitude: Number((city.longitude + (next() - 0.5) * 0.06).toFixed(5)),
  };
  const vector =
    i < CLUSTER_SIZE
      ? CLUSTER_CENTER.map((x) => Math.fround(x + (next() - 0.5) * 0.02))
      : randomVector(next);
  return {
    index: i,
    id: uuidFrom(`article-${i}`),
    title: `${adjective} ${topic} part ${i}`,
    wordCount: 100 + ((i * 37) % ARTICLE_COUNT) * 10,
    published: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().replace(".000Z", "Z"),
    tags,
    category: categorySequence[(i * 7) % ARTICLE_COUNT]!,
    location,
    city: city.name,
    author: authors[i % authors.length]!,
    vector,
  };
});

/** Two query vectors that match nothing stored exactly. */
export const QUERY_A = randomVector(next);
export const QUERY_B = randomVector(next);

export const articleById = new Map(articles.map((article) => [article.id, article]));

// ---------------------------------------------------------------------------------------------
// Reference computations

export function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return 1 - dot / Math.sqrt(na * nb);
}

export interface Ranked<T> {
  row: T;
  distance: number;
}

/** Rows by ascending cosine distance to `query`. */
export function rank<T extends { vector: number[] }>(rows: readonly T[], query: readonly number[]): Ranked<T>[] {
  return rows
    .map((row) => ({ row, distance: cosineDistance(row.vector, query) }))
    .sort((a, b) => a.distance - b.distance);
}

/**
 * Fails when two of the first `count` distances are so close that float32 rounding on the
 * server could swap them: a guard on the test data, not on the server.
 */
export function assertSeparated(ranked: ReadonlyArray<{ distance: number }>, count: number): void {
  for (let i = 1; i < Math.min(count, ranked.length); i++) {
    const gap = ranked[i]!.distance - ranked[i - 1]!.distance;
    assert.ok(gap > 1e-4, `test data: distances ${i - 1} and ${i} are only ${gap} apart`);
  }
}

/** A threshold strictly between the k-th and (k+1)-th distance, so exactly k rows pass. */
export function thresholdAfter(ranked: ReadonlyArray<{ distance: number }>, k: number): number {
  return (ranked[k - 1]!.distance + ranked[k]!.distance) / 2;
}

/** Weaviate's word tokenization: lower-cased runs of letters and digits. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** `Like` against word tokens: `*` any run of characters, `?` exactly one. */
export function likeMatches(pattern: string, text: string): boolean {
  const source = pattern
    .toLowerCase()
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const regex = new RegExp(`^${source}$`);
  return wordTokens(text).some((token) => regex.test(token));
}

/** Great-circle distance in meters. */
export function geoDistance(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(h));
}

/** Weaviate's autocut: the cut index after the `cutOff`-th local maximum of (normalised y − x). */
export function autocut(yValues: readonly number[], cutOff: number): number {
  const n = yValues.length;
  if (n <= 1) return n;
  const step = 1 / (n - 1);
  const span = yValues[n - 1]! - yValues[0]!;
  const diff = yValues.map((y, i) => (y - yValues[0]!) / span - i * step);
  let extrema = 0;
  for (let i = 1; i < n; i++) {
    const isLast = i === n - 1;
    const peak = isLast
      ? diff[i]! > diff[i - 1]! && diff[i]! > diff[i - 2]!
      : diff[i]! > diff[i - 1]! && diff[i]! > diff[i + 1]!;
    if (peak && ++extrema >= cutOff) return i;
  }
  return n;
}

export function sortedIds(rows: ReadonlyArray<{ id: string }>): string[] {
  return rows.map((row) => row.id).sort();
}

export function approxEqual(actual: unknown, expected: number, message: string, tolerance = 1e-5): void {
  assert.equal(typeof actual, "number", `${message}: expected a number, got ${JSON.stringify(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) <= tolerance, `${message}: ${actual} vs expected ${expected}`);
}

/** One object of a Get reply, as the tests here select it. */
export interface Hit {
  title?: string;
  wordCount?: number;
  published?: string;
  _additional: { id: string; distance?: number | null; certainty?: number | null };
}

/** The list under `Get.<className>` of a client reply; fails when it is not a list. */
export function getOf(reply: { data: { Get: Record<string, unknown> } }, className = "Article"): Hit[] {
  const list = reply.data.Get[className];
  assert.ok(Array.isArray(list), `expected a list under Get.${className}, got ${JSON.stringify(reply.data)}`);
  return list as Hit[];
}

// ---------------------------------------------------------------------------------------------
// Loading it through the client

export async function loadDataSet(client: WeaviateClient): Promise<void> {
  await client.schema
    .classCreator()
    .withClass({
      class: "Author",
      vectorizer: "none",
      properties: [
        { name: "name", dataType: ["text"] },
        { name: "age", dataType: ["int"] },
      ],
    })
    .do();
  await client.schema
    .classCreator()
    .withClass({
      class: "Article",
      vectorizer: "none",
      properties: [
        { name: "title", dataType: ["text"] },
        { name: "wordCount", dataType: ["int"] },
        { name: "published", dataType: ["date"] },
        { name: "tags", dataType: ["text[]"] },
        { name: "location", dataType: ["geoCoordinates"] },
        { name: "category", dataType: ["text"] },
        { name: "hasAuthor", dataType: ["Author"] },
      ],
    })
    .do();
  // The back-reference, added once Article exists.
  await client.schema
    .propertyCreator()
    .withClassName("Author")
    .withProperty({ name: "wrote", dataType: ["Article"] })
    .do();

  const batch = await client.batch
    .objectsBatcher()
    .withObjects(
      ...authors.map((author) => ({
        class: "Author",
        id: author.id,
        properties: { name: author.name, age: author.age },
        vector: author.vector,
      })),
      ...articles.map((article) => ({
        class: "Article",
        id: article.id,
        properties: {
          title: article.title,
          wordCount: article.wordCount,
          published: article.published,
          tags: article.tags,
          location: article.location,
          category: article.category,
        },
        vector: article.vector,
      })),
    )
    .do();
  assert.equal(batch.length, authors.length + articles.length);
  for (const item of batch) assert.equal(item.result?.errors, undefined, JSON.stringify(item.result?.errors));

  const references = await client.batch
    .referencesBatcher()
    .withReferences(
      ...articles.map((article) =>
        client.batch
          .referencePayloadBuilder()
          .withFromClassName("Article")
          .withFromId(article.id)
          .withFromRefProp("hasAuthor")
          .withToClassName("Author")
          .withToId(article.author.id)
          .payload(),
      ),
    )
    .do();
  assert.equal(references.length, articles.length);
  for (const item of references) assert.equal(item.result?.status, "SUCCESS", JSON.stringify(item.result));

  // Author.wrote, one reference at a time, in article order.
  for (const article of articles) {
    await client.data
      .referenceCreator()
      .withClassName("Author")
      .withId(article.author.id)
      .withReferenceProperty("wrote")
      .withReference(client.data.referencePayloadBuilder().withClassName("Article").withId(article.id).payload())
      .do();
  }
}
