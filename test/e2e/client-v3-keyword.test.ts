/**
 * Keyword and hybrid search through the official npm weaviate-client v3 (gRPC Search and
 * Aggregate): query.bm25 with queryProperties and boosts, filters, limit, the And / minimum-match
 * operators and score metadata; query.hybrid with alpha, a vector, both fusion types, a
 * maxVectorDistance and groupBy; aggregate.hybrid; the errors as the client raises them.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Bm25Operator, connectV3, weaviate, type WeaviateClient } from "../helpers/client-v3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { closeScore, expectedBm25, keywordDocs } from "./keyword-fixture.ts";

type DocProperties = { title: string; body: string; genre: string; year: number };

let server: TestServer;
let client: WeaviateClient;

before(async () => {
  server = await startTestServer();
  client = await connectV3(server);
  await client.collections.create({
    name: "Doc",
    properties: [
      { name: "title", dataType: "text" },
      { name: "body", dataType: "text" },
      { name: "genre", dataType: "text", tokenization: "field", indexSearchable: false },
      { name: "year", dataType: "int" },
    ],
    vectorizers: weaviate.configure.vectors.selfProvided(),
  });
  const inserted = await client.collections.get("Doc").data.insertMany(
    keywordDocs.map(({ id, vector, ...properties }) => ({ id, properties, vectors: vector })),
  );
  assert.equal(inserted.hasErrors, false, JSON.stringify(inserted.errors));
});

after(async () => {
  await client.close();
  await server.dispose();
});

describe("weaviate-client v3: bm25", () => {
  test("ranked by score with the score in the metadata; boosts and filters", async () => {
    const doc = client.collections.get<DocProperties>("Doc");
    const all = await doc.query.bm25("ocean night", { returnMetadata: ["score", "explainScore"] });
    const expected = expectedBm25("ocean night");
    assert.deepEqual(all.objects.map((object) => object.uuid), expected.map((entry) => entry.id));
    all.objects.forEach((object, i) => {
    assert.ok(closeScore(object.metadata!.score!, expected[i]!.score));
  });
    assert.match(all.objects[0]!.metadata!.explainScore!, /BM25F_(ocean|night)_frequency/);
    const boosted = await doc.query.bm25("ocean", { queryProperties: [{ name: "title", weight: 2 }, "body"], limit: 2 });
    assert.deepEqual(boosted.objects.map((object) => object.uuid), expectedBm25("ocean", ["title^2", "body"]).slice(0, 2).map((entry) => entry.id));
    const filtered = await doc.query.bm25("ocean", { filters: doc.filter.byProperty("year").greaterThan(2001) });
    assert.deepEqual(filtered.objects.map((object) => object.properties.title), ["Ocean liner", "Mountain air"]);
  });

  test("the And operator and a minimum number of matching terms", async () => {
    const doc = client.collections.get<DocProperties>("Doc");
    const both = await doc.query.bm25("mountain night", { queryProperties: ["body"], operator: Bm25Operator.and() });
    assert.deepEqual(both.objects.map((object) => object.properties.title), ["Night train"]);
    const two = await doc.query.bm25("mountain night city", { queryProperties: ["body"], operator: Bm25Operator.or({ minimumMatch: 2 }) });
    assert.deepEqual(two.objects.map((object) => object.properties.title).sort(), ["City lights", "Night train"]);
  });

  test("a property that is not searchable raises the server's message", async () => {
    await assert.rejects(client.collections.get("Doc").query.bm25("nature", { queryProperties: ["genre"] }), /Searching by property 'genre' requires inverted index/);
  });
});

describe("weaviate-client v3: hybrid", () => {
  test("alpha 0 ranks as bm25; relative and ranked fusion; maxVectorDistance; groupBy", async () => {
    const doc = client.collections.get<DocProperties>("Doc");
    const keyword = await doc.query.hybrid("ocean", { alpha: 0, vector: [1, 0, 0] });
    assert.deepEqual(keyword.objects.map((object) => object.uuid), expectedBm25("ocean").map((entry) => entry.id));
    const relative = await doc.query.hybrid("ocean", { alpha: 0.5, vector: [1, 0, 0], returnMetadata: ["score", "explainScore"] });
    assert.ok(relative.objects[0]!.metadata!.score! > 0.5);
    assert.match(relative.objects[0]!.metadata!.explainScore!, /Hybrid \(Result Set keyword,bm25\)/);
    const ranked = await doc.query.hybrid("ocean", { alpha: 0.5, vector: [1, 0, 0], fusionType: "Ranked", returnMetadata: ["score"] });
    assert.ok(closeScore(ranked.objects[0]!.metadata!.score!, 0.5 / 60 + 0.5 / 61));
    const close = await doc.query.hybrid("ocean", { alpha: 0.5, vector: [1, 0, 0], maxVectorDistance: 0.1 });
    assert.deepEqual(close.objects.map((object) => object.properties.title).sort(), ["Ocean liner", "Ocean waves"]);
    const grouped = await doc.query.hybrid("ocean", {
      alpha: 0.5,
      vector: [1, 0, 0],
      groupBy: { property: "genre", numberOfGroups: 2, objectsPerGroup: 1 },
    });
    assert.equal(Object.keys(grouped.groups).length, 2);
  });

  test("aggregate.hybrid counts the objects it ranks first", async () => {
    const result = await client.collections.get("Doc").aggregate.hybrid("ocean", { alpha: 0, objectLimit: 2 });
    assert.equal(result.totalCount, 2);
  });
});
