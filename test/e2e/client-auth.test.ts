/**
 * The official weaviate-ts-client (v2) with an API key (`new ApiKey(key)`, sent as
 * `Authorization: Bearer <key>`) against a server with API keys and the admin list on: an admin
 * reads the schema and writes an object; a read-only user reads but its write fails with the
 * client's 403 error; a wrong key fails with the client's 401 error carrying Weaviate's message.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor } from "../helpers/client.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const ADMIN_KEY = "admin-secret-key";
const READER_KEY = "reader-secret-key";

let server: TestServer;

before(async () => {
  server = await startTestServer({
    AUTHENTICATION_APIKEY_ENABLED: "true",
    AUTHENTICATION_APIKEY_ALLOWED_KEYS: `${ADMIN_KEY},${READER_KEY}`,
    AUTHENTICATION_APIKEY_USERS: "admin,reader",
    AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "false",
    AUTHORIZATION_ADMINLIST_ENABLED: "true",
    AUTHORIZATION_ADMINLIST_USERS: "admin",
    AUTHORIZATION_ADMINLIST_READONLY_USERS: "reader",
  });
});

after(() => server.dispose());

describe("weaviate-ts-client v2 with an API key", () => {
  test("an admin key creates a class, reads the schema and writes an object", async () => {
    const client = clientFor(server.url, { apiKey: ADMIN_KEY });
    await client.schema
      .classCreator()
      .withClass({ class: "Article", properties: [{ name: "title", dataType: ["text"] }] })
      .do();
    const schema = await client.schema.getter().do();
    assert.deepEqual(
      schema.classes?.map((entry) => entry.class),
      ["Article"],
    );
    const created = await client.data.creator().withClassName("Article").withProperties({ title: "hello" }).do();
    assert.match(String(created.id), /^[0-9a-f-]{36}$/);
    const found = await client.data.getterById().withClassName("Article").withId(String(created.id)).do();
    assert.deepEqual(found.properties, { title: "hello" });
  });

  test("a read-only key reads (REST and GraphQL) but its write fails with a 403", async () => {
    const client = clientFor(server.url, { apiKey: READER_KEY });
    const schema = await client.schema.getter().do();
    assert.equal(schema.classes?.length, 1);
    const result = await client.graphql.get().withClassName("Article").withFields("title").do();
    assert.deepEqual(result.data, { Get: { Article: [{ title: "hello" }] } });
    await assert.rejects(
      client.data.creator().withClassName("Article").withProperties({ title: "nope" }).do(),
      (error: Error) =>
        error.message.startsWith("usage error (403):") &&
        error.message.includes("authorization, forbidden action: user 'reader' has insufficient permissions to create"),
    );
  });

  test("a wrong key gets the client's 401 error with Weaviate's message", async () => {
    const client = clientFor(server.url, { apiKey: "not-a-key" });
    await assert.rejects(
      client.schema.getter().do(),
      (error: Error) =>
        error.message === 'usage error (401): {"code":401,"message":"invalid api key, please provide a valid api key"}',
    );
  });

  test("no key at all gets the client's 401 error: anonymous access is off", async () => {
    await assert.rejects(clientFor(server.url).schema.getter().do(), (error: Error) =>
      error.message.includes("anonymous access not enabled"),
    );
  });
});
