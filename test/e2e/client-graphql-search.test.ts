/**
 * GraphQL Get with a vector search, through the official weaviate-ts-client v2 builders:
 * nearVector with a distance or certainty threshold, limit/offset, nearObject by id and by
 * beacon, nearVector plus where, autocut and groupBy. Every expected answer (order, distances,
 * certainties, groups) is computed here from the data set in client-graphql-fixture.ts.
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
  CLUSTER_CENTER,
  CLUSTER_SIZE,
  getOf,
  type Hit,
  QUERY_A,
  QUERY_B,
  type Ranked,
  autocut as referenceAutocut,
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

const HIT_FIELDS = "title wordCount _additional { id distance certainty }";

/** Asserts the hits are exactly `expected`, in order, with matching distance and certainty. */
function assertVectorHits(hits: Hit[], expected: Ranked<ArticleRow>[]): void {
  assert.deepEqual(
    hits.map((hit) => hit._additional.id),
    expected.map((entry) => entry.row.id),
  );
  hits.forEach((hit, i) => {
    const { row, distance } = expected[i]!;
    assert.equal(hit.title, row.title);
    assert.equal(hit.wordCount, row.wordCount);
    approxEqual(hit._additional.distance, distance, `distance of hit ${i}`);
    approxEqual(hit._additional.certainty, 1 - distance / 2, `certainty of hit ${i}`);
  });
}

describe("Get: vector search", () => {
  test("nearVector with a distance threshold returns exactly the rows within it, closest first", async () => {
    const ranked = rank(articles, QUERY_A);
    assertSeparated(ranked, 10);
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearVector({ vector: QUERY_A, distance: thresholdAfter(ranked, 7) })
      .withFields(HIT_FIELDS)
      .do();
    assertVectorHits(getOf(reply), ranked.slice(0, 7));
  });

  test("nearVector with a certainty threshold", async () => {
    const ranked = rank(articles, QUERY_B);
    assertSeparated(ranked, 10);
    const certainty = 1 - thresholdAfter(ranked, 4) / 2;
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearVector({ vector: QUERY_B, certainty })
      .withFields(HIT_FIELDS)
      .do();
    assertVectorHits(getOf(reply), ranked.slice(0, 4));
  });

  test("nearVector with limit and offset", async () => {
    const ranked = rank(articles, QUERY_B);
    assertSeparated(ranked, 10);
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearVector({ vector: QUERY_B })
      .withLimit(5)
      .withOffset(3)
      .withFields(HIT_FIELDS)
      .do();
    assertVectorHits(getOf(reply), ranked.slice(3, 8));
  });

  test("nearObject by id searches with the stored object's vector (itself first)", async () => {
    const target = articles[10]!;
    const ranked = rank(articles, target.vector);
    assertSeparated(ranked, 10);
    assert.equal(ranked[0]!.row.id, target.id);
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearObject({ id: target.id })
      .withLimit(5)
      .withFields(HIT_FIELDS)
      .do();
    assertVectorHits(getOf(reply), ranked.slice(0, 5));
  });

  test("nearObject by beacon, with a distance threshold", async () => {
    const target = articles[20]!;
    const ranked = rank(articles, target.vector);
    assertSeparated(ranked, 10);
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearObject({ beacon: `weaviate://localhost/Article/${target.id}`, distance: thresholdAfter(ranked, 6) })
      .withFields(HIT_FIELDS)
      .do();
    assertVectorHits(getOf(reply), ranked.slice(0, 6));
  });

  test("nearVector combined with a where filter ranks only the matching rows", async () => {
    const ranked = rank(
      articles.filter((article) => article.category === "news"),
      QUERY_A,
    );
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withWhere({ path: ["category"], operator: "Equal", valueText: "news" })
      .withNearVector({ vector: QUERY_A })
      .withLimit(5)
      .withFields(HIT_FIELDS)
      .do();
    assertVectorHits(getOf(reply), ranked.slice(0, 5));
  });

  test("autocut keeps the results before the first jump in distance", async () => {
    const ranked = rank(articles, CLUSTER_CENTER).slice(0, 10);
    const cut = referenceAutocut(
      ranked.map((entry) => entry.distance),
      1,
    );
    assert.equal(cut, CLUSTER_SIZE, "test data: the cluster should be what autocut keeps");
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearVector({ vector: CLUSTER_CENTER })
      .withLimit(10)
      .withAutocut(1)
      .withFields(HIT_FIELDS)
      .do();
    assertVectorHits(getOf(reply), ranked.slice(0, cut));
  });

  test("groupBy: groups in order of their closest hit, each with its closest hits", async () => {
    const ranked = rank(articles, QUERY_A);
    assertSeparated(ranked, ARTICLE_COUNT);
    const groups: Array<{ value: string; hits: Ranked<ArticleRow>[] }> = [];
    for (const entry of ranked) {
      let group = groups.find((g) => g.value === entry.row.category);
      if (!group) {
        if (groups.length >= 3) continue;
        group = { value: entry.row.category, hits: [] };
        groups.push(group);
      }
      if (group.hits.length < 2) group.hits.push(entry);
    }
    const reply = await client.graphql
      .get()
      .withClassName("Article")
      .withNearVector({ vector: QUERY_A })
      .withGroupBy({ path: ["category"], groups: 3, objectsPerGroup: 2 })
      .withFields(
        "_additional { group { id count minDistance maxDistance groupedBy { path value } " +
          "hits { title _additional { id distance } } } }",
      )
      .do();
    type GroupHit = { title: string; _additional: { id: string; distance: number } };
    type Group = {
      id: number;
      count: number;
      minDistance: number;
      maxDistance: number;
      groupedBy: { path: string[]; value: string };
      hits: GroupHit[];
    };
    const got = (reply.data.Get.Article as Array<{ _additional: { group: Group } }>).map((o) => o._additional.group);
    assert.equal(got.length, groups.length);
    got.forEach((group, i) => {
      const want = groups[i]!;
      assert.equal(group.id, i);
      assert.equal(group.count, want.hits.length);
      assert.deepEqual(group.groupedBy, { path: ["category"], value: want.value });
      approxEqual(group.minDistance, want.hits[0]!.distance, `group ${i} minDistance`);
      approxEqual(group.maxDistance, want.hits.at(-1)!.distance, `group ${i} maxDistance`);
      assert.deepEqual(
        group.hits.map((hit) => [hit.title, hit._additional.id]),
        want.hits.map((entry) => [entry.row.title, entry.row.id]),
      );
      group.hits.forEach((hit, j) => {
        approxEqual(hit._additional.distance, want.hits[j]!.distance, `group ${i} hit ${j}`);
      });
    });
  });
});

