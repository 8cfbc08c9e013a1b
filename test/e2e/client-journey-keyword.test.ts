/**
 * The keyword and hybrid tests of weaviate-ts-client v2.2's own journey suite
 * (src/graphql/journey.test.ts: "the graphql journey" and "named vectors test"), replayed against
 * this server with the same client: the same classes, objects, queries and expected counts.
 *
 * What changes, and why: their CI runs Weaviate with text2vec-contextionary as the default
 * vectorizer (300 dimensions), which embeds every object and every hybrid query. We have no
 * vectorizers, so the classes say `vectorizer: "none"`, each object brings a 300-dimension vector
 * of its own (a seeded, float32-exact stand-in for its contextionary embedding, all of them close
 * to one "Article" direction, as contextionary puts them), and a hybrid query that Weaviate would
 * have embedded gets that embedding as `vector` (noted at each test). Their fixed 300-number
 * search vector for the nearVector sub-search is replaced by one of ours, within their certainty
 * 0.7 of all three objects here as theirs was there.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FusionType } from "weaviate-ts-client";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { generator } from "./client-graphql-fixture.ts";

const DIM = 300;
const next = generator(20250117);
const randomVector = (scale = 1) => Array.from({ length: DIM }, () => Math.fround((next() * 2 - 1) * scale));

/** Where contextionary puts the concept "Article": every article lies near it. */
const articleConcept = randomVector();
const nearConcept = () => {
  const noise = randomVector(0.3);
  return articleConcept.map((x, i) => Math.fround(x + noise[i]!));
};

// Their data set; the uuids ascend on purpose (their cursor test relies on it).
const articles = [
  { id: "abefd256-8574-442b-9293-9205193737e0", wordCount: 60, url: "http://articles.local/my-article-1", title: "Article 1" },
  { id: "abefd256-8574-442b-9293-9205193737e1", wordCount: 40, url: "http://articles.local/my-article-2", title: "Article 2" },
  { id: "abefd256-8574-442b-9293-9205193737e2", wordCount: 600, url: "http://articles.local/my-article-3", title: "Article about Apple" },
].map((article) => ({ ...article, vector: nearConcept() }));

/** The stand-in for contextionary's embedding of the query "Apple": the Apple article's own. */
const appleEmbedding = articles[2]!.vector;
/** Their fixed search vector, within certainty 0.7 of every article; ours likewise. */
const searchVec = nearConcept();

let server: TestServer;
let client: WeaviateClient;

before(async () => {
  server = await startTestServer();
  client = clientFor(server.url);
});

after(async () => {
  await server.dispose();
});

type Hits = Array<{ _additional: { id: string } }>;

/** Runs a Get builder and answers its hits (graphql-request rejects on any GraphQL error). */
async function hits(getter: { do(): Promise<{ data: { Get: Record<string, unknown> } }> }, className = "Article") {
  const reply = await getter.do();
  return reply.data.Get[className] as Hits;
}

describe("the graphql journey", () => {
  before(async () => {
    await client.schema
      .classCreator()
      .withClass({
        class: "Article",
        // Theirs names no vectorizer and gets the server's default, text2vec-contextionary.
        vectorizer: "none",
        invertedIndexConfig: { indexTimestamps: true },
        properties: [
          { name: "title", dataType: ["text"] },
          { name: "url", dataType: ["string"] },
          { name: "wordCount", dataType: ["int"] },
        ],
      })
      .do();
    const batcher = client.batch.objectsBatcher();
    for (const { id, vector, ...properties } of articles) batcher.withObject({ class: "Article", id, vector, properties });
    const results = await batcher.do();
    assert.deepEqual(results.map((result) => result.result?.errors), [undefined, undefined, undefined]);
  });

  const get = () => client.graphql.get().withClassName("Article").withFields("_additional { id }");

  test("graphql get bm25 with query (without properties)", async () => {
    assert.equal((await hits(get().withBm25({ query: "Article" }))).length, 3);
  });

  test("graphql get bm25 with query (with properties)", async () => {
    assert.equal((await hits(get().withBm25({ query: "Apple", properties: ["title", "url"] }))).length, 1);
  });

  test("graphql get bm25 with query (with properties not having searched query)", async () => {
    assert.equal((await hits(get().withBm25({ query: "Apple", properties: ["url"] }))).length, 0);
  });

  test("graphql get bm25 with query and groupby", async () => {
    const getter = get()
      .withBm25({ query: "Apple" })
      .withGroupBy({ path: ["title"], objectsPerGroup: 1, groups: 1 });
    assert.equal((await hits(getter)).length, 1);
  });

  test("graphql get hybrid with query (no vector, alpha 0)", async () => {
    assert.equal((await hits(get().withHybrid({ query: "apple", alpha: 0 }))).length, 1);
  });

  test("graphql get hybrid with query (no vector, alpha 0.5)", async () => {
    // Weaviate embeds "Apple" with contextionary; here its embedding comes as `vector`.
    assert.equal((await hits(get().withHybrid({ query: "Apple", alpha: 0.5, vector: appleEmbedding }))).length, 3);
  });

  test("graphql get hybrid with query (with vector)", async () => {
    const dummyVec300x0 = Array.from({ length: DIM }, () => 0);
    assert.equal((await hits(get().withHybrid({ query: "Apple", alpha: 0.5, vector: dummyVec300x0 }))).length, 3);
  });

  test("graphql get hybrid with query, alpha, and properties", async () => {
    assert.equal((await hits(get().withHybrid({ query: "Apple", properties: ["title"], alpha: 0 }))).length, 1);
  });

  test("graphql get hybrid with query, alpha, properties and fushionType: rankedFusion", async () => {
    const getter = get().withHybrid({ query: "Apple", properties: ["title"], alpha: 0, fusionType: FusionType.rankedFusion });
    assert.equal((await hits(getter)).length, 1);
  });

  test("graphql get hybrid with query, alpha, properties and fushionType: relativeScoreFusion", async () => {
    const getter = get().withHybrid({
      query: "Apple",
      properties: ["title"],
      alpha: 0,
      fusionType: FusionType.relativeScoreFusion,
    });
    assert.equal((await hits(getter)).length, 1);
  });

  test("graphql get hybrid with query and groupby", async () => {
    const getter = get()
      .withHybrid({ query: "Apple", properties: ["title"], alpha: 0 })
      .withGroupBy({ path: ["title"], objectsPerGroup: 1, groups: 1 });
    assert.equal((await hits(getter)).length, 1);
  });

  test("graphql get hybrid with query and nearText subsearch", async () => {
    // Theirs: searches: [{nearText: {concepts: ["Article"], certainty: 0.7}}], embedded by
    // contextionary. No nearText here, so the concept's embedding goes in as a nearVector sub-search.
    const getter = get().withHybrid({ query: "", searches: [{ nearVector: { vector: articleConcept, certainty: 0.7 } }] });
    assert.equal((await hits(getter)).length, 3);
  });

  test("graphql get hybrid with query and nearVector subsearch", async () => {
    const getter = get().withHybrid({ query: "", searches: [{ nearVector: { vector: searchVec, certainty: 0.7 } }] });
    assert.equal((await hits(getter)).length, 3);
  });
});

describe("named vectors test", () => {
  const className = "VectorTest";
  const oneUUID = "abefd256-8574-442b-9293-9205193737e1";
  // Stand-ins for contextionary's embeddings of each property value (vectorizeClassName false):
  // One / Two / Three apart, Good / Better / Best on a line from one to the other.
  const objects = [
    { id: oneUUID, title: "One", rating: "Good", vectors: { title: [1, 0, 0], rating: [1, 0, 0] } },
    { title: "Two", rating: "Better", vectors: { title: [0, 1, 0], rating: [0.6, 0.8, 0] } },
    { title: "Three", rating: "Best", vectors: { title: [0, 0, 1], rating: [0, 1, 0] } },
  ];

  before(async () => {
    const vectorIndex = { vectorIndexType: "hnsw", vectorizer: { none: {} } };
    await client.schema
      .classCreator()
      .withClass({
        class: className,
        properties: [
          { name: "title", dataType: ["text"] },
          { name: "rating", dataType: ["text"] },
        ],
        // Theirs: each named vector by text2vec-contextionary over its one property.
        vectorConfig: { title: vectorIndex, rating: vectorIndex },
      })
      .do();
    const batcher = client.batch.objectsBatcher();
    for (const { id, vectors, ...properties } of objects) {
      batcher.withObject({ class: className, ...(id === undefined ? {} : { id }), vectors, properties });
    }
    const results = await batcher.do();
    assert.deepEqual(results.map((result) => result.result?.errors), [undefined, undefined, undefined]);
  });

  test("should perform a hybrid query on the rating vector", async () => {
    // Weaviate embeds "Best" for the rating vector; here its embedding (Best's own) comes as `vector`.
    const reply = await client.graphql
      .get()
      .withClassName(className)
      .withHybrid({ query: "Best", targetVectors: ["rating"], vector: objects[2]!.vectors.rating })
      .withFields("rating")
      .do();
    const found = reply.data.Get[className] as Array<{ rating: string }>;
    assert.equal(found.length, 3);
    assert.equal(found[0]!.rating, "Best");
  });
});
