/**
 * GraphQL Get without a vector search, through the official weaviate-ts-client v2 builders:
 * where filters (comparisons, Like, ContainsAny/All, And/Or nesting, reference paths, _id,
 * WithinGeoRange, dates), sort, limit/offset, the cursor, and cross-references one and two
 * levels deep. Every expected answer is computed here from the data set in
 * client-graphql-fixture.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { WhereFilter } from "weaviate-ts-client";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import {
  ARTICLE_COUNT,
  type ArticleRow,
  articleById,
  articles,
  authors,
  CITIES,
  getOf,
  geoDistance,
  likeMatches,
  loadDataSet,
  QUERY_A,
  rank,
  sortedIds,
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

describe("Get: where filters", () => {
  const amsterdam = CITIES[0];
  const cases: Array<{ name: string; where: WhereFilter; matches: (article: ArticleRow) => boolean }> = [
    {
      name: "Equal on an int",
      where: { path: ["wordCount"], operator: "Equal", valueInt: articles[13]!.wordCount },
      matches: (a) => a.wordCount === articles[13]!.wordCount,
    },
    {
      name: "GreaterThan on an int",
      where: { path: ["wordCount"], operator: "GreaterThan", valueInt: 400 },
      matches: (a) => a.wordCount > 400,
    },
    {
      name: "Like with *",
      where: { path: ["title"], operator: "Like", valueText: "vec*" },
      matches: (a) => likeMatches("vec*", a.title),
    },
    {
      name: "Like with ?",
      where: { path: ["title"], operator: "Like", valueText: "gr?ph" },
      matches: (a) => likeMatches("gr?ph", a.title),
    },
    {
      name: "ContainsAny with valueTextArray",
      where: { path: ["tags"], operator: "ContainsAny", valueTextArray: ["ml", "ops"] },
      matches: (a) => a.tags.includes("ml") || a.tags.includes("ops"),
    },
    {
      name: "ContainsAll with valueTextArray",
      where: { path: ["tags"], operator: "ContainsAll", valueTextArray: ["ai", "db"] },
      matches: (a) => a.tags.includes("ai") && a.tags.includes("db"),
    },
    {
      name: "And with a nested Or",
      where: {
        operator: "And",
        operands: [
          { path: ["wordCount"], operator: "GreaterThan", valueInt: 250 },
          {
            operator: "Or",
            operands: [
              { path: ["title"], operator: "Like", valueText: "sea*" },
              { path: ["tags"], operator: "ContainsAny", valueTextArray: ["cloud"] },
            ],
          },
        ],
      },
      matches: (a) => a.wordCount > 250 && (likeMatches("sea*", a.title) || a.tags.includes("cloud")),
    },
    {
      name: "Or with a nested And",
      where: {
        operator: "Or",
        operands: [
          { path: ["category"], operator: "Equal", valueText: "arts" },
          {
            operator: "And",
            operands: [
              { path: ["category"], operator: "Equal", valueText: "sports" },
              { path: ["wordCount"], operator: "LessThan", valueInt: 300 },
            ],
          },
        ],
      },
      matches: (a) => a.category === "arts" || (a.category === "sports" && a.wordCount < 300),
    },
    {
      name: "a reference path",
      where: { path: ["hasAuthor", "Author", "name"], operator: "Equal", valueText: "Cleo" },
      matches: (a) => a.author.name === "Cleo",
    },
    {
      name: "a reference path on an int, and a local clause",
      where: {
        operator: "And",
        operands: [
          { path: ["hasAuthor", "Author", "age"], operator: "GreaterThan", valueInt: 40 },
          { path: ["category"], operator: "Equal", valueText: "tech" },
        ],
      },
      matches: (a) => a.author.age > 40 && a.category === "tech",
    },
    {
      name: "_id Equal",
      where: { path: ["_id"], operator: "Equal", valueText: articles[7]!.id },
      matches: (a) => a.id === articles[7]!.id,
    },
    {
      name: "_id ContainsAny",
      where: {
        path: ["_id"],
        operator: "ContainsAny",
        valueTextArray: [articles[1]!.id, articles[22]!.id, articles[48]!.id],
      },
      matches: (a) => [1, 22, 48].includes(a.index),
    },
    {
      name: "WithinGeoRange (20 km around Amsterdam)",
      where: {
        path: ["location"],
        operator: "WithinGeoRange",
        valueGeoRange: {
          geoCoordinates: { latitude: amsterdam.latitude, longitude: amsterdam.longitude },
          distance: { max: 20000 },
        },
      },
      matches: (a) => geoDistance(a.location, amsterdam) <= 20000,
    },
    {
      name: "GreaterThanEqual on a date",
      where: { path: ["published"], operator: "GreaterThanEqual", valueDate: "2024-02-01T00:00:00Z" },
      matches: (a) => a.published >= "2024-02-01T00:00:00Z",
    },
  ];

  for (const { name, where, matches } of cases) {
    test(name, async () => {
      const expected = articles.filter(matches);
      assert.ok(expected.length > 0 && expected.length < ARTICLE_COUNT, `test data: ${expected.length} matches`);
      const reply = await client.graphql
        .get()
        .withClassName("Article")
        .withWhere(where)
        .withLimit(100)
        .withFields("title _additional { id }")
        .do();
      const hits = getOf(reply);
      assert.deepEqual(
        hits.map((hit) => hit._additional.id).sort(),
        sortedIds(expected),
      );
      for (const hit of hits) assert.equal(hit.title, articleById.get(hit._additional.id)?.title);
    });
  }

  test("the geo data set keeps every point far from the 20 km edge", () => {
    for (const article of articles) {
      const meters = geoDistance(article.location, amsterdam);
      assert.ok(meters < 10000 || meters > 100000, `${article.id} is ${meters} m away`);
    }
    assert.equal(articles.filter((a) => a.city === "Amsterdam").length, 10);
  });
});

describe("Get: ordering and paging", () => {
  const byUuid = [...articles].sort((a, b) => (a.id < b.id ? -1 : 1));

  test("sort by wordCount desc, with limit and offset", async () => {
    const expected = [...articles].sort((a, b) => b.wordCount - a.wordCount).slice(3, 8);
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withSort([{ path: ["wordCount"], order: "desc" }])
      .withLimit(5)
      .withOffset(3)
      .withFields("title wordCount published _additional { id }")
      .do();
    assert.deepEqual(
      getOf(reply).map((hit) => [hit._additional.id, hit.title, hit.wordCount, hit.published]),
      expected.map((a) => [a.id, a.title, a.wordCount, a.published]),
    );
  });

  test("limit and offset without a search list in uuid order", async () => {
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withLimit(6)
      .withOffset(4)
      .withFields("title _additional { id distance certainty }")
      .do();
    const hits = getOf(reply);
    assert.deepEqual(
      hits.map((hit) => hit._additional.id),
      byUuid.slice(4, 10).map((a) => a.id),
    );
    for (const hit of hits) {
      assert.equal(hit._additional.distance, null);
      assert.equal(hit._additional.certainty, null);
    }
  });

  test("the cursor (after) pages through every object in uuid order", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const query = client.graphql.get().withClassName("Article").withLimit(7).withFields("_additional { id }");
      if (cursor !== undefined) query.withAfter(cursor);
      const ids = getOf(await query.do()).map((hit) => hit._additional.id);
      if (ids.length === 0) break;
      assert.ok(ids.length <= 7);
      seen.push(...ids);
      cursor = ids.at(-1);
    }
    assert.deepEqual(
      seen,
      byUuid.map((a) => a.id),
    );
  });
});

describe("Get: cross-references", () => {
  test("a reference fragment resolves the author", async () => {
    const expected = [...articles].sort((a, b) => b.wordCount - a.wordCount).slice(0, 4);
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withSort([{ path: ["wordCount"], order: "desc" }])
      .withLimit(4)
      .withFields("title hasAuthor { ... on Author { name age _additional { id } } }")
      .do();
    assert.deepEqual(
      reply.data.Get.Article,
      expected.map((a) => ({
        title: a.title,
        hasAuthor: [{ name: a.author.name, age: a.author.age, _additional: { id: a.author.id } }],
      })),
    );
  });

  test("two levels: Author -> wrote -> Article -> hasAuthor", async () => {
    const ann = authors[0]!;
    const reply = await client.graphql
      .get()
      .withClassName("Author")
      .withWhere({ path: ["name"], operator: "Equal", valueText: ann.name })
      .withFields("name wrote { ... on Article { title hasAuthor { ... on Author { name } } } }")
      .do();
    assert.deepEqual(reply.data.Get.Author, [
      {
        name: ann.name,
        wrote: articles
          .filter((a) => a.author.id === ann.id)
          .map((a) => ({ title: a.title, hasAuthor: [{ name: ann.name }] })),
      },
    ]);
  });

  test("two levels from a vector search: Article -> hasAuthor -> Author -> wrote", async () => {
    const [closest] = rank(articles, QUERY_A);
    const author = closest!.row.author;
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearVector({ vector: QUERY_A })
      .withLimit(1)
      .withFields("_additional { id } hasAuthor { ... on Author { name wrote { ... on Article { _additional { id } } } } }")
      .do();
    assert.deepEqual(reply.data.Get.Article, [
      {
        _additional: { id: closest!.row.id },
        hasAuthor: [
          {
            name: author.name,
            wrote: articles.filter((a) => a.author.id === author.id).map((a) => ({ _additional: { id: a.id } })),
          },
        ],
      },
    ]);
  });
});
