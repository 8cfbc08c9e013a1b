import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Collection, Property } from "../../../src/domain/collection.ts";
import { parseRestWhere } from "../../../src/filters/parse.ts";
import type { FilterValidationOptions } from "../../../src/filters/validate.ts";
import { lengthTarget, validateFilterAgainst, valueFieldName } from "../../../src/filters/validate.ts";
import { isAppError } from "../../../src/errors/index.ts";

function collection(name: string, properties: Property[], inverted: Record<string, unknown> = {}): Collection {
  return {
    class: name,
    properties,
    invertedIndexConfig: { indexNullState: true, indexPropertyLength: true, indexTimestamps: true, ...inverted },
    multiTenancyConfig: { enabled: false, autoTenantCreation: false, autoTenantActivation: false },
    replicationConfig: {},
    shardingConfig: {},
  };
}

const author = collection("Author", [{ name: "name", dataType: ["text"] }]);
const article = collection("Article", [
  { name: "title", dataType: ["text"] },
  { name: "tags", dataType: ["text[]"] },
  { name: "wordCount", dataType: ["int"] },
  { name: "scores", dataType: ["number[]"] },
  { name: "rating", dataType: ["number"] },
  { name: "published", dataType: ["boolean"] },
  { name: "date", dataType: ["date"] },
  { name: "ref", dataType: ["uuid"] },
  { name: "refs", dataType: ["uuid[]"] },
  { name: "location", dataType: ["geoCoordinates"] },
  { name: "phone", dataType: ["phoneNumber"] },
  { name: "image", dataType: ["blob"] },
  { name: "meta", dataType: ["object"], nestedProperties: [{ name: "a", dataType: ["text"] }] },
  { name: "hidden", dataType: ["int"], indexFilterable: false },
  { name: "searchOnly", dataType: ["text"], indexFilterable: false },
  { name: "nowhere", dataType: ["text"], indexFilterable: false, indexSearchable: false },
  { name: "hasAuthor", dataType: ["Author"] },
]);
const options: FilterValidationOptions = { getCollection: (name) => (name === "Author" ? author : undefined) };

function accepts(where: unknown, target = article, opts = options) {
  assert.doesNotThrow(() => validateFilterAgainst(parseRestWhere(where), target, opts));
}

function rejects(where: unknown, pattern: RegExp, target = article, opts = options) {
  assert.throws(
    () => validateFilterAgainst(parseRestWhere(where), target, opts),
    (error: unknown) => {
      assert.ok(isAppError(error));
      assert.equal(error.code, "UNPROCESSABLE");
      assert.match(error.message, /^invalid where filter: /);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe("validateFilterAgainst: property types", () => {
  it("accepts the value field matching each property type", () => {
    accepts({ operator: "Equal", path: ["title"], valueText: "a" });
    accepts({ operator: "Equal", path: ["title"], valueString: "a" });
    accepts({ operator: "ContainsAny", path: ["tags"], valueTextArray: ["a"] });
    accepts({ operator: "Equal", path: ["tags"], valueText: "a" });
    accepts({ operator: "GreaterThan", path: ["wordCount"], valueInt: 1 });
    accepts({ operator: "GreaterThan", path: ["scores"], valueNumber: 1 });
    accepts({ operator: "LessThan", path: ["rating"], valueNumber: 1 });
    accepts({ operator: "Equal", path: ["published"], valueBoolean: true });
    accepts({ operator: "LessThan", path: ["date"], valueDate: "2020-01-01T00:00:00Z" });
    accepts({ operator: "Equal", path: ["ref"], valueText: "8e8a0b4f-5d21-4b5e-9d6c-0b1d2c3e4f5a" });
    accepts({ operator: "ContainsAny", path: ["refs"], valueTextArray: ["8e8a0b4f-5d21-4b5e-9d6c-0b1d2c3e4f5a"] });
    accepts({
      operator: "WithinGeoRange",
      path: ["location"],
      valueGeoRange: { geoCoordinates: { latitude: 1, longitude: 1 }, distance: { max: 10 } },
    });
    accepts({ operator: "Like", path: ["Title"], valueText: "a*" });
  });

  it("rejects a value type that does not fit, naming both", () => {
    rejects({ operator: "Equal", path: ["title"], valueInt: 1 }, /cannot use "valueInt" on type "text", use "valueText" instead/);
    rejects({ operator: "Equal", path: ["wordCount"], valueNumber: 1 }, /cannot use "valueNumber" on type "int", use "valueInt"/);
    rejects({ operator: "Equal", path: ["scores"], valueInt: 1 }, /on type "number\[\]", use "valueNumber"/);
    rejects({ operator: "Equal", path: ["published"], valueText: "true" }, /use "valueBoolean"/);
    rejects({ operator: "Equal", path: ["date"], valueText: "2020" }, /use "valueDate"/);
    rejects({ operator: "Equal", path: ["location"], valueInt: 1 }, /use "valueGeoRange"/);
    rejects(
      { operator: "WithinGeoRange", path: ["title"], valueGeoRange: { geoCoordinates: { latitude: 1, longitude: 1 }, distance: { max: 1 } } },
      /cannot use "valueGeoRange" on type "text"/,
    );
  });

  it("insists on valueText for uuid properties and rejects Like on them", () => {
    rejects({ operator: "Equal", path: ["ref"], valueInt: 1 }, /"uuid" or "uuid\[\]": specify uuid as string using "valueText"/);
    rejects({ operator: "Like", path: ["refs"], valueText: "8e*" }, /operator "Like" cannot be used on uuid/);
  });

  it("rejects types that cannot be filtered", () => {
    rejects({ operator: "Equal", path: ["phone"], valueText: "1" }, /'phone' of type 'phoneNumber' cannot be filtered/);
    rejects({ operator: "Equal", path: ["image"], valueText: "1" }, /of type 'blob' cannot be filtered/);
    rejects({ operator: "Equal", path: ["meta"], valueText: "1" }, /of type 'object' cannot be filtered/);
  });

  it("rejects unknown properties with Weaviate's message", () => {
    rejects({ operator: "Equal", path: ["nope"], valueText: "a" }, /no such prop with name 'nope' found in class 'Article'/);
  });

  it("names the operand position inside logical filters", () => {
    rejects(
      { operator: "Or", operands: [{ operator: "Equal", path: ["title"], valueText: "a" }, { operator: "Equal", path: ["nope"], valueText: "a" }] },
      /child operand at position 1: no such prop/,
    );
  });
});

describe("validateFilterAgainst: special paths", () => {
  it("accepts _id with valueText only", () => {
    accepts({ operator: "Equal", path: ["_id"], valueText: "8e8a0b4f-5d21-4b5e-9d6c-0b1d2c3e4f5a" });
    accepts({ operator: "ContainsAny", path: ["id"], valueTextArray: ["x"] });
    rejects({ operator: "Equal", path: ["_id"], valueInt: 1 }, /using \["_id"\] to filter by uuid: must use "valueText"/);
  });

  it("accepts timestamps as a millisecond text or a date", () => {
    accepts({ operator: "GreaterThan", path: ["_creationTimeUnix"], valueText: "1700000000000" });
    accepts({ operator: "LessThan", path: ["_lastUpdateTimeUnix"], valueDate: "2020-01-01T00:00:00Z" });
    rejects({ operator: "Equal", path: ["_creationTimeUnix"], valueInt: 1 }, /must use "valueText" or "valueDate"/);
    rejects({ operator: "Equal", path: ["_creationTimeUnix"], valueText: "yesterday" }, /not a unix timestamp in milliseconds/);
    rejects({ operator: "Like", path: ["_creationTimeUnix"], valueText: "17*" }, /operator 'Like' cannot be used on _creationTimeUnix/);
  });

  it("requires indexTimestamps for timestamp filters", () => {
    const plain = collection("Plain", [], { indexTimestamps: false });
    rejects({ operator: "Equal", path: ["_creationTimeUnix"], valueText: "1" }, /Timestamps must be indexed/, plain);
    accepts({ operator: "Equal", path: ["_creationTimeUnix"], valueText: "1" }, plain, { checkIndexes: false });
  });

  it("checks len(prop) filters", () => {
    accepts({ operator: "GreaterThan", path: ["len(title)"], valueInt: 3 });
    accepts({ operator: "Equal", path: ["len(tags)"], valueInt: 0 });
    rejects({ operator: "Equal", path: ["len(title)"], valueText: "3" }, /requires IntValue, got "valueText"/);
    rejects({ operator: "Like", path: ["len(title)"], valueText: "3" }, /requires IntValue/);
    rejects({ operator: "ContainsAny", path: ["len(title)"], valueIntArray: [1] }, /supports operators \(not\) equal/);
    rejects({ operator: "Equal", path: ["len(title)"], valueInt: -1 }, /positive property length/);
    rejects({ operator: "Equal", path: ["len(location)"], valueInt: 1 }, /not supported for 'location'/);
    rejects({ operator: "Equal", path: ["len(nope)"], valueInt: 1 }, /no such prop with name 'nope'/);
    const plain = collection("Plain", [{ name: "t", dataType: ["text"] }], { indexPropertyLength: false });
    rejects({ operator: "Equal", path: ["len(t)"], valueInt: 1 }, /Property length must be indexed/, plain);
  });

  it("checks IsNull against indexNullState", () => {
    accepts({ operator: "IsNull", path: ["title"], valueBoolean: true });
    const plain = collection("Plain", [{ name: "t", dataType: ["text"] }], { indexNullState: false });
    rejects({ operator: "IsNull", path: ["t"], valueBoolean: true }, /Nullstate must be indexed/, plain);
    rejects({ operator: "IsNull", path: ["nope"], valueBoolean: true }, /no such prop/);
  });

  it("checks indexFilterable (text may fall back to its searchable index)", () => {
    rejects({ operator: "Equal", path: ["hidden"], valueInt: 1 }, /Filtering by property 'hidden' requires inverted index/);
    accepts({ operator: "Equal", path: ["searchOnly"], valueText: "a" });
    rejects({ operator: "Equal", path: ["nowhere"], valueText: "a" }, /requires inverted index/);
    accepts({ operator: "Equal", path: ["hidden"], valueInt: 1 }, article, { checkIndexes: false });
  });
});

describe("validateFilterAgainst: reference paths", () => {
  it("follows a reference into the target collection", () => {
    accepts({ operator: "Equal", path: ["hasAuthor", "Author", "name"], valueText: "Ann" });
    rejects({ operator: "Equal", path: ["hasAuthor", "Author", "age"], valueInt: 1 }, /no such prop with name 'age' found in class 'Author'/);
    rejects({ operator: "Equal", path: ["hasAuthor", "Author", "name"], valueInt: 1 }, /cannot use "valueInt" on type "text"/);
  });

  it("rejects a hop through a non-reference property or to a foreign class", () => {
    rejects({ operator: "Equal", path: ["title", "Author", "name"], valueText: "a" }, /'title' of class 'Article' is not a reference property/);
    rejects({ operator: "Equal", path: ["hasAuthor", "Editor", "name"], valueText: "a" }, /'Editor' is not a target of reference property 'hasAuthor'/);
  });

  it("reports a target class missing from the schema", () => {
    const noAuthor: FilterValidationOptions = { getCollection: () => undefined };
    rejects({ operator: "Equal", path: ["hasAuthor", "Author", "name"], valueText: "a" }, /class "Author" does not exist in schema/, article, noAuthor);
  });

  it("stops after the first hop when no collection lookup is given", () => {
    accepts({ operator: "Equal", path: ["hasAuthor", "Author", "whatever"], valueInt: 1 }, article, {});
  });

  it("allows only valueInt (a reference count) directly on a reference property", () => {
    accepts({ operator: "GreaterThan", path: ["hasAuthor"], valueInt: 0 });
    rejects({ operator: "Equal", path: ["hasAuthor"], valueText: "a" }, /is a ref prop to the class "Author". Only "valueInt"/);
  });
});

describe("helpers", () => {
  it("valueFieldName and lengthTarget", () => {
    assert.equal(valueFieldName("geoRange"), "valueGeoRange");
    assert.equal(lengthTarget("len(title)"), "title");
    assert.equal(lengthTarget("title"), undefined);
  });
});
