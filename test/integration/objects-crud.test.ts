/**
 * Object CRUD against the real server (reference §3.2, §3.4): create, read, HEAD, PUT, PATCH,
 * DELETE, the class-less legacy paths, and the seeds' data.json posted as an array.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import {
  beacon,
  createClass,
  createObject,
  getObject,
  nextMillisecond,
  type ObjectList,
  uuidOf,
  V4_UUID,
  type WireObject,
} from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const seeds = path.resolve(import.meta.dirname, "../../schema");

let server: TestServer;
let url: string;

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, { class: "Person", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, {
    class: "Note",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "body", dataType: ["text"] },
      { name: "stars", dataType: ["int"] },
      { name: "author", dataType: ["Person"] },
    ],
  });
  await createClass(url, {
    class: "Multi",
    properties: [{ name: "title", dataType: ["text"] }],
    vectorConfig: {
      first: { vectorizer: { none: {} }, vectorIndexType: "hnsw" },
      second: { vectorizer: { none: {} }, vectorIndexType: "hnsw" },
    },
  });
});

after(() => server.dispose());

describe("POST /v1/objects", () => {
  it("creates an object and returns it with id, timestamps and vector", async () => {
    const before = Date.now();
    const reply = await call<WireObject>(url, "POST", "/v1/objects", {
      class: "Note",
      properties: { title: "hello", stars: 3 },
      vector: [0.25, 0.5, 1],
    });
    const after = Date.now();
    assert.equal(reply.status, 200);
    const object = reply.body;
    assert.equal(object.class, "Note");
    assert.match(object.id, V4_UUID);
    assert.deepEqual(object.properties, { title: "hello", stars: 3 });
    assert.deepEqual(object.vector, [0.25, 0.5, 1]);
    assert.ok(object.creationTimeUnix >= before && object.creationTimeUnix <= after);
    assert.equal(object.lastUpdateTimeUnix, object.creationTimeUnix);
    assert.deepEqual(await getObject(url, "Note", object.id), object);
  });

  it("generates a different v4 id for every object", async () => {
    const a = await createObject(url, { class: "Note", properties: { title: "a" } });
    const b = await createObject(url, { class: "Note", properties: { title: "b" } });
    assert.match(a.id, V4_UUID);
    assert.match(b.id, V4_UUID);
    assert.notEqual(a.id, b.id);
  });

  it("lower-cases a given id, and finds the object by either spelling", async () => {
    const upper = "AB12CD34-0000-4000-8000-00000000ABCD";
    const object = await createObject(url, { class: "note", id: upper, properties: { title: "upper" } });
    assert.equal(object.id, upper.toLowerCase());
    assert.equal(object.class, "Note");
    assert.equal((await call(url, "GET", `/v1/objects/Note/${upper.toLowerCase()}`)).status, 200);
    assert.equal((await call(url, "GET", `/v1/objects/Note/${upper}`)).status, 200);
  });

  it("refuses an id that already exists", async () => {
    const id = uuidOf(0x100);
    await createObject(url, { class: "Note", id, properties: { title: "first" } });
    const reply = await call(url, "POST", "/v1/objects", {
      class: "Note",
      id: id.toUpperCase(),
      properties: { title: "second" },
    });
    assert.equal(reply.status, 422);
    assert.equal(errorMessage(reply), `id '${id}' already exists`);
    assert.deepEqual((await getObject(url, "Note", id)).properties, { title: "first" });
  });

  it("refuses a missing class, an unknown class and a malformed id", async () => {
    const missing = await call(url, "POST", "/v1/objects", { properties: { title: "x" } });
    assert.equal(missing.status, 422);
    assert.match(errorMessage(missing), /the given class is empty/);

    const unknown = await call(url, "POST", "/v1/objects", { class: "Nowhere", properties: { a: "x" } });
    assert.equal(unknown.status, 422);
    assert.match(errorMessage(unknown), /class "Nowhere" not found in schema/);
    assert.equal((await call(url, "GET", "/v1/schema/Nowhere")).status, 404, "auto-schema is off");

    const badId = await call(url, "POST", "/v1/objects", { class: "Note", id: "not-a-uuid" });
    assert.equal(badId.status, 422);
  });

  it("ignores unknown body fields (as Weaviate), refuses a wrongly typed known field", async () => {
    const unknownField = await call<WireObject>(url, "POST", "/v1/objects", { class: "Note", title: "x", extra: [1] });
    assert.equal(unknownField.status, 200, JSON.stringify(unknownField.body));
    assert.deepEqual(unknownField.body.properties, {});
    assert.equal((unknownField.body as unknown as Record<string, unknown>)["title"], undefined);
    for (const [field, value] of [["class", 7], ["id", 7], ["vector", "x"], ["tenant", false]] as const) {
      const reply = await call(url, "POST", "/v1/objects", { class: "Note", [field]: value });
      assert.equal(reply.status, 422, `${field}: ${JSON.stringify(value)}`);
      assert.match(errorMessage(reply), new RegExp(field));
    }
    for (const properties of ["title", ["title"], 7]) {
      const reply = await call(url, "POST", "/v1/objects", { class: "Note", properties });
      assert.equal(reply.status, 422, `properties: ${JSON.stringify(properties)}`);
      assert.match(errorMessage(reply), /properties/);
    }
    const notAnObject = await call(url, "POST", "/v1/objects", "[1");
    assert.equal(notAnObject.status, 400, "unparseable JSON");
  });

  it("accepts the three consistency levels and rejects others with 400", async () => {
    for (const level of ["ONE", "QUORUM", "ALL"]) {
      const reply = await call(url, "POST", `/v1/objects?consistency_level=${level}`, { class: "Note" });
      assert.equal(reply.status, 200, level);
    }
    const reply = await call(url, "POST", "/v1/objects?consistency_level=FOO", { class: "Note" });
    assert.equal(reply.status, 400);
    assert.equal(
      errorMessage(reply),
      "unrecognized consistency level 'FOO', try one of the following: ['ONE', 'QUORUM', 'ALL']",
    );
  });
});

describe("the seeds' schema.json and data.json", () => {
  it("creates every object of data.json posted as is", async () => {
    const schema = JSON.parse(await readFile(path.join(seeds, "schema.json"), "utf8"));
    const data = JSON.parse(await readFile(path.join(seeds, "data.json"), "utf8")) as Array<{
      class: string;
      properties: Record<string, unknown>;
    }>;
    assert.equal((await call(url, "POST", "/v1/schema", schema)).status, 200);
    const reply = await call<WireObject[]>(url, "POST", "/v1/objects", data);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.length, data.length);
    reply.body.forEach((object, i) => {
      assert.match(object.id, V4_UUID);
      assert.equal(object.class, data[i]!.class);
      assert.deepEqual(object.properties, data[i]!.properties);
    });
    const list = await call<ObjectList>(url, "GET", "/v1/objects?class=Article&limit=100");
    assert.deepEqual(
      list.body.objects.map((object) => object.id).sort(),
      reply.body.map((object) => object.id).sort(),
    );
  });
});

describe("GET and HEAD /v1/objects/{class}/{id}", () => {
  const id = uuidOf(0x200);
  before(async () => {
    await createObject(url, { class: "Note", id, properties: { title: "read me" }, vector: [1, 2, 3] });
    await createObject(url, {
      class: "Multi",
      id,
      properties: { title: "named" },
      vectors: { first: [1, 0], second: [0, 1, 0] },
    });
  });

  it("returns the vector only with include=vector", async () => {
    const plain = await call<WireObject>(url, "GET", `/v1/objects/Note/${id}`);
    assert.equal(plain.status, 200);
    assert.deepEqual(plain.body.properties, { title: "read me" });
    assert.equal(plain.body.vector, undefined);
    const withVector = await call<WireObject>(url, "GET", `/v1/objects/Note/${id}?include=vector`);
    assert.deepEqual(withVector.body.vector, [1, 2, 3]);
    const classification = await call(url, "GET", `/v1/objects/Note/${id}?include=classification`);
    assert.equal(classification.status, 200);
  });

  it("returns named vectors under `vectors` with include=vector", async () => {
    const plain = await call<WireObject>(url, "GET", `/v1/objects/Multi/${id}`);
    assert.equal(plain.body.vectors, undefined);
    const reply = await call<WireObject>(url, "GET", `/v1/objects/Multi/${id}?include=vector`);
    assert.deepEqual(reply.body.vectors, { first: [1, 0], second: [0, 1, 0] });
    assert.equal(reply.body.vector, undefined);
  });

  it("rejects an unknown include with 400", async () => {
    const reply = await call(url, "GET", `/v1/objects/Note/${id}?include=bogus`);
    assert.equal(reply.status, 400);
    assert.equal(errorMessage(reply), "unrecognized property 'bogus' in ?include list");
  });

  it("answers 404 without a body for an unknown object or class", async () => {
    for (const path of [`/v1/objects/Note/${uuidOf(0x2ff)}`, `/v1/objects/Nowhere/${id}`]) {
      const reply = await call(url, "GET", path);
      assert.equal(reply.status, 404, path);
      assert.equal(reply.body, undefined, path);
    }
  });

  it("answers HEAD with 204 when the object exists and 404 when not", async () => {
    const found = await call(url, "HEAD", `/v1/objects/Note/${id}`);
    assert.equal(found.status, 204);
    assert.equal((await call(url, "HEAD", `/v1/objects/Note/${uuidOf(0x2ff)}`)).status, 404);
    assert.equal((await call(url, "HEAD", `/v1/objects/Person/${id}`)).status, 404, "other class");
    assert.equal((await call(url, "HEAD", `/v1/objects/Nowhere/${id}`)).status, 404);
  });
});

describe("PUT /v1/objects/{class}/{id}", () => {
  it("replaces properties and vector, keeps creationTimeUnix, refreshes lastUpdateTimeUnix", async () => {
    const id = uuidOf(0x300);
    const created = await createObject(url, {
      class: "Note",
      id,
      properties: { title: "old", body: "goes away" },
      vector: [1, 1, 1],
    });
    await nextMillisecond();
    const reply = await call<WireObject>(url, "PUT", `/v1/objects/Note/${id}`, {
      class: "Note",
      id,
      properties: { title: "new" },
      vector: [2, 2, 2],
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.properties, { title: "new" });
    const stored = await getObject(url, "Note", id);
    assert.deepEqual(stored.properties, { title: "new" });
    assert.deepEqual(stored.vector, [2, 2, 2]);
    assert.equal(stored.creationTimeUnix, created.creationTimeUnix);
    assert.ok(stored.lastUpdateTimeUnix > created.lastUpdateTimeUnix);
  });

  it("refuses a body id different from the path id", async () => {
    const id = uuidOf(0x301);
    await createObject(url, { class: "Note", id, properties: { title: "keep" } });
    const reply = await call(url, "PUT", `/v1/objects/Note/${id}`, {
      class: "Note",
      id: uuidOf(0x302),
      properties: { title: "hijack" },
    });
    assert.equal(reply.status, 422);
    assert.match(errorMessage(reply), /id/);
    assert.deepEqual((await getObject(url, "Note", id)).properties, { title: "keep" });
    assert.equal((await call(url, "GET", `/v1/objects/Note/${uuidOf(0x302)}`)).status, 404);
  });

  it("refuses invalid properties and leaves the object as it was", async () => {
    const id = uuidOf(0x303);
    await createObject(url, { class: "Note", id, properties: { title: "keep" } });
    const reply = await call(url, "PUT", `/v1/objects/Note/${id}`, {
      class: "Note",
      properties: { stars: "many" },
    });
    assert.equal(reply.status, 422);
    assert.match(errorMessage(reply), /^invalid object: invalid integer property 'stars'/);
    assert.deepEqual((await getObject(url, "Note", id)).properties, { title: "keep" });
  });

  it("answers 404 without a body for an unknown object or class", async () => {
    for (const path of [`/v1/objects/Note/${uuidOf(0x3ff)}`, `/v1/objects/Nowhere/${uuidOf(0x300)}`]) {
      const reply = await call(url, "PUT", path, { class: "Note", properties: { title: "x" } });
      assert.equal(reply.status, 404, path);
      assert.equal(reply.body, undefined, path);
    }
    assert.equal((await call(url, "GET", `/v1/objects/Note/${uuidOf(0x3ff)}`)).status, 404, "not created");
  });
});

describe("PATCH /v1/objects/{class}/{id}", () => {
  const personA = uuidOf(0x4a);
  const personB = uuidOf(0x4b);
  before(async () => {
    await createObject(url, { class: "Person", id: personA, properties: { name: "Ann" } });
    await createObject(url, { class: "Person", id: personB, properties: { name: "Bob" } });
  });

  it("merges properties, deletes nulls, appends references and keeps the vector", async () => {
    const id = uuidOf(0x400);
    const created = await createObject(url, {
      class: "Note",
      id,
      properties: { title: "t", body: "b", stars: 1, author: [{ beacon: beacon("Person", personA) }] },
      vector: [3, 2, 1],
    });
    await nextMillisecond();
    const reply = await call(url, "PATCH", `/v1/objects/Note/${id}`, {
      class: "Note",
      properties: { stars: 5, body: null, author: [{ beacon: beacon("Person", personB) }] },
    });
    assert.equal(reply.status, 204);
    assert.equal(reply.body, undefined);
    const stored = await getObject(url, "Note", id);
    assert.deepEqual(stored.properties, {
      title: "t",
      stars: 5,
      author: [
        { beacon: beacon("Person", personA), href: `/v1/objects/Person/${personA}` },
        { beacon: beacon("Person", personB), href: `/v1/objects/Person/${personB}` },
      ],
    });
    assert.deepEqual(stored.vector, [3, 2, 1]);
    assert.equal(stored.creationTimeUnix, created.creationTimeUnix);
    assert.ok(stored.lastUpdateTimeUnix > created.lastUpdateTimeUnix);
  });

  it("replaces the vector when one is given", async () => {
    const id = uuidOf(0x401);
    await createObject(url, { class: "Note", id, properties: { title: "t" }, vector: [1, 0, 0] });
    const reply = await call(url, "PATCH", `/v1/objects/Note/${id}`, { class: "Note", vector: [0, 0, 1] });
    assert.equal(reply.status, 204);
    const stored = await getObject(url, "Note", id);
    assert.deepEqual(stored.vector, [0, 0, 1]);
    assert.deepEqual(stored.properties, { title: "t" });
  });

  it("refuses invalid properties and a missing body, leaving the object as it was", async () => {
    const id = uuidOf(0x402);
    await createObject(url, { class: "Note", id, properties: { title: "t" } });
    const invalid = await call(url, "PATCH", `/v1/objects/Note/${id}`, { properties: { stars: 1.5 } });
    assert.equal(invalid.status, 422);
    assert.match(errorMessage(invalid), /requires an integer, the given value is '1.5'/);
    const empty = await call(url, "PATCH", `/v1/objects/Note/${id}`);
    assert.equal(empty.status, 400);
    assert.deepEqual((await getObject(url, "Note", id)).properties, { title: "t" });
  });

  it("answers 404 without a body for an unknown object", async () => {
    const reply = await call(url, "PATCH", `/v1/objects/Note/${uuidOf(0x4ff)}`, { properties: { title: "x" } });
    assert.equal(reply.status, 404);
    assert.equal(reply.body, undefined);
    assert.equal((await call(url, "GET", `/v1/objects/Note/${uuidOf(0x4ff)}`)).status, 404, "not created");
  });
});

describe("DELETE /v1/objects/{class}/{id}", () => {
  it("deletes with 204, then answers 404", async () => {
    const id = uuidOf(0x500);
    await createObject(url, { class: "Note", id, properties: { title: "bye" }, vector: [1, 2, 3] });
    const reply = await call(url, "DELETE", `/v1/objects/Note/${id}`);
    assert.equal(reply.status, 204);
    assert.equal((await call(url, "GET", `/v1/objects/Note/${id}`)).status, 404);
    assert.equal((await call(url, "HEAD", `/v1/objects/Note/${id}`)).status, 404);
    const again = await call(url, "DELETE", `/v1/objects/Note/${id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body, undefined);
    assert.equal((await call(url, "DELETE", `/v1/objects/Nowhere/${id}`)).status, 404);
  });

  it("frees the id for a new POST", async () => {
    const id = uuidOf(0x501);
    await createObject(url, { class: "Note", id, properties: { title: "one" } });
    assert.equal((await call(url, "DELETE", `/v1/objects/Note/${id}`)).status, 204);
    const again = await createObject(url, { class: "Note", id, properties: { title: "two" } });
    assert.deepEqual(again.properties, { title: "two" });
  });
});

describe("class-less legacy paths /v1/objects/{id}", () => {
  it("reads, checks, replaces, merges and deletes without naming the class", async () => {
    const id = uuidOf(0x600);
    const created = await createObject(url, { class: "Note", id, properties: { title: "legacy" }, vector: [1, 2, 3] });
    const read = await call<WireObject>(url, "GET", `/v1/objects/${id}?include=vector`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created);
    assert.equal((await call(url, "HEAD", `/v1/objects/${id}`)).status, 204);

    const put = await call<WireObject>(url, "PUT", `/v1/objects/${id}`, { class: "Note", properties: { title: "put" } });
    assert.equal(put.status, 200);
    assert.equal(put.body.class, "Note");
    const patch = await call(url, "PATCH", `/v1/objects/${id}`, { class: "Note", properties: { stars: 2 } });
    assert.equal(patch.status, 204);
    assert.deepEqual((await getObject(url, "Note", id)).properties, { title: "put", stars: 2 });

    assert.equal((await call(url, "DELETE", `/v1/objects/${id}`)).status, 204);
    assert.equal((await call(url, "GET", `/v1/objects/${id}`)).status, 404);
    assert.equal((await call(url, "HEAD", `/v1/objects/${id}`)).status, 404);
    assert.equal((await call(url, "DELETE", `/v1/objects/${id}`)).status, 404);
  });
});
