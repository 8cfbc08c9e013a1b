/**
 * The where-filter executor over real RocksDB shards, as a differential test: for every operator
 * and nesting, `matchingObjects` / `matchingLabels` must return exactly what `matchesFilter`
 * (with a reference resolver) accepts over a full scan. The data set is in
 * search-filter-fixture.ts; search-filter-index-use.test.ts checks which filters avoid a scan.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Filter } from "../../src/domain/index.ts";
import { matchesFilter, matchingLabels, validateFilterAgainst } from "../../src/filters/index.ts";
import {
  and,
  classOf,
  closeShards,
  cmp,
  collect,
  dates,
  doc,
  geo,
  inDocIdOrder,
  not,
  openShards,
  or,
  refs,
  resolve,
  shards,
  text,
  uuid,
} from "./search-filter-fixture.ts";

before(openShards);
after(closeShards);

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
});
