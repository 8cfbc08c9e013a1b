import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Collection, Property } from "../../../src/domain/collection.ts";
import { isAppError } from "../../../src/errors/index.ts";
import {
  resolveReferenceClasses,
  unresolvedReferenceIds,
  validateProperties,
  validateVector,
  validateVectors,
} from "../../../src/objects/validate.ts";

const ID = "8e8a0b4f-5d21-4b5e-9d6c-0b1d2c3e4f5a";
const OTHER = "11111111-2222-4333-8444-555555555555";

function collection(properties: Property[]): Collection {
  return {
    class: "Article",
    properties,
    invertedIndexConfig: {},
    multiTenancyConfig: { enabled: false, autoTenantCreation: false, autoTenantActivation: false },
    replicationConfig: {},
    shardingConfig: {},
  };
}

const article = collection([
  { name: "title", dataType: ["text"] },
  { name: "wordCount", dataType: ["int"] },
  { name: "rating", dataType: ["number"] },
  { name: "tags", dataType: ["text[]"] },
  { name: "published", dataType: ["date"] },
  { name: "myURL", dataType: ["text"] },
  { name: "location", dataType: ["geoCoordinates"] },
  { name: "phone", dataType: ["phoneNumber"] },
  { name: "hasAuthor", dataType: ["Author"] },
  { name: "about", dataType: ["Author", "Topic"] },
  {
    name: "meta",
    dataType: ["object"],
    nestedProperties: [
      { name: "source", dataType: ["text"] },
      { name: "pages", dataType: ["int[]"] },
      { name: "inner", dataType: ["object"], nestedProperties: [{ name: "deep", dataType: ["boolean"] }] },
    ],
  },
  { name: "sections", dataType: ["object[]"], nestedProperties: [{ name: "heading", dataType: ["text"] }] },
  { name: "future", dataType: ["blobHash"] },
]);

function rejects(properties: unknown, expected: string | RegExp) {
  assert.throws(
    () => validateProperties(article, properties),
    (error: unknown) => {
      assert.ok(isAppError(error), "expected an AppError");
      assert.equal(error.code, "UNPROCESSABLE");
      if (typeof expected === "string") assert.equal(error.message, expected);
      else assert.match(error.message, expected);
      return true;
    },
  );
}

describe("validateProperties: keys and values", () => {
  it("returns nothing for absent properties", () => {
    assert.deepEqual(validateProperties(article, undefined), { values: {}, references: [] });
    assert.deepEqual(validateProperties(article, null), { values: {}, references: [] });
  });

  it("stores values under the schema spelling, matching keys case-insensitively", () => {
    const { values } = validateProperties(article, { Title: "A", WORDCOUNT: 3, myurl: "x" });
    assert.deepEqual(values, { title: "A", wordCount: 3, myURL: "x" });
  });

  it("drops null values", () => {
    assert.deepEqual(validateProperties(article, { title: null, rating: 1.5 }).values, { rating: 1.5 });
  });

  it("normalises dates, validates every type through its rule", () => {
    const { values } = validateProperties(article, {
      published: "2020-01-01T00:00:00.000+00:00",
      tags: ["a"],
      location: { latitude: 1, longitude: 2 },
      phone: { input: "+31 20 123 4567" },
    });
    assert.equal(values["published"], "2020-01-01T00:00:00Z");
    assert.deepEqual(values["tags"], ["a"]);
    assert.deepEqual(values["location"], { latitude: 1, longitude: 2 });
    assert.equal((values["phone"] as { valid: boolean }).valid, true);
  });

  it("rejects unknown properties with Weaviate's message", () => {
    rejects(
      { Subtitle: "x" },
      "no such prop with name 'subtitle' found in class 'Article' in the schema. Check your schema files for which properties in this class are available",
    );
  });

  it("rejects a non-object properties value", () => {
    rejects([1, 2], "could not recognize object's properties: [1 2]");
    rejects("x", /could not recognize object's properties: x/);
  });

  it("prefixes type faults with the property and class", () => {
    rejects({ title: 1 }, "invalid text property 'title' on class 'Article': not a string, but json.Number");
    rejects({ wordCount: 1.5 }, "invalid integer property 'wordCount' on class 'Article': requires an integer, the given value is '1.5'");
    rejects({ rating: "x" }, /^invalid number property 'rating' on class 'Article': requires a float/);
    rejects({ tags: "a" }, "invalid text array property 'tags' on class 'Article': not a text array, but string");
    rejects(
      { published: "yesterday" },
      "invalid date property 'published' on class 'Article': requires a string with a RFC3339 formatted date, but the given value is 'yesterday'",
    );
    rejects({ location: { latitude: 1 } }, /^invalid geoCoordinates property 'location' on class 'Article': geoCoordinates is missing/);
    rejects({ phone: {} }, /^invalid phoneNumber property 'phone' on class 'Article': phoneNumber is missing required field 'input'/);
  });

  it("rejects a data type it does not know", () => {
    rejects({ future: "x" }, "unrecognized data type 'blobHash'");
  });
});

describe("validateProperties: nested objects", () => {
  it("validates nested values recursively and drops nested nulls", () => {
    const { values } = validateProperties(article, {
      meta: { source: null, pages: [1, 2], inner: { deep: true } },
      sections: [{ heading: "Intro" }, { heading: null }],
    });
    assert.deepEqual(values["meta"], { pages: [1, 2], inner: { deep: true } });
    assert.deepEqual(values["sections"], [{ heading: "Intro" }, {}]);
  });

  it("rejects unknown nested keys (matched exactly)", () => {
    rejects({ meta: { Source: "web" } }, "invalid object property 'meta' on class 'Article': unknown property 'meta.Source'");
  });

  it("reports nested type faults with their dotted path", () => {
    rejects(
      { meta: { pages: [1, "2"] } },
      /^invalid object property 'meta' on class 'Article': property 'meta.pages': invalid integer array property 'meta.pages' on class 'Article': invalid integer array value: element \[1\]/,
    );
    rejects(
      { meta: { inner: { deep: "yes" } } },
      /property 'meta.inner': invalid object property 'meta.inner' on class 'Article': property 'meta.inner.deep': invalid boolean property 'meta.inner.deep' on class 'Article': not a bool, but string/,
    );
  });

  it("rejects shapes that are not objects", () => {
    rejects({ meta: "x" }, "invalid object property 'meta' on class 'Article': object must be a map, but got: string");
    rejects({ sections: { heading: "x" } }, /^invalid object\[\] property 'sections' on class 'Article': not an object array, but map/);
    rejects({ sections: [{ heading: "x" }, 5] }, /invalid object '1' in array: object must be a map, but got: json.Number/);
  });
});

describe("validateProperties: references", () => {
  it("returns targets and stores beacons", () => {
    const result = validateProperties(article, { hasAuthor: [{ beacon: `weaviate://localhost/${ID}`, href: "/v1/objects/x" }] });
    assert.deepEqual(result.values, { hasAuthor: [{ beacon: `weaviate://localhost/Author/${ID}` }] });
    assert.deepEqual(result.references, [
      { property: "hasAuthor", targets: [{ beacon: `weaviate://localhost/Author/${ID}`, className: "Author", id: ID }] },
    ]);
  });

  it("reports empty reference lists so a replace can clear them", () => {
    assert.deepEqual(validateProperties(article, { hasAuthor: [] }).references, [{ property: "hasAuthor", targets: [] }]);
  });

  it("prefixes reference faults with invalid cref", () => {
    rejects({ hasAuthor: { beacon: "x" } }, /^invalid cref: reference must be an array, but got a map/);
    rejects({ hasAuthor: [{ beacon: `weaviate://localhost/Topic/${ID}` }] }, /^invalid cref: target class 'Topic' not allowed for property 'hasAuthor'/);
  });

  it("leaves legacy beacons on multi-target properties for the caller", () => {
    const result = validateProperties(article, {
      about: [{ beacon: `weaviate://localhost/${ID}` }, { beacon: `weaviate://localhost/Topic/${OTHER}` }],
    });
    assert.deepEqual(unresolvedReferenceIds(result), [ID]);
    const resolved = resolveReferenceClasses(result, article, (id) => (id === ID ? "author" : undefined));
    assert.deepEqual(resolved.values["about"], [
      { beacon: `weaviate://localhost/Author/${ID}` },
      { beacon: `weaviate://localhost/Topic/${OTHER}` },
    ]);
    assert.deepEqual(unresolvedReferenceIds(resolved), []);
    assert.equal(resolved.references[0]?.targets[0]?.className, "Author");
    // The input is not mutated.
    assert.deepEqual(result.values["about"], [{ beacon: `weaviate://localhost/${ID}` }, { beacon: `weaviate://localhost/Topic/${OTHER}` }]);
  });

  it("rejects unresolvable or disallowed legacy targets", () => {
    const result = validateProperties(article, { about: [{ beacon: `weaviate://localhost/${ID}` }] });
    assert.throws(() => resolveReferenceClasses(result, article, () => undefined), /invalid cref: no object with id/);
    assert.throws(() => resolveReferenceClasses(result, article, () => "Article"), /invalid cref: target class 'Article' not allowed/);
  });
});

describe("re-exported vector checks", () => {
  it("are reachable from validate.ts", () => {
    assert.deepEqual(validateVector([1], "vector"), [1]);
    assert.deepEqual(validateVectors({ a: [1] }), { a: [1] });
  });
});
