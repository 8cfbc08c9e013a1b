/**
 * Keyword and hybrid search through the official weaviate-ts-client v2 builders: withBm25 (all
 * searchable properties, chosen ones with a boost, with a where filter and a limit), score and
 * explainScore as strings, withHybrid (alpha 0 is the bm25 order, alpha 1 the vector order, both
 * fusion types), Aggregate with hybrid, and the errors the client surfaces.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { closeScore, expectedBm25, keywordClass, keywordDocs } from "./keyword-fixture.ts";

let server: TestServer;
let client: WeaviateClient;

before(async () => {
  server = await startTestServer();
  client = clientFor(server.url);
  await client.schema
    .classCreator()
    .withClass(keywordClass)
    .do();
  const batcher = client.batch.objectsBatcher();
  for (const { id, vector, ...properties } of keywordDocs) batcher.withObject({ class: "Doc", id, vector, properties });
  await batcher.do();
});

after(async () => {
  await server.dispose();
});

type Hit = { title: string; _additional: { id: string; score: string; explainScore: string } };

async function bm25(query: string, properties?: string[], extra: (getter: ReturnType<WeaviateClient["graphql"]["get"]>) => void = () => {}) {
  const getter = client.graphql.get().withClassName("Doc").withFields("title _additional { id score explainScore }").withBm25({ query, ...(properties ? { properties } : {}) });
  extra(getter);
  const reply = await getter.do();
  return reply.data.Get.Doc as Hit[];
}

function assertRanking(hits: Hit[], expected: Array<{ id: string; score: number }>): void {
  assert.deepEqual(hits.map((hit) => hit._additional.id), expected.map((entry) => entry.id));
  hits.forEach((hit, i) => {
    assert.ok(closeScore(Number(hit._additional.score), expected[i]!.score), `score ${hit._additional.score} vs ${expected[i]!.score}`);
  });
}

describe("withBm25", () => {
  test("searches every searchable property when none are named, ranked by score", async () => {
    const hits = await bm25("ocean night");
    assertRanking(hits, expectedBm25("ocean night"));
    assert.equal(typeof hits[0]!._additional.score, "string");
    for (const hit of hits) assert.match(hit._additional.explainScore, /^(, BM25F_(ocean|night)_frequency:\d+, BM25F_\2_propLength:\d+)+$/);
  });

  test("named properties with a boost, stopwords dropped from the query", async () => {
    assertRanking(await bm25("the ocean", ["title^2", "body"]), expectedBm25("ocean", ["title^2", "body"]));
    assertRanking(await bm25("mountain", ["body"]), expectedBm25("mountain", ["body"]));
    assert.deepEqual(await bm25("the and of", ["body"]), []);
  });

  test("with a where filter and a limit", async () => {
    const hits = await bm25("ocean", undefined, (getter) => {
      getter.withWhere({ path: ["year"], operator: "GreaterThan", valueInt: 2001 }).withLimit(1);
    });
    const expected = expectedBm25("ocean").filter((entry) => keywordDocs.find((doc) => doc.id === entry.id)!.year > 2001);
    assertRanking(hits, expected.slice(0, 1));
  });

  test("a property that is not searchable is refused with Weaviate's message", async () => {
    await assert.rejects(bm25("nature", ["genre"]), /Searching by property 'genre' requires inverted index/);
  });
});

describe("withHybrid", () => {
  const vector = [1, 0, 0];
  const hybrid = async (args: { alpha?: number; fusionType?: "rankedFusion" | "relativeScoreFusion" }) => {
    const reply = await client.graphql
      .get()
      .withClassName("Doc")
      .withFields("title _additional { id score explainScore }")
      // biome-ignore lint/suspicious/noExplicitAny: the client's FusionType enum is not exported as a value
      .withHybrid({ query: "ocean", vector, ...(args as any) })
      .withLimit(5)
      .do();
    return reply.data.Get.Doc as Hit[];
  };

  test("alpha 0 ranks as bm25, alpha 1 as the vector search", async () => {
    assert.deepEqual((await hybrid({ alpha: 0 })).map((hit) => hit._additional.id), expectedBm25("ocean").map((entry) => entry.id));
    const byDistance = [...keywordDocs]
      .map((doc) => ({ id: doc.id, similarity: doc.vector[0]! / Math.hypot(...doc.vector) }))
      // Fused ties fall back to the uuid, descending (Weaviate's order).
      .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? 1 : -1))
      .map((entry) => entry.id);
    assert.deepEqual((await hybrid({ alpha: 1 })).map((hit) => hit._additional.id), byDistance);
  });

  test("relativeScoreFusion is the default: each side scaled to 0..1 and weighted; rankedFusion weighs ranks", async () => {
    const keyword = expectedBm25("ocean");
    const similarity = (doc: (typeof keywordDocs)[number]) => doc.vector[0]! / Math.hypot(...doc.vector);
    const vectorValues = keywordDocs.map(similarity);
    const [low, high] = [Math.min(...vectorValues), Math.max(...vectorValues)];
    const [kLow, kHigh] = [Math.min(...keyword.map((e) => e.score)), Math.max(...keyword.map((e) => e.score))];
    const fused = keywordDocs
      .map((doc) => {
        const bm25 = keyword.find((entry) => entry.id === doc.id);
        const vectorPart = (0.5 * (similarity(doc) - low)) / (high - low);
        const keywordPart = bm25 ? (0.5 * (bm25.score - kLow)) / (kHigh - kLow) : 0;
        return { id: doc.id, score: vectorPart + keywordPart };
      })
      .sort((a, b) => b.score - a.score);
    const relative = await hybrid({ alpha: 0.5 });
    assert.deepEqual(relative.slice(0, 3).map((hit) => hit._additional.id), fused.slice(0, 3).map((entry) => entry.id));
    relative.slice(0, 3).forEach((hit, i) => {
    assert.ok(closeScore(Number(hit._additional.score), fused[i]!.score), `${hit._additional.score} vs ${fused[i]!.score}`);
  });
    assert.match(relative[0]!._additional.explainScore, /^\nHybrid \(Result Set keyword,bm25\) Document .*: original score .*, normalized score: .* - \nHybrid \(Result Set vector,hybridVector\)/);
    const ranked = await hybrid({ alpha: 0.5, fusionType: "rankedFusion" });
    // "Ocean liner" and "Ocean waves" lead both sides, in one order or the other: 0.5/60 + 0.5/61.
    assert.ok(closeScore(Number(ranked[0]!._additional.score), 0.5 / 60 + 0.5 / 61));
    assert.match(ranked[0]!._additional.explainScore, /^\nHybrid \(Result Set vector,hybridVector\) Document .* contributed [\d.]+ to the score\nHybrid \(Result Set keyword,bm25\)/);
  });

  test("a nearVector sub-search's certainty bounds the vector side", async () => {
    const reply = await client.graphql
      .get()
      .withClassName("Doc")
      .withFields("title")
      .withHybrid({ query: "ocean", alpha: 0.5, searches: [{ nearVector: { vector: [1, 0, 0], certainty: 0.999 } }] })
      .do();
    // Only "Ocean waves" is that close ("Ocean liner" is at certainty 0.997), and keyword hits farther away drop out.
    assert.deepEqual(reply.data.Get.Doc, [{ title: "Ocean waves" }]);
  });

  test("Aggregate over the objects a hybrid search ranks first", async () => {
    const reply = await client.graphql
      .raw()
      .withQuery('{Aggregate{Doc(hybrid:{query:"ocean", alpha:0}, objectLimit:2){meta{count}}}}')
      .do();
    assert.deepEqual(reply.data.Aggregate.Doc, [{ meta: { count: 2 } }]);
  });

  test("alpha outside 0..1 is refused", async () => {
    await assert.rejects(hybrid({ alpha: 1.5 }), /alpha should be between 0.0 and 1.0/);
  });
});
