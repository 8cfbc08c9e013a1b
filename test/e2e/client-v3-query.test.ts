/**
 * weaviate-client v3 as its users write it: collections made with collections.create (a
 * self-provided vector, no vectorizer, named vectors), data.insertMany over gRPC, and the
 * query API over gRPC Search: fetchObjects, fetchObjectById, nearVector, nearObject, with
 * filters, sort, groupBy, references and metadata; iterator(); deleteMany; errors as the client
 * raises them.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { CrossReference } from "weaviate-client";
import { connectV3, Filters, weaviate, type WeaviateClient } from "../helpers/client-v3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** The Book collection's properties as the client's generics want them, so sort and filters type-check. */
type BookProperties = {
  title: string;
  pages: number;
  price: number;
  tags: string[];
  year: Date;
  writtenBy: CrossReference<{ name: string }>;
};

let server: TestServer;
let client: WeaviateClient;
const authorIds: Record<string, string> = {};
const bookIds: Record<string, string> = {};

const books = [
  { title: "Dune", pages: 412, price: 9.5, tags: ["sf", "classic"], year: new Date("1965-08-01T00:00:00Z"), vector: [1, 0, 0], author: "Frank" },
  { title: "Emma", pages: 474, price: 7.25, tags: ["romance"], year: new Date("1815-12-23T00:00:00Z"), vector: [0, 1, 0], author: "Jane" },
  { title: "Solaris", pages: 204, price: 11, tags: ["sf"], year: new Date("1961-06-01T00:00:00Z"), vector: [0.9, 0.1, 0], author: "Stanislaw" },
  { title: "Persuasion", pages: 249, price: 6, tags: ["romance", "classic"], year: new Date("1817-12-20T00:00:00Z"), vector: [0.1, 0.9, 0], author: "Jane" },
];

before(async () => {
  server = await startTestServer();
  client = await connectV3(server);
  await client.collections.create({
    name: "Author",
    properties: [{ name: "name", dataType: "text" }],
    vectorizers: weaviate.configure.vectors.selfProvided(),
  });
  await client.collections.create({
    name: "Book",
    properties: [
      { name: "title", dataType: "text" },
      { name: "pages", dataType: "int" },
      { name: "price", dataType: "number" },
      { name: "tags", dataType: "text[]" },
      { name: "year", dataType: "date" },
      { name: "meta", dataType: "object", nestedProperties: [{ name: "isbn", dataType: "text" }, { name: "ratings", dataType: "int[]" }] },
    ],
    references: [{ name: "writtenBy", targetCollection: "Author" }],
    vectorizers: weaviate.configure.vectors.selfProvided(),
  });
  const authors = await client.collections.get("Author").data.insertMany(
    ["Frank", "Jane", "Stanislaw"].map((name, i) => ({ properties: { name }, vectors: [i, 1, 1] })),
  );
  assert.equal(authors.hasErrors, false);
  ["Frank", "Jane", "Stanislaw"].forEach((name, i) => {
    authorIds[name] = authors.uuids[i]!;
  });
  const inserted = await client.collections.get("Book").data.insertMany(
    books.map(({ vector, author, ...properties }) => ({
      properties: { ...properties, meta: { isbn: `isbn-${properties.title}`, ratings: [4, 5] } },
      vectors: vector,
      references: { writtenBy: authorIds[author]! },
    })),
  );
  assert.equal(inserted.hasErrors, false, JSON.stringify(inserted.errors));
  books.forEach((book, i) => {
    bookIds[book.title] = inserted.uuids[i]!;
  });
});

after(async () => {
  await client.close();
  await server.dispose();
});

const titles = (objects: ReadonlyArray<{ properties: Record<string, unknown> }>) => objects.map((object) => object.properties["title"]);

describe("weaviate-client v3: insertMany and fetching", () => {
  test("insertMany reports a bad object by index, the others are stored", async () => {
    const result = await client.collections.get("Book").data.insertMany([{ title: "Ok", pages: 1 }, { title: "Bad", pages: 1.5 }]);
    assert.equal(result.hasErrors, true);
    assert.deepEqual(Object.keys(result.errors), ["1"]);
    assert.match(result.errors[1]!.message, /invalid integer property 'pages' on class 'Book'/);
    await client.collections.get("Book").data.deleteById(result.uuids[0]!);
  });

  test("fetchObjectById returns every property typed as the client decodes it, the vector and the times", async () => {
    const dune = await client.collections.get("Book").query.fetchObjectById(bookIds["Dune"]!, { includeVector: true });
    assert.ok(dune);
    assert.deepEqual(dune.properties, {
      title: "Dune",
      pages: 412,
      price: 9.5,
      tags: ["sf", "classic"],
      year: new Date("1965-08-01T00:00:00Z"),
      meta: { isbn: "isbn-Dune", ratings: [4, 5] },
    });
    assert.deepEqual(dune.vectors, { default: [1, 0, 0] });
    assert.ok(dune.metadata?.creationTime instanceof Date);
    assert.equal(await client.collections.get("Book").query.fetchObjectById("00000000-0000-4000-8000-00000000abcd"), null);
  });

  test("fetchObjects: filters, sort, limit and offset, chosen properties and references with their properties", async () => {
    const book = client.collections.get<BookProperties>("Book");
    const sorted = await book.query.fetchObjects({ sort: book.sort.byProperty("pages"), returnProperties: ["title"] });
    assert.deepEqual(titles(sorted.objects), ["Solaris", "Persuasion", "Dune", "Emma"]);
    assert.deepEqual(Object.keys(sorted.objects[0]!.properties), ["title"]);
    const paged = await book.query.fetchObjects({ sort: book.sort.byProperty("pages", false), limit: 2, offset: 1 });
    assert.deepEqual(titles(paged.objects), ["Dune", "Persuasion"]);
    const filtered = await book.query.fetchObjects({
      filters: Filters.and(book.filter.byProperty("tags").containsAny(["classic"]), book.filter.byProperty("price").lessThan(9)),
    });
    assert.deepEqual(titles(filtered.objects), ["Persuasion"]);
    const byDate = await book.query.fetchObjects({ filters: book.filter.byProperty("year").greaterThan(new Date("1900-01-01T00:00:00Z")) });
    assert.deepEqual(titles(byDate.objects).sort(), ["Dune", "Solaris"]);
    const throughReference = await book.query.fetchObjects({
      filters: book.filter.byRef("writtenBy").byProperty("name").equal("Jane"),
      returnProperties: ["title"],
      returnReferences: [{ linkOn: "writtenBy", returnProperties: ["name"] }],
    });
    assert.deepEqual(titles(throughReference.objects).sort(), ["Emma", "Persuasion"]);
    for (const object of throughReference.objects) {
      const refs = object.references?.["writtenBy"];
      assert.deepEqual(refs?.objects.map((ref: { properties: unknown }) => ref.properties), [{ name: "Jane" }]);
      assert.deepEqual(refs?.objects.map((ref: { uuid: string }) => ref.uuid), [authorIds["Jane"]]);
    }
    const byId = await book.query.fetchObjects({ filters: book.filter.byId().equal(bookIds["Emma"]!) });
    assert.deepEqual(titles(byId.objects), ["Emma"]);
  });

  test("iterator() walks every object with the after cursor", async () => {
    const seen: string[] = [];
    for await (const object of client.collections.get("Book").iterator()) seen.push(object.uuid);
    assert.deepEqual(seen.sort(), Object.values(bookIds).sort());
  });
});

describe("weaviate-client v3: vector search", () => {
  test("nearVector with distance and certainty, a filter and autocut", async () => {
    const book = client.collections.get("Book");
    const near = await book.query.nearVector([1, 0.05, 0], { limit: 2, returnMetadata: ["distance", "certainty"] });
    assert.deepEqual(titles(near.objects), ["Dune", "Solaris"]);
    const [first] = near.objects;
    assert.ok(first!.metadata!.distance! < 0.01);
    assert.ok(Math.abs(first!.metadata!.certainty! - (1 - first!.metadata!.distance! / 2)) < 1e-6);
    const filtered = await book.query.nearVector([1, 0, 0], { limit: 2, filters: book.filter.byProperty("tags").containsAny(["romance"]) });
    assert.deepEqual(titles(filtered.objects), ["Persuasion", "Emma"]);
    const close = await book.query.nearVector([1, 0, 0], { distance: 0.1 });
    assert.deepEqual(titles(close.objects), ["Dune", "Solaris"]);
  });

  test("nearObject and groupBy", async () => {
    const book = client.collections.get("Book");
    const near = await book.query.nearObject(bookIds["Emma"]!, { limit: 2, returnProperties: ["title"] });
    assert.deepEqual(titles(near.objects), ["Emma", "Persuasion"]);
    const grouped = await book.query.nearVector([1, 0, 0], {
      groupBy: { property: "pages", numberOfGroups: 2, objectsPerGroup: 1 },
      returnMetadata: ["distance"],
    });
    // Groups in the order of their closest hit (the groups map's keys are numeric: JS sorts them).
    assert.deepEqual(grouped.objects.map((object) => object.belongsToGroup), ["412", "204"]);
    assert.equal(grouped.groups["412"]!.numberOfObjects, 1);
    assert.deepEqual(titles(grouped.groups["412"]!.objects), ["Dune"]);
  });

  test("named vectors: insert with several, search one by name, return them", async () => {
    await client.collections.create({
      name: "Poster",
      properties: [{ name: "caption", dataType: "text" }],
      vectorizers: [weaviate.configure.vectors.selfProvided({ name: "image" }), weaviate.configure.vectors.selfProvided({ name: "text" })],
    });
    const poster = client.collections.get("Poster");
    const result = await poster.data.insertMany([
      { properties: { caption: "sea" }, vectors: { image: [1, 0], text: [0, 1, 0] } },
      { properties: { caption: "hill" }, vectors: { image: [0, 1], text: [1, 0, 0] } },
    ]);
    assert.equal(result.hasErrors, false, JSON.stringify(result.errors));
    const byText = await poster.query.nearVector([1, 0, 0], { targetVector: "text", limit: 1, includeVector: ["text"] });
    assert.deepEqual(byText.objects.map((object) => [object.properties["caption"], object.vectors]), [["hill", { text: [1, 0, 0] }]]);
    const all = await poster.query.nearVector([1, 0], { targetVector: "image", limit: 1, includeVector: true });
    assert.deepEqual(all.objects[0]!.vectors, { image: [1, 0], text: [0, 1, 0] });
    await assert.rejects(poster.query.nearVector([1, 0]), /multiple vectors, but no target vector/);
  });

  test("the legacy vectorizer none: the class reads back with it, and vectors sent along are searched", async () => {
    await client.collections.create({ name: "Legacy", vectorizers: weaviate.configure.vectorizer.none() });
    const legacy = client.collections.get("Legacy");
    const config = await legacy.config.get();
    assert.equal(config.vectorizers["default"]?.vectorizer.name, "none");
    const inserted = await legacy.data.insertMany([{ properties: {}, vectors: [0, 1] }, { properties: {}, vectors: [1, 0] }]);
    const near = await legacy.query.nearVector([1, 0.1], { limit: 1 });
    assert.equal(near.objects[0]!.uuid, inserted.uuids[1]);
  });
});

describe("weaviate-client v3: deleteMany and errors", () => {
  test("deleteMany: dry run, then verbose", async () => {
    const book = client.collections.get("Book");
    const filter = book.filter.byProperty("pages").lessThan(250);
    const dry = await book.data.deleteMany(filter, { dryRun: true });
    assert.deepEqual([dry.matches, dry.successful, dry.failed], [2, 0, 0]);
    const done = await book.data.deleteMany(filter, { verbose: true });
    assert.deepEqual([done.matches, done.successful, done.failed], [2, 2, 0]);
    assert.deepEqual(done.objects?.map((object) => object.id).sort(), [bookIds["Persuasion"], bookIds["Solaris"]].sort());
    assert.deepEqual(titles((await book.query.fetchObjects()).objects).sort(), ["Dune", "Emma"]);
  });

  test("bad queries raise the client's errors with the server's message", async () => {
    const book = client.collections.get("Book");
    await assert.rejects(client.collections.get("Nope").query.fetchObjects(), /could not find class Nope in schema/);
    await assert.rejects(book.query.nearVector([1, 0]), /vector lengths don't match: 2 vs 3/);
    await assert.rejects(book.query.fetchObjects({ filters: book.filter.byProperty("nope").equal(1) }), /nope/);
    await assert.rejects(
      book.query.bm25("dune", { queryProperties: ["pages"] }),
      /Searching by property 'pages' requires inverted index/,
    );
  });
});
