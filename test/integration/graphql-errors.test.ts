/**
 * GraphQL errors over HTTP (reference §6.8, §6.9): resolver-time errors answer status 200 with
 * `data.Get.<Class>` null, the error's path `["Get", "<Class>"]` and a message naming the thing at
 * fault; validation errors (unknown class, field, argument) carry no data at all. A reference
 * selection nested deeper than QUERY_CROSS_REFERENCE_DEPTH_LIMIT is refused before any read.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  countCalls,
  expectGraphQLReply,
  expectResolverError,
  expectValidationError,
  getObjects,
  graphql,
} from "../helpers/graphql.ts";
import { beacon, createClass, createObject, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false", QUERY_CROSS_REFERENCE_DEPTH_LIMIT: "2" });
  url = server.url;
  await createClass(url, {
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "hidden", dataType: ["int"], indexFilterable: false },
    ],
  });
  await createClass(url, {
    class: "Metric",
    vectorIndexConfig: { distance: "l2-squared" },
    properties: [{ name: "title", dataType: ["text"] }],
  });
  // A class referencing itself: also proves the schema builds with a reference cycle.
  await createClass(url, {
    class: "Node",
    properties: [
      { name: "name", dataType: ["text"] },
      { name: "next", dataType: ["Node"] },
    ],
  });
  await createObject(url, { class: "Article", id: uuidOf(1), vector: [1, 0, 0], properties: { title: "a" } });
  await createObject(url, { class: "Metric", id: uuidOf(2), vector: [1, 0, 0], properties: { title: "m" } });
  for (const n of [3, 2, 1]) {
    const next = n < 3 ? { next: [{ beacon: beacon("Node", uuidOf(0x10 + n + 1)) }] } : {};
    await createObject(url, { class: "Node", id: uuidOf(0x10 + n), properties: { name: `n${n}`, ...next } });
  }
});

after(() => server.dispose());

describe("error codes", () => {
  it("a use case's error carries its code in extensions, as REST maps it to a status", async () => {
    const wrongLength = expectGraphQLReply(await graphql(url, "{ Get { Article(nearVector: {vector: [1, 0]}) { title } } }"));
    const codeOf = (body: { errors?: unknown[] }) => (body.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
    assert.equal(codeOf(wrongLength), "UNPROCESSABLE");
    const missing = expectGraphQLReply(
      await graphql(url, `{ Get { Article(nearObject: {id: "${uuidOf(0x999)}"}) { title } } }`),
    );
    assert.equal(codeOf(missing), "NOT_FOUND");
  });
});

describe("vector search errors", () => {
  it("a vector of the wrong length", async () => {
    const query = "{ Get { Article(nearVector: {vector: [1, 0]}) { title } } }";
    const message = await expectResolverError(url, query, "Article", ["vector lengths don't match"]);
    assert.match(message, /2 vs 3/);
  });

  it("a certainty argument on a class that is not cosine", async () => {
    const query = "{ Get { Metric(nearVector: {vector: [1, 0, 0], certainty: 0.7}) { title } } }";
    await expectResolverError(url, query, "Metric", [
      "can't compute and return certainty when vector index is configured with l2-squared distance",
    ]);
  });

  it("_additional { certainty } on a class that is not cosine", async () => {
    const query = "{ Get { Metric(nearVector: {vector: [1, 0, 0]}) { title _additional { certainty } } } }";
    await expectResolverError(url, query, "Metric", ["certainty", "l2-squared"]);
  });

  it("certainty and distance together", async () => {
    const nearVector = "{ Get { Article(nearVector: {vector: [1, 0, 0], certainty: 0.7, distance: 0.2}) { title } } }";
    await expectResolverError(url, nearVector, "Article", [
      "found 'certainty' and 'distance' set in nearVector which are conflicting, choose one instead",
    ]);
    const nearObject = `{ Get { Article(nearObject: {id: "${uuidOf(1)}", certainty: 0.7, distance: 0.2}) { title } } }`;
    await expectResolverError(url, nearObject, "Article", ["'certainty' and 'distance'", "nearObject"]);
  });

  it("a nearObject id that does not exist", async () => {
    const query = `{ Get { Article(nearObject: {id: "${uuidOf(99)}"}) { title } } }`;
    await expectResolverError(url, query, "Article", [uuidOf(99)]);
  });

  it("a target vector the class does not have", async () => {
    const query = `{ Get { Article(nearVector: {vector: [1, 0, 0], targetVectors: ["nope"]}) { title } } }`;
    await expectResolverError(url, query, "Article", ["nope"]);
  });
});

describe("where errors", () => {
  it("an unknown property in the path", async () => {
    const query = `{ Get { Article(where: {path: ["nope"], operator: Equal, valueText: "x"}) { title } } }`;
    await expectResolverError(url, query, "Article", ["no such prop with name 'nope' found in class 'Article'"]);
  });

  it("an unknown property behind a reference", async () => {
    const query = `{ Get { Node(where: {path: ["next", "Node", "nope"], operator: Equal, valueText: "x"}) { name } } }`;
    await expectResolverError(url, query, "Node", ["nope"]);
  });

  it("a value type that does not fit the property", async () => {
    const query = `{ Get { Article(where: {path: ["title"], operator: Equal, valueInt: 3}) { title } } }`;
    await expectResolverError(url, query, "Article", ["valueInt", "text"]);
  });
});

describe("where errors: what the class does not index", () => {
  it("IsNull without indexNullState", async () => {
    const query = `{ Get { Article(where: {path: ["title"], operator: IsNull, valueBoolean: true}) { title } } }`;
    await expectResolverError(url, query, "Article", ["indexNullState"]);
  });

  it("_creationTimeUnix without indexTimestamps", async () => {
    const query = `{ Get { Article(where: {path: ["_creationTimeUnix"], operator: GreaterThan, valueText: "1"}) { title } } }`;
    await expectResolverError(url, query, "Article", ["Timestamps must be indexed", "Article"]);
  });

  it("a property with indexFilterable: false", async () => {
    const query = `{ Get { Article(where: {path: ["hidden"], operator: Equal, valueInt: 1}) { title } } }`;
    await expectResolverError(url, query, "Article", ["Filtering by property 'hidden' requires inverted index"]);
  });
});

describe("validation errors", () => {
  it("an unknown class", async () => {
    await expectValidationError(url, "{ Get { Foo { title } } }", 'Cannot query field "Foo" on type "GetObjectsObj".');
  });

  it("an unknown field", async () => {
    await expectValidationError(url, "{ Get { Article { zzz } } }", 'Cannot query field "zzz" on type "Article".');
  });

  it("a tenant argument on a class without multi-tenancy", async () => {
    await expectValidationError(url, `{ Get { Article(tenant: "t1") { title } } }`, /^Unknown argument "tenant" on field "(GetObjectsObj\.)?Article"/);
  });

  it("locations point into the client's query even after a vector literal", async () => {
    const query = "{ Get { Article(nearVector: {vector: [0.1, 0.2, 0.3]}) { zzz } } }";
    const body = expectGraphQLReply(await graphql(url, query));
    assert.deepEqual(body.errors?.[0]?.locations, [{ line: 1, column: query.indexOf("zzz") + 1 }]);
  });

  it("an operator that does not exist", async () => {
    const query = `{ Get { Article(where: {path: ["title"], operator: Foo, valueText: "x"}) { title } } }`;
    await expectValidationError(url, query, /"Foo".*GetObjectsArticleWhereOperatorEnum/);
  });

  it("keeps other fields' data when one class fails", async () => {
    const query = "{ Get { Article { title } Metric(nearVector: {vector: [1, 0]}) { title } } }";
    const body = expectGraphQLReply(await graphql(url, query));
    assert.deepEqual(body.data, { Get: { Article: [{ title: "a" }], Metric: null } });
    assert.deepEqual(
      body.errors?.map((error) => error.path),
      [["Get", "Metric"]],
    );
  });
});

describe("cross-reference depth", () => {
  it("resolves references up to QUERY_CROSS_REFERENCE_DEPTH_LIMIT", async () => {
    const query = `{ Get { Node(where: {path: ["name"], operator: Equal, valueText: "n1"}) {
      name next { ... on Node { name next { ... on Node { name } } } }
    } } }`;
    assert.deepEqual(await getObjects(url, "Node", query), [
      { name: "n1", next: [{ name: "n2", next: [{ name: "n3" }] }] },
    ]);
  });

  it("refuses a deeper selection before reading anything", async () => {
    const [shard] = server.app.shards.shardsOf("Node");
    assert.ok(shard);
    const spy = countCalls(shard, ["getRecords", "scanByDocId", "list", "nearest", "indexLookup"]);
    try {
      const query = `{ Get { Node { next { ... on Node { next { ... on Node { next { ... on Node { name } } } } } } } } }`;
      await expectResolverError(url, query, "Node", ["QUERY_CROSS_REFERENCE_DEPTH_LIMIT", "Node.next", "2"]);
      assert.deepEqual(spy.counts, { getRecords: 0, scanByDocId: 0, list: 0, nearest: 0, indexLookup: 0 });
    } finally {
      spy.restore();
    }
  });
});
