/**
 * gRPC Search and Aggregate with bm25_search and hybrid_search on the project's own codecs, as
 * Weaviate's handler reads them: property names lower-cased at the first letter, score and
 * explainScore only when asked for, an unset alpha meaning 0 (pure keyword) unless
 * use_alpha_param, the vector from bytes, `vectors` or `near_vector`, and the statuses of bad
 * requests.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ClientError, Status } from "nice-grpc";
import { Vectors_VectorType } from "../../src/grpc/generated/v1/base.ts";
import { Hybrid_FusionType, SearchOperatorOptions_Operator } from "../../src/grpc/generated/v1/base_search.ts";
import { type GrpcClients, grpcClients } from "../helpers/grpc.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { expectedBm25, keywordClass, keywordDocs } from "../e2e/keyword-fixture.ts";

let server: TestServer;
let grpc: GrpcClients;

const float32 = (vector: number[]) => {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [i, value] of vector.entries()) bytes.writeFloatLE(value, i * 4);
  return bytes;
};

before(async () => {
  server = await startTestServer();
  grpc = grpcClients(server.app.grpcPort);
  assert.equal((await call(server.url, "POST", "/v1/schema", keywordClass)).status, 200);
  const objects = keywordDocs.map(({ id, vector, ...properties }) => ({ class: "Doc", id, vector, properties }));
  assert.equal((await call(server.url, "POST", "/v1/batch/objects", { objects })).status, 200);
});

after(async () => {
  grpc.close();
  await server.dispose();
});

const ids = (reply: { results: Array<{ metadata?: { id: string } }> }) => reply.results.map((result) => result.metadata?.id);

test("bm25_search: ranking, score and explainScore when asked, properties with a capital and an operator", async () => {
  const reply = await grpc.weaviate.search({
    collection: "Doc",
    bm25Search: { query: "ocean night", properties: ["Title", "body"] },
    metadata: { uuid: true, score: true, explainScore: true },
    uses123Api: true,
    uses125Api: true,
    uses127Api: true,
  });
  const expected = expectedBm25("ocean night");
  assert.deepEqual(ids(reply), expected.map((entry) => entry.id));
  assert.ok(reply.results.every((result) => result.metadata?.scorePresent && result.metadata.explainScorePresent));
  assert.ok(Math.abs(reply.results[0]!.metadata!.score - expected[0]!.score) < 1e-5);
  const plain = await grpc.weaviate.search({ collection: "Doc", bm25Search: { query: "ocean", properties: [] }, metadata: { uuid: true } });
  assert.equal(plain.results[0]!.metadata?.scorePresent, false);
  const both = await grpc.weaviate.search({
    collection: "Doc",
    bm25Search: { query: "mountain night", properties: ["body"], searchOperator: { operator: SearchOperatorOptions_Operator.OPERATOR_AND } },
    metadata: { uuid: true },
  });
  assert.deepEqual(ids(both), [keywordDocs[4]!.id]);
});

test("hybrid_search: alpha unset is pure keyword, use_alpha_param defaults to 0.75, vectors from bytes, a list or near_vector", async () => {
  const search = (hybrid: Record<string, unknown>) =>
    grpc.weaviate.search({ collection: "Doc", hybridSearch: { query: "ocean", ...hybrid }, metadata: { uuid: true, score: true }, limit: 5 });
  assert.deepEqual(ids(await search({})), expectedBm25("ocean").map((entry) => entry.id));
  const vector = [1, 0, 0];
  const fromBytes = await search({ vectorBytes: float32(vector), alphaParam: 1, useAlphaParam: true });
  assert.equal(ids(fromBytes)[0], keywordDocs[0]!.id);
  const fromList = await search({
    vectors: [{ name: "", index: 0, vectorBytes: float32(vector), type: Vectors_VectorType.VECTOR_TYPE_SINGLE_FP32 }],
    useAlphaParam: true,
    fusionType: Hybrid_FusionType.FUSION_TYPE_RANKED,
  });
  assert.ok(Math.abs(fromList.results[0]!.metadata!.score - (0.75 / 60 + 0.25 / 61)) < 1e-6);
  const near = await search({ nearVector: { vectorBytes: float32(vector) }, alpha: 0.5, vectorDistance: 0.1 });
  assert.deepEqual(ids(near).sort(), [keywordDocs[0]!.id, keywordDocs[3]!.id].sort());
});

test("Aggregate with hybrid counts the objects it ranks first", async () => {
  const reply = await grpc.weaviate.aggregate({ collection: "Doc", hybrid: { query: "ocean" }, objectLimit: 2, objectsCount: true });
  assert.equal(reply.singleResult?.objectsCount, 2);
});

test("bad keyword requests get INVALID_ARGUMENT with Weaviate's messages", async () => {
  const rejects = async (request: Parameters<GrpcClients["weaviate"]["search"]>[0], pattern: RegExp) => {
    await assert.rejects(grpc.weaviate.search(request), (error: unknown) => {
      assert.ok(error instanceof ClientError, String(error));
      assert.equal(Status[error.code], Status[Status.INVALID_ARGUMENT]);
      assert.match(error.details, pattern);
      return true;
    });
  };
  await rejects({ collection: "Doc", bm25Search: { query: "nature", properties: ["genre"] } }, /Searching by property 'genre' requires inverted index/);
  await rejects({ collection: "Doc", bm25Search: { query: "x", properties: [] }, sortBy: [{ path: ["year"], ascending: true }] }, /sorting cannot be combined with search/);
  await rejects({ collection: "Doc", hybridSearch: { query: "x", alpha: 0.5 } }, /VectorFromInput was called without vectorizer/);
  await rejects({ collection: "Doc", hybridSearch: { query: "x", alpha: 3 } }, /alpha should be between 0.0 and 1.0/);
  await rejects(
    { collection: "Doc", bm25Search: { query: "x", properties: [] }, nearVector: { vectorBytes: float32([1, 0, 0]) } },
    /only one search/,
  );
});
