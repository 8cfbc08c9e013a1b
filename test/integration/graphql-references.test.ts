/**
 * Cross-references in Get over HTTP (reference §6.3): resolution through DataLoader costs ONE
 * batched storage read per reference level, whatever the number of objects (counted by wrapping
 * `getRecords` on the real target shards); multi-target properties, class-less beacons,
 * `_additional` inside fragments, and references whose target is gone.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { countCalls, getObjects, importObjects } from "../helpers/graphql.ts";
import { beacon, createClass, createObject, getObject, uuidOf } from "../helpers/objects.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

const company = (n: number) => uuidOf(0x100 + n);
const author = (n: number) => uuidOf(0x200 + n);
const article = (n: number) => uuidOf(0x1000 + n);
const refTo = (className: string, id: string) => [{ beacon: beacon(className, id) }];

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, { class: "Company", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, {
    class: "Author",
    properties: [
      { name: "name", dataType: ["text"] },
      { name: "worksAt", dataType: ["Company"] },
    ],
  });
  // Company → Author → Company: a reference cycle the schema must still build with.
  const founder = { name: "founder", dataType: ["Author"] };
  assert.equal((await call(url, "POST", "/v1/schema/Company/properties", founder)).status, 200);
  await createClass(url, {
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "n", dataType: ["int"] },
      { name: "hasAuthor", dataType: ["Author"] },
      { name: "about", dataType: ["Author", "Company"] },
    ],
  });
  await importObjects(
    url,
    Array.from({ length: 5 }, (_, n) => ({
      class: "Company",
      id: company(n),
      properties: { name: `company ${n}`, founder: refTo("Author", author(n)) },
    })),
  );
  await importObjects(
    url,
    Array.from({ length: 10 }, (_, n) => ({
      class: "Author",
      id: author(n),
      vector: [1, n],
      properties: { name: `author ${n}`, worksAt: refTo("Company", company(n % 5)) },
    })),
  );
  await importObjects(
    url,
    Array.from({ length: 100 }, (_, n) => ({
      class: "Article",
      id: article(n),
      properties: { title: `article ${n}`, n, hasAuthor: refTo("Author", author(n % 10)) },
    })),
  );
});

after(() => server.dispose());

describe("references through DataLoader", () => {
  it("reads each reference level with one batched storage read", async () => {
    const [authorShard] = server.app.shards.shardsOf("Author");
    const [companyShard] = server.app.shards.shardsOf("Company");
    assert.ok(authorShard && companyShard);
    const authors = countCalls(authorShard, ["getRecords"]);
    const companies = countCalls(companyShard, ["getRecords"]);
    let list: Array<Record<string, unknown>>;
    try {
      list = await getObjects(
        url,
        "Article",
        `{ Get { Article(limit: 100) {
          n hasAuthor { ... on Author { name worksAt { ... on Company { name } } } }
        } } }`,
      );
    } finally {
      authors.restore();
      companies.restore();
    }
    assert.equal(list.length, 100);
    for (const entry of list) {
      const n = entry["n"] as number;
      assert.deepEqual(entry["hasAuthor"], [
        { name: `author ${n % 10}`, worksAt: [{ name: `company ${n % 10 % 5}` }] },
      ]);
    }
    assert.equal(authors.counts["getRecords"], 1, "one read of Author for 100 references");
    assert.equal(companies.counts["getRecords"], 1, "one read of Company for the second level");
    // Repeated targets are asked for once.
    assert.deepEqual(
      [...(authors.args["getRecords"]![0] as string[])].sort(),
      Array.from({ length: 10 }, (_, n) => author(n)),
    );
    assert.deepEqual(
      [...(companies.args["getRecords"]![0] as string[])].sort(),
      Array.from({ length: 5 }, (_, n) => company(n)),
    );
  });
});

describe("reference shapes", () => {
  before(async () => {
    const about = [
      { beacon: beacon("Author", author(1)) },
      { beacon: beacon("Company", company(2)) },
      { beacon: `weaviate://localhost/${author(3)}` }, // class-less: looked up in the target classes
      { beacon: beacon("Author", uuidOf(0xdead)) }, // gone
    ];
    await createObject(url, { class: "Article", id: article(500), properties: { title: "multi", n: 500, about } });
  });

  const one = async (selection: string) => {
    const where = `where: {path: ["n"], operator: Equal, valueInt: 500}`;
    const [object] = await getObjects(url, "Article", `{ Get { Article(${where}) { ${selection} } } }`);
    return object;
  };

  it("resolves each target class through its own fragment, in reference order", async () => {
    const object = await one(`about {
      __typename
      ... on Author { name }
      ... on Company { name }
    }`);
    assert.deepEqual(object.about, [
      { __typename: "Author", name: "author 1" },
      { __typename: "Company", name: "company 2" },
      { __typename: "Author", name: "author 3" },
    ]);
  });

  it("selects only the fragments asked for", async () => {
    const object = await one("about { ... on Company { name } }");
    assert.deepEqual(object.about, [{}, { name: "company 2" }, {}]);
  });

  it("answers _additional inside a fragment", async () => {
    const stored = await getObject(url, "Author", author(1));
    const object = await one(
      "about { ... on Author { _additional { id vector creationTimeUnix lastUpdateTimeUnix distance } } }",
    );
    assert.deepEqual(object.about[0], {
      _additional: {
        id: author(1),
        vector: [1, 1],
        creationTimeUnix: String(stored.creationTimeUnix),
        lastUpdateTimeUnix: String(stored.lastUpdateTimeUnix),
        distance: null,
      },
    });
  });

  it("returns an empty list for an object without references", async () => {
    const object = await one("hasAuthor { ... on Author { name } }");
    assert.deepEqual(object, { hasAuthor: [] });
  });

  it("resolves references of vector search hits", async () => {
    const query = `{ Get { Author(nearVector: {vector: [1, 4]}, limit: 2) {
      name worksAt { ... on Company { name } } _additional { distance }
    } } }`;
    const hits = await getObjects(url, "Author", query);
    assert.deepEqual(
      hits.map((hit) => [hit.name, hit.worksAt]),
      [
        ["author 4", [{ name: "company 4" }]],
        ["author 5", [{ name: "company 0" }]],
      ],
    );
  });
});

describe("reference cycles", () => {
  it("follows Author → Company → Author", async () => {
    const where = `where: {path: ["name"], operator: Equal, valueText: "author 7"}`;
    const query = `{ Get { Author(${where}) {
      name worksAt { ... on Company { name founder { ... on Author { name } } } }
    } } }`;
    assert.deepEqual(await getObjects(url, "Author", query), [
      { name: "author 7", worksAt: [{ name: "company 2", founder: [{ name: "author 2" }] }] },
    ]);
  });
});
