/**
 * Error rendering of the REST layer against the real service: every failure a client can
 * provoke before the use cases run (unparsable, oversized, misrouted or mistyped bodies) comes
 * back in Weaviate's `{"error":[{"message"}]}` shape with the status clients branch on.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expect422, expectError, expectOk } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const LIMIT = 2048;

describe("REST error rendering", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ REQUEST_BODY_LIMIT_BYTES: String(LIMIT) });
  });
  after(() => server.dispose());

  describe("malformed JSON", () => {
    for (const [method, path] of [
      ["POST", "/v1/schema"],
      ["PUT", "/v1/schema/Article"],
      ["POST", "/v1/schema/Article/properties"],
      ["POST", "/v1/objects"],
    ] as const) {
      test(`${method} ${path} answers 400 naming the JSON problem`, async () => {
        const message = expectError(await call(server.url, method, path, '{"class": "Article",'), 400);
        assert.match(message, /JSON/);
      });
    }

    test("a JSON body sent without a JSON content type is still read (curl users)", async () => {
      const reply = await call(server.url, "POST", "/v1/schema", { class: "PlainText" }, { "content-type": "text/plain" });
      assert.equal(expectOk(reply)["class"], "PlainText");
    });
  });

  describe("body size limit", () => {
    test("a body over REQUEST_BODY_LIMIT_BYTES answers 413 in the error shape", async () => {
      const body = JSON.stringify({ class: "Big", description: "x".repeat(LIMIT) });
      assert.ok(Buffer.byteLength(body) > LIMIT);
      const message = expectError(await call(server.url, "POST", "/v1/schema", body), 413);
      assert.match(message, /REQUEST_BODY_LIMIT_BYTES/);
      assert.equal((await call(server.url, "GET", "/v1/schema/Big")).status, 404);
    });

    test("a body just under the limit is accepted", async () => {
      const base = JSON.stringify({ class: "Small", description: "" });
      const body = JSON.stringify({ class: "Small", description: "x".repeat(LIMIT - Buffer.byteLength(base) - 1) });
      assert.ok(Buffer.byteLength(body) < LIMIT);
      assert.equal(expectOk(await call(server.url, "POST", "/v1/schema", body))["class"], "Small");
    });

    test("the limit also applies to object writes", async () => {
      const body = { class: "Small", properties: { text: "y".repeat(LIMIT) } };
      expectError(await call(server.url, "POST", "/v1/objects", body), 413);
    });
  });

  describe("unknown routes", () => {
    for (const [method, path] of [
      ["GET", "/v1/nope"],
      ["GET", "/v2/schema"],
      ["POST", "/v1/schemas"],
      ["GET", "/v1/schema/Article/nope"],
      ["GET", "/v1/schema/Article/properties/x"],
    ] as const) {
      test(`${method} ${path} answers 404 in the error shape naming the path`, async () => {
        expectError(await call(server.url, method, path), 404, path);
      });
    }

    test("a known path with another method answers 405 naming the allowed methods", async () => {
      const reply = await call(server.url, "PATCH", "/v1/schema");
      const message = expectError(reply, 405, "PATCH");
      assert.match(message, /GET/);
      assert.match(message, /POST/);
      assert.match(reply.headers.get("allow") ?? "", /GET/);
      expectError(await call(server.url, "DELETE", "/v1/meta"), 405, "DELETE");
      expectError(await call(server.url, "POST", "/v1/schema/Article/shards", {}), 405);
    });

    test("the query string is not part of the reported path", async () => {
      const message = expectError(await call(server.url, "GET", "/v1/nope?secret=1"), 404);
      assert.ok(!message.includes("secret"), message);
    });
  });

  describe("class bodies with wrong types answer 422 naming the field", () => {
    const cases: Array<[string, unknown, string]> = [
      ["body is an array", [{ class: "A" }], "JSON object"],
      ["body is a string", '"Article"', "JSON object"],
      ["body is null", "null", "JSON object"],
      ["body is empty", "", "JSON object"],
      ["class is a number", { class: 5 }, "class name"],
      ["class is missing", { description: "no name" }, "class name"],
      ["description is a number", { class: "A", description: 5 }, "description"],
      ["properties is an object", { class: "A", properties: {} }, "properties"],
      ["a property is a string", { class: "A", properties: ["title"] }, "property"],
      ["property name is a number", { class: "A", properties: [{ name: 5, dataType: ["text"] }] }, "name"],
      ["dataType is a string", { class: "A", properties: [{ name: "t", dataType: "text" }] }, "dataType"],
      ["dataType holds a number", { class: "A", properties: [{ name: "t", dataType: [1] }] }, "dataType"],
      ["dataType is missing", { class: "A", properties: [{ name: "t" }] }, "dataType"],
      [
        "indexFilterable is a string",
        { class: "A", properties: [{ name: "t", dataType: ["text"], indexFilterable: "yes" }] },
        "indexFilterable",
      ],
      [
        "tokenization is a number",
        { class: "A", properties: [{ name: "t", dataType: ["text"], tokenization: 1 }] },
        "tokenization",
      ],
      [
        "nestedProperties is an object",
        { class: "A", properties: [{ name: "o", dataType: ["object"], nestedProperties: {} }] },
        "nested property",
      ],
      [
        "a nested dataType is a string",
        { class: "A", properties: [{ name: "o", dataType: ["object"], nestedProperties: [{ name: "a", dataType: "text" }] }] },
        "dataType",
      ],
      ["vectorizer is a number", { class: "A", vectorizer: 3 }, "vectorizer"],
      ["vectorIndexConfig is an array", { class: "A", vectorIndexConfig: [] }, "vectorIndexConfig"],
      ["vectorIndexConfig.ef is a string", { class: "A", vectorIndexConfig: { ef: "x" } }, "ef"],
      ["vectorConfig is an array", { class: "A", vectorConfig: [] }, "vectorConfig"],
      ["invertedIndexConfig is a string", { class: "A", invertedIndexConfig: "x" }, "invertedIndexConfig"],
      [
        "multiTenancyConfig.enabled is a string",
        { class: "A", multiTenancyConfig: { enabled: "yes" } },
        "multiTenancyConfig.enabled",
      ],
      ["replicationConfig.factor is a string", { class: "A", replicationConfig: { factor: "x" } }, "replicationConfig.factor"],
      ["shardingConfig.desiredCount is a string", { class: "A", shardingConfig: { desiredCount: "x" } }, "desiredCount"],
      ["moduleConfig is an array", { class: "A", moduleConfig: [] }, "moduleConfig"],
    ];
    for (const [name, body, field] of cases) {
      test(name, async () => {
        expect422(await call(server.url, "POST", "/v1/schema", body), field);
      });
    }

    test("nothing was created by the rejected bodies", async () => {
      const body = expectOk<{ classes: Array<{ class: string }> }>(await call(server.url, "GET", "/v1/schema"));
      assert.ok(!body.classes.some((c) => c.class === "A"));
    });

    test("PUT and add-property reject wrongly typed bodies the same way", async () => {
      expectOk(await call(server.url, "POST", "/v1/schema", { class: "Typed" }));
      expect422(await call(server.url, "PUT", "/v1/schema/Typed", []), "JSON object");
      expect422(await call(server.url, "PUT", "/v1/schema/Typed", { class: "Typed", properties: {} }), "properties");
      expect422(await call(server.url, "PUT", "/v1/schema/Typed", { class: "Typed", description: 1 }), "description");
      expect422(await call(server.url, "POST", "/v1/schema/Typed/properties", []), "property");
      expect422(
        await call(server.url, "POST", "/v1/schema/Typed/properties", { name: "x", dataType: "text" }),
        "dataType",
      );
    });
  });
});
