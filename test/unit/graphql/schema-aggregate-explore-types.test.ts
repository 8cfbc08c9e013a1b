/**
 * buildSchema: the generated Aggregate and Explore type names of reference §6.7, read back
 * through graphql-js introspection helpers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getNamedType } from "graphql";
import { fieldNames, fieldType, input, object, schema } from "./schema-lookup.ts";


describe("buildSchema: Aggregate types", () => {
  test("Aggregate<Class>, MetaObject, GroupedByObj, <prop>Obj, <prop>TopOccurrencesObj", () => {
    assert.equal(fieldType("AggregateArticle", "meta"), "AggregateArticleMetaObject");
    assert.deepEqual(fieldNames(object("AggregateArticleMetaObject")), ["count"]);
    assert.equal(fieldType("AggregateArticle", "groupedBy"), "AggregateArticleGroupedByObj");
    assert.deepEqual(fieldNames(object("AggregateArticleGroupedByObj")), ["path", "value"]);
    assert.equal(fieldType("AggregateArticle", "title"), "AggregateArticletitleObj");
    assert.equal(fieldType("AggregateArticletitleObj", "topOccurrences"), "AggregateArticletitleTopOccurrencesObj");
    assert.deepEqual(fieldNames(object("AggregateArticletitleTopOccurrencesObj")), ["occurs", "value"]);
    const topOccurrences = object("AggregateArticletitleObj").getFields()["topOccurrences"]!;
    assert.deepEqual(
      topOccurrences.args.map((arg) => `${arg.name}:${String(arg.type)}`),
      ["limit:Int"],
    );
  });

  test("one field per aggregatable property; none for geo, phone, uuid, object", () => {
    assert.deepEqual(fieldNames(object("AggregateEverything")), [
      "boolean",
      "date",
      "groupedBy",
      "int",
      "ints",
      "meta",
      "number",
      "ref",
      "text",
      "texts",
    ]);
  });

  // Weaviate's schema offers text aggregations on blob, but its aggregator rejects blob values,
  // so we leave the field out rather than answer with an error.
  test("blob has no aggregation field", () => {
    assert.equal(object("AggregateEverything").getFields()["blob"], undefined);
  });

  test("numeric aggregations only on int and number", () => {
    const numeric = ["count", "maximum", "mean", "median", "minimum", "mode", "sum", "type"];
    assert.deepEqual(fieldNames(object("AggregateEverythingintObj")), numeric);
    assert.deepEqual(fieldNames(object("AggregateEverythingintsObj")), numeric);
    assert.deepEqual(fieldNames(object("AggregateEverythingnumberObj")), numeric);
    assert.equal(String(object("AggregateEverythingintObj").getFields()["mean"]?.type), "Float");
    for (const other of ["text", "boolean", "date"]) {
      const fields = object(`AggregateEverything${other}Obj`).getFields();
      assert.equal(fields["mean"], undefined, other);
      assert.equal(fields["sum"], undefined, other);
    }
  });

  test("boolean totals only on boolean", () => {
    assert.deepEqual(fieldNames(object("AggregateEverythingbooleanObj")), [
      "count",
      "percentageFalse",
      "percentageTrue",
      "totalFalse",
      "totalTrue",
      "type",
    ]);
    for (const other of ["text", "int", "date"]) {
      assert.equal(object(`AggregateEverything${other}Obj`).getFields()["totalTrue"], undefined, other);
    }
  });

  test("topOccurrences only on text and text[]", () => {
    assert.deepEqual(fieldNames(object("AggregateEverythingtextObj")), ["count", "topOccurrences", "type"]);
    assert.deepEqual(fieldNames(object("AggregateEverythingtextsObj")), ["count", "topOccurrences", "type"]);
    for (const other of ["int", "number", "boolean", "date"]) {
      assert.equal(object(`AggregateEverything${other}Obj`).getFields()["topOccurrences"], undefined, other);
    }
  });

  test("dates aggregate to strings; references to type and pointingTo", () => {
    const date = object("AggregateEverythingdateObj").getFields();
    for (const name of ["minimum", "maximum", "median", "mode"]) assert.equal(String(date[name]?.type), "String");
    assert.equal(String(date["count"]?.type), "Int");
    assert.deepEqual(fieldNames(object("AggregateEverythingrefObj")), ["pointingTo", "type"]);
  });
});

describe("buildSchema: Explore", () => {
  test("ExploreObj fields and Explore arguments", () => {
    assert.deepEqual(fieldNames(object("ExploreObj")), ["beacon", "certainty", "className", "distance"]);
    const explore = schema.getQueryType()!.getFields()["Explore"]!;
    assert.deepEqual(
      explore.args.map((arg) => `${arg.name}:${String(arg.type)}`),
      ["nearVector:ExploreNearVectorInpObj", "nearObject:ExploreNearObjectInpObj", "limit:Int", "offset:Int"],
    );
    assert.deepEqual(fieldNames(input("ExploreNearVectorInpObj")), ["certainty", "distance", "targetVectors", "vector"]);
    assert.deepEqual(fieldNames(input("ExploreNearObjectInpObj")), [
      "beacon",
      "certainty",
      "distance",
      "id",
      "targetVectors",
    ]);
  });

  test(
    "the Explore vector scalar is named like the per-class ones (ExploreNearVectorVectorScalar)",
    () => {
      const vector = input("ExploreNearVectorInpObj").getFields()["vector"]!;
      assert.equal(getNamedType(vector.type).name, "ExploreNearVectorVectorScalar");
    },
  );
});
