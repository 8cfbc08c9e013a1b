/**
 * The where-filter executor over real RocksDB shards uses the indexes: Equal and range filters on
 * filterable properties must be answered without scanning the shard, and an exact plan without
 * reading a record. The data set is in search-filter-fixture.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Filter } from "../../src/domain/index.ts";
import { type FilterRefs, matchingLabels } from "../../src/filters/index.ts";
import { planFilter } from "../../src/filters/plan.ts";
import {
  and,
  classOf,
  closeShards,
  cmp,
  collect,
  counting,
  dates,
  doc,
  openShards,
  or,
  refs,
  shards,
  text,
  uuid,
} from "./search-filter-fixture.ts";

before(openShards);
after(closeShards);

describe("where filters over a real shard", () => {
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
