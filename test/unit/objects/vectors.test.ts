import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "../../../src/errors/index.ts";
import { validateVector, validateVectors } from "../../../src/objects/vectors.ts";

function rejects(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => isAppError(error) && error.code === "UNPROCESSABLE" && pattern.test(error.message));
}

describe("validateVector", () => {
  it("returns a vector of finite numbers unchanged", () => {
    assert.deepEqual(validateVector([0.1, -2, 3e5], "vector"), [0.1, -2, 3e5]);
    assert.deepEqual(validateVector([], "vector"), []);
  });

  it("rejects non-arrays and non-numbers", () => {
    rejects(() => validateVector("0.1,0.2", "vector"), /^vector: must be an array of numbers, but got string$/);
    rejects(() => validateVector({ 0: 1 }, "vector"), /but got map\[string\]interface \{\}/);
    rejects(() => validateVector([1, "NaN"], "vector"), /element \[1\] must be a finite number, but got 'NaN'/);
    rejects(() => validateVector([1, null], "vector"), /element \[1\] must be a finite number/);
    rejects(() => validateVector([Number.NaN], "vector"), /element \[0\]/);
    rejects(() => validateVector([1, Number.POSITIVE_INFINITY], "vectors.x"), /^vectors.x: element \[1\]/);
  });

  it("rejects multi-vectors as unsupported", () => {
    rejects(() => validateVector([[1, 2], [3, 4]], "vectors.colbert"), /multi-vectors .* are not supported/);
  });
});

describe("validateVectors", () => {
  it("validates each named vector and leaves out empty ones", () => {
    assert.deepEqual(validateVectors({ title: [1, 2], _body: [3], empty: [], missing: null }), { title: [1, 2], _body: [3] });
    assert.deepEqual(validateVectors(undefined), {});
    assert.deepEqual(validateVectors(null), {});
  });

  it("rejects a non-map and bad names", () => {
    rejects(() => validateVectors([1, 2]), /vectors: must be a map of vector name to vector/);
    rejects(() => validateVectors({ "1abc": [1] }), /invalid vector name '1abc'/);
    rejects(() => validateVectors({ "a-b": [1] }), /invalid vector name 'a-b'/);
    rejects(() => validateVectors({ ["a".repeat(231)]: [1] }), /invalid vector name/);
    assert.deepEqual(Object.keys(validateVectors({ ["a".repeat(230)]: [1] })), ["a".repeat(230)]);
  });

  it("rejects bad values and multi-vectors under their name", () => {
    rejects(() => validateVectors({ title: [1, "x"] }), /^vectors.title: element \[1\]/);
    rejects(() => validateVectors({ colbert: [[1], [2]] }), /^vectors.colbert: multi-vectors/);
  });
});
