/**
 * The GraphQL transport over HTTP (reference §6.1): the 422s Weaviate answers before GraphQL
 * runs, /v1/graphql/batch, JSON replies with status 200 even with errors, GraphiQL for
 * browsers, CORS; and the live schema — classes and properties appear and disappear in the very
 * next request, without a restart.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expect422, expectOk } from "../helpers/expect.ts";
import {
  expectGraphQLReply,
  expectValidationError,
  type GraphQLBody,
  graphql,
  queryData,
} from "../helpers/graphql.ts";
import { call } from "../helpers/http.ts";
import { createClass, createObject, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const NO_PROVIDER =
  "no graphql provider present, this is most likely because no schema is present. Import a schema first!";
const BATCH_EMPTY_QUERY = "422: The request is well-formed but was unable to be followed due to semantic errors.";

let server: TestServer;
let url: string;

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
});

after(() => server.dispose());

describe("POST /v1/graphql before any class exists", () => {
  it("answers 422 with Weaviate's no-provider message", async () => {
    const reply = await call(url, "POST", "/v1/graphql", { query: "{ Get { Article { title } } }" });
    assert.equal(expect422(reply), NO_PROVIDER);
  });
});

describe("the GraphQL transport", () => {
  before(async () => {
    await createClass(url, { class: "Note", properties: [{ name: "text", dataType: ["text"] }] });
    await createObject(url, { class: "Note", id: uuidOf(1), properties: { text: "first" } });
  });

  it("runs a query: 200, application/json, data only", async () => {
    const reply = await graphql(url, "{ Get { Note { text _additional { id } } } }");
    assert.deepEqual(expectGraphQLReply(reply), {
      data: { Get: { Note: [{ text: "first", _additional: { id: uuidOf(1) } }] } },
    });
  });

  it("refuses an empty query with 422 `query cannot be empty`", async () => {
    assert.equal(expect422(await call(url, "POST", "/v1/graphql", { query: "" })), "query cannot be empty");
    assert.equal(expect422(await call(url, "POST", "/v1/graphql", {})), "query cannot be empty");
  });

  it("refuses variables that are not an object with 422", async () => {
    const query = "{ Get { Note { text } } }";
    expect422(await call(url, "POST", "/v1/graphql", { query, variables: [1, 2] }));
    expect422(await call(url, "POST", "/v1/graphql", { query, variables: "x" }));
  });

  it("uses variables and operationName", async () => {
    const query = `query A($n: Int) { Get { Note(limit: $n) { text } } }
      query B { Aggregate { Note { meta { count } } } }`;
    const reply = await call<GraphQLBody>(url, "POST", "/v1/graphql", {
      query,
      variables: { n: 1 },
      operationName: "A",
    });
    assert.deepEqual(expectGraphQLReply(reply), { data: { Get: { Note: [{ text: "first" }] } } });
    const other = await call<GraphQLBody>(url, "POST", "/v1/graphql", { query, operationName: "B" });
    assert.deepEqual(expectGraphQLReply(other), { data: { Aggregate: { Note: [{ meta: { count: 1 } }] } } });
  });

  it("answers errors with status 200 and application/json", async () => {
    const unknown = expectGraphQLReply(await graphql(url, "{ Get { Note { nope } } }"));
    assert.equal(unknown.errors?.[0]?.message, 'Cannot query field "nope" on type "Note".');
    const syntax = expectGraphQLReply(await graphql(url, "{ Get { Note { text }"));
    assert.match(syntax.errors?.[0]?.message ?? "", /^Syntax Error/);
    assert.equal(syntax.data, undefined);
  });

  it("serves GraphiQL to a browser on GET /v1/graphql", async () => {
    const reply = await call(url, "GET", "/v1/graphql", undefined, { accept: "text/html" });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal(typeof reply.body, "string");
    assert.match(reply.body as string, /<!doctype html>/i);
    assert.match(reply.body as string, /graphiql/i);
  });
});

describe("POST /v1/graphql/batch", () => {
  it("answers every request in input order", async () => {
    const reply = await call<GraphQLBody[]>(url, "POST", "/v1/graphql/batch", [
      { query: "{ Aggregate { Note { meta { count } } } }" },
      { query: "" },
      { query: "query($n: Int) { Get { Note(limit: $n) { text } } }", variables: { n: 5 } },
      { query: "{ Get { Missing { text } } }" },
    ]);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get("content-type") ?? "", /^application\/json/);
    const [count, empty, listed, unknown] = reply.body;
    assert.equal(reply.body.length, 4);
    assert.deepEqual(count, { data: { Aggregate: { Note: [{ meta: { count: 1 } }] } } });
    assert.deepEqual(empty, { data: null, errors: [{ message: BATCH_EMPTY_QUERY }] });
    assert.deepEqual(listed, { data: { Get: { Note: [{ text: "first" }] } } });
    assert.equal(unknown?.errors?.[0]?.message, 'Cannot query field "Missing" on type "GetObjectsObj".');
  });

  it("refuses an empty array with 422", async () => {
    expect422(await call(url, "POST", "/v1/graphql/batch", []));
  });
});

describe("CORS", () => {
  it("allows any origin on GraphQL and REST replies", async () => {
    const origin = { origin: "http://somewhere.example" };
    const gql = await graphql(url, "{ Get { Note { text } } }", undefined, origin);
    assert.equal(gql.headers.get("access-control-allow-origin"), "*");
    const rest = await call(url, "GET", "/v1/schema", undefined, origin);
    expectOk(rest);
    assert.equal(rest.headers.get("access-control-allow-origin"), "*");
  });

  it("answers a preflight with 204", async () => {
    const reply = await fetch(`${url}/v1/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: "http://somewhere.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    assert.equal(reply.status, 204);
    assert.equal(reply.headers.get("access-control-allow-origin"), "*");
    assert.match(reply.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.match(reply.headers.get("access-control-allow-headers") ?? "", /content-type/i);
  });
});

describe("the live schema", () => {
  it("serves a new class in the very next request, and in introspection", async () => {
    await createClass(url, { class: "Article", properties: [{ name: "title", dataType: ["text"] }] });
    await createObject(url, { class: "Article", id: uuidOf(2), properties: { title: "Live" } });
    assert.deepEqual(await queryData(url, "{ Get { Article { title } } }"), {
      Get: { Article: [{ title: "Live" }] },
    });
    const data = await queryData(url, '{ __type(name: "Article") { name kind fields { name } } }');
    assert.equal(data.__type.name, "Article");
    assert.equal(data.__type.kind, "OBJECT");
    assert.deepEqual(
      data.__type.fields.map((field: { name: string }) => field.name),
      ["title", "_additional"],
    );
  });

  it("serves a property added to a class", async () => {
    const reply = await call(url, "POST", "/v1/schema/Article/properties", { name: "wordCount", dataType: ["int"] });
    expectOk(reply);
    await call(url, "PATCH", `/v1/objects/Article/${uuidOf(2)}`, { class: "Article", properties: { wordCount: 7 } });
    assert.deepEqual(await queryData(url, "{ Get { Article { title wordCount } } }"), {
      Get: { Article: [{ title: "Live", wordCount: 7 }] },
    });
    const data = await queryData(url, '{ __type(name: "Article") { fields { name } } }');
    assert.ok(data.__type.fields.some((field: { name: string }) => field.name === "wordCount"));
  });

  it("forgets a deleted class, and answers 422 once no class is left", async () => {
    expectOk(await call(url, "DELETE", "/v1/schema/Article"));
    await expectValidationError(
      url,
      "{ Get { Article { title } } }",
      'Cannot query field "Article" on type "GetObjectsObj".',
    );
    await expectValidationError(
      url,
      "{ Aggregate { Article { meta { count } } } }",
      'Cannot query field "Article" on type "AggregateObjectsObj".',
    );
    assert.deepEqual(await queryData(url, '{ __type(name: "Article") { name } }'), { __type: null });
    expectOk(await call(url, "DELETE", "/v1/schema/Note"));
    assert.equal(expect422(await call(url, "POST", "/v1/graphql", { query: "{ Get { Note { text } } }" })), NO_PROVIDER);
  });
});

describe("configuration", () => {
  it("DISABLE_GRAPHQL=true answers 422 `graphql api is disabled`", async () => {
    const disabled = await startTestServer({ DISABLE_GRAPHQL: "true" });
    try {
      await createClass(disabled.url, { class: "Note", properties: [{ name: "text", dataType: ["text"] }] });
      const reply = await call(disabled.url, "POST", "/v1/graphql", { query: "{ Get { Note { text } } }" });
      assert.equal(expect422(reply), "graphql api is disabled");
      expect422(await call(disabled.url, "POST", "/v1/graphql/batch", [{ query: "{ Get { Note { text } } }" }]));
    } finally {
      await disabled.dispose();
    }
  });

  it("CORS_ALLOW_ORIGIN allows that origin and not another", async () => {
    const narrow = await startTestServer({ CORS_ALLOW_ORIGIN: "http://a.example" });
    try {
      await createClass(narrow.url, { class: "Note", properties: [{ name: "text", dataType: ["text"] }] });
      const query = "{ Get { Note { text } } }";
      const allowed = await graphql(narrow.url, query, undefined, { origin: "http://a.example" });
      assert.equal(allowed.headers.get("access-control-allow-origin"), "http://a.example");
      const other = await graphql(narrow.url, query, undefined, { origin: "http://b.example" });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
      const rest = await call(narrow.url, "GET", "/v1/schema", undefined, { origin: "http://b.example" });
      assert.equal(rest.headers.get("access-control-allow-origin"), null);
      const preflight = await fetch(`${narrow.url}/v1/graphql`, {
        method: "OPTIONS",
        headers: { origin: "http://b.example", "access-control-request-method": "POST" },
      });
      assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    } finally {
      await narrow.dispose();
    }
  });
});
