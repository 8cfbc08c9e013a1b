/**
 * The where-filter planner against an in-memory shard: which index lookups a filter turns into,
 * when the result is exact, how And/Or combine, and that everything else falls back to a scan.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type {
  Collection,
  ComparisonFilter,
  Filter,
  FilterValueType,
  Property,
  StoredObject,
} from "../../../src/domain/index.ts";
import { matchesFilter, tokenize } from "../../../src/domain/index.ts";
import { isAppError } from "../../../src/errors/index.ts";
import { matchingLabels, matchingObjects } from "../../../src/search/filter-exec.ts";
import { planFilter } from "../../../src/search/filter-plan.ts";
import type { IndexLookup, LabelledObject, SearchShard } from "../../../src/search/ports.ts";

function collection(name: string, properties: Property[]): Collection {
  return {
    class: name,
    properties,
    invertedIndexConfig: {},
    multiTenancyConfig: { enabled: false, autoTenantCreation: false, autoTenantActivation: false },
    replicationConfig: {},
    shardingConfig: {},
  };
}

const doc = collection("Doc", [
  { name: "title", dataType: ["text"], tokenization: "word" },
  { name: "code", dataType: ["text"], tokenization: "field" },
  { name: "tags", dataType: ["text[]"] },
  { name: "rank", dataType: ["int"] },
  { name: "scores", dataType: ["number[]"] },
  { name: "when", dataType: ["date"] },
  { name: "open", dataType: ["boolean"] },
  { name: "other", dataType: ["uuid"] },
  { name: "place", dataType: ["geoCoordinates"] },
  { name: "hidden", dataType: ["int"], indexFilterable: false },
  { name: "hasAuthor", dataType: ["Author"] },
]);

/** What storage/inverted.ts indexes for one property value. */
function indexValues(property: Property, raw: unknown): Array<string | number | boolean> {
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  switch ((property.dataType[0] ?? "").replace("[]", "")) {
    case "text":
      return items.flatMap((item) => tokenize(String(item), property.tokenization ?? "word"));
    case "int":
    case "number":
      return items as number[];
    case "date":
      return items.map((item) => Date.parse(String(item)));
    case "boolean":
      return items as boolean[];
    case "uuid":
      return items.map((item) => String(item).toLowerCase());
    default:
      return [];
  }
}

function compare(a: string | number | boolean, b: string | number | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const satisfies: Record<IndexLookup["operator"], (order: number) => boolean> = {
  Equal: (o) => o === 0,
  GreaterThan: (o) => o > 0,
  GreaterThanEqual: (o) => o >= 0,
  LessThan: (o) => o < 0,
  LessThanEqual: (o) => o <= 0,
};

/** An in-memory SearchShard that records what it was asked. */
class FakeShard implements SearchShard {
  lookups: IndexLookup[] = [];
  recordReads = 0;
  scans = 0;
  private readonly records: LabelledObject[];

  constructor(
    private readonly collection: Collection,
    objects: StoredObject[],
  ) {
    this.records = objects.map((object, i) => ({ object, docId: i + 1 }));
  }

  get objectCount(): number {
    return this.records.length;
  }

  async getRecords(ids: string[]): Promise<Array<LabelledObject | undefined>> {
    this.recordReads += ids.length;
    return ids.map((id) => this.records.find((record) => record.object.id === id));
  }

  async *scanByDocId(): AsyncIterable<LabelledObject> {
    this.scans++;
    yield* this.records;
  }

  async list(): Promise<StoredObject[]> {
    throw new Error("not used");
  }

  async *indexLookup(lookup: IndexLookup): AsyncIterable<{ id: string; docId: number }> {
    this.lookups.push(lookup);
    const property = this.collection.properties.find((p) => p.name === lookup.property)!;
    for (const { object, docId } of this.records) {
      const values = indexValues(property, object.properties[property.name]);
      if (values.some((value) => satisfies[lookup.operator](compare(value, lookup.value)))) {
        yield { id: object.id, docId };
      }
    }
  }

  dimensions(): number | undefined {
    return undefined;
  }

  async nearest(): Promise<never> {
    throw new Error("not used");
  }
}

function uuid(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

function make(i: number, properties: Record<string, unknown>): StoredObject {
  return { id: uuid(i), className: "Doc", properties, vectors: {}, creationTimeUnix: i, lastUpdateTimeUnix: i };
}

const objects = [
  make(1, { title: "Hello World", code: "A-1", tags: ["red", "blue"], rank: 1, when: "2020-01-01T00:00:00Z" }),
  make(2, { title: "hello there", code: "B-2", tags: ["blue"], rank: 2, open: true, other: uuid(9) }),
  make(3, { title: "goodbye world", tags: [], rank: 3, scores: [1.5, 9], when: "2020-01-01T00:00:00.0005Z" }),
  make(4, { title: "", rank: 4, open: false, when: "2021-06-01T12:00:00.25+02:00" }),
  make(5, { code: "A-1", scores: [2], open: true, hidden: 7, place: { latitude: 1, longitude: 2 } }),
];

function cmp(path: string | string[], operator: ComparisonFilter["operator"], value: unknown): ComparisonFilter {
  const first = Array.isArray(value) ? value[0] : value;
  const valueType: FilterValueType =
    typeof first === "number" ? (Number.isInteger(first) ? "int" : "number") : typeof first === "boolean" ? "boolean" : "text";
  return {
    kind: "compare",
    operator,
    path: Array.isArray(path) ? path : [path],
    valueType,
    value: value as ComparisonFilter["value"],
  };
}
const and = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "And", operands });
const or = (...operands: Filter[]): Filter => ({ kind: "logical", operator: "Or", operands });
const not = (operand: Filter): Filter => ({ kind: "logical", operator: "Not", operands: [operand] });

async function plan(filter: Filter) {
  const shard = new FakeShard(doc, objects);
  const result = await planFilter(filter, doc, shard);
  const ids = result?.candidates.map((candidate) => Number.parseInt(candidate.id.slice(-4), 16));
  return { shard, result, ids };
}

/** The objects matchesFilter accepts, by number. */
function truth(filter: Filter): number[] {
  return objects.filter((object) => matchesFilter(filter, object, doc)).map((o) => Number.parseInt(o.id.slice(-4), 16));
}

describe("planFilter: single comparisons", () => {
  it("Equal on an int is one exact lookup", async () => {
    const { shard, result, ids } = await plan(cmp("rank", "Equal", 2));
    assert.deepEqual(shard.lookups, [{ property: "rank", type: "number", operator: "Equal", value: 2 }]);
    assert.equal(result?.exact, true);
    assert.deepEqual(ids, [2]);
    assert.equal(shard.scans, 0);
  });

  it("ranges on numbers (and number arrays) use one range lookup", async () => {
    const { shard, result, ids } = await plan(cmp("scores", "GreaterThanEqual", 2));
    assert.deepEqual(shard.lookups, [{ property: "scores", type: "number", operator: "GreaterThanEqual", value: 2 }]);
    assert.equal(result?.exact, true);
    assert.deepEqual(ids, [3, 5]);
  });

  it("text Equal looks up every token and intersects", async () => {
    const { shard, result, ids } = await plan(cmp("title", "Equal", "HELLO, world"));
    assert.deepEqual(
      shard.lookups.map((l) => l.value),
      ["hello", "world"],
    );
    assert.equal(result?.exact, true);
    assert.deepEqual(ids, [1]);
  });

  it("text Equal without tokens matches nothing and asks nothing", async () => {
    const { shard, result } = await plan(cmp("title", "Equal", "!!!"));
    assert.deepEqual(shard.lookups, []);
    assert.deepEqual(result, { candidates: [], exact: true, verify: new Set() });
  });

  it("field tokenization looks up the whole trimmed value", async () => {
    const { shard, ids } = await plan(cmp("code", "Equal", " A-1 "));
    assert.deepEqual(shard.lookups, [{ property: "code", type: "text", operator: "Equal", value: "A-1" }]);
    assert.deepEqual(ids, [1, 5]);
  });

  it("ContainsAny is a union, ContainsAll an intersection, over the values' tokens", async () => {
    const any = await plan(cmp("tags", "ContainsAny", ["red", "BLUE"]));
    assert.deepEqual(any.ids, [1, 2]);
    assert.equal(any.result?.exact, true);
    const all = await plan(cmp("tags", "ContainsAll", ["red", "blue"]));
    assert.deepEqual(all.ids, [1]);
    const nums = await plan(cmp("scores", "ContainsAny", [2, 9]));
    assert.deepEqual(nums.ids, [3, 5]);
  });

  it("boolean and uuid Equal; uuid values are normalised", async () => {
    const bool = await plan(cmp("open", "Equal", true));
    assert.deepEqual(bool.shard.lookups, [{ property: "open", type: "boolean", operator: "Equal", value: true }]);
    assert.deepEqual(bool.ids, [2, 5]);
    const id = await plan(cmp("other", "Equal", uuid(9).toUpperCase()));
    assert.deepEqual(id.shard.lookups[0]?.value, uuid(9));
    assert.deepEqual(id.ids, [2]);
  });

  it("_id Equal and ContainsAny read records, no index", async () => {
    const one = await plan(cmp("_id", "Equal", uuid(3).toUpperCase()));
    assert.deepEqual(one.shard.lookups, []);
    assert.deepEqual(one.ids, [3]);
    assert.equal(one.result?.exact, true);
    const many = await plan(cmp("_id", "ContainsAny", [uuid(4), uuid(1), uuid(77)]));
    assert.deepEqual(many.ids, [1, 4]);
    const impossible = await plan(cmp("_id", "ContainsAll", [uuid(4), uuid(1)]));
    assert.deepEqual(impossible.ids, []);
  });

  it("dates: a certain range plus a verified millisecond band", async () => {
    const gt = await plan(cmp("when", "GreaterThan", "2020-01-01T00:00:00Z"));
    assert.deepEqual(gt.ids, [1, 3, 4]); // object 1 is in the band, 3 has a sub-millisecond part
    assert.equal(gt.result?.exact, false);
    assert.deepEqual(
      [...(gt.result?.verify ?? [])].sort(),
      [1, 3],
    );
    assert.deepEqual(truth(cmp("when", "GreaterThan", "2020-01-01T00:00:00Z")), [3, 4]);
    const eq = await plan(cmp("when", "Equal", "2020-01-01T00:00:00.0005Z"));
    assert.ok(eq.ids?.includes(3));
    assert.equal(eq.result?.exact, false);
    assert.ok(eq.shard.lookups.every((l) => l.operator === "Equal"));
  });

  it("operators and paths the index cannot answer are not narrowed", async () => {
    const unplanned: Filter[] = [
      cmp("title", "NotEqual", "hello"),
      cmp("title", "Like", "hel*"),
      cmp("tags", "ContainsNone", ["red"]),
      cmp("title", "IsNull", true),
      cmp("rank", "NotEqual", 1),
      cmp("open", "GreaterThan", false),
      cmp("title", "GreaterThan", "a"),
      cmp("len(title)", "Equal", 5),
      cmp("_creationTimeUnix", "Equal", "1"),
      cmp("_id", "NotEqual", uuid(1)),
      cmp("hidden", "Equal", 7),
      cmp("hasAuthor", "Equal", 1),
      cmp(["hasAuthor", "Author", "name"], "Equal", "Ann"),
      cmp("tags", "ContainsAll", []),
      {
        kind: "compare",
        operator: "WithinGeoRange",
        path: ["place"],
        valueType: "geoRange",
        value: { latitude: 1, longitude: 2, maxDistance: 10 },
      },
      not(cmp("rank", "Equal", 1)),
      and(),
    ];
    for (const filter of unplanned) {
      const { shard, result } = await plan(filter);
      assert.equal(result, undefined, JSON.stringify(filter));
      assert.deepEqual(shard.lookups, []);
    }
  });
});

describe("planFilter: And / Or", () => {
  it("And intersects; an unnarrowable operand makes it inexact", async () => {
    const both = await plan(and(cmp("title", "Equal", "hello"), cmp("rank", "LessThan", 2)));
    assert.deepEqual(both.ids, [1]);
    assert.equal(both.result?.exact, true);
    const partial = await plan(and(cmp("title", "Equal", "hello"), cmp("title", "Like", "*ere")));
    assert.deepEqual(partial.ids, [1, 2]);
    assert.equal(partial.result?.exact, false);
    assert.deepEqual(truth(and(cmp("title", "Equal", "hello"), cmp("title", "Like", "*ere"))), [2]);
  });

  it("And stops once the intersection is empty", async () => {
    const { shard, result } = await plan(and(cmp("rank", "Equal", 99), cmp("title", "Equal", "hello")));
    assert.equal(shard.lookups.length, 1);
    assert.deepEqual(result, { candidates: [], exact: true, verify: new Set() });
  });

  it("Or unites when every operand narrows, else makes no lookup at all", async () => {
    const both = await plan(or(cmp("rank", "Equal", 1), cmp("open", "Equal", true)));
    assert.deepEqual(both.ids, [1, 2, 5]);
    assert.equal(both.result?.exact, true);
    const fallback = await plan(or(cmp("rank", "Equal", 1), cmp("title", "Like", "x*")));
    assert.equal(fallback.result, undefined);
    assert.deepEqual(fallback.shard.lookups, []);
  });

  it("in a union a candidate is certain when any operand is certain about it", async () => {
    const filter = or(cmp("when", "Equal", "2020-01-01T00:00:00Z"), cmp("rank", "Equal", 1));
    const { result, ids } = await plan(filter);
    assert.deepEqual(ids, [1, 3]);
    assert.deepEqual([...(result?.verify ?? [])], [3]);
  });

  it("And under Or under And", async () => {
    const filter = and(
      or(cmp("tags", "Equal", "blue"), cmp("code", "Equal", "A-1")),
      or(cmp("rank", "GreaterThan", 1), cmp("open", "Equal", true)),
    );
    const { result, ids } = await plan(filter);
    assert.deepEqual(ids, [2, 5]);
    assert.equal(result?.exact, true);
    assert.deepEqual(ids, truth(filter));
  });
});

describe("planFilter: always a superset, exact only when equal", () => {
  const filters: Filter[] = [
    cmp("title", "Equal", "world"),
    cmp("tags", "ContainsAny", ["red", "green"]),
    cmp("rank", "LessThanEqual", 3),
    cmp("scores", "Equal", [1.5, 9]),
    cmp("when", "LessThan", "2021-06-01T10:00:00.25Z"),
    cmp("when", "LessThanEqual", "2021-06-01T10:00:00.25Z"),
    cmp("when", "GreaterThanEqual", "2020-01-01T00:00:00.0005Z"),
    cmp("when", "ContainsAny", ["2020-01-01T00:00:00Z", "2021-06-01T10:00:00.25Z"]),
    and(cmp("rank", "GreaterThan", 1), not(cmp("open", "Equal", true))),
    or(cmp("code", "Equal", "b-2"), cmp("_id", "Equal", uuid(4))),
    and(cmp("rank", "Equal", 1), cmp("when", "GreaterThan", "2020-01-01T00:00:00Z")),
    cmp("rank", "Equal", "x"),
  ];
  for (const filter of filters) {
    it(JSON.stringify(filter).slice(0, 120), async () => {
      const { result, ids } = await plan(filter);
      assert.ok(result);
      const expected = truth(filter);
      for (const id of expected) assert.ok(ids?.includes(id), `missing ${id}`);
      for (const candidate of result.candidates) {
        if (!result.verify.has(candidate.docId)) {
          assert.ok(expected.includes(candidate.docId), `unverified non-match ${candidate.docId}`);
        }
      }
      if (result.exact) assert.deepEqual(ids, expected);
    });
  }
});

describe("planFilter: malformed input", () => {
  it("unknown properties and broken trees are unprocessable", async () => {
    const bad: unknown[] = [
      cmp("nope", "Equal", 1),
      cmp([], "Equal", 1),
      cmp(["hasAuthor", "Author"], "Equal", 1),
      { kind: "compare", operator: "Sideways", path: ["rank"], value: 1 },
      { kind: "logical", operator: "And" },
      { kind: "compare", operator: "WithinGeoRange", path: ["place"], value: null },
      null,
    ];
    for (const filter of bad) {
      await assert.rejects(
        planFilter(filter as Filter, doc, new FakeShard(doc, objects)),
        (error) => isAppError(error) && error.code === "UNPROCESSABLE",
        JSON.stringify(filter),
      );
    }
  });
});

describe("executor over the fake shard", () => {
  const refs = { collection: () => undefined, shards: () => [] };

  it("an exact plan yields labels without reading records", async () => {
    const shard = new FakeShard(doc, objects);
    const labels = await matchingLabels(shard, doc, cmp("tags", "Equal", "blue"), refs);
    assert.deepEqual([...labels], [1, 2]);
    assert.equal(shard.recordReads, 0);
    assert.equal(shard.scans, 0);
  });

  it("an inexact plan reads only the candidates to verify", async () => {
    const shard = new FakeShard(doc, objects);
    const filter = or(cmp("when", "Equal", "2020-01-01T00:00:00Z"), cmp("rank", "Equal", 1));
    const labels = await matchingLabels(shard, doc, filter, refs);
    assert.deepEqual([...labels], [1]);
    assert.equal(shard.recordReads, 1);
  });

  it("no plan scans; objects come in docId order", async () => {
    const shard = new FakeShard(doc, objects);
    const found: number[] = [];
    for await (const { docId } of matchingObjects(shard, doc, cmp("title", "Like", "*o*"), refs)) found.push(docId);
    assert.deepEqual(found, truth(cmp("title", "Like", "*o*")));
    assert.equal(shard.scans, 1);
  });
});
