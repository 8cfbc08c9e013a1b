import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchesLikePerToken, tokenize, tokenizeWithWildcards } from "../../../src/domain/tokenize.ts";

describe("tokenize", () => {
  it("word: lower-cases and splits on non-alphanumerics, keeping unicode letters", () => {
    assert.deepEqual(tokenize("Hello, World! foo_bar Ünïcode 42"), ["hello", "world", "foo", "bar", "ünïcode", "42"]);
  });

  it("defaults to word tokenization", () => {
    assert.deepEqual(tokenize("A-B"), ["a", "b"]);
  });

  it("lowercase: lower-cases and splits on whitespace only", () => {
    assert.deepEqual(tokenize("Hello, World!  foo-bar", "lowercase"), ["hello,", "world!", "foo-bar"]);
  });

  it("whitespace: splits on whitespace and keeps case", () => {
    assert.deepEqual(tokenize(" Hello,\tWorld! ", "whitespace"), ["Hello,", "World!"]);
  });

  it("field: the whole trimmed value, nothing for blank text", () => {
    assert.deepEqual(tokenize("  Hello World  ", "field"), ["Hello World"]);
    assert.deepEqual(tokenize("   ", "field"), []);
  });

  it("trigram: sliding windows over the lower-cased alphanumerics", () => {
    assert.deepEqual(tokenize("Hello!", "trigram"), ["hel", "ell", "llo"]);
    assert.deepEqual(tokenize("Hi", "trigram"), ["hi"]);
    assert.deepEqual(tokenize("!!", "trigram"), []);
  });

  it("dictionary tokenizers fall back to ICU word segmentation", () => {
    assert.ok(tokenize("東京タワー", "kagome_ja").length >= 1);
    assert.deepEqual(tokenize("Hello world", "gse"), ["hello", "world"]);
  });

  it("returns no tokens for empty text", () => {
    assert.deepEqual(tokenize(""), []);
  });
});

describe("tokenizeWithWildcards", () => {
  it("keeps * and ? inside word tokens", () => {
    assert.deepEqual(tokenizeWithWildcards("*Vec?or* search"), ["*vec?or*", "search"]);
  });

  it("keeps case under whitespace and field tokenization", () => {
    assert.deepEqual(tokenizeWithWildcards("Ab* Cd", "whitespace"), ["Ab*", "Cd"]);
    assert.deepEqual(tokenizeWithWildcards(" Ab* Cd ", "field"), ["Ab* Cd"]);
  });

  it("keeps the whole pattern for tokenizers without a wildcard form", () => {
    assert.deepEqual(tokenizeWithWildcards("*Ell*", "trigram"), ["*ell*"]);
    assert.equal(matchesLikePerToken("trigram"), false);
    assert.equal(matchesLikePerToken("word"), true);
  });
});
