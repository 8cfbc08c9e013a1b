import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { extractVectorLiterals, vectorForPlaceholder, withVectorLiterals } from "../../../src/graphql/vector-literals.ts";

describe("extractVectorLiterals", () => {
  test("cuts numeric vector lists out and numbers the placeholders", () => {
    const { query, vectors } = extractVectorLiterals(
      "{Get{A(nearVector:{vector:[0.5,-1,2e-3]}){x} B: A(nearVector:{vector : [ 1 2 , 3 ]}){x}}}",
    );
    assert.equal(
      query,
      '{Get{A(nearVector:{vector:["__vector_literal_0__"]}){x} B: A(nearVector:{vector : ["__vector_literal_1__"]}){x}}}',
    );
    assert.deepEqual(vectors, [
      [0.5, -1, 0.002],
      [1, 2, 3],
    ]);
  });

  test("queries that differ only in their vectors become the same text", () => {
    const a = extractVectorLiterals("{Get{A(nearVector:{vector:[1,2,3]}){x}}}");
    const b = extractVectorLiterals("{Get{A(nearVector:{vector:[4,5,6]}){x}}}");
    assert.equal(a.query, b.query);
  });

  test("leaves strings, comments and non-numeric lists alone", () => {
    for (const query of [
      '{Get{A(where:{path:["t"],operator:Equal,valueText:"vector:[1,2]"}){x}}}',
      '{Get{A(where:{path:["t"],operator:Equal,valueText:"""a vector:[1,2] "quoted" """}){x}}}',
      "{Get{A # vector:[1,2]\n{x}}}",
      "{Get{A(nearVector:{vector:[1,$v]}){x}}}",
      "{Get{A(nearVector:{vector:[]}){x}}}",
      '{Get{A(nearVector:{vector:["1"]}){x}}}',
      "{Get{A(nearVector:{vector:[01,2]}){x}}}",
      "{Get{A(nearVector:{vectors:[1,2]}){x}}}",
    ]) {
      const result = extractVectorLiterals(query);
      assert.equal(result.query, query);
      assert.deepEqual(result.vectors, []);
    }
  });

  test("an escaped quote does not end a string early", () => {
    const query = '{Get{A(where:{valueText:"a\\" vector:[1]"}, nearVector:{vector:[7]}){x}}}';
    const result = extractVectorLiterals(query);
    assert.deepEqual(result.vectors, [[7]]);
    assert.ok(result.query.includes('valueText:"a\\" vector:[1]"'));
  });
});

describe("positions", () => {
  test("map from the rewritten query back to the client's text", () => {
    const original = "{Get{A(nearVector:{vector:[1,2]}){x} B(nearVector:{vector:[3]}){y}}}";
    const extracted = extractVectorLiterals(original);
    const rewritten = extracted.query;
    for (const marker of ["{Get", "){x}", " B(", "){y}"]) {
      assert.equal(extracted.originalPosition(rewritten.indexOf(marker)), original.indexOf(marker), marker);
    }
    // Inside a placeholder: the start of the vector literal it replaced.
    assert.equal(extracted.originalPosition(rewritten.indexOf("__vector_literal_1__")), original.indexOf("[3]"));
  });
});

describe("placeholders", () => {
  test("resolve only while the request's synchronous work runs", async () => {
    assert.equal(vectorForPlaceholder("__vector_literal_0__"), undefined);
    const inside = withVectorLiterals([[1, 2]], () => vectorForPlaceholder("__vector_literal_0__"));
    assert.deepEqual(inside, [1, 2]);
    const later = await withVectorLiterals([[1, 2]], async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return vectorForPlaceholder("__vector_literal_0__");
    });
    assert.equal(later, undefined, "nothing leaks past the synchronous part");
    assert.equal(vectorForPlaceholder("hello"), undefined);
  });
});
