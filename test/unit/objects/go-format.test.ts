import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fault, goType, goValue, isRecord, ValueFault } from "../../../src/objects/go-format.ts";

describe("go-format", () => {
  it("goType names JSON values as Go decodes them", () => {
    assert.equal(goType("a"), "string");
    assert.equal(goType(1.5), "json.Number");
    assert.equal(goType(true), "bool");
    assert.equal(goType(null), "<nil>");
    assert.equal(goType(undefined), "<nil>");
    assert.equal(goType([1]), "[]interface {}");
    assert.equal(goType({ a: 1 }), "map[string]interface {}");
  });

  it("goValue prints like %v", () => {
    assert.equal(goValue("abc"), "abc");
    assert.equal(goValue(1.5), "1.5");
    assert.equal(goValue(null), "<nil>");
    assert.equal(goValue(["a", 1, true]), "[a 1 true]");
    assert.equal(goValue({ b: 2, a: [1] }), "map[a:[1] b:2]");
  });

  it("isRecord accepts plain objects only", () => {
    assert.equal(isRecord({}), true);
    assert.equal(isRecord([]), false);
    assert.equal(isRecord(null), false);
    assert.equal(isRecord("x"), false);
  });

  it("fault throws a ValueFault", () => {
    assert.throws(() => fault("boom"), (error: unknown) => error instanceof ValueFault && error.message === "boom");
  });
});
