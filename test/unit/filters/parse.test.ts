import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Filter } from "../../../src/domain/filter.ts";
import { parseRestWhere } from "../../../src/filters/parse.ts";
import { isAppError } from "../../../src/errors/index.ts";

function rejects(input: unknown, pattern: RegExp) {
  assert.throws(
    () => parseRestWhere(input),
    (error: unknown) => {
      assert.ok(isAppError(error), "expected an AppError");
      assert.equal(error.code, "UNPROCESSABLE");
      assert.match(error.message, /^failed to parse where filter: /);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe("parseRestWhere: comparisons", () => {
  it("parses each scalar value field into its value type", () => {
    const cases: Array<[Record<string, unknown>, string, unknown]> = [
      [{ valueInt: 5 }, "int", 5],
      [{ valueNumber: 1.5 }, "number", 1.5],
      [{ valueBoolean: false }, "boolean", false],
      [{ valueText: "a" }, "text", "a"],
      [{ valueString: "a" }, "text", "a"],
      [{ valueDate: "2020-01-01T00:00:00Z" }, "date", "2020-01-01T00:00:00Z"],
    ];
    for (const [fields, valueType, value] of cases) {
      const filter = parseRestWhere({ operator: "Equal", path: ["p"], ...fields });
      assert.deepEqual(filter, { kind: "compare", operator: "Equal", path: ["p"], valueType, value });
    }
  });

  it("parses each array value field for Contains operators", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ valueIntArray: [1, 2] }, "int"],
      [{ valueNumberArray: [1.5] }, "number"],
      [{ valueBooleanArray: [true] }, "boolean"],
      [{ valueTextArray: ["a", "b"] }, "text"],
      [{ valueStringArray: ["a"] }, "text"],
      [{ valueDateArray: ["2020-01-01T00:00:00Z"] }, "date"],
    ];
    for (const [fields, valueType] of cases) {
      for (const operator of ["ContainsAny", "ContainsAll", "ContainsNone"]) {
        const filter = parseRestWhere({ operator, path: ["p"], ...fields });
        assert.equal(filter.kind, "compare");
        if (filter.kind === "compare") {
          assert.equal(filter.valueType, valueType);
          assert.ok(Array.isArray(filter.value));
        }
      }
    }
  });

  it("accepts a GraphQL-style list in a scalar value field", () => {
    const filter = parseRestWhere({ operator: "ContainsAny", path: ["tags"], valueText: ["a", "b"] });
    assert.deepEqual(filter, { kind: "compare", operator: "ContainsAny", path: ["tags"], valueType: "text", value: ["a", "b"] });
  });

  it("parses every ordering operator and Like", () => {
    for (const operator of ["NotEqual", "GreaterThan", "GreaterThanEqual", "LessThan", "LessThanEqual"]) {
      assert.equal((parseRestWhere({ operator, path: ["n"], valueInt: 1 }) as { operator: string }).operator, operator);
    }
    assert.equal((parseRestWhere({ operator: "Like", path: ["t"], valueText: "a*" }) as { operator: string }).operator, "Like");
  });

  it("parses WithinGeoRange", () => {
    const filter = parseRestWhere({
      operator: "WithinGeoRange",
      path: ["location"],
      valueGeoRange: { geoCoordinates: { latitude: 52.3, longitude: 4.9 }, distance: { max: 2000 } },
    });
    assert.deepEqual(filter, {
      kind: "compare",
      operator: "WithinGeoRange",
      path: ["location"],
      valueType: "geoRange",
      value: { latitude: 52.3, longitude: 4.9, maxDistance: 2000 },
    });
  });

  it("parses IsNull with valueBoolean", () => {
    const filter = parseRestWhere({ operator: "IsNull", path: ["p"], valueBoolean: true });
    assert.equal(filter.kind === "compare" && filter.value, true);
  });

  it("upper-cases class segments of reference paths", () => {
    const filter = parseRestWhere({ operator: "Equal", path: ["hasAuthor", "author", "name"], valueText: "Ann" });
    assert.deepEqual(filter.kind === "compare" && filter.path, ["hasAuthor", "Author", "name"]);
  });

  it("ignores operands on a comparison, as Weaviate does", () => {
    const filter = parseRestWhere({ operator: "Equal", path: ["p"], valueInt: 1, operands: [] });
    assert.equal(filter.kind, "compare");
  });
});

describe("parseRestWhere: logical operators", () => {
  it("parses And / Or / Not trees", () => {
    const leaf = { operator: "Equal", path: ["p"], valueInt: 1 };
    const filter = parseRestWhere({
      operator: "And",
      operands: [leaf, { operator: "Or", operands: [leaf, { operator: "Not", operands: [leaf] }] }],
    });
    const expectedLeaf: Filter = { kind: "compare", operator: "Equal", path: ["p"], valueType: "int", value: 1 };
    assert.deepEqual(filter, {
      kind: "logical",
      operator: "And",
      operands: [
        expectedLeaf,
        {
          kind: "logical",
          operator: "Or",
          operands: [expectedLeaf, { kind: "logical", operator: "Not", operands: [expectedLeaf] }],
        },
      ],
    });
  });

  it("rejects And / Or without operands", () => {
    rejects({ operator: "And" }, /operator 'And', but no operands set/);
    rejects({ operator: "Or", operands: [] }, /operator 'Or', but no operands set/);
  });

  it("rejects Not without exactly one operand", () => {
    const leaf = { operator: "Equal", path: ["p"], valueInt: 1 };
    rejects({ operator: "Not", operands: [leaf, leaf] }, /'Not' requires exactly one operand, but got 2/);
    rejects({ operator: "Not", operands: [] }, /no operands set/);
  });

  it("rejects a path or a value on a logical operator", () => {
    rejects({ operator: "And", path: ["p"], operands: [] }, /not compatible with field 'path'/);
    rejects({ operator: "Or", valueInt: 1, operands: [] }, /not compatible with field 'value<Type>'/);
  });

  it("names the operand position of a nested fault", () => {
    rejects(
      { operator: "And", operands: [{ operator: "Equal", path: ["p"], valueInt: 1 }, { operator: "Equal", path: ["p"] }] },
      /invalid where filter: operand 1: got operator 'Equal', but no value<Type> field set/,
    );
  });
});

describe("parseRestWhere: faults", () => {
  it("rejects a non-object and a missing operator", () => {
    rejects("x", /must be an object/);
    rejects(null, /must be an object/);
    rejects({ path: ["p"], valueInt: 1 }, /field 'operator' must be set/);
  });

  it("reports an unknown operator bare at the root", () => {
    rejects({ operator: "Between", path: ["p"], valueInt: 1 }, /^failed to parse where filter: unrecognized operator: Between$/);
  });

  it("rejects a comparison without a path", () => {
    rejects({ operator: "Equal", valueInt: 1 }, /field 'path': must have at least one element/);
    rejects({ operator: "Equal", path: [], valueInt: 1 }, /must have at least one element/);
    rejects({ operator: "Equal", path: [3], valueInt: 1 }, /element 1 is not a string/);
  });

  it("rejects a reference path missing its last property", () => {
    rejects({ operator: "Equal", path: ["hasAuthor", "Author"], valueInt: 1 }, /missing an argument after 'Author'/);
    rejects({ operator: "Equal", path: ["hasAuthor", "Au-thor", "x"], valueInt: 1 }, /valid class name/);
  });

  it("rejects a comparison without a value, or with two", () => {
    rejects({ operator: "Equal", path: ["p"] }, /got operator 'Equal', but no value<Type> field set/);
    rejects({ operator: "Equal", path: ["p"], valueTextArray: [] }, /no value<Type> field set/);
    rejects({ operator: "Equal", path: ["p"], valueInt: 1, valueText: "a" }, /found more than one values the clause/);
  });

  it("rejects values of the wrong JSON type", () => {
    rejects({ operator: "Equal", path: ["p"], valueInt: 1.5 }, /'valueInt': requires an integer/);
    rejects({ operator: "Equal", path: ["p"], valueNumber: "1" }, /'valueNumber': requires a finite number/);
    rejects({ operator: "Equal", path: ["p"], valueBoolean: "true" }, /'valueBoolean': requires a boolean/);
    rejects({ operator: "Equal", path: ["p"], valueText: 1 }, /'valueText': requires a string/);
    rejects({ operator: "Equal", path: ["p"], valueDate: "2020-01-01" }, /'valueDate': requires a string with a RFC3339/);
    rejects({ operator: "ContainsAny", path: ["p"], valueIntArray: [1, "2"] }, /'valueIntArray': requires an integer/);
    rejects({ operator: "ContainsAny", path: ["p"], valueTextArray: "a" }, /'valueTextArray': requires an array/);
  });

  it("requires an array value for Contains operators and a single one otherwise", () => {
    rejects({ operator: "ContainsAny", path: ["p"], valueText: "a" }, /'ContainsAny' requires an array value/);
    rejects({ operator: "ContainsAll", path: ["p"], valueInt: 1 }, /'ContainsAll' requires an array value/);
    rejects({ operator: "ContainsNone", path: ["p"], valueBoolean: true }, /'ContainsNone' requires an array value/);
    rejects({ operator: "Equal", path: ["p"], valueTextArray: ["a"] }, /'Equal' requires a single value/);
  });

  it("requires valueGeoRange for WithinGeoRange and only there", () => {
    rejects({ operator: "WithinGeoRange", path: ["p"], valueText: "a" }, /requires field 'valueGeoRange'/);
    rejects(
      { operator: "Equal", path: ["p"], valueGeoRange: { geoCoordinates: { latitude: 1, longitude: 1 }, distance: { max: 1 } } },
      /can only be used with operator 'WithinGeoRange'/,
    );
  });

  it("checks the parts of valueGeoRange", () => {
    const at = (valueGeoRange: unknown) => ({ operator: "WithinGeoRange", path: ["p"], valueGeoRange });
    rejects(at({ geoCoordinates: { latitude: 1, longitude: 1 } }), /field 'distance' must be set/);
    rejects(at({ geoCoordinates: { latitude: 1, longitude: 1 }, distance: { max: -1 } }), /'distance.max' must be a positive number/);
    rejects(at({ distance: { max: 1 } }), /field 'geoCoordinates' must be set/);
    rejects(at({ geoCoordinates: { latitude: 91, longitude: 1 }, distance: { max: 1 } }), /latitude' must be a number between -90 and 90/);
    rejects(at({ geoCoordinates: { latitude: 1, longitude: "x" }, distance: { max: 1 } }), /longitude' must be a number/);
    rejects(at("near"), /valueGeoRange: must be an object/);
  });

  it("requires valueBoolean for IsNull and valueText for Like", () => {
    rejects({ operator: "IsNull", path: ["p"], valueInt: 1 }, /'IsNull' requires field 'valueBoolean'/);
    rejects({ operator: "Like", path: ["p"], valueInt: 1 }, /'Like' requires field 'valueText'/);
  });
});
