/**
 * buildSchema: the generated type names of reference §6.7, read back through graphql-js
 * introspection helpers. Clients and tools read these names, so each is pinned exactly.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLUnionType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  isUnionType,
  validateSchema,
} from "graphql";
import { buildSchema } from "../../../src/graphql/build-schema.ts";
import { allCollections, article, author, collection } from "./fixtures.ts";

const schema = buildSchema(allCollections);

function named(name: string): GraphQLNamedType {
  const type = schema.getType(name);
  assert.ok(type, `type ${name} should exist`);
  return type;
}
const object = (name: string): GraphQLObjectType => {
  const type = named(name);
  assert.ok(isObjectType(type), `${name} should be an object type`);
  return type;
};
const input = (name: string): GraphQLInputObjectType => {
  const type = named(name);
  assert.ok(isInputObjectType(type), `${name} should be an input type`);
  return type;
};
const enumType = (name: string): GraphQLEnumType => {
  const type = named(name);
  assert.ok(isEnumType(type), `${name} should be an enum`);
  return type;
};
const union = (name: string): GraphQLUnionType => {
  const type = named(name);
  assert.ok(isUnionType(type), `${name} should be a union`);
  return type;
};
const fieldNames = (type: GraphQLObjectType | GraphQLInputObjectType) => Object.keys(type.getFields()).sort();
const fieldType = (owner: string, field: string) => {
  const found = object(owner).getFields()[field];
  assert.ok(found, `${owner}.${field} should exist`);
  return getNamedType(found.type).name;
};

describe("buildSchema: roots", () => {
  test("the schema is valid", () => {
    assert.deepEqual(
      validateSchema(schema).map((error) => error.message),
      [],
    );
  });

  test("the query root is WeaviateObj with Get, Aggregate and Explore", () => {
    const query = schema.getQueryType();
    assert.equal(query?.name, "WeaviateObj");
    assert.deepEqual(Object.keys(query.getFields()).sort(), ["Aggregate", "Explore", "Get"]);
    assert.equal(fieldType("WeaviateObj", "Get"), "GetObjectsObj");
    assert.equal(fieldType("WeaviateObj", "Aggregate"), "AggregateObjectsObj");
    assert.equal(fieldType("WeaviateObj", "Explore"), "ExploreObj");
  });

  test("GetObjectsObj and AggregateObjectsObj have one field per class", () => {
    assert.deepEqual(fieldNames(object("GetObjectsObj")), ["Article", "Author", "DateTime", "Everything", "Tenanted"]);
    assert.deepEqual(fieldNames(object("AggregateObjectsObj")), [
      "Article",
      "Author",
      "DateTime",
      "Everything",
      "Tenanted",
    ]);
    assert.equal(fieldType("GetObjectsObj", "Article"), "Article");
    assert.equal(fieldType("AggregateObjectsObj", "Article"), "AggregateArticle");
  });

  test("a single collection is enough", () => {
    const single = buildSchema([author]);
    assert.deepEqual(validateSchema(single), []);
    assert.deepEqual(Object.keys(single.getQueryType()!.getFields()).sort(), ["Aggregate", "Explore", "Get"]);
  });

  test("building twice from the same collections gives independent, equal schemas", () => {
    const again = buildSchema(allCollections);
    assert.notEqual(again, schema);
    assert.deepEqual(Object.keys(again.getTypeMap()).sort(), Object.keys(schema.getTypeMap()).sort());
  });
});

describe("buildSchema: Get output type names", () => {
  test("the class type carries the class name and its properties", () => {
    assert.deepEqual(fieldNames(object("Article")), [
      "_additional",
      "hasAuthor",
      "location",
      "published",
      "tags",
      "title",
      "wordCount",
    ]);
    assert.equal(fieldType("Article", "_additional"), "ArticleAdditional");
  });

  test("_additional types: Additional, AdditionalGroup, GroupHits, GroupGroupedBy, GroupHitsAdditional", () => {
    for (const name of [
      "ArticleAdditional",
      "ArticleAdditionalGroup",
      "ArticleAdditionalGroupHits",
      "ArticleAdditionalGroupGroupedBy",
      "ArticleAdditionalGroupHitsAdditional",
    ]) {
      object(name);
    }
    assert.equal(fieldType("ArticleAdditional", "group"), "ArticleAdditionalGroup");
    assert.equal(fieldType("ArticleAdditionalGroup", "hits"), "ArticleAdditionalGroupHits");
    assert.equal(fieldType("ArticleAdditionalGroup", "groupedBy"), "ArticleAdditionalGroupGroupedBy");
    assert.equal(fieldType("ArticleAdditionalGroupHits", "_additional"), "ArticleAdditionalGroupHitsAdditional");
    assert.deepEqual(fieldNames(object("ArticleAdditionalGroup")), [
      "count",
      "groupedBy",
      "hits",
      "id",
      "maxDistance",
      "minDistance",
    ]);
  });

  test("_additional field types follow §6.2 (id String, vector [Float], timestamps String)", () => {
    const fields = object("ArticleAdditional").getFields();
    assert.equal(String(fields["id"]?.type), "String");
    assert.equal(String(fields["vector"]?.type), "[Float]");
    assert.equal(String(fields["distance"]?.type), "Float");
    assert.equal(String(fields["certainty"]?.type), "Float");
    assert.equal(String(fields["creationTimeUnix"]?.type), "String");
    assert.equal(String(fields["lastUpdateTimeUnix"]?.type), "String");
  });

  test(
    "_additional has score, explainScore (String) and classification (ArticleAdditionalClassification)",
    () => {
      const fields = object("ArticleAdditional").getFields();
      assert.equal(String(fields["score"]?.type), "String");
      assert.equal(String(fields["explainScore"]?.type), "String");
      assert.equal(fieldType("ArticleAdditional", "classification"), "ArticleAdditionalClassification");
    },
  );

  test("<Class>AdditionalVectors exists only with named vectors, one [Float] field per vector", () => {
    assert.equal(schema.getType("ArticleAdditionalVectors"), undefined);
    assert.equal(object("ArticleAdditional").getFields()["vectors"], undefined);
    assert.equal(fieldType("EverythingAdditional", "vectors"), "EverythingAdditionalVectors");
    const vectors = object("EverythingAdditionalVectors").getFields();
    assert.deepEqual(Object.keys(vectors).sort(), ["first", "second"]);
    assert.equal(String(vectors["first"]?.type), "[Float]");
  });

  test("reference unions `<Class><prop>Obj` hold every target class plus Beacon", () => {
    assert.deepEqual(
      union("ArticlehasAuthorObj")
        .getTypes()
        .map((t) => t.name),
      ["Author", "Beacon"],
    );
    assert.deepEqual(
      union("EverythingrefObj")
        .getTypes()
        .map((t) => t.name),
      ["Article", "Author", "Beacon"],
    );
    assert.equal(String(object("Everything").getFields()["ref"]?.type), "[EverythingrefObj]");
    assert.deepEqual(fieldNames(object("Beacon")), ["beacon"]);
  });

  test("geo and phone types: `<Class><prop>GeoCoordinatesObj` / `<Class><prop>PhoneNumberObj`", () => {
    assert.equal(fieldType("Everything", "geo"), "EverythinggeoGeoCoordinatesObj");
    assert.deepEqual(fieldNames(object("EverythinggeoGeoCoordinatesObj")), ["latitude", "longitude"]);
    assert.equal(fieldType("Article", "location"), "ArticlelocationGeoCoordinatesObj");
    assert.equal(fieldType("Everything", "phone"), "EverythingphonePhoneNumberObj");
    assert.deepEqual(fieldNames(object("EverythingphonePhoneNumberObj")), [
      "countryCode",
      "defaultCountry",
      "input",
      "internationalFormatted",
      "national",
      "nationalFormatted",
      "valid",
    ]);
  });

  test("nested objects: `<Class>_<path>_object`, the path joined with _", () => {
    assert.equal(fieldType("Everything", "obj"), "Everything_obj_object");
    assert.equal(fieldType("Everything_obj_object", "inner"), "Everything_obj_inner_object");
    assert.deepEqual(fieldNames(object("Everything_obj_inner_object")), ["b"]);
    assert.equal(String(object("Everything").getFields()["objs"]?.type), "[Everything_objs_object]");
    assert.deepEqual(fieldNames(object("Everything_objs_object")), ["c"]);
  });

  test("primitive property output types", () => {
    const fields = object("Everything").getFields();
    const typeOf = (name: string) => String(fields[name]?.type);
    assert.equal(typeOf("text"), "String");
    assert.equal(typeOf("texts"), "[String]");
    assert.equal(typeOf("number"), "Float");
    assert.equal(typeOf("boolean"), "Boolean");
    assert.equal(typeOf("date"), "String");
    assert.equal(typeOf("uuid"), "String");
    assert.equal(typeOf("blob"), "String");
    // int is 64-bit in Weaviate; get-types.ts deliberately exposes it as Float (§2.5 says Int).
    assert.equal(typeOf("int"), "Float");
    assert.equal(typeOf("ints"), "[Float]");
  });

  test("a class named like a built-in scalar gets the `_` prefix; its argument types do not", () => {
    object("_DateTime");
    object("_DateTimeAdditional");
    assert.ok(!isObjectType(schema.getType("DateTime")));
    input("GetObjectsDateTimeWhereInpObj");
    object("AggregateDateTime");
    assert.equal(fieldType("GetObjectsObj", "DateTime"), "_DateTime");
  });

  test("the Get field of a scalar-named class keeps the class name (only the type is prefixed)", () => {
    assert.ok(object("GetObjectsObj").getFields()["DateTime"]);
    assert.equal(object("GetObjectsObj").getFields()["_DateTime"], undefined);
  });

  test("every reserved scalar name is prefixed and the schema stays valid", () => {
    for (const name of ["String", "Int", "Float", "Boolean", "ID", "DateTime", "FieldSet"]) {
      const built = buildSchema([collection({ class: name, properties: [{ name: "x", dataType: ["text"] }] })]);
      assert.deepEqual(validateSchema(built), [], name);
      assert.ok(isObjectType(built.getType(`_${name}`)), `_${name}`);
    }
  });
});

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
      limit: "Int",
      offset: "Int",
      autocut: "Int",
      sort: "[GetObjectsArticleSortInpObj]",
      after: "String",
      groupBy: "GetObjectsArticleGroupByInpObj",
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
      objectLimit: "Int",
      groupBy: "[String]",
      limit: "Int",
    });
    enumType("AggregateObjectsArticleWhereOperatorEnum");
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

describe("buildSchema: reference cycles", () => {
  test(
    "mutual references (Article.hasAuthor → Author, Author.wrote → Article) build",
    () => {
      const writer = collection(
        { class: "Author", properties: [{ name: "wrote", dataType: ["Article"] }] },
        ["Article"],
      );
      const built = buildSchema([article, writer]);
      assert.deepEqual(validateSchema(built), []);
      assert.deepEqual(
        (built.getType("AuthorwroteObj") as GraphQLUnionType).getTypes().map((t) => t.name),
        ["Article", "Beacon"],
      );
    },
  );

  test(
    "a self-reference builds",
    () => {
      const self = collection({ class: "Node", properties: [{ name: "next", dataType: ["Node"] }] });
      const built = buildSchema([self]);
      assert.deepEqual(validateSchema(built), []);
    },
  );

  test("a reference chain without a cycle builds", () => {
    const built = buildSchema([article, author]);
    assert.deepEqual(validateSchema(built), []);
  });
});
