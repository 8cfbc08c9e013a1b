/**
 * The plain keyword rules: query terms per tokenization (stopwords only for word, duplicates
 * counted), a document's terms and length (stopwords counted), boosts as Weaviate parses them,
 * stopword configuration, and scores printed as Go prints a float32.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Collection, documentTerms, parseBoostedProperty, queryTerms, stopwordsOf } from "../../../src/domain/index.ts";
import { goFloat32String } from "../../../src/lib/index.ts";

const en = stopwordsOf({ invertedIndexConfig: { stopwords: { preset: "en" } } } as unknown as Collection);

describe("keyword rules", () => {
  test("query terms: stopwords dropped for word only, duplicates counted once with their count", () => {
    assert.deepEqual(queryTerms("The fox and the FOX-hound", "word", en), [
      { term: "fox", count: 2 },
      { term: "hound", count: 1 },
    ]);
    assert.deepEqual(queryTerms("the fox", "whitespace", en), [
      { term: "the", count: 1 },
      { term: "fox", count: 1 },
    ]);
    assert.deepEqual(queryTerms("of the", "word", en), []);
    assert.deepEqual(queryTerms("ab", "trigram", en), [], "shorter than a trigram: no token");
  });

  test("stopwords: preset, additions, removals", () => {
    const collection = { invertedIndexConfig: { stopwords: { preset: "en", additions: ["fox"], removals: ["the"] } } } as unknown as Collection;
    const words = stopwordsOf(collection);
    assert.ok(words.has("fox") && words.has("and") && !words.has("the"));
    assert.equal(stopwordsOf({ invertedIndexConfig: { stopwords: { preset: "none" } } } as unknown as Collection).size, 0);
  });

  test("a document's terms count stopwords in its length and pool text[] elements", () => {
    const collection = {
      properties: [
        { name: "body", dataType: ["text"] },
        { name: "tags", dataType: ["text[]"], tokenization: "field" },
        { name: "hidden", dataType: ["text"], indexSearchable: false },
        { name: "n", dataType: ["int"] },
      ],
    } as unknown as Collection;
    const terms = documentTerms(collection, { body: "the fox, the fox", tags: ["a b", "c"], hidden: "x", n: 3 });
    assert.deepEqual(
      terms.map(({ property, length, frequencies }) => [property, length, Object.fromEntries(frequencies)]),
      [
        ["body", 4, { the: 2, fox: 2 }],
        ["tags", 2, { "a b": 1, c: 1 }],
      ],
    );
  });

  test("boosts are integers: title^2 is 2, title^1.5 is 0, no caret is 1", () => {
    assert.deepEqual(parseBoostedProperty("title^2"), { name: "title", boost: 2 });
    assert.deepEqual(parseBoostedProperty("title^1.5"), { name: "title", boost: 0 });
    assert.deepEqual(parseBoostedProperty("title"), { name: "title", boost: 1 });
  });

  test("scores print as Go's %v of a float32", () => {
    assert.equal(goFloat32String(Math.LN2), "0.6931472");
    assert.equal(goFloat32String(1.5), "1.5");
    assert.equal(goFloat32String(0), "0");
    assert.equal(goFloat32String(0.0000123), "1.23e-05");
    assert.equal(goFloat32String(0.000123), "0.000123");
    assert.equal(goFloat32String(3e21), "3e+21");
  });
});
