import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Collection, Property } from "../../../src/domain/collection.ts";
import type { StoredObject } from "../../../src/domain/object.ts";
import { tokenize } from "../../../src/domain/tokenize.ts";
import { isAppError } from "../../../src/errors/index.ts";
import type { ResolveRefs } from "../../../src/filters/match.ts";
import { matchesFilter } from "../../../src/filters/match.ts";
import { parseRestWhere } from "../../../src/filters/parse.ts";

function collection(name: string, properties: Property[]): Collection {
  return {
    class: name,
    properties,
    invertedIndexConfig: {},
    multiTenancyConfig: { enabled: false, autoTenantCreation: false, autoTenantActivation: false },
    replicationConfig: {},
    shardingConfig: {},
  };
}

const ID = "8e8a0b4f-5d21-4b5e-9d6c-0b1d2c3e4f5a";
const AUTHOR_ID = "11111111-2222-4333-8444-555555555555";

const article = collection("Article", [
  { name: "title", dataType: ["text"], tokenization: "word" },
  { name: "code", dataType: ["text"], tokenization: "field" },
  { name: "label", dataType: ["text"], tokenization: "whitespace" },
  { name: "slug", dataType: ["text"], tokenization: "lowercase" },
  { name: "gram", dataType: ["text"], tokenization: "trigram" },
  { name: "tags", dataType: ["text[]"] },
  { name: "wordCount", dataType: ["int"] },
  { name: "scores", dataType: ["number[]"] },
  { name: "rating", dataType: ["number"] },
  { name: "published", dataType: ["boolean"] },
  { name: "flags", dataType: ["boolean[]"] },
  { name: "date", dataType: ["date"] },
  { name: "dates", dataType: ["date[]"] },
  { name: "ref", dataType: ["uuid"] },
  { name: "refs", dataType: ["uuid[]"] },
  { name: "location", dataType: ["geoCoordinates"] },
  { name: "subtitle", dataType: ["text"] },
  { name: "hasAuthor", dataType: ["Author"] },
  { name: "image", dataType: ["blob"] },
]);
const author = collection("Author", [{ name: "name", dataType: ["text"] }]);

const object: StoredObject = {
  id: ID,
  className: "Article",
  properties: {
    title: "Vector Search: a Primer!",
    code: "AB-12",
    label: "Hello World",
    slug: "Hello-There World",
    gram: "Weaviate",
    tags: ["machine learning", "databases"],
    wordCount: 120,
    scores: [0.5, 2.5],
    rating: 4.5,
    published: true,
    flags: [false],
    date: "2023-11-14T22:13:20Z",
    dates: ["2020-01-01T00:00:00Z", "2022-01-01T00:00:00+02:00"],
    ref: ID.toUpperCase(),
    refs: [ID, AUTHOR_ID],
    location: { latitude: 52.3676, longitude: 4.9041 },
    tagsEmpty: [],
    hasAuthor: [{ beacon: `weaviate://localhost/Author/${AUTHOR_ID}` }],
    image: "aGVsbG8=",
  },
  vectors: {},
  creationTimeUnix: 1_700_000_000_000,
  lastUpdateTimeUnix: 1_700_000_500_000,
};

const authorObject: StoredObject = {
  id: AUTHOR_ID,
  className: "Author",
  properties: { name: "Ann Smith" },
  vectors: {},
  creationTimeUnix: 0,
  lastUpdateTimeUnix: 0,
};

const resolveRefs: ResolveRefs = (source, property, targetClass) => {
  if (targetClass !== "Author") return undefined;
  const refs = (source.properties[property] as Array<{ beacon: string }> | undefined) ?? [];
  return { collection: author, objects: refs.some((ref) => ref.beacon.endsWith(AUTHOR_ID)) ? [authorObject] : [] };
};

function matches(where: Record<string, unknown>, target: StoredObject = object, refs?: ResolveRefs): boolean {
  return matchesFilter(parseRestWhere(where), target, article, refs);
}

function check(path: string, operator: string, value: Record<string, unknown>, expected: boolean) {
  assert.equal(matches({ path: [path], operator, ...value }), expected, `${path} ${operator} ${JSON.stringify(value)}`);
}

describe("matchesFilter: text", () => {
  it("word tokenization: Equal needs every query token, case-insensitively", () => {
    check("title", "Equal", { valueText: "vector" }, true);
    check("title", "Equal", { valueText: "SEARCH primer" }, true);
    check("title", "Equal", { valueText: "vector database" }, false);
    check("title", "Equal", { valueText: "!!!" }, false);
    check("title", "NotEqual", { valueText: "database" }, true);
    check("title", "NotEqual", { valueText: "vector" }, false);
  });

  it("field tokenization compares the whole trimmed value, case kept", () => {
    check("code", "Equal", { valueText: " AB-12 " }, true);
    check("code", "Equal", { valueText: "ab-12" }, false);
    check("code", "Equal", { valueText: "AB" }, false);
  });

  it("whitespace and lowercase tokenizations", () => {
    check("label", "Equal", { valueText: "Hello" }, true);
    check("label", "Equal", { valueText: "hello" }, false);
    check("slug", "Equal", { valueText: "hello-there" }, true);
    check("slug", "Equal", { valueText: "hello" }, false);
  });

  it("Like: * and ? per token, case-insensitive for word tokenization", () => {
    check("title", "Like", { valueText: "vec*" }, true);
    check("title", "Like", { valueText: "*EAR?H" }, true);
    check("title", "Like", { valueText: "vec" }, false);
    check("title", "Like", { valueText: "prim?r sea*" }, true);
    check("title", "Like", { valueText: "x*" }, false);
    check("code", "Like", { valueText: "AB-*" }, true);
    check("code", "Like", { valueText: "ab-*" }, false);
    check("gram", "Like", { valueText: "*VIATE" }, true);
  });

  it("ordering operators compare tokens", () => {
    check("code", "GreaterThan", { valueText: "AA" }, true);
    check("code", "LessThan", { valueText: "AA" }, false);
    check("code", "GreaterThanEqual", { valueText: "AB-12" }, true);
    check("code", "LessThanEqual", { valueText: "AB-12" }, true);
  });

  it("text[]: tokens of all elements count, Contains operators tokenize values", () => {
    check("tags", "Equal", { valueText: "learning" }, true);
    check("tags", "Equal", { valueText: "machine databases" }, true);
    check("tags", "ContainsAny", { valueTextArray: ["cats", "Databases"] }, true);
    check("tags", "ContainsAll", { valueTextArray: ["machine", "databases"] }, true);
    check("tags", "ContainsAll", { valueTextArray: ["machine", "cats"] }, false);
    check("tags", "ContainsNone", { valueTextArray: ["cats", "dogs"] }, true);
    check("tags", "ContainsNone", { valueTextArray: ["cats", "machine"] }, false);
    check("title", "ContainsAny", { valueTextArray: ["primer"] }, true);
  });
});

describe("matchesFilter: numbers, booleans, dates, uuids", () => {
  it("int and number comparisons", () => {
    check("wordCount", "Equal", { valueInt: 120 }, true);
    check("wordCount", "NotEqual", { valueInt: 120 }, false);
    check("wordCount", "GreaterThan", { valueInt: 100 }, true);
    check("wordCount", "GreaterThanEqual", { valueInt: 120 }, true);
    check("wordCount", "LessThan", { valueInt: 120 }, false);
    check("wordCount", "LessThanEqual", { valueInt: 120 }, true);
    check("rating", "GreaterThan", { valueNumber: 4.4 }, true);
    check("wordCount", "ContainsAny", { valueIntArray: [1, 120] }, true);
  });

  it("number[]: any element satisfies a comparison, NotEqual is the complement", () => {
    check("scores", "GreaterThan", { valueNumber: 2 }, true);
    check("scores", "LessThan", { valueNumber: 0.1 }, false);
    check("scores", "Equal", { valueNumber: 2.5 }, true);
    check("scores", "NotEqual", { valueNumber: 2.5 }, false);
    check("scores", "ContainsAll", { valueNumberArray: [0.5, 2.5] }, true);
    check("scores", "ContainsNone", { valueNumberArray: [1] }, true);
  });

  it("booleans", () => {
    check("published", "Equal", { valueBoolean: true }, true);
    check("published", "NotEqual", { valueBoolean: true }, false);
    check("flags", "Equal", { valueBoolean: false }, true);
    check("flags", "ContainsAny", { valueBooleanArray: [true] }, false);
  });

  it("dates compare as instants whatever the offset", () => {
    check("date", "Equal", { valueDate: "2023-11-14T23:13:20+01:00" }, true);
    check("date", "GreaterThan", { valueDate: "2023-01-01T00:00:00Z" }, true);
    check("date", "LessThan", { valueDate: "2023-01-01T00:00:00Z" }, false);
    check("dates", "Equal", { valueDate: "2021-12-31T22:00:00Z" }, true);
    check("dates", "ContainsAny", { valueDateArray: ["2020-01-01T01:00:00+01:00"] }, true);
  });

  it("uuids compare normalised", () => {
    check("ref", "Equal", { valueText: ID }, true);
    check("ref", "Equal", { valueText: ID.toUpperCase() }, true);
    check("refs", "ContainsAll", { valueTextArray: [AUTHOR_ID, ID] }, true);
    check("refs", "NotEqual", { valueText: AUTHOR_ID }, false);
  });
});

describe("matchesFilter: geo, null, length, internal paths", () => {
  it("WithinGeoRange measures metres", () => {
    const near = (max: number) => ({
      valueGeoRange: { geoCoordinates: { latitude: 52.3702, longitude: 4.8952 }, distance: { max } },
    });
    check("location", "WithinGeoRange", near(1000), true);
    check("location", "WithinGeoRange", near(100), false);
  });

  it("IsNull: absent, null and empty arrays are null", () => {
    check("subtitle", "IsNull", { valueBoolean: true }, true);
    check("subtitle", "IsNull", { valueBoolean: false }, false);
    check("title", "IsNull", { valueBoolean: false }, true);
    const emptyTags = { ...object, properties: { ...object.properties, tags: [] } };
    assert.equal(matches({ path: ["tags"], operator: "IsNull", valueBoolean: true }, emptyTags), true);
  });

  it("a missing property matches only NotEqual and ContainsNone", () => {
    check("subtitle", "Equal", { valueText: "x" }, false);
    check("subtitle", "NotEqual", { valueText: "x" }, true);
    check("subtitle", "ContainsNone", { valueTextArray: ["x"] }, true);
    check("subtitle", "Like", { valueText: "*" }, false);
  });

  it("len(prop) counts characters or elements, 0 when absent", () => {
    check("len(title)", "Equal", { valueInt: 24 }, true);
    check("len(tags)", "Equal", { valueInt: 2 }, true);
    check("len(subtitle)", "Equal", { valueInt: 0 }, true);
    check("len(title)", "GreaterThan", { valueInt: 30 }, false);
  });

  it("_id compares the object id", () => {
    check("_id", "Equal", { valueText: ID.toUpperCase() }, true);
    check("_id", "NotEqual", { valueText: ID }, false);
    check("_id", "ContainsAny", { valueTextArray: [AUTHOR_ID, ID] }, true);
    check("_id", "Like", { valueText: "8E8A*" }, true);
  });

  it("timestamps accept milliseconds as text or a date", () => {
    check("_creationTimeUnix", "Equal", { valueText: "1700000000000" }, true);
    check("_creationTimeUnix", "Equal", { valueDate: "2023-11-14T22:13:20Z" }, true);
    check("_lastUpdateTimeUnix", "GreaterThan", { valueText: "1700000000000" }, true);
    check("_lastUpdateTimeUnix", "LessThan", { valueDate: "2023-11-14T22:13:20Z" }, false);
  });

  it("a reference property filtered directly counts its references", () => {
    check("hasAuthor", "Equal", { valueInt: 1 }, true);
    check("hasAuthor", "GreaterThan", { valueInt: 1 }, false);
  });

  it("types without filter semantics never match", () => {
    check("image", "Equal", { valueText: "aGVsbG8=" }, false);
  });

  it("throws on an unknown property", () => {
    assert.throws(() => matches({ path: ["nope"], operator: "Equal", valueText: "a" }), (error: unknown) => isAppError(error) && error.code === "UNPROCESSABLE");
  });
});

describe("matchesFilter: logical operators and references", () => {
  const yes = { path: ["wordCount"], operator: "Equal", valueInt: 120 };
  const no = { path: ["wordCount"], operator: "Equal", valueInt: 1 };

  it("And / Or / Not", () => {
    assert.equal(matches({ operator: "And", operands: [yes, yes] }), true);
    assert.equal(matches({ operator: "And", operands: [yes, no] }), false);
    assert.equal(matches({ operator: "Or", operands: [no, yes] }), true);
    assert.equal(matches({ operator: "Or", operands: [no, no] }), false);
    assert.equal(matches({ operator: "Not", operands: [no] }), true);
    assert.equal(matches({ operator: "Not", operands: [yes] }), false);
  });

  it("follows references through resolveRefs", () => {
    const where = { path: ["hasAuthor", "Author", "name"], operator: "Equal", valueText: "ann" };
    assert.equal(matches(where, object, resolveRefs), true);
    assert.equal(matches({ ...where, valueText: "bob" }, object, resolveRefs), false);
    const orphan = { ...object, properties: { ...object.properties, hasAuthor: [] } };
    assert.equal(matches(where, orphan, resolveRefs), false);
    assert.equal(matches({ ...where, path: ["hasAuthor", "Editor", "name"] }, object, resolveRefs), false);
  });

  it("refuses reference paths without a resolver", () => {
    assert.throws(
      () => matches({ path: ["hasAuthor", "Author", "name"], operator: "Equal", valueText: "ann" }),
      /filtering through references is not supported here/,
    );
  });

  it("re-exports the tokenizer", () => {
    assert.deepEqual(tokenize("A b"), ["a", "b"]);
  });
});
