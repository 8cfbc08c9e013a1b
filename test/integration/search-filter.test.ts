/**
 * The where-filter executor over real RocksDB shards, as a differential test: for every operator
 * and nesting, `matchingObjects` / `matchingLabels` must return exactly what `matchesFilter`
 * (with a reference resolver) accepts over a full scan. Separately, Equal and range filters on
 * filterable properties must be answered without scanning the shard.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { withDefaults } from "../../src/collections/defaults.ts";
import {
  type Collection,
  type ComparisonFilter,
  type Filter,
  type FilterValueType,
  matchesFilter,
  parseBeacon,
  parseRfc3339,
  type ResolveRefs,
  type StoredObject,
  validateFilterAgainst,
} from "../../src/domain/index.ts";
import { type FilterRefs, matchingLabels, matchingObjects } from "../../src/search/filter-exec.ts";
import { planFilter } from "../../src/search/filter-plan.ts";
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
const doc = define({
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

function uuid(kind: number, i: number): string {
  return `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

const words = ["alpha", "Beta", "gamma", "delta", "vector", "search", "hello", "world"] as const;
const dates = [
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

const shards = new Map<string, Shard>();
const stored = new Map<string, Map<string, StoredObject>>();
let root = "";

function classOf(name: string): Collection | undefined {
  return catalog.find((c) => c.class.toLowerCase() === name.toLowerCase());
}

const refs: FilterRefs = {
  collection: classOf,
  shards: (className) => {
    const shard = shards.get(className);
    return shard ? [shard] : [];
  },
};

/** The reference semantics for matchesFilter: legacy beacons count when the id is in the class. */
const resolve: ResolveRefs = (object, property, targetClass) => {
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

before(async () => {
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
});

after(async () => {
  for (const shard of shards.values()) await shard.close();
  await rm(root, { recursive: true, force: true });
});

function valueTypeOf(value: unknown): FilterValueType {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === "number") return Number.isInteger(first) ? "int" : "number";
  if (typeof first === "boolean") return "boolean";
  if (typeof first === "string" && parseRfc3339(first)) return "date";
  return "text";
}

function cmp(p: string | string[], operator: ComparisonFilter["operator"], value: unknown, type?: FilterValueType) {
  return {
    kind: "compare",
    operator,
    path: Array.isArray(p) ? p : [p],
    valueType: type ?? valueTypeOf(value),
    value: value as ComparisonFilter["value"],
  } satisfies Filter;
}
const text = (p: string | string[], operator: ComparisonFilter["operator"], value: unknown) =>
  cmp(p, operator, value, "text");
const and = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "And", operands });
const or = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "Or", operands });
const not = (operand: Filter): Filter => ({ kind: "logical", operator: "Not", operands: [operand] });
const geo = (latitude: number, longitude: number, maxDistance: number): Filter => ({
  kind: "compare",
  operator: "WithinGeoRange",
  path: ["place"],
  valueType: "geoRange",
  value: { latitude, longitude, maxDistance },
});

const filters: Filter[] = [
  // text, word tokenization
  text("title", "Equal", "hello"),
  text("title", "Equal", "Hello World"),
  text("title", "Equal", "!!!"),
  text("title", "NotEqual", "hello"),
  text("title", "ContainsAny", ["hello", "BETA"]),
  text("title", "ContainsAll", ["hello world", "beta"]),
  text("title", "ContainsNone", ["hello", "alpha"]),
  text("title", "Like", "hel*"),
  text("title", "Like", "*ta"),
  text("title", "Like", "h?llo"),
  text("title", "Like", "*"),
  cmp("title", "IsNull", true),
  cmp("title", "IsNull", false),
  // other tokenizations
  text("code", "Equal", "A-1"),
  text("code", "Equal", "a-1"),
  text("code", "Like", "A*"),
  text("code", "NotEqual", "B-2"),
  text("label", "Equal", "Beta"),
  text("label", "ContainsAny", ["beta", "hello"]),
  text("gram", "Equal", "vector"),
  text("gram", "Equal", "vec"),
  text("gram", "Like", "*ect*"),
  text("tags", "Equal", "alpha"),
  text("tags", "ContainsAll", ["alpha", "beta"]),
  text("tags", "ContainsAny", ["gamma", "delta"]),
  text("tags", "ContainsNone", ["gamma", "delta"]),
  cmp("tags", "IsNull", true),
  text("notes", "Equal", "alpha"),
  // numbers
  cmp("rank", "Equal", 3),
  cmp("rank", "NotEqual", 3),
  cmp("rank", "GreaterThan", 3),
  cmp("rank", "GreaterThanEqual", 3),
  cmp("rank", "LessThan", 0),
  cmp("rank", "LessThanEqual", -5),
  cmp("rank", "ContainsAny", [1, 2, 3]),
  cmp("rank", "ContainsNone", [1, 2, 3]),
  cmp("ranks", "GreaterThan", 7),
  cmp("ranks", "ContainsAll", [1, 2]),
  cmp("ranks", "LessThan", 1),
  cmp("hidden", "Equal", 2),
  cmp("score", "Equal", 0, "number"),
  cmp("score", "GreaterThan", 0.25),
  cmp("score", "LessThanEqual", -0.5),
  cmp("scores", "GreaterThanEqual", 2.5),
  cmp("scores", "LessThan", 0, "number"),
  cmp("len(title)", "GreaterThan", 10),
  cmp("len(tags)", "Equal", 0),
  // dates, including sub-millisecond instants and offsets
  ...dates.flatMap((date) =>
    (["Equal", "NotEqual", "GreaterThan", "GreaterThanEqual", "LessThan", "LessThanEqual"] as const).map(
      (operator) => cmp("when", operator, date),
    ),
  ),
  cmp("when", "ContainsAny", [dates[1], dates[4]]),
  cmp("whens", "GreaterThan", dates[5]),
  cmp("whens", "ContainsAll", [dates[0], dates[2]]),
  cmp("whens", "Equal", dates[7]),
  cmp("_creationTimeUnix", "GreaterThan", "5200", "text"),
  // booleans, uuids, geo
  cmp("open", "Equal", true),
  cmp("open", "Equal", false),
  cmp("open", "NotEqual", true),
  cmp("flags", "ContainsAll", [true, false]),
  cmp("flags", "ContainsAny", [true]),
  text("other", "Equal", uuid(2, 3).toUpperCase()),
  text("other", "ContainsAny", [uuid(2, 3), uuid(2, 4).replaceAll("-", "")]),
  text("other", "NotEqual", uuid(2, 3)),
  text("others", "ContainsAll", [uuid(2, 1), uuid(2, 2)]),
  text("others", "ContainsNone", [uuid(2, 1)]),
  geo(52.5, 4.5, 30_000),
  geo(0, 0, 10),
  // ids
  text("_id", "Equal", uuid(1, 7).toUpperCase()),
  text("_id", "Equal", uuid(1, 5)), // deleted
  text("_id", "ContainsAny", [uuid(1, 7), uuid(1, 8), uuid(9, 9)]),
  text("_id", "NotEqual", uuid(1, 7)),
  // references: count, one hop, two hops
  cmp("hasAuthor", "GreaterThan", 1),
  cmp("hasAuthor", "Equal", 0),
  text(["hasAuthor", "Author", "name"], "Equal", "ann"),
  text(["hasAuthor", "author", "name"], "Like", "B*"),
  cmp(["hasAuthor", "Author", "age"], "GreaterThan", 50),
  text(["hasAuthor", "Author", "name"], "NotEqual", "ann"),
  cmp(["hasAuthor", "Author", "name"], "IsNull", true),
  text(["hasAuthor", "Author", "_id"], "Equal", uuid(2, 4)),
  text(["hasAuthor", "Author", "worksAt", "Company", "name"], "Equal", "Acme"),
  cmp(["hasAuthor", "Author", "worksAt", "Company", "size"], "LessThan", 250),
  // nesting
  and(text("title", "Equal", "hello"), cmp("rank", "GreaterThan", 2)),
  and(text("title", "Equal", "hello"), text("title", "Like", "*orld")),
  and(text("tags", "Equal", "alpha"), cmp("when", "GreaterThan", dates[0])),
  and(cmp("when", "Equal", dates[0]), cmp("rank", "GreaterThanEqual", 0)),
  and(cmp("rank", "GreaterThanEqual", 0), not(cmp("open", "Equal", true)), cmp("when", "LessThan", dates[5])),
  or(text("code", "Equal", "B-2"), cmp("score", "Equal", 3, "number")),
  or(text("code", "Equal", "B-2"), text("title", "Like", "w*")),
  or(and(text("tags", "Equal", "beta"), cmp("open", "Equal", true)), text("_id", "Equal", uuid(1, 11))),
  not(or(cmp("rank", "LessThan", 5), cmp("rank", "IsNull", true))),
  and(or(cmp("when", "Equal", dates[1]), cmp("ranks", "Equal", 4)), text(["hasAuthor", "Author", "name"], "Equal", "Bob")),
  and(text(["hasAuthor", "Author", "name"], "Equal", "ann"), not(text("title", "ContainsAny", ["hello", "alpha"]))),
  not(and()),
  and(),
  or(),
];

async function collect(shard: SearchShard, filter: Filter | undefined): Promise<string[]> {
  const ids: string[] = [];
  for await (const { object } of matchingObjects(shard, doc, filter, refs)) ids.push(object.id);
  return ids;
}

async function inDocIdOrder(): Promise<Array<{ object: StoredObject; docId: number }>> {
  const all: Array<{ object: StoredObject; docId: number }> = [];
  for await (const record of shards.get("Doc")!.scanByDocId()) all.push(record);
  return all;
}

interface Counts {
  scans: number;
  reads: number;
}

function counting(shard: Shard): { shard: SearchShard; counts: Counts } {
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
  };
  return { shard: proxy, counts };
}

describe("where filters over a real shard", () => {
  it("matchingObjects and matchingLabels agree with matchesFilter over a scan", async () => {
    const all = await inDocIdOrder();
    assert.equal(all.length, 299);
    const shard = shards.get("Doc")!;
    let nonTrivial = 0;
    for (const filter of filters) {
      const label = JSON.stringify(filter);
      validateFilterAgainst(filter, doc, { getCollection: classOf, checkIndexes: false });
      const expected = all.filter(({ object }) => matchesFilter(filter, object, doc, resolve));
      if (expected.length > 0 && expected.length < all.length) nonTrivial++;
      assert.deepEqual(await collect(shard, filter), expected.map(({ object }) => object.id), label);
      const labels = await matchingLabels(shard, doc, filter, refs);
      assert.deepEqual([...labels].sort((a, b) => a - b), expected.map(({ docId }) => docId), label);
    }
    // The data must make most filters discriminate, or the comparison proves little.
    assert.ok(nonTrivial > filters.length * 0.8, `only ${nonTrivial} of ${filters.length} filters discriminate`);
  });

  it("no filter yields every object in docId order", async () => {
    const all = await inDocIdOrder();
    assert.deepEqual(await collect(shards.get("Doc")!, undefined), all.map(({ object }) => object.id));
  });

  it("Equal and ranges on filterable properties never scan", async () => {
    const narrowable: Filter[] = [
      text("title", "Equal", "hello"),
      text("code", "Equal", "A-1"),
      text("tags", "ContainsAny", ["gamma", "delta"]),
      cmp("rank", "GreaterThan", 3),
      cmp("scores", "LessThan", 0, "number"),
      cmp("when", "GreaterThanEqual", dates[1]),
      cmp("when", "Equal", dates[4]),
      cmp("open", "Equal", false),
      text("other", "Equal", uuid(2, 3)),
      text("_id", "ContainsAny", [uuid(1, 7), uuid(1, 8)]),
      and(text("title", "Equal", "hello"), text("title", "Like", "*orld")),
      and(cmp("rank", "LessThan", 3), text(["hasAuthor", "Author", "name"], "Equal", "ann")),
      or(text("code", "Equal", "B-2"), cmp("score", "Equal", 3, "number")),
    ];
    for (const filter of narrowable) {
      const { shard, counts } = counting(shards.get("Doc")!);
      await collect(shard, filter);
      await matchingLabels(shard, doc, filter, refs);
      assert.equal(counts.scans, 0, JSON.stringify(filter));
    }
  });

  it("an exact plan gives labels without reading a record; the reference target is narrowed too", async () => {
    const { shard, counts } = counting(shards.get("Doc")!);
    const filter = and(cmp("rank", "GreaterThan", 3), text("tags", "Equal", "alpha"));
    const plan = await planFilter(filter, doc, shard);
    assert.equal(plan?.exact, true);
    await matchingLabels(shard, doc, filter, refs);
    assert.equal(counts.reads, 0);

    const authorShard = counting(shards.get("Author")!);
    const viaAuthor: FilterRefs = {
      collection: classOf,
      shards: (name) => (name === "Author" ? [authorShard.shard] : refs.shards(name)),
    };
    const ref = and(cmp("rank", "LessThan", 3), text(["hasAuthor", "Author", "name"], "Equal", "ann"));
    await matchingLabels(shard, doc, ref, viaAuthor);
    assert.equal(authorShard.counts.scans, 0);
    assert.equal(authorShard.counts.reads, 0);
  });
});
