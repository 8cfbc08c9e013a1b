/**
 * The generated Aggregate and Explore resolvers, executed with graphql-js against a fake search
 * use case: what they hand to the search layer, and how results come back out through the
 * generated types. Also checks the shared collection fixtures.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AggregateGroup } from "../../../src/domain/index.ts";
import { assertResolverError, fake, run, uuid } from "./execute-harness.ts";
import { article, everything } from "./fixtures.ts";

describe("Aggregate resolver", () => {
  test("arguments → AggregateParams; only selected properties (fragments included) are computed", async () => {
    const f = fake({ groups: [{ count: 3, properties: {} }] });
    const result = await run(
      f,
      '{Aggregate{Tenanted(where:{operator:Equal,valueText:"a",path:["x"]},nearVector:{vector:[1,2],certainty:0.8},groupBy:["x"],limit:2,objectLimit:5,tenant:"t"){meta{count} ...F}}} fragment F on AggregateTenanted { x { count } }',
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, { Aggregate: { Tenanted: [{ meta: { count: 3 }, x: null }] } });
    const [params] = f.aggregates;
    assert.equal(params?.className, "Tenanted");
    assert.equal(params.tenant, "t");
    assert.equal(params.objectLimit, 5);
    assert.equal(params.limit, 2);
    assert.deepEqual(params.groupBy, ["x"]);
    assert.equal(params.near?.certainty, 0.8);
    assert.equal(params.where?.kind, "compare");
    assert.deepEqual(
      params.properties.map((p) => p.name),
      ["x"],
    );
  });

  test("results per data type; topOccurrences default 5 and its own limit", async () => {
    const occurrences = Array.from({ length: 7 }, (_, i) => ({ value: `v${i}`, occurs: 7 - i }));
    const group: AggregateGroup = {
      count: 7,
      groupedBy: { path: ["title"], value: "v0", stored: "v0" },
      properties: {
        title: { count: 7, type: "text", topOccurrences: occurrences },
        wordCount: { count: 7, type: "int", minimum: 1, maximum: 9, mean: 4.5, median: 4, mode: 1, sum: 30 },
        hasAuthor: { type: "cref", pointingTo: ["Author"] },
      },
    };
    const result = await run(
      fake({ groups: [group] }),
      "{Aggregate{Article{meta{count} groupedBy{path value} title{count type all: topOccurrences{value} two: topOccurrences(limit:2){value occurs}} wordCount{mean sum} hasAuthor{type pointingTo}}}}",
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Aggregate: {
        Article: [
          {
            meta: { count: 7 },
            groupedBy: { path: ["title"], value: "v0" },
            title: {
              count: 7,
              type: "text",
              all: occurrences.slice(0, 5).map(({ value }) => ({ value })),
              two: occurrences.slice(0, 2),
            },
            wordCount: { mean: 4.5, sum: 30 },
            hasAuthor: { type: "cref", pointingTo: ["Author"] },
          },
        ],
      },
    });
  });

  test("a where fault is a resolver error", async () => {
    assertResolverError(
      await run(fake(), '{Aggregate{Article(where:{operator:Equal,valueInt:1,path:["title"]}){meta{count}}}}'),
      "valueInt",
    );
  });
});

describe("Explore resolver", () => {
  test("arguments → ExploreParams; hits → beacon, className, distance, certainty", async () => {
    const f = fake({ explore: [{ className: "Article", id: uuid, distance: 0.2, certainty: 0.9 }, { className: "Author", id: uuid, distance: 0.4 }] });
    const result = await run(f, "{Explore(nearVector:{vector:[1,2]},limit:3){beacon className distance certainty}}");
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Explore: [
        { beacon: `weaviate://localhost/Article/${uuid}`, className: "Article", distance: 0.2, certainty: 0.9 },
        { beacon: `weaviate://localhost/Author/${uuid}`, className: "Author", distance: 0.4, certainty: null },
      ],
    });
    assert.deepEqual(f.explores[0], {
      near: { target: { kind: "vector", vector: [1, 2] }, targetVectors: undefined, distance: undefined, certainty: undefined },
      limit: 3,
      offset: 0,
    });
  });

  test("without a near argument", async () => {
    assertResolverError(await run(fake(), "{Explore(limit:3){beacon}}"), "nearVector or nearObject");
  });
});

describe("fixtures sanity", () => {
  test("the collections are the defaulted ones", () => {
    assert.equal(article.properties.find((p) => p.name === "title")?.tokenization, "word");
    assert.ok(everything.vectorConfig?.["first"]);
  });
});
