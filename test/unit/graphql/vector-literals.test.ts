import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type DocumentNode, parse, print, type ValueNode } from "graphql";
import {
  carriedVector,
  extractVectorLiterals,
  type PlaceholderSite,
  placeholderSites,
  withVectors,
} from "../../../src/graphql/vector-literals.ts";

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

/** The node at a site's path. */
function nodeAt(document: DocumentNode, site: PlaceholderSite | undefined): ValueNode {
  assert.ok(site);
  return site.path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], document) as ValueNode;
}

describe("placeholders", () => {
  test("carry their vector only in the request's own copy of the document", async () => {
    const extracted = extractVectorLiterals("{Get{A(nearVector:{vector:[1,2]}){x} B: A(nearVector:{vector:[3]}){x}}}");
    const cached = parse(extracted.query);
    const sites = placeholderSites(cached);
    assert.deepEqual(
      sites.list.map((site) => site.index),
      [0, 1],
    );
    assert.equal(carriedVector(nodeAt(cached, sites.list[0])), undefined, "the parsed document carries nothing");
    const request = withVectors(cached, sites, extracted.vectors);
    assert.deepEqual(carriedVector(nodeAt(request, sites.list[0])), [1, 2]);
    assert.deepEqual(carriedVector(nodeAt(request, sites.list[1])), [3]);
    const other = withVectors(cached, sites, [[9], [8]]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(carriedVector(nodeAt(request, sites.list[0])), [1, 2], "still there after an await, not another request's");
    assert.deepEqual(carriedVector(nodeAt(other, sites.list[0])), [9]);
    assert.equal(carriedVector(nodeAt(cached, sites.list[0])), undefined, "nothing leaks into the shared document");
    assert.equal(print(request), print(cached), "the same document otherwise");
    const plain = parse("{Get{A(nearVector:{vector:[$v]}){x}}}");
    assert.equal(withVectors(plain, placeholderSites(plain), extracted.vectors), plain, "no copy without placeholders");
  });

  test("only placeholder lists are sites, and only those with a vector are carried", () => {
    assert.deepEqual(placeholderSites(parse('{Get{A(nearVector:{vector:["hello"]}){x}}}')).list, []);
    const crafted = parse('{Get{A(nearVector:{vector:["__vector_literal_1__"]}){x}}}');
    const sites = placeholderSites(crafted);
    assert.deepEqual(
      sites.list.map((site) => site.index),
      [1],
    );
    assert.equal(carriedVector(nodeAt(withVectors(crafted, sites, [[1]]), sites.list[0])), undefined);
  });
});
