import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Property } from "../../../src/domain/collection.ts";
import { ValueFault } from "../../../src/objects/go-format.ts";
import { allowedTargetClass, referenceTargets } from "../../../src/objects/references.ts";

const ID = "8e8a0b4f-5d21-4b5e-9d6c-0b1d2c3e4f5a";
const single: Property = { name: "hasAuthor", dataType: ["Author"] };
const multi: Property = { name: "about", dataType: ["Author", "Topic"] };

function rejects(property: Property, value: unknown, pattern: RegExp) {
  assert.throws(
    () => referenceTargets(property, value, "Article"),
    (error: unknown) => error instanceof ValueFault && pattern.test(error.message),
  );
}

describe("referenceTargets", () => {
  it("parses beacons with a class", () => {
    assert.deepEqual(referenceTargets(multi, [{ beacon: `weaviate://localhost/Topic/${ID.toUpperCase()}` }], "Article"), [
      { beacon: `weaviate://localhost/Topic/${ID}`, className: "Topic", id: ID },
    ]);
  });

  it("upper-cases the class of a beacon and matches the schema spelling", () => {
    const [target] = referenceTargets(single, [{ beacon: `weaviate://localhost/author/${ID}` }], "Article");
    assert.equal(target?.className, "Author");
  });

  it("fills the class of a legacy beacon on a single-target property", () => {
    assert.deepEqual(referenceTargets(single, [{ beacon: `weaviate://localhost/${ID}` }], "Article"), [
      { beacon: `weaviate://localhost/Author/${ID}`, className: "Author", id: ID },
    ]);
  });

  it("leaves a legacy beacon on a multi-target property unresolved", () => {
    assert.deepEqual(referenceTargets(multi, [{ beacon: `weaviate://localhost/${ID}` }], "Article"), [
      { beacon: `weaviate://localhost/${ID}`, id: ID },
    ]);
  });

  it("drops href and classification", () => {
    const targets = referenceTargets(single, [{ beacon: `weaviate://localhost/Author/${ID}`, href: "/v1/objects/x", classification: {} }], "Article");
    assert.equal(targets.length, 1);
    assert.deepEqual(referenceTargets(single, [], "Article"), []);
  });

  it("rejects malformed values with Weaviate's messages", () => {
    rejects(single, { beacon: `weaviate://localhost/Author/${ID}` }, /reference must be an array, but got a map/);
    rejects(single, "weaviate://localhost/x", /invalid ref type. Needs to be \[\]map, got string/);
    rejects(single, ["x"], /Multiple references in Article.hasAuthor should be a list of maps, but we got: string/);
    rejects(single, [{ beacon: "x", extra: 1 }], /requires exactly 1 arguments: 'beacon'/);
    rejects(single, [{ href: "x", target: 1 }], /'beacon' is missing/);
    rejects(single, [{ beacon: 5 }], /beacon property is not a string: json.Number/);
    rejects(single, [{ beacon: "http://localhost/Author/x" }], /invalid reference: invalid beacon/);
    rejects(single, [{ beacon: `weaviate://localhost/Author/not-a-uuid` }], /invalid reference: .*not a valid uuid/);
  });

  it("rejects a class the property does not target", () => {
    rejects(single, [{ beacon: `weaviate://localhost/Topic/${ID}` }], /target class 'Topic' not allowed for property 'hasAuthor' on class 'Article', allowed: Author/);
  });
});

describe("allowedTargetClass", () => {
  it("returns the schema spelling or faults", () => {
    assert.equal(allowedTargetClass(multi, "TOPIC", "Article"), "Topic");
    assert.throws(() => allowedTargetClass(multi, "Other", "Article"), ValueFault);
  });
});
