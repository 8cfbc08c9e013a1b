/**
 * The where-filter planner against an in-memory shard, single comparisons: which index lookups a
 * filter turns into, when the result is exact, what falls back to a scan, and what is refused
 * as malformed. And / Or and the executor are in plan-combinations.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Filter } from "../../../src/domain/index.ts";
import { isAppError } from "../../../src/errors/index.ts";
import { planFilter } from "../../../src/filters/plan.ts";
import { and, cmp, doc, FakeShard, not, objects, plan, truth, uuid } from "./plan-fixture.ts";

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
