/**
 * GraphQL Aggregate, Explore and raw queries through the official weaviate-ts-client v2, plus
 * the errors the client surfaces (it rejects whenever the reply carries a non-empty `errors`
 * array). Expected answers are computed from the data set in client-graphql-fixture.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import {
  ARTICLE_COUNT,
  type ArticleRow,
  approxEqual,
  articles,
  assertSeparated,
  authors,
  CATEGORY_SIZES,
  QUERY_A,
  QUERY_B,
  loadDataSet,
  rank,
  thresholdAfter,
} from "./client-graphql-fixture.ts";

let server: TestServer;
let client: WeaviateClient;

before(async () => {
  server = await startTestServer();
  client = clientFor(server.url);
  await loadDataSet(client);
});

after(async () => {
  await server.dispose();
});

interface NumericStats {
  count?: number;
  mean: number;
  maximum: number;
  minimum: number;
  sum: number;
}

interface AggregateRow {
  meta: { count: number };
  wordCount: NumericStats;
  groupedBy?: { path: string[]; value: string };
}

const STATS = "meta { count } wordCount { count mean maximum minimum sum }";

function aggregateOf(reply: { data: { Aggregate: Record<string, unknown> } }): AggregateRow[] {
  const list = reply.data.Aggregate["Article"];
  assert.ok(Array.isArray(list), `expected a list under Aggregate.Article, got ${JSON.stringify(reply.data)}`);
  return list as AggregateRow[];
}

/** Asserts an aggregate row describes exactly `rows`. */
function assertStats(got: AggregateRow | undefined, rows: readonly ArticleRow[], label: string): void {
  assert.ok(got, `${label}: missing row`);
  const counts = rows.map((row) => row.wordCount);
  const sum = counts.reduce((a, b) => a + b, 0);
  assert.equal(got.meta.count, rows.length, `${label}: meta.count`);
  assert.equal(got.wordCount.count, rows.length, `${label}: wordCount.count`);
  assert.equal(got.wordCount.sum, sum, `${label}: sum`);
  assert.equal(got.wordCount.maximum, Math.max(...counts), `${label}: maximum`);
  assert.equal(got.wordCount.minimum, Math.min(...counts), `${label}: minimum`);
  approxEqual(got.wordCount.mean, sum / rows.length, `${label}: mean`, 1e-9);
}

describe("Aggregate", () => {
  test("the whole class", async () => {
    const reply = await client.graphql.aggregate().withClassName("Article").withFields(STATS).do();
    const rows = aggregateOf(reply);
    assert.equal(rows.length, 1);
    assertStats(rows[0], articles, "all");
  });

  test("with a where filter", async () => {
    const reply = await client.graphql
      .aggregate()
      .withClassName("Article")
      .withWhere({
        operator: "And",
        operands: [
          { path: ["category"], operator: "Equal", valueText: "tech" },
          { path: ["wordCount"], operator: "LessThanEqual", valueInt: 400 },
        ],
      })
      .withFields(STATS)
      .do();
    const rows = aggregateOf(reply);
    assert.equal(rows.length, 1);
    assertStats(
      rows[0],
      articles.filter((a) => a.category === "tech" && a.wordCount <= 400),
      "tech <= 400",
    );
  });

  test("with a where filter through a reference", async () => {
    const reply = await client.graphql
      .aggregate()
      .withClassName("Article")
      .withWhere({ path: ["hasAuthor", "Author", "name"], operator: "Equal", valueText: "Dan" })
      .withFields(STATS)
      .do();
    assertStats(
      aggregateOf(reply)[0],
      articles.filter((a) => a.author.name === "Dan"),
      "Dan",
    );
  });

  test("groupBy: one row per value, largest group first", async () => {
    const reply = await client.graphql
      .aggregate()
      .withClassName("Article")
      .withGroupBy(["category"])
      .withFields(`groupedBy { path value } ${STATS}`)
      .do();
    const rows = aggregateOf(reply);
    assert.deepEqual(
      rows.map((row) => row.groupedBy),
      CATEGORY_SIZES.map(([value]) => ({ path: ["category"], value })),
    );
    rows.forEach((row, i) => {
      const [value, size] = CATEGORY_SIZES[i]!;
      const members = articles.filter((a) => a.category === value);
      assert.equal(members.length, size, "test data: category sizes");
      assertStats(row, members, value);
    });
  });

  test("groupBy with limit keeps the largest groups", async () => {
    const reply = await client.graphql
      .aggregate()
      .withClassName("Article")
      .withGroupBy(["category"])
      .withLimit(2)
      .withFields("groupedBy { path value } meta { count }")
      .do();
    assert.deepEqual(
      aggregateOf(reply),
      CATEGORY_SIZES.slice(0, 2).map(([value, size]) => ({
        groupedBy: { path: ["category"], value },
        meta: { count: size },
      })),
    );
  });

  test("nearVector with objectLimit aggregates the k nearest", async () => {
    const ranked = rank(articles, QUERY_A);
    assertSeparated(ranked, 10);
    const reply = await client.graphql
      .aggregate()
      .withClassName("Article")
      .withNearVector({ vector: QUERY_A })
      .withObjectLimit(9)
      .withFields(STATS)
      .do();
    assertStats(
      aggregateOf(reply)[0],
      ranked.slice(0, 9).map((entry) => entry.row),
      "9 nearest",
    );
  });

  test("nearVector with a distance threshold aggregates everything within it", async () => {
    const ranked = rank(articles, QUERY_A);
    assertSeparated(ranked, 13);
    const reply = await client.graphql
      .aggregate()
      .withClassName("Article")
      .withNearVector({ vector: QUERY_A, distance: thresholdAfter(ranked, 12) })
      .withFields(STATS)
      .do();
    assertStats(
      aggregateOf(reply)[0],
      ranked.slice(0, 12).map((entry) => entry.row),
      "within distance",
    );
  });
});

describe("Explore", () => {
  const everything = [
    ...articles.map((a) => ({ id: a.id, className: "Article", vector: a.vector })),
    ...authors.map((a) => ({ id: a.id, className: "Author", vector: a.vector })),
  ];

  interface ExploreHit {
    beacon: string;
    className: string;
    certainty: number;
    distance: number;
  }

  function assertExplore(got: ExploreHit[], expected: ReturnType<typeof rank<(typeof everything)[number]>>): void {
    assert.deepEqual(
      got.map((hit) => [hit.className, hit.beacon]),
      expected.map(({ row }) => [row.className, `weaviate://localhost/${row.className}/${row.id}`]),
    );
    got.forEach((hit, i) => {
      approxEqual(hit.distance, expected[i]!.distance, `distance of hit ${i}`);
      approxEqual(hit.certainty, 1 - expected[i]!.distance / 2, `certainty of hit ${i}`);
    });
  }

  test("nearVector across both classes, closest first", async () => {
    const ranked = rank(everything, QUERY_B);
    assertSeparated(ranked, 8);
    const reply = await client.graphql
      .explore()
      .withNearVector({ vector: QUERY_B })
      .withLimit(6)
      .withFields("beacon certainty className distance")
      .do();
    assertExplore(reply.data.Explore, ranked.slice(0, 6));
  });

  test("nearVector with a certainty threshold", async () => {
    const ranked = rank(everything, QUERY_A);
    assertSeparated(ranked, 8);
    const reply = await client.graphql
      .explore()
      .withNearVector({ vector: QUERY_A, certainty: 1 - thresholdAfter(ranked, 5) / 2 })
      .withLimit(20)
      .withFields("beacon certainty className distance")
      .do();
    assertExplore(reply.data.Explore, ranked.slice(0, 5));
  });

  test("nearObject by an Author's beacon", async () => {
    const bob = authors[1]!;
    const ranked = rank(everything, bob.vector);
    assertSeparated(ranked, 6);
    assert.equal(ranked[0]!.row.id, bob.id);
    const reply = await client.graphql
      .explore()
      .withNearObject({ beacon: `weaviate://localhost/Author/${bob.id}` })
      .withLimit(4)
      .withFields("beacon certainty className distance")
      .do();
    assertExplore(reply.data.Explore, ranked.slice(0, 4));
  });
});

describe("raw", () => {
  test("a hand-written query is sent as is", async () => {
    const reply = await client.graphql
      .raw()
      .withQuery('{ Get { Author(sort: [{path: ["age"], order: asc}]) { name age } } }')
      .do();
    assert.deepEqual(reply.data, {
      Get: {
        Author: [...authors].sort((a, b) => a.age - b.age).map(({ name, age }) => ({ name, age })),
      },
    });
  });
});

describe("errors surface as rejections carrying the server's message", () => {
  const includes = (fragment: string) => (error: Error) => {
    assert.ok(error.message.includes(fragment), `"${error.message.slice(0, 400)}" should contain "${fragment}"`);
    return true;
  };

  test("unknown class in Get", async () => {
    await assert.rejects(
      client.graphql.get().withClassName("Nope").withFields("title").do(),
      includes('Cannot query field "Nope" on type "GetObjectsObj".'),
    );
  });

  test("unknown class in Aggregate", async () => {
    await assert.rejects(
      client.graphql.aggregate().withClassName("Nope").withFields("meta { count }").do(),
      includes('Cannot query field "Nope" on type "AggregateObjectsObj".'),
    );
  });

  test("a query vector of the wrong length", async () => {
    await assert.rejects(
      client.graphql
        .get()
        .withClassName("Article")
        .withNearVector({ vector: [0.1, 0.2, 0.3] })
        .withFields("title")
        .do(),
      includes("vector lengths don't match"),
    );
  });

  test("certainty and distance together in nearVector", async () => {
    await assert.rejects(
      client.graphql
        .get()
        .withClassName("Article")
        .withNearVector({ vector: QUERY_A, certainty: 0.8, distance: 0.3 })
        .withFields("title")
        .do(),
      includes("found 'certainty' and 'distance' set in nearVector which are conflicting, choose one instead"),
    );
  });

  test("certainty and distance together in nearObject", async () => {
    await assert.rejects(
      client.graphql
        .get()
        .withClassName("Article")
        .withNearObject({ id: articles[0]!.id, certainty: 0.8, distance: 0.3 })
        .withFields("title")
        .do(),
      includes("found 'certainty' and 'distance' set in nearObject which are conflicting, choose one instead"),
    );
  });

  test("Aggregate nearVector without certainty, distance or objectLimit", async () => {
    await assert.rejects(
      client.graphql
        .aggregate()
        .withClassName("Article")
        .withNearVector({ vector: QUERY_A })
        .withFields("meta { count }")
        .do(),
      includes("must provide certainty or objectLimit with vector search"),
    );
  });

  test("the data is untouched by the failed queries", async () => {
    const reply = await client.graphql.aggregate().withClassName("Article").withFields("meta { count }").do();
    assert.equal(aggregateOf(reply)[0]?.meta.count, ARTICLE_COUNT);
  });
});
