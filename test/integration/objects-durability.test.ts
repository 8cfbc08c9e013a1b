/**
 * Acknowledged object writes survive a clean restart (design: Durability): every kind of write
 * through REST, then stop, start on the same data directory and read everything back.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { call } from "../helpers/http.ts";
import { beacon, createClass, createObject, type ObjectList, uuidOf, type WireObject } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const env = { AUTOSCHEMA_ENABLED: "false" };
let server: TestServer | undefined;

after(() => server?.dispose());

async function snapshot(url: string, className: string): Promise<WireObject[]> {
  const reply = await call<ObjectList>(url, "GET", `/v1/objects?class=${className}&limit=100&include=vector`);
  assert.equal(reply.status, 200);
  return reply.body.objects;
}

describe("a clean restart", () => {
  it("keeps every acknowledged write and forgets nothing deleted", async () => {
    server = await startTestServer(env);
    const { url } = server;
    await createClass(url, { class: "Author", properties: [{ name: "name", dataType: ["text"] }] });
    await createClass(url, {
      class: "Book",
      properties: [
        { name: "title", dataType: ["text"] },
        { name: "pages", dataType: ["int"] },
        { name: "by", dataType: ["Author"] },
      ],
    });
    await createObject(url, { class: "Author", id: uuidOf(1), properties: { name: "Ann" } });
    await createObject(url, { class: "Book", id: uuidOf(10), properties: { title: "posted" }, vector: [0.5, 0.25] });
    const batch = await call(url, "POST", "/v1/batch/objects", {
      objects: Array.from({ length: 20 }, (_, i) => ({
        class: "Book",
        id: uuidOf(100 + i),
        properties: { title: `batch ${i}`, pages: i },
        vector: [i, 1],
      })),
    });
    assert.equal(batch.status, 200);
    const put = await call(url, "PUT", `/v1/objects/Book/${uuidOf(100)}`, {
      class: "Book",
      properties: { title: "replaced" },
      vector: [9, 9],
    });
    assert.equal(put.status, 200);
    const patch = await call(url, "PATCH", `/v1/objects/Book/${uuidOf(101)}`, { properties: { pages: 500 } });
    assert.equal(patch.status, 204);
    const reference = await call(url, "POST", `/v1/objects/Book/${uuidOf(10)}/references/by`, {
      beacon: beacon("Author", uuidOf(1)),
    });
    assert.equal(reference.status, 200);
    assert.equal((await call(url, "DELETE", `/v1/objects/Book/${uuidOf(102)}`)).status, 204);
    const deleted = await call(url, "DELETE", "/v1/batch/objects", {
      match: { class: "Book", where: { path: ["pages"], operator: "GreaterThanEqual", valueInt: 15 } },
    });
    assert.equal(deleted.status, 200);

    const books = await snapshot(url, "Book");
    const authors = await snapshot(url, "Author");
    // One posted, twenty batched, one deleted by id, six by the filter (15..19 and the patched 500).
    assert.equal(books.length, 1 + 20 - 1 - 6);

    await server.stop();
    server = await startTestServer(env, server.dataPath);

    assert.deepEqual(await snapshot(server.url, "Book"), books);
    assert.deepEqual(await snapshot(server.url, "Author"), authors);
    assert.equal((await call(server.url, "GET", `/v1/objects/Book/${uuidOf(102)}`)).status, 404);
    assert.equal((await call(server.url, "GET", `/v1/objects/Book/${uuidOf(119)}`)).status, 404);
    assert.equal((await call(server.url, "GET", `/v1/objects/Book/${uuidOf(101)}`)).status, 404);
    const replaced = books.find((book) => book.id === uuidOf(100));
    assert.deepEqual(replaced?.properties, { title: "replaced" });
    assert.deepEqual(replaced?.vector, [9, 9]);
    const linked = books.find((book) => book.id === uuidOf(10));
    assert.deepEqual(linked?.properties?.["by"], [
      { beacon: beacon("Author", uuidOf(1)), href: `/v1/objects/Author/${uuidOf(1)}` },
    ]);
  });

  it("still knows the vector length and the taken ids after the restart", async () => {
    assert.ok(server, "the previous test left a running server");
    const { url } = server;
    const wrongLength = await call(url, "POST", "/v1/objects", { class: "Book", vector: [1, 2, 3] });
    assert.equal(wrongLength.status, 422);
    const taken = await call(url, "POST", "/v1/objects", { class: "Book", id: uuidOf(10) });
    assert.equal(taken.status, 422);
    const fresh = await createObject(url, { class: "Book", properties: { title: "after restart" }, vector: [1, 2] });
    assert.deepEqual(fresh.properties, { title: "after restart" });
  });
});
