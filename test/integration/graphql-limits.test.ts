/**
 * Bounds on one GraphQL request (GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_ALIASES, GRAPHQL_MAX_TOKENS), each
 * just under and just over the limit, on the POST path, the batch path and Yoga's GET path; vector
 * literals do not count as tokens; and a body over REQUEST_BODY_LIMIT_BYTES is a 413 in Weaviate's
 * error shape. Limit errors are GraphQL errors (HTTP 200, `errors[]`), like any validation error.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expectError } from "../helpers/expect.ts";
import { expectGraphQLReply, type GraphQLBody, graphql } from "../helpers/graphql.ts";
import { call } from "../helpers/http.ts";
import { createClass, createObject, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const MAX_DEPTH = 5;
const MAX_ALIASES = 3;
const MAX_TOKENS = 100;
const BODY_LIMIT = 4096;
const DIMENSIONS = 150;

let server: TestServer;
let url: string;

before(async () => {
  server = await startTestServer({
    GRAPHQL_MAX_DEPTH: String(MAX_DEPTH),
    GRAPHQL_MAX_ALIASES: String(MAX_ALIASES),
    GRAPHQL_MAX_TOKENS: String(MAX_TOKENS),
    REQUEST_BODY_LIMIT_BYTES: String(BODY_LIMIT),
  });
  url = server.url;
  await createClass(url, {
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "related", dataType: ["Article"] },
    ],
  });
  await createObject(url, {
    class: "Article",
    id: uuidOf(1),
    properties: { title: "one" },
    vector: Array.from({ length: DIMENSIONS }, (_, i) => i / DIMENSIONS),
  });
});

after(() => server.dispose());

/** `{ Get { Article { related { ... on Article { ... title } } } } }` with `levels` references: depth 3 + levels. */
function nested(levels: number): string {
  let inner = "title";
  for (let i = 0; i < levels; i++) inner = `related { ... on Article { ${inner} } }`;
  return `{ Get { Article { ${inner} } } }`;
}

/** `{ Get { a0: Article { title } ... } }` with `count` aliases. */
function aliased(count: number): string {
  return `{ Get { ${Array.from({ length: count }, (_, i) => `a${i}: Article { title }`).join(" ")} } }`;
}

async function errorsOf(query: string): Promise<string[]> {
  const body = expectGraphQLReply(await graphql(url, query));
  return (body.errors ?? []).map((error) => error.message);
}

async function expectNoErrors(query: string): Promise<void> {
  assert.deepEqual(await errorsOf(query), [], query);
}

async function expectOnly(query: string, message: string): Promise<void> {
  assert.deepEqual(await errorsOf(query), [message], query);
}

describe("GRAPHQL_MAX_DEPTH", () => {
  it("runs a query exactly at the maximum depth", async () => {
    await expectNoErrors(nested(MAX_DEPTH - 3));
  });

  it("refuses one level more, naming the depth and the variable", async () => {
    await expectOnly(nested(MAX_DEPTH - 2), `query depth ${MAX_DEPTH + 1} exceeds the maximum of ${MAX_DEPTH} (GRAPHQL_MAX_DEPTH)`);
  });

  it("follows fragment spreads and inline fragments", async () => {
    const query = `{ Get { Article { ...Deep } } }
      fragment Deep on Article { related { ...Deeper } }
      fragment Deeper on Article { related { ... on Article { related { ... on Article { title } } } } }`;
    await expectOnly(query, `query depth 6 exceeds the maximum of ${MAX_DEPTH} (GRAPHQL_MAX_DEPTH)`);
  });
});

describe("GRAPHQL_MAX_ALIASES", () => {
  it("runs a query with the maximum number of aliases", async () => {
    await expectNoErrors(aliased(MAX_ALIASES));
  });

  it("refuses one alias more", async () => {
    await expectOnly(
      aliased(MAX_ALIASES + 1),
      `query uses ${MAX_ALIASES + 1} aliases, exceeding the maximum of ${MAX_ALIASES} (GRAPHQL_MAX_ALIASES)`,
    );
  });

  it("counts a fragment's aliases once per spread", async () => {
    // Two aliases in the fragment, spread twice, plus the alias `again`: 5.
    const query = `{ Get { ...Two } again: Get { ...Two } }
      fragment Two on GetObjectsObj { a: Article { title } b: Article { title } }`;
    await expectOnly(query, `query uses 5 aliases, exceeding the maximum of ${MAX_ALIASES} (GRAPHQL_MAX_ALIASES)`);
  });
});

describe("GRAPHQL_MAX_TOKENS", () => {
  /** `{ Get { Article { title title ... } } }`: 8 tokens plus one per field. */
  const fields = (count: number) => `{ Get { Article { ${Array(count).fill("title").join(" ")} } } }`;

  it("runs a query of exactly the maximum number of tokens", async () => {
    await expectNoErrors(fields(MAX_TOKENS - 8));
  });

  it("refuses one token more before building the document", async () => {
    await expectOnly(fields(MAX_TOKENS - 7), `query exceeds the maximum of ${MAX_TOKENS} tokens (GRAPHQL_MAX_TOKENS)`);
  });

  it("does not count the numbers of a vector literal (they are data)", async () => {
    const vector = Array.from({ length: DIMENSIONS }, (_, i) => (i / DIMENSIONS).toFixed(3)).join(",");
    const body = expectGraphQLReply(
      await graphql(url, `{ Get { Article(nearVector: { vector: [${vector}] }) { title } } }`),
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.deepEqual(body.data, { Get: { Article: [{ title: "one" }] } });
  });
});

describe("the other GraphQL paths apply the same limits", () => {
  it("POST /v1/graphql/batch reports a limit in the item that breaks it", async () => {
    const reply = await call<GraphQLBody[]>(url, "POST", "/v1/graphql/batch", [
      { query: nested(MAX_DEPTH - 3) },
      { query: aliased(MAX_ALIASES + 1) },
    ]);
    assert.equal(reply.status, 200);
    assert.equal(reply.body[0]?.errors, undefined);
    assert.deepEqual(
      reply.body[1]?.errors?.map((error) => error.message),
      [`query uses ${MAX_ALIASES + 1} aliases, exceeding the maximum of ${MAX_ALIASES} (GRAPHQL_MAX_ALIASES)`],
    );
  });

  for (const [name, query, message] of [
    ["depth", nested(MAX_DEPTH - 2), `query depth ${MAX_DEPTH + 1} exceeds the maximum of ${MAX_DEPTH} (GRAPHQL_MAX_DEPTH)`],
    ["aliases", aliased(MAX_ALIASES + 1), `exceeding the maximum of ${MAX_ALIASES} (GRAPHQL_MAX_ALIASES)`],
    ["tokens", `{ Get { Article { ${Array(MAX_TOKENS).fill("title").join(" ")} } } }`, "(GRAPHQL_MAX_TOKENS)"],
  ] as const) {
    it(`GET /v1/graphql?query= (Yoga) refuses a query over the ${name} limit`, async () => {
      const reply = await call<GraphQLBody>(url, "GET", `/v1/graphql?query=${encodeURIComponent(query)}`, undefined, {
        accept: "application/json",
      });
      const messages = (reply.body?.errors ?? []).map((error) => error.message);
      assert.equal(messages.length, 1, JSON.stringify(reply.body));
      assert.ok(messages[0]?.includes(message), `${messages[0]} should contain ${message}`);
      assert.equal(reply.body?.data ?? undefined, undefined);
    });
  }

  it("GET /v1/graphql?query= runs a query within the limits", async () => {
    const reply = await call<GraphQLBody>(url, "GET", `/v1/graphql?query=${encodeURIComponent(nested(MAX_DEPTH - 3))}`, undefined, {
      accept: "application/json",
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.errors, undefined, JSON.stringify(reply.body));
  });
});

describe("REQUEST_BODY_LIMIT_BYTES", () => {
  const padding = "x".repeat(BODY_LIMIT);

  it("answers 413 in Weaviate's error shape for a REST body over the limit", async () => {
    const reply = await call(url, "POST", "/v1/objects", { class: "Article", properties: { title: padding } });
    expectError(reply, 413, "REQUEST_BODY_LIMIT_BYTES");
  });

  it("answers 413 for a GraphQL body over the limit", async () => {
    const reply = await call(url, "POST", "/v1/graphql", { query: `{ Get { Article { title } } } # ${padding}` });
    expectError(reply, 413, "request body is too large");
  });

  it("accepts a body just under the limit", async () => {
    const title = "y".repeat(BODY_LIMIT - 200);
    const reply = await call(url, "POST", "/v1/objects", { class: "Article", properties: { title } });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });
});
