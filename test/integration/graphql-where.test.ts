/**
 * Where filters through GraphQL Get (reference §6.4): every operator, lists in the value
 * scalars, IsNull, WithinGeoRange in metres, the special paths `_id` and `_creationTimeUnix`,
 * nested And / Or / Not, paths through one and two references — and filtered vector search, both
 * with an allowed set small enough for the exact path and one larger than `flatSearchCutoff`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getObjects, idsOf, importObjects, queryData } from "../helpers/graphql.ts";
import { beacon, createClass, createObject, getObject, nextMillisecond, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

const article = (n: number) => uuidOf(0x100 + n);
const author = (name: string) => uuidOf({ Ann: 1, Bob: 2, Cid: 3 }[name] ?? 0);
const company = (name: string) => uuidOf({ Acme: 0x11, Globex: 0x12 }[name] ?? 0);
const ref = (className: string, id: string) => [{ beacon: beacon(className, id) }];

const articles = [
  {
    title: "Vector search basics",
    tags: ["db", "ai"],
    wordCount: 100,
    ranks: [1, 2],
    score: 1.5,
    published: "2024-01-01T00:00:00Z",
    isPublic: true,
    location: { latitude: 52.37, longitude: 4.89 }, // Amsterdam
    subtitle: "intro",
    hasAuthor: ref("Author", author("Ann")),
  },
  {
    title: "Graph databases",
    tags: ["db"],
    wordCount: 250,
    ranks: [3],
    score: 2.5,
    published: "2024-06-01T00:00:00Z",
    isPublic: false,
    location: { latitude: 52.52, longitude: 13.4 }, // Berlin
    hasAuthor: ref("Author", author("Bob")),
  },
  {
    title: "Cooking pasta",
    tags: ["food"],
    wordCount: 50,
    ranks: [2, 5],
    score: 0.5,
    published: "2023-03-15T00:00:00Z",
    isPublic: true,
    location: { latitude: 52.09, longitude: 5.12 }, // Utrecht, ~35 km from Amsterdam
    hasAuthor: ref("Author", author("Cid")),
  },
  {
    title: "Vector math",
    tags: ["ai", "math"],
    wordCount: 400,
    score: 4,
    published: "2025-01-01T00:00:00Z",
    isPublic: false,
    location: { latitude: 48.86, longitude: 2.35 }, // Paris
    subtitle: "more",
  },
];
/** Article n's vector: angle 10·n degrees. */
const articleVector = (n: number) => [Math.cos((n * Math.PI) / 18), Math.sin((n * Math.PI) / 18)];

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, {
    class: "Company",
    properties: [{ name: "name", dataType: ["text"], tokenization: "field" }],
  });
  await createClass(url, {
    class: "Author",
    properties: [
      { name: "name", dataType: ["text"] },
      { name: "age", dataType: ["int"] },
      { name: "worksAt", dataType: ["Company"] },
    ],
  });
  await createClass(url, {
    class: "Article",
    invertedIndexConfig: { indexNullState: true, indexTimestamps: true },
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "tags", dataType: ["text[]"], tokenization: "field" },
      { name: "wordCount", dataType: ["int"] },
      { name: "ranks", dataType: ["int[]"] },
      { name: "score", dataType: ["number"] },
      { name: "published", dataType: ["date"] },
      { name: "isPublic", dataType: ["boolean"] },
      { name: "location", dataType: ["geoCoordinates"] },
      { name: "subtitle", dataType: ["text"] },
      { name: "hasAuthor", dataType: ["Author"] },
    ],
  });
  for (const name of ["Acme", "Globex"]) {
    await createObject(url, { class: "Company", id: company(name), properties: { name } });
  }
  const authors: Array<[string, number, string | undefined]> = [
    ["Ann", 30, "Acme"],
    ["Bob", 45, "Globex"],
    ["Cid", 30, undefined],
  ];
  for (const [name, age, employer] of authors) {
    const worksAt = employer ? { worksAt: ref("Company", company(employer)) } : {};
    await createObject(url, { class: "Author", id: author(name), properties: { name, age, ...worksAt } });
  }
  for (const [i, properties] of articles.entries()) {
    await createObject(url, { class: "Article", id: article(i + 1), vector: articleVector(i + 1), properties });
    await nextMillisecond();
  }
});

after(() => server.dispose());

/** The article numbers (1-based, insertion order) a where filter selects. */
async function matching(where: string, args = ""): Promise<number[]> {
  const list = await getObjects(url, "Article", `{ Get { Article(where: ${where}${args}) { _additional { id } } } }`);
  return idsOf(list).map((id) => Number.parseInt(id.slice(-3), 16) - 0x100);
}

const on = (path: string, operator: string, value: string) => `{path: ${path}, operator: ${operator}, ${value}}`;

describe("where: comparison operators", () => {
  it("Equal and NotEqual on text, int, number, boolean, date", async () => {
    assert.deepEqual(await matching(on(`["title"]`, "Equal", `valueText: "vector"`)), [1, 4]);
    assert.deepEqual(await matching(on(`["wordCount"]`, "Equal", "valueInt: 250")), [2]);
    assert.deepEqual(await matching(on(`["wordCount"]`, "NotEqual", "valueInt: 250")), [1, 3, 4]);
    assert.deepEqual(await matching(on(`["score"]`, "Equal", "valueNumber: 0.5")), [3]);
    assert.deepEqual(await matching(on(`["isPublic"]`, "Equal", "valueBoolean: true")), [1, 3]);
    assert.deepEqual(await matching(on(`["isPublic"]`, "NotEqual", "valueBoolean: true")), [2, 4]);
    assert.deepEqual(await matching(on(`["published"]`, "Equal", `valueDate: "2024-06-01T00:00:00Z"`)), [2]);
  });

  it("GreaterThan(Equal) and LessThan(Equal)", async () => {
    const wordCount = (operator: string) => matching(on(`["wordCount"]`, operator, "valueInt: 100"));
    assert.deepEqual(await wordCount("GreaterThan"), [2, 4]);
    assert.deepEqual(await wordCount("GreaterThanEqual"), [1, 2, 4]);
    assert.deepEqual(await wordCount("LessThan"), [3]);
    assert.deepEqual(await wordCount("LessThanEqual"), [1, 3]);
    assert.deepEqual(await matching(on(`["score"]`, "GreaterThan", "valueNumber: 1.5")), [2, 4]);
    assert.deepEqual(
      await matching(on(`["published"]`, "GreaterThanEqual", `valueDate: "2024-06-01T00:00:00Z"`)),
      [2, 4],
    );
    assert.deepEqual(await matching(on(`["published"]`, "LessThan", `valueDate: "2024-01-01T00:00:00Z"`)), [3]);
  });

  it("Like with * and ?", async () => {
    assert.deepEqual(await matching(on(`["title"]`, "Like", `valueText: "vec*"`)), [1, 4]);
    assert.deepEqual(await matching(on(`["title"]`, "Like", `valueText: "?ooking"`)), [3]);
    assert.deepEqual(await matching(on(`["title"]`, "Like", `valueText: "dat?bas*"`)), [2]);
    assert.deepEqual(await matching(on(`["title"]`, "Like", `valueText: "?ector"`)), [1, 4]);
  });

  it("ContainsAny / ContainsAll / ContainsNone with lists of text and of ints", async () => {
    assert.deepEqual(await matching(on(`["tags"]`, "ContainsAny", `valueText: ["ai", "food"]`)), [1, 3, 4]);
    assert.deepEqual(await matching(on(`["tags"]`, "ContainsAll", `valueText: ["db", "ai"]`)), [1]);
    assert.deepEqual(await matching(on(`["tags"]`, "ContainsNone", `valueText: ["db"]`)), [3, 4]);
    assert.deepEqual(await matching(on(`["ranks"]`, "ContainsAny", "valueInt: [2]")), [1, 3]);
    assert.deepEqual(await matching(on(`["ranks"]`, "ContainsAll", "valueInt: [2, 5]")), [3]);
    assert.deepEqual(await matching(on(`["ranks"]`, "ContainsNone", "valueInt: [1, 3]")), [3, 4]);
  });

  it("accepts the list through a variable", async () => {
    const query = `query($tags: TextGetObjectsArticle) { Get { Article(where: {path: ["tags"], operator: ContainsAll, valueText: $tags}) { title } } }`;
    assert.deepEqual(await queryData(url, query, { tags: ["ai", "math"] }), {
      Get: { Article: [{ title: "Vector math" }] },
    });
  });

  it("IsNull on a class with indexNullState", async () => {
    assert.deepEqual(await matching(on(`["subtitle"]`, "IsNull", "valueBoolean: true")), [2, 3]);
    assert.deepEqual(await matching(on(`["subtitle"]`, "IsNull", "valueBoolean: false")), [1, 4]);
  });

  it("WithinGeoRange, the distance in metres", async () => {
    const near = (metres: number) =>
      `{path: ["location"], operator: WithinGeoRange, valueGeoRange: {geoCoordinates: {latitude: 52.37, longitude: 4.89}, distance: {max: ${metres}}}}`;
    assert.deepEqual(await matching(near(1000)), [1]);
    assert.deepEqual(await matching(near(50_000)), [1, 3]);
    assert.deepEqual(await matching(near(600_000)), [1, 2, 3, 4]);
  });
});

describe("where: special paths", () => {
  it("_id with valueText", async () => {
    assert.deepEqual(await matching(on(`["_id"]`, "Equal", `valueText: "${article(2)}"`)), [2]);
    assert.deepEqual(
      await matching(on(`["_id"]`, "ContainsAny", `valueText: ["${article(1)}", "${article(4)}"]`)),
      [1, 4],
    );
  });

  it("_creationTimeUnix with a millisecond string, on a class with indexTimestamps", async () => {
    const second = await getObject(url, "Article", article(2));
    const at = `valueText: "${second.creationTimeUnix}"`;
    assert.deepEqual(await matching(on(`["_creationTimeUnix"]`, "GreaterThan", at)), [3, 4]);
    assert.deepEqual(await matching(on(`["_creationTimeUnix"]`, "LessThanEqual", at)), [1, 2]);
    assert.deepEqual(await matching(on(`["_creationTimeUnix"]`, "Equal", at)), [2]);
  });
});

describe("where: And / Or / Not", () => {
  it("nests logical operators", async () => {
    const where = `{operator: Or, operands: [
      {operator: And, operands: [
        {path: ["isPublic"], operator: Equal, valueBoolean: true},
        {path: ["wordCount"], operator: GreaterThan, valueInt: 60}
      ]},
      {operator: Not, operands: [{path: ["tags"], operator: ContainsAny, valueText: ["db"]}]}
    ]}`;
    assert.deepEqual(await matching(where), [1, 3, 4]);
    const none = `{operator: And, operands: [
      {path: ["isPublic"], operator: Equal, valueBoolean: true},
      {path: ["isPublic"], operator: Equal, valueBoolean: false}
    ]}`;
    assert.deepEqual(await matching(none), []);
  });
});

describe("where: through references", () => {
  it("filters by a property of the referenced object", async () => {
    assert.deepEqual(await matching(on(`["hasAuthor", "Author", "name"]`, "Equal", `valueText: "Bob"`)), [2]);
    assert.deepEqual(await matching(on(`["hasAuthor", "Author", "age"]`, "Equal", "valueInt: 30")), [1, 3]);
  });

  it("follows two hops", async () => {
    const path = `["hasAuthor", "Author", "worksAt", "Company", "name"]`;
    assert.deepEqual(await matching(on(path, "Equal", `valueText: "Acme"`)), [1]);
    assert.deepEqual(await matching(on(path, "Like", `valueText: "*o*"`)), [2]);
  });

  it("combines reference clauses with local ones", async () => {
    const where = `{operator: And, operands: [
      {path: ["hasAuthor", "Author", "age"], operator: Equal, valueInt: 30},
      {path: ["wordCount"], operator: LessThan, valueInt: 80}
    ]}`;
    assert.deepEqual(await matching(where), [3]);
  });
});

describe("where: filtered vector search", () => {
  it("returns only allowed objects, closest first", async () => {
    const where = on(`["tags"]`, "ContainsAny", `valueText: ["ai"]`);
    assert.deepEqual(await matching(where, ", nearVector: {vector: [1, 0]}"), [1, 4]);
    const mirrored = on(`["isPublic"]`, "Equal", "valueBoolean: false");
    assert.deepEqual(await matching(mirrored, `, nearVector: {vector: [${articleVector(5).join(", ")}]}`), [4, 2]);
  });

  describe("with an allowed set larger than flatSearchCutoff", () => {
    const point = (n: number) => uuidOf(0x1000 + n);
    before(async () => {
      await createClass(url, {
        class: "Point",
        vectorIndexConfig: { flatSearchCutoff: 3 },
        properties: [{ name: "n", dataType: ["int"] }],
      });
      const degrees = (n: number) => (n * Math.PI) / 180;
      await importObjects(
        url,
        Array.from({ length: 40 }, (_, n) => ({
          class: "Point",
          id: point(n),
          vector: [Math.cos(degrees(2 * n)), Math.sin(degrees(2 * n))],
          properties: { n },
        })),
      );
    });

    const nearest = async (where: string, limit: number) => {
      const query = `{ Get { Point(where: ${where}, nearVector: {vector: [1, 0]}, limit: ${limit}) { n } } }`;
      return (await getObjects(url, "Point", query)).map((hit: { n: number }) => hit.n);
    };

    it("searches the index with the allow-list (20 allowed, cutoff 3)", async () => {
      assert.deepEqual(await nearest(on(`["n"]`, "GreaterThanEqual", "valueInt: 20"), 5), [20, 21, 22, 23, 24]);
      const odd = `{operator: Or, operands: [${Array.from({ length: 20 }, (_, i) => on(`["n"]`, "Equal", `valueInt: ${2 * i + 1}`)).join(", ")}]}`;
      assert.deepEqual(await nearest(odd, 4), [1, 3, 5, 7]);
    });

    it("compares exactly when the allowed set is small (2 allowed, cutoff 3)", async () => {
      const two = `{operator: Or, operands: [${on(`["n"]`, "Equal", "valueInt: 33")}, ${on(`["n"]`, "Equal", "valueInt: 7")}]}`;
      assert.deepEqual(await nearest(two, 10), [7, 33]);
      assert.deepEqual(await nearest(on(`["n"]`, "Equal", "valueInt: 99"), 10), []);
    });
  });
});
