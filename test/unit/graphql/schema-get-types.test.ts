/**
 * buildSchema: the generated type names of reference §6.7, read back through graphql-js
 * introspection helpers. Clients and tools read these names, so each is pinned exactly.
 * This file: the query root, the Get output types and reference cycles.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type GraphQLUnionType, isObjectType, validateSchema } from "graphql";
import { buildSchema } from "../../../src/graphql/build-schema.ts";
import { allCollections, article, author, collection } from "./fixtures.ts";
import { fieldNames, fieldType, input, object, schema, union } from "./schema-lookup.ts";

describe("buildSchema: roots", () => {
  test("the schema is valid", () => {
    assert.deepEqual(
      validateSchema(schema).map((error) => error.message),
      [],
    );
  });

  test("the query root is WeaviateObj with Get, Aggregate and Explore (and the backup and tenant queries)", () => {
    const query = schema.getQueryType();
    assert.equal(query?.name, "WeaviateObj");
    assert.deepEqual(Object.keys(query.getFields()).sort(), [
      "Aggregate",
      "Explore",
      "Get",
      "backup",
      "backups",
      "restoreStatus",
      "tenants",
    ]);
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
    assert.deepEqual(Object.keys(single.getQueryType()!.getFields()).sort(), [
      "Aggregate",
      "Explore",
      "Get",
      "backup",
      "backups",
      "restoreStatus",
      "tenants",
    ]);
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
