import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mergeAutoSchemaProperties } from "../../../src/collections/autoschema-merge.ts";
import type { Property } from "../../../src/domain/index.ts";
import { assertUnprocessable } from "./helpers.ts";

const text = (name: string): Property => ({ name, dataType: ["text"] }) as Property;
const object = (name: string, nested: Property[], type = "object"): Property =>
  ({ name, dataType: [type], nestedProperties: nested }) as Property;
const targets = new Set(["Article"]);

describe("mergeAutoSchemaProperties", () => {
  test("adds missing top-level properties with defaults; known names (any case) are kept", () => {
    const merged = mergeAutoSchemaProperties([text("title")], [text("Title"), text("body")], targets);
    assert.deepEqual(
      merged?.map((p) => [p.name, p.tokenization]),
      [
        ["title", undefined],
        ["body", "word"],
      ],
    );
  });

  test("returns undefined when nothing is missing or types differ", () => {
    const existing = [object("o", [text("a")])];
    assert.equal(mergeAutoSchemaProperties(existing, [object("o", [text("A")])], targets), undefined);
    assert.equal(mergeAutoSchemaProperties(existing, [object("o", [text("b")], "object[]")], targets), undefined);
    assert.equal(mergeAutoSchemaProperties(existing, [text("o")], targets), undefined);
  });

  test("merges nested properties recursively without touching the input", () => {
    const existing = [object("o", [object("deep", [text("x")])])];
    const merged = mergeAutoSchemaProperties(existing, [object("o", [object("deep", [text("y")]), text("b")])], targets);
    const o = merged?.[0];
    assert.deepEqual(
      o?.nestedProperties?.map((p) => p.name),
      ["deep", "b"],
    );
    assert.deepEqual(
      o?.nestedProperties?.[0]?.nestedProperties?.map((p) => [p.name, p.tokenization]),
      [
        ["x", undefined],
        ["y", "word"],
      ],
    );
    assert.equal(existing[0]?.nestedProperties?.[0]?.nestedProperties?.length, 1);
  });

  test("rejects invalid additions with 422", () => {
    assertUnprocessable(() => mergeAutoSchemaProperties([], [text("my-prop")], targets), "not a valid property name");
    assertUnprocessable(() => mergeAutoSchemaProperties([], [text("_additional")], targets), "reserved");
    assertUnprocessable(() => mergeAutoSchemaProperties([], [{ name: "r", dataType: ["Nowhere"] } as Property], targets));
    assertUnprocessable(() => mergeAutoSchemaProperties([object("o", [text("a")])], [object("o", [text("bad-key")])], targets));
  });

  test("references to known classes are accepted", () => {
    const merged = mergeAutoSchemaProperties([], [{ name: "r", dataType: ["Article"] } as Property], targets);
    assert.deepEqual(merged?.[0]?.dataType, ["Article"]);
  });
});
