/**
 * The where-filter planner against an in-memory shard, combined filters: how And/Or combine
 * lookups, that every plan is a superset of the matches (exact only when equal), and how the
 * executor uses a plan (labels without reads, verifying candidates, scanning without a plan).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Filter } from "../../../src/domain/index.ts";
import { matchingLabels, matchingObjects } from "../../../src/filters/execute.ts";
import { and, cmp, doc, FakeShard, not, objects, or, plan, truth, uuid } from "./plan-fixture.ts";

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
