import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValueFault } from "../../../src/objects/go-format.ts";
import { primitiveRules } from "../../../src/objects/primitives.ts";

const ID = "8e8a0b4f-5d21-4b5e-9d6c-0b1d2c3e4f5a";

function check(type: string, value: unknown): unknown {
  const rule = primitiveRules[type];
  assert.ok(rule, `no rule for ${type}`);
  return rule.check(value);
}

function rejects(type: string, value: unknown, expected: string | RegExp) {
  assert.throws(
    () => check(type, value),
    (error: unknown) => {
      assert.ok(error instanceof ValueFault);
      if (typeof expected === "string") assert.equal(error.message, expected);
      else assert.match(error.message, expected);
      return true;
    },
  );
}

describe("primitive rules: scalars", () => {
  it("text and string", () => {
    assert.equal(check("text", "hello"), "hello");
    assert.equal(check("string", ""), "");
    rejects("text", 1, "not a string, but json.Number");
    rejects("text", { a: 1 }, "not a string, but map[string]interface {}");
    rejects("text", ["a"], "not a string, but []interface {}");
    rejects("text", true, "not a string, but bool");
  });

  it("int", () => {
    assert.equal(check("int", 42), 42);
    assert.equal(check("int", -3), -3);
    rejects("int", 1.5, "requires an integer, the given value is '1.5'");
    rejects("int", "5", "requires an integer, the given value is '5'");
    rejects("int", 1e20, /the JSON number '100000000000000000000' could not be converted to an int/);
  });

  it("number", () => {
    assert.equal(check("number", 1.25), 1.25);
    assert.equal(check("number", 3), 3);
    rejects("number", "1.5", "requires a float, the given value is '1.5'");
    rejects("number", Number.NaN, "requires a finite number, the given value is 'NaN'");
    rejects("number", Number.NEGATIVE_INFINITY, /requires a finite number/);
  });

  it("boolean", () => {
    assert.equal(check("boolean", false), false);
    rejects("boolean", "true", "not a bool, but string");
  });

  it("date: RFC3339 only, normalised like Go prints it", () => {
    assert.equal(check("date", "2017-10-06T08:15:30+01:00"), "2017-10-06T08:15:30+01:00");
    assert.equal(check("date", "2020-01-01T00:00:00.000+00:00"), "2020-01-01T00:00:00Z");
    rejects("date", "2020-01-01", "requires a string with a RFC3339 formatted date, but the given value is '2020-01-01'");
    rejects("date", 1700000000, /requires a string with a RFC3339 formatted date, but the given value is '1700000000'/);
  });

  it("uuid: Go's accepted forms, stored lower-case canonical", () => {
    assert.equal(check("uuid", ID.toUpperCase()), ID);
    assert.equal(check("uuid", ID.replace(/-/g, "")), ID);
    assert.equal(check("uuid", `{${ID}}`), ID);
    assert.equal(check("uuid", `urn:uuid:${ID}`), ID);
    rejects("uuid", "not-a-uuid", "requires a string of UUID format, but the given value is 'not-a-uuid'");
    rejects("uuid", 12, /requires a string of UUID format/);
  });

  it("blob: padded base64", () => {
    assert.equal(check("blob", "aGVsbG8="), "aGVsbG8=");
    rejects("blob", "hello!", "not a valid blob base64 string");
    rejects("blob", "", "not a valid blob base64 string");
    rejects("blob", 5, "not a blob base64 string, but json.Number");
  });

  it("geoCoordinates: both fields, numbers, in range", () => {
    assert.deepEqual(check("geoCoordinates", { latitude: 52.3, longitude: 4.9, extra: 1 }), { latitude: 52.3, longitude: 4.9 });
    rejects("geoCoordinates", [52, 4], "geoCoordinates must be a map, but got: []interface {}");
    rejects("geoCoordinates", { latitude: 1 }, "geoCoordinates is missing required field 'longitude'");
    rejects("geoCoordinates", { longitude: 1 }, "geoCoordinates is missing required field 'latitude'");
    rejects("geoCoordinates", { latitude: "1", longitude: 1 }, "invalid latitude: must be json.Number or float, but got string");
    rejects("geoCoordinates", { latitude: 91, longitude: 1 }, /invalid latitude: must be between -90 and 90/);
    rejects("geoCoordinates", { latitude: 1, longitude: -181 }, /invalid longitude: must be between -180 and 180/);
  });

  it("phoneNumber delegates to the phone parser", () => {
    assert.equal((check("phoneNumber", { input: "+31 20 123 4567" }) as { countryCode: number }).countryCode, 31);
    rejects("phoneNumber", "x", /phoneNumber must be a map/);
  });
});

describe("primitive rules: arrays", () => {
  it("accept arrays of valid elements", () => {
    assert.deepEqual(check("text[]", ["a", "b"]), ["a", "b"]);
    assert.deepEqual(check("string[]", []), []);
    assert.deepEqual(check("int[]", [1, 2]), [1, 2]);
    assert.deepEqual(check("number[]", [1.5]), [1.5]);
    assert.deepEqual(check("boolean[]", [true, false]), [true, false]);
    assert.deepEqual(check("date[]", ["2020-01-01T00:00:00.10Z"]), ["2020-01-01T00:00:00.1Z"]);
    assert.deepEqual(check("uuid[]", [ID.toUpperCase()]), [ID]);
  });

  it("reject non-arrays naming the array type", () => {
    rejects("text[]", "a", "not a text array, but string");
    rejects("int[]", 1, "not an integer array, but json.Number");
    rejects("number[]", {}, "not a number array, but map[string]interface {}");
    rejects("boolean[]", true, "not a boolean array, but bool");
    rejects("date[]", "x", "not a date array, but string");
    rejects("uuid[]", ID, "not a uuid array, but string");
  });

  it("reject a bad element, naming its position", () => {
    rejects("text[]", ["a", 1], "invalid text array value: element [1]: not a string, but json.Number");
    rejects("int[]", [1, 1.5], /invalid integer array value: element \[1\]: requires an integer/);
    rejects("number[]", ["x"], /invalid number array value: element \[0\]: requires a float/);
    rejects("boolean[]", [null], /invalid boolean array value: element \[0\]: not a bool, but <nil>/);
    rejects("date[]", ["2020"], /invalid date array value: element \[0\]: requires a string with a RFC3339/);
    rejects("uuid[]", ["x"], /invalid uuid array value: element \[0\]: requires a string of UUID format/);
  });
});
