/**
 * Cross-reference endpoints against the real server (reference §3.2, §3.5, §3.8): add, replace
 * and delete the references of one property, both beacon forms, the class-less path, and
 * POST /v1/batch/references with per-reference results.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import { beacon, createClass, createObject, getObject, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

interface BatchReferenceResult {
  from: string;
  to: string;
  result: { status: "SUCCESS" | "FAILED"; errors?: { error: Array<{ message: string }> } };
}

const ann = uuidOf(0xa1);
const bob = uuidOf(0xa2);
const topic = uuidOf(0xb1);
const missing = uuidOf(0xff);

let server: TestServer;
let url: string;

const ref = (className: string, id: string) => ({
  beacon: beacon(className, id),
  href: `/v1/objects/${className}/${id}`,
});

async function referencesOf(id: string, property: string): Promise<unknown> {
  return (await getObject(url, "Article", id)).properties?.[property];
}

async function newArticle(n: number): Promise<string> {
  const id = uuidOf(0x1000 + n);
  await createObject(url, { class: "Article", id, properties: { title: `article ${n}` } });
  return id;
}

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, { class: "Author", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, { class: "Topic", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, {
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "writtenBy", dataType: ["Author"] },
      { name: "about", dataType: ["Author", "Topic"] },
    ],
  });
  await createObject(url, { class: "Author", id: ann, properties: { name: "Ann" } });
  await createObject(url, { class: "Author", id: bob, properties: { name: "Bob" } });
  await createObject(url, { class: "Topic", id: topic, properties: { name: "Databases" } });
});

after(() => server.dispose());

describe("POST /v1/objects/{class}/{id}/references/{property}", () => {
  it("adds references in both beacon forms, stored with the class, read back with href", async () => {
    const id = await newArticle(1);
    const path = `/v1/objects/Article/${id}/references/writtenBy`;
    const first = await call(url, "POST", path, { beacon: beacon("Author", ann) });
    assert.equal(first.status, 200);
    assert.equal(first.body, undefined);
    assert.equal((await call(url, "POST", path, { beacon: beacon(undefined, bob) })).status, 200);
    assert.deepEqual(await referencesOf(id, "writtenBy"), [ref("Author", ann), ref("Author", bob)]);
  });

  it("resolves a class-less beacon on a multi-target property by looking the id up", async () => {
    const id = await newArticle(2);
    const path = `/v1/objects/Article/${id}/references/about`;
    assert.equal((await call(url, "POST", path, { beacon: beacon(undefined, topic) })).status, 200);
    assert.equal((await call(url, "POST", path, { beacon: beacon(undefined, ann) })).status, 200);
    assert.deepEqual(await referencesOf(id, "about"), [ref("Topic", topic), ref("Author", ann)]);
    const unknown = await call(url, "POST", path, { beacon: beacon(undefined, missing) });
    assert.equal(unknown.status, 422);
  });

  it("refuses a target class the property does not allow, a non-reference property and bad beacons", async () => {
    const id = await newArticle(3);
    const cases: Array<[string, unknown, RegExp]> = [
      ["writtenBy", { beacon: beacon("Topic", topic) }, /target class 'Topic' not allowed/],
      ["title", { beacon: beacon("Author", ann) }, /not a reference property/],
      ["nothing", { beacon: beacon("Author", ann) }, /no such prop with name 'nothing'/],
      ["writtenBy", { beacon: "weaviate://localhost/Author/not-a-uuid" }, /not-a-uuid/],
      ["writtenBy", { beacon: `weaviate://remote/Author/${ann}` }, /local/],
      ["writtenBy", { href: "/v1/objects/Author" }, /beacon/],
    ];
    for (const [property, body, message] of cases) {
      const reply = await call(url, "POST", `/v1/objects/Article/${id}/references/${property}`, body);
      assert.equal(reply.status, 422, `${property} ${JSON.stringify(body)}`);
      assert.match(errorMessage(reply), message);
    }
    assert.equal(await referencesOf(id, "writtenBy"), undefined);
  });

  it("answers 404 without a body when the source object or class does not exist", async () => {
    for (const path of [`/v1/objects/Article/${missing}/references/writtenBy`, `/v1/objects/Nowhere/${ann}/references/x`]) {
      const reply = await call(url, "POST", path, { beacon: beacon("Author", ann) });
      assert.equal(reply.status, 404, path);
      assert.equal(reply.body, undefined, path);
    }
  });
});

describe("PUT and DELETE /v1/objects/{class}/{id}/references/{property}", () => {
  it("PUT replaces the whole list; an empty list clears it", async () => {
    const id = await newArticle(4);
    const path = `/v1/objects/Article/${id}/references/about`;
    assert.equal((await call(url, "POST", path, { beacon: beacon("Author", ann) })).status, 200);
    const put = await call(url, "PUT", path, [{ beacon: beacon("Topic", topic) }, { beacon: beacon(undefined, bob) }]);
    assert.equal(put.status, 200);
    assert.deepEqual(await referencesOf(id, "about"), [ref("Topic", topic), ref("Author", bob)]);
    assert.equal((await call(url, "PUT", path, [])).status, 200);
    assert.deepEqual(await referencesOf(id, "about"), []);
  });

  it("PUT refuses a bad element and leaves the list as it was", async () => {
    const id = await newArticle(5);
    const path = `/v1/objects/Article/${id}/references/writtenBy`;
    assert.equal((await call(url, "PUT", path, [{ beacon: beacon("Author", ann) }])).status, 200);
    const reply = await call(url, "PUT", path, [{ beacon: beacon("Author", bob) }, { beacon: beacon("Topic", topic) }]);
    assert.equal(reply.status, 422);
    assert.equal((await call(url, "PUT", path, { beacon: beacon("Author", bob) })).status, 422, "not an array");
    assert.deepEqual(await referencesOf(id, "writtenBy"), [ref("Author", ann)]);
    assert.equal((await call(url, "PUT", `/v1/objects/Article/${missing}/references/writtenBy`, [])).status, 404);
  });

  it("DELETE removes the reference with 204, in either beacon form", async () => {
    const id = await newArticle(6);
    const path = `/v1/objects/Article/${id}/references/writtenBy`;
    await call(url, "PUT", path, [{ beacon: beacon("Author", ann) }, { beacon: beacon("Author", bob) }]);
    const reply = await call(url, "DELETE", path, { beacon: beacon("Author", ann) });
    assert.equal(reply.status, 204);
    assert.deepEqual(await referencesOf(id, "writtenBy"), [ref("Author", bob)]);
    assert.equal((await call(url, "DELETE", path, { beacon: beacon(undefined, bob) })).status, 204);
    assert.deepEqual(await referencesOf(id, "writtenBy"), []);
    assert.equal((await call(url, "DELETE", path, { beacon: beacon("Author", bob) })).status, 204, "already gone");
    const missingSource = await call(url, "DELETE", `/v1/objects/Article/${missing}/references/writtenBy`, {
      beacon: beacon("Author", ann),
    });
    assert.equal(missingSource.status, 404);
    const notReference = await call(url, "DELETE", `/v1/objects/Article/${id}/references/title`, {
      beacon: beacon("Author", ann),
    });
    assert.equal(notReference.status, 422);
  });

  it("keeps the other properties and creationTimeUnix, refreshes lastUpdateTimeUnix", async () => {
    const id = await newArticle(7);
    const before = await getObject(url, "Article", id);
    await new Promise((resolve) => setTimeout(resolve, 3));
    await call(url, "POST", `/v1/objects/Article/${id}/references/writtenBy`, { beacon: beacon("Author", ann) });
    const after = await getObject(url, "Article", id);
    assert.equal(after.properties?.["title"], "article 7");
    assert.equal(after.creationTimeUnix, before.creationTimeUnix);
    assert.ok(after.lastUpdateTimeUnix > before.lastUpdateTimeUnix);
  });
});

describe("class-less reference paths /v1/objects/{id}/references/{property}", () => {
  it("adds, replaces and deletes without naming the class", async () => {
    const id = await newArticle(8);
    const path = `/v1/objects/${id}/references/writtenBy`;
    assert.equal((await call(url, "POST", path, { beacon: beacon("Author", ann) })).status, 200);
    assert.deepEqual(await referencesOf(id, "writtenBy"), [ref("Author", ann)]);
    assert.equal((await call(url, "PUT", path, [{ beacon: beacon("Author", bob) }])).status, 200);
    assert.deepEqual(await referencesOf(id, "writtenBy"), [ref("Author", bob)]);
    assert.equal((await call(url, "DELETE", path, { beacon: beacon("Author", bob) })).status, 204);
    assert.deepEqual(await referencesOf(id, "writtenBy"), []);
    assert.equal((await call(url, "POST", `/v1/objects/${missing}/references/writtenBy`, { beacon: beacon("Author", ann) })).status, 404);
  });
});

describe("POST /v1/batch/references", () => {
  const from = (id: string, property: string) => `weaviate://localhost/Article/${id}/${property}`;

  it("answers per reference in input order; bad ones fail alone", async () => {
    const a = await newArticle(10);
    const b = await newArticle(11);
    const input = [
      { from: from(a, "writtenBy"), to: beacon("Author", ann) },
      { from: `weaviate://localhost/Article/${a}`, to: beacon("Author", bob) },
      { from: from(a, "writtenBy"), to: "weaviate://localhost/Author/nope" },
      { from: from(missing, "writtenBy"), to: beacon("Author", ann) },
      { from: from(a, "writtenBy"), to: beacon("Topic", topic) },
      { from: from(a, "about"), to: beacon(undefined, topic) },
      { from: from(b, "writtenBy"), to: beacon(undefined, bob) },
      { from: from(b, "title"), to: beacon("Author", bob) },
      { from: from(a, "writtenBy"), to: beacon("Author", bob) },
    ];
    const reply = await call<BatchReferenceResult[]>(url, "POST", "/v1/batch/references", input);
    assert.equal(reply.status, 200);
    assert.deepEqual(
      reply.body.map((item) => [item.from, item.to]),
      input.map((item) => [item.from, item.to]),
    );
    assert.deepEqual(
      reply.body.map((item) => item.result.status),
      ["SUCCESS", "FAILED", "FAILED", "FAILED", "FAILED", "SUCCESS", "SUCCESS", "FAILED", "SUCCESS"],
    );
    for (const item of reply.body.filter((entry) => entry.result.status === "FAILED")) {
      assert.ok((item.result.errors?.error[0]?.message ?? "") !== "", `message for ${item.from} → ${item.to}`);
    }
    assert.match(reply.body[4]!.result.errors!.error[0]!.message, /target class 'Topic' not allowed/);
    assert.match(reply.body[7]!.result.errors!.error[0]!.message, /not a reference property/);
    assert.deepEqual(await referencesOf(a, "writtenBy"), [ref("Author", ann), ref("Author", bob)]);
    assert.deepEqual(await referencesOf(a, "about"), [ref("Topic", topic)]);
    assert.deepEqual(await referencesOf(b, "writtenBy"), [ref("Author", bob)]);
  });

  it("refuses an empty array with 422", async () => {
    const reply = await call(url, "POST", "/v1/batch/references", []);
    assert.equal(reply.status, 422);
    assert.match(errorMessage(reply), /length cannot be 0, need at least one reference for batching/);
    assert.equal((await call(url, "POST", "/v1/batch/references", { from: "x" })).status, 422, "not an array");
  });
});
