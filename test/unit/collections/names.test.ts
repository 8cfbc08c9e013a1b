import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  isValidClassName,
  normalizeClassName,
  normalizePropertyName,
  validateClassName,
  validateNestedPropertyName,
  validatePropertyName,
  validateVectorName,
} from "../../../src/collections/names.ts";
import { assertUnprocessable } from "./helpers.ts";

describe("class names", () => {
  test("normalisation upper-cases only the first letter", () => {
    assert.equal(normalizeClassName("article"), "Article");
    assert.equal(normalizeClassName("myCLASS"), "MyCLASS");
    assert.equal(normalizeClassName(""), "");
  });

  test("valid names pass, including the 255-character maximum", () => {
    validateClassName("Article");
    validateClassName("A_1b");
    validateClassName(`A${"b".repeat(254)}`);
    assert.equal(isValidClassName("Article"), true);
    assert.equal(isValidClassName("article"), false);
  });

  test("invalid characters, lower-case start and over-long names are rejected", () => {
    assertUnprocessable(() => validateClassName("Foo bar"), "'Foo bar' is not a valid class name");
    assertUnprocessable(() => validateClassName("foo"), "is not a valid class name");
    assertUnprocessable(() => validateClassName("_Foo"));
    assertUnprocessable(() => validateClassName("Foo-bar"));
    assertUnprocessable(() => validateClassName(`A${"b".repeat(255)}`), "longer than 255");
  });

  test("raft is reserved in any case", () => {
    assertUnprocessable(() => validateClassName("Raft"), "reserved");
    assertUnprocessable(() => validateClassName("RAFT"), "reserved");
    validateClassName("Rafts");
  });
});

describe("property names", () => {
  test("normalisation lower-cases only the first character", () => {
    assert.equal(normalizePropertyName("MyProp"), "myProp");
    assert.equal(normalizePropertyName("URL"), "uRL");
    assert.equal(normalizePropertyName("_x"), "_x");
  });

  test("GraphQL names up to 231 characters pass", () => {
    validatePropertyName("title");
    validatePropertyName("_private");
    validatePropertyName(`a${"b".repeat(230)}`);
  });

  test("bad syntax and length are rejected with the GraphQL hint", () => {
    assertUnprocessable(
      () => validatePropertyName("x-y"),
      "'x-y' is not a valid property name. Property names in Weaviate are restricted to valid GraphQL names, which must be “/[_A-Za-z][_0-9A-Za-z]{0,230}/”.",
    );
    assertUnprocessable(() => validatePropertyName("1abc"));
    assertUnprocessable(() => validatePropertyName(`a${"b".repeat(231)}`), "longer than 231");
  });

  test("reserved names and suffixes are rejected", () => {
    for (const name of ["_additional", "_id", "id"]) {
      assertUnprocessable(() => validatePropertyName(name), "reserved property name");
    }
    for (const name of ["title_searchable", "n_rangeable", "a_temp", "a__meta_count", "a_propertyLength", "a_nullState"]) {
      assertUnprocessable(() => validatePropertyName(name), "reserved");
    }
    validatePropertyName("identifier");
  });
});

describe("nested property and vector names", () => {
  test("nested names are GraphQL names without a length limit", () => {
    validateNestedPropertyName(`a${"b".repeat(400)}`, "parent");
    assertUnprocessable(
      () => validateNestedPropertyName("bad-name", "meta"),
      "'bad-name' is not a valid nested property name of 'meta'",
    );
  });

  test("vector names are GraphQL names up to 230 characters", () => {
    validateVectorName("title_vector");
    validateVectorName(`v${"x".repeat(229)}`);
    assertUnprocessable(() => validateVectorName("my vector"), "target vector name");
    assertUnprocessable(() => validateVectorName(`v${"x".repeat(230)}`), "longer than 230");
  });
});
