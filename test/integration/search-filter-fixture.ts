/**
 * The data set shared by the search-filter-*.test.ts files: Company, Author and Doc collections
 * with seeded pseudo-random objects (every data type, legacy and class-qualified beacons, some
 * dangling), written to real RocksDB shards; plus filter builders, the reference semantics for
 * `matchesFilter`, and a shard proxy that counts scans and record reads.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { withDefaults } from "../../src/collections/defaults.ts";
import {
  type Collection,
  type ComparisonFilter,
  type Filter,
  type FilterValueType,
  parseBeacon,
  parseRfc3339,
  type StoredObject,
} from "../../src/domain/index.ts";
import { type FilterRefs, matchingObjects, type ResolveRefs } from "../../src/filters/index.ts";
import type { SearchShard } from "../../src/search/ports.ts";
import { Shard } from "../../src/shards/index.ts";
import { tempDir } from "../helpers/server.ts";

function define(input: Record<string, unknown>): Collection {
  return withDefaults(
    {
      vectorIndexConfig: { distance: "cosine" },
      invertedIndexConfig: { indexNullState: true, indexPropertyLength: true, indexTimestamps: true },
      ...input,
    } as never,
    { defaultDistance: "cosine", defaultVectorizer: "none" },
  );
}

const company = define({
  class: "Company",
  properties: [
    { name: "name", dataType: ["text"], tokenization: "field" },
    { name: "size", dataType: ["int"] },
  ],
});
const author = define({
  class: "Author",
  properties: [
    { name: "name", dataType: ["text"] },
    { name: "age", dataType: ["int"] },
    { name: "worksAt", dataType: ["Company"] },
  ],
});
export const doc = define({
  class: "Doc",
  properties: [
    { name: "title", dataType: ["text"] },
    { name: "code", dataType: ["text"], tokenization: "field" },
    { name: "label", dataType: ["text"], tokenization: "whitespace" },
    { name: "gram", dataType: ["text"], tokenization: "trigram" },
    { name: "tags", dataType: ["text[]"] },
    { name: "notes", dataType: ["text"], indexFilterable: false },
    { name: "rank", dataType: ["int"] },
    { name: "ranks", dataType: ["int[]"] },
    { name: "hidden", dataType: ["int"], indexFilterable: false },
    { name: "score", dataType: ["number"] },
    { name: "scores", dataType: ["number[]"] },
    { name: "when", dataType: ["date"] },
    { name: "whens", dataType: ["date[]"] },
    { name: "open", dataType: ["boolean"] },
    { name: "flags", dataType: ["boolean[]"] },
    { name: "other", dataType: ["uuid"] },
    { name: "others", dataType: ["uuid[]"] },
    { name: "place", dataType: ["geoCoordinates"] },
    { name: "hasAuthor", dataType: ["Author"] },
  ],
});
const catalog = [company, author, doc];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(42);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const maybe = <T>(value: () => T, p = 0.8): T | undefined => (rnd() < p ? value() : undefined);
const some = <T>(n: number, value: () => T): T[] => Array.from({ length: int(n + 1) }, value);

export function uuid(kind: number, i: number): string {
  return `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

const words = ["alpha", "Beta", "gamma", "delta", "vector", "search", "hello", "world"] as const;
export const dates = [
  "2020-01-01T00:00:00Z",
  "2020-01-01T00:00:00.0005Z",
  "2020-01-01T00:00:00.001Z",
  "2020-01-01T02:00:00+02:00",
  "2021-06-30T23:59:59.999999999Z",
  "2021-07-01T00:00:00Z",
  "1969-12-31T23:59:59.999999Z",
  "1999-03-04T05:06:07.25-03:30",
] as const;
const norm = (date: string) => parseRfc3339(date)!.normalized;

function props(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));
}

const companies: StoredObject[] = Array.from({ length: 6 }, (_, i) => ({
  id: uuid(3, i),
  className: "Company",
  properties: props({ name: pick(["Acme", "acme", "Globex", "Initech Corp"]), size: maybe(() => int(500)) }),
  vectors: {},
  creationTimeUnix: 1000 + i,
  lastUpdateTimeUnix: 1000 + i,
}));

const authors: StoredObject[] = Array.from({ length: 30 }, (_, i) => ({
  id: uuid(2, i),
  className: "Author",
  properties: props({
    name: maybe(() => `${pick(["Ann", "Bob", "Cy", "ann"])} ${pick(["Smith", "Jones"])}`),
    age: maybe(() => 20 + int(50)),
    worksAt: maybe(() =>
      some(2, () => ({ beacon: `weaviate://localhost/Company/${uuid(3, int(8))}` })),
    ),
  }),
  vectors: {},
  creationTimeUnix: 2000 + i,
  lastUpdateTimeUnix: 2000 + i,
}));

function beaconTo(): { beacon: string } {
  const target = uuid(2, int(34)); // a few point to authors that do not exist
  const form = int(4);
  if (form === 0) return { beacon: `weaviate://localhost/${target}` };
  // The right id under the wrong class must not count.
  if (form === 1) return { beacon: `weaviate://localhost/Company/${target}` };
  return { beacon: `weaviate://localhost/Author/${target}` };
}

const docs: StoredObject[] = Array.from({ length: 300 }, (_, i) => ({
  id: uuid(1, i),
  className: "Doc",
  properties: props({
    title: maybe(() => some(3, () => pick(words)).join(pick([" ", ", ", "-", "!"]))),
    code: maybe(() => pick(["A-1", "a-1", "B-2", "C 3", " A-1"])),
    label: maybe(() => some(2, () => pick(words)).join(" ")),
    gram: maybe(() => pick(words)),
    tags: maybe(() => some(3, () => pick(words))),
    notes: maybe(() => pick(words)),
    rank: maybe(() => int(20) - 5),
    ranks: maybe(() => some(3, () => int(10))),
    hidden: maybe(() => int(5)),
    score: maybe(() => pick([0, -0.5, 0.25, 0.5, 1.75, 3])),
    scores: maybe(() => some(2, () => rnd() * 4 - 1)),
    when: maybe(() => norm(pick(dates))),
    whens: maybe(() => some(2, () => norm(pick(dates)))),
    open: maybe(() => rnd() < 0.5),
    flags: maybe(() => some(2, () => rnd() < 0.5)),
    other: maybe(() => uuid(2, int(10))),
    others: maybe(() => some(3, () => uuid(2, int(6)))),
    place: maybe(() => ({ latitude: 52 + rnd(), longitude: 4 + rnd() })),
    hasAuthor: maybe(() => some(2, beaconTo)),
  }),
  vectors: {},
  creationTimeUnix: 5000 + i,
  lastUpdateTimeUnix: 5000 + i,
}));

export const shards = new Map<string, Shard>();
const stored = new Map<string, Map<string, StoredObject>>();
let root = "";

export function classOf(name: string): Collection | undefined {
  return catalog.find((c) => c.class.toLowerCase() === name.toLowerCase());
}

export const refs: FilterRefs = {
  collection: classOf,
  shards: (className) => {
    const shard = shards.get(className);
    return shard ? [shard] : [];
  },
};

/** The reference semantics for matchesFilter: legacy beacons count when the id is in the class. */
export const resolve: ResolveRefs = (object, property, targetClass) => {
  const target = classOf(targetClass);
  if (!target) return undefined;
  const raw = object.properties[property];
  const found: StoredObject[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const parsed = parseBeacon((entry as { beacon: string }).beacon);
    if (typeof parsed === "string") continue;
    if (parsed.className !== undefined && parsed.className.toLowerCase() !== target.class.toLowerCase()) continue;
    const hit = stored.get(target.class)?.get(parsed.id);
    if (hit) found.push(hit);
  }
  return { collection: target, objects: found };
};

/** Opens one shard per class in a temporary directory and writes the data; for `before`. */
export async function openShards(): Promise<void> {
  root = await tempDir("search-filter-");
  for (const [collection, objects] of [
    [company, companies],
    [author, authors],
    [doc, docs],
  ] as const) {
    const shard = await Shard.open(path.join(root, collection.class), "s", collection);
    // Several writes so docIds and uuid order differ, plus replacements and a delete.
    await shard.put(objects.filter((_, i) => i % 2 === 1));
    await shard.put(objects.filter((_, i) => i % 2 === 0));
    await shard.put(objects.filter((_, i) => i % 7 === 0));
    shards.set(collection.class, shard);
  }
  const docShard = shards.get("Doc")!;
  await docShard.delete([uuid(1, 5)]);
  for (const [name, shard] of shards) {
    const map = new Map<string, StoredObject>();
    for await (const { object } of shard.scanByDocId()) map.set(object.id, object);
    stored.set(name, map);
  }
}

/** Closes the shards and removes their directory; for `after`. */
export async function closeShards(): Promise<void> {
  for (const shard of shards.values()) await shard.close();
  await rm(root, { recursive: true, force: true });
}

function valueTypeOf(value: unknown): FilterValueType {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === "number") return Number.isInteger(first) ? "int" : "number";
  if (typeof first === "boolean") return "boolean";
  if (typeof first === "string" && parseRfc3339(first)) return "date";
  return "text";
}

/** A comparison; the value type is inferred from the value unless given. */
export function cmp(p: string | string[], operator: ComparisonFilter["operator"], value: unknown, type?: FilterValueType) {
  return {
    kind: "compare",
    operator,
    path: Array.isArray(p) ? p : [p],
    valueType: type ?? valueTypeOf(value),
    value: value as ComparisonFilter["value"],
  } satisfies Filter;
}
export const text = (p: string | string[], operator: ComparisonFilter["operator"], value: unknown) =>
  cmp(p, operator, value, "text");
export const and = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "And", operands });
export const or = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "Or", operands });
export const not = (operand: Filter): Filter => ({ kind: "logical", operator: "Not", operands: [operand] });
export const geo = (latitude: number, longitude: number, maxDistance: number): Filter => ({
  kind: "compare",
  operator: "WithinGeoRange",
  path: ["place"],
  valueType: "geoRange",
  value: { latitude, longitude, maxDistance },
});

/** The ids `matchingObjects` yields for the Doc shard and `filter`, in its order. */
export async function collect(shard: SearchShard, filter: Filter | undefined): Promise<string[]> {
  const ids: string[] = [];
  for await (const { object } of matchingObjects(shard, doc, filter, refs)) ids.push(object.id);
  return ids;
}

/** Every stored Doc record, by a full scan in docId order. */
export async function inDocIdOrder(): Promise<Array<{ object: StoredObject; docId: number }>> {
  const all: Array<{ object: StoredObject; docId: number }> = [];
  for await (const record of shards.get("Doc")!.scanByDocId()) all.push(record);
  return all;
}

interface Counts {
  scans: number;
  reads: number;
}

/** A SearchShard over `shard` that counts full scans and records read. */
export function counting(shard: Shard): { shard: SearchShard; counts: Counts } {
  const counts: Counts = { scans: 0, reads: 0 };
  const proxy: SearchShard = {
    get objectCount() {
      return shard.objectCount;
    },
    getRecords: (ids) => {
      counts.reads += ids.length;
      return shard.getRecords(ids);
    },
    scanByDocId: () => {
      counts.scans++;
      return shard.scanByDocId();
    },
    list: (options) => shard.list(options),
    indexLookup: (lookup) => shard.indexLookup(lookup),
    dimensions: (space) => shard.dimensions(space),
    nearest: (space, vector, k, allow) => shard.nearest(space, vector, k, allow),
    keywordIndex: () => shard.keywordIndex(),
    idOf: (docId) => shard.idOf(docId),
  };
  return { shard: proxy, counts };
}
