/**
 * buildSchema: the generated argument type names of reference §6.7 (where, near*, sort, groupBy,
 * tenant), read back through graphql-js introspection helpers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getNamedType, isScalarType } from "graphql";
import { enumType, fieldNames, input, object, schema } from "./schema-lookup.ts";

describe("buildSchema: argument type names", () => {
  test("where: WhereInpObj, WhereOperandsInpObj, WhereOperatorEnum, GeoRange inputs", () => {
    const where = input("GetObjectsArticleWhereInpObj");
    assert.deepEqual(fieldNames(where), [
      "operands",
      "operator",
      "path",
      "valueBoolean",
      "valueDate",
      "valueGeoRange",
      "valueInt",
      "valueNumber",
      "valueString",
      "valueText",
    ]);
    const fields = where.getFields();
    assert.equal(String(fields["operands"]?.type), "[GetObjectsArticleWhereOperandsInpObj]");
    assert.equal(String(fields["operator"]?.type), "GetObjectsArticleWhereOperatorEnum");
    assert.equal(String(fields["valueGeoRange"]?.type), "GetObjectsArticleWhereGeoRangeInpObj");
    assert.deepEqual(fieldNames(input("GetObjectsArticleWhereOperandsInpObj")), fieldNames(where));
    const geo = input("GetObjectsArticleWhereGeoRangeInpObj").getFields();
    assert.equal(getNamedType(geo["geoCoordinates"]!.type).name, "GetObjectsArticleWhereGeoRangeGeoCoordinatesInpObj");
    assert.equal(getNamedType(geo["distance"]!.type).name, "GetObjectsArticleWhereGeoRangeDistanceInpObj");
  });

  test("the operator enum has every operator", () => {
    const values = enumType("GetObjectsArticleWhereOperatorEnum")
      .getValues()
      .map((v) => v.name)
      .sort();
    assert.deepEqual(
      values,
      [
        "And",
        "ContainsAll",
        "ContainsAny",
        "ContainsNone",
        "Equal",
        "GreaterThan",
        "GreaterThanEqual",
        "IsNull",
        "LessThan",
        "LessThanEqual",
        "Like",
        "Not",
        "NotEqual",
        "Or",
        "WithinGeoRange",
      ].sort(),
    );
  });

  test("where value scalars: Text/TextString/TextDate/Int/Float/Boolean GetObjects<Class>", () => {
    const fields = input("GetObjectsArticleWhereInpObj").getFields();
    const expected: Record<string, string> = {
      valueText: "TextGetObjectsArticle",
      valueString: "TextStringGetObjectsArticle",
      valueDate: "TextDateGetObjectsArticle",
      valueInt: "IntGetObjectsArticle",
      valueNumber: "FloatGetObjectsArticle",
      valueBoolean: "BooleanGetObjectsArticle",
    };
    for (const [field, scalar] of Object.entries(expected)) {
      assert.ok(isScalarType(schema.getType(scalar)), scalar);
      assert.equal(String(fields[field]?.type), scalar);
    }
  });

  test("near inputs, vector scalar, sort (+ TypeEnum) and groupBy", () => {
    const nearVector = input("GetObjectsArticleNearVectorInpObj").getFields();
    assert.equal(String(nearVector["vector"]?.type), "GetObjectsArticleNearVectorVectorScalar");
    assert.ok(isScalarType(schema.getType("GetObjectsArticleNearVectorVectorScalar")));
    for (const field of ["distance", "certainty", "targetVectors"]) assert.ok(nearVector[field], field);
    assert.deepEqual(fieldNames(input("GetObjectsArticleNearObjectInpObj")), [
      "beacon",
      "certainty",
      "distance",
      "id",
      "targetVectors",
    ]);
    assert.deepEqual(fieldNames(input("GetObjectsArticleSortInpObj")), ["order", "path"]);
    assert.deepEqual(
      enumType("GetObjectsArticleSortInpObjTypeEnum")
        .getValues()
        .map((v) => v.name),
      ["asc", "desc"],
    );
    const groupBy = input("GetObjectsArticleGroupByInpObj").getFields();
    assert.equal(String(groupBy["path"]?.type), "[String]!");
    assert.equal(String(groupBy["groups"]?.type), "Int!");
    assert.equal(String(groupBy["objectsPerGroup"]?.type), "Int!");
  });

  test("Get arguments and their types", () => {
    const field = object("GetObjectsObj").getFields()["Article"]!;
    const args = Object.fromEntries(field.args.map((arg) => [arg.name, String(arg.type)]));
    assert.deepEqual(args, {
      where: "GetObjectsArticleWhereInpObj",
      nearVector: "GetObjectsArticleNearVectorInpObj",
      nearObject: "GetObjectsArticleNearObjectInpObj",
      bm25: "GetObjectsArticleHybridGetBm25InpObj",
      hybrid: "GetObjectsArticleHybridInpObj",
      limit: "Int",
      offset: "Int",
      autocut: "Int",
      sort: "[GetObjectsArticleSortInpObj]",
      after: "String",
      groupBy: "GetObjectsArticleGroupByInpObj",
      group: "GetObjectsArticleGroupInpObj",
    });
    assert.equal(String(field.type), "[Article]");
  });

  test("Aggregate arguments use the AggregateObjects<Class> prefix", () => {
    const field = object("AggregateObjectsObj").getFields()["Article"]!;
    const args = Object.fromEntries(field.args.map((arg) => [arg.name, String(arg.type)]));
    assert.deepEqual(args, {
      where: "AggregateObjectsArticleWhereInpObj",
      nearVector: "AggregateObjectsArticleNearVectorInpObj",
      nearObject: "AggregateObjectsArticleNearObjectInpObj",
      hybrid: "AggregateObjectsArticleHybridInpObj",
      objectLimit: "Int",
      groupBy: "[String]",
      limit: "Int",
    });
    enumType("AggregateObjectsArticleWhereOperatorEnum");
    // Aggregate's hybrid has no fusionType, as in Weaviate.
    assert.ok(!fieldNames(input("AggregateObjectsArticleHybridInpObj")).includes("fusionType"));
    assert.ok(fieldNames(input("GetObjectsArticleHybridInpObj")).includes("fusionType"));
    assert.ok(isScalarType(schema.getType("TextAggregateObjectsArticle")));
    assert.equal(String(field.type), "[AggregateArticle]");
  });

  test("tenant exists only on multi-tenant classes, in Get and in Aggregate", () => {
    const argNames = (root: string, cls: string) =>
      object(root)
        .getFields()
        [cls]!.args.map((arg) => arg.name);
    assert.ok(argNames("GetObjectsObj", "Tenanted").includes("tenant"));
    assert.ok(argNames("AggregateObjectsObj", "Tenanted").includes("tenant"));
    for (const cls of ["Article", "Author", "Everything"]) {
      assert.ok(!argNames("GetObjectsObj", cls).includes("tenant"), cls);
      assert.ok(!argNames("AggregateObjectsObj", cls).includes("tenant"), cls);
    }
  });
});
