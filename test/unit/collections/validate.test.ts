import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { withDefaults } from "../../../src/collections/defaults.ts";
import { validateNewCollection, validateNewProperty } from "../../../src/collections/validate.ts";
import { assertUnprocessable, defaultsCtx } from "./helpers.ts";

const none = { existingClassNames: [] as string[] };
const create = (input: unknown, ctx = none) => validateNewCollection(input, ctx);
const withProps = (...properties: unknown[]) => create({ class: "Article", properties });

describe("validateNewCollection: class", () => {
  test("accepts a minimal class and normalises its name", () => {
    const input = create({ class: "article" });
    assert.equal(input.class, "Article");
    assert.deepEqual(input.properties, []);
  });

  test("requires an object with a class name", () => {
    assertUnprocessable(() => create("Article"), "JSON object");
    assertUnprocessable(() => create([]), "JSON object");
    assertUnprocessable(() => create({}), "class name is required");
    assertUnprocessable(() => create({ class: 5 }), "must be a string");
    assertUnprocessable(() => create({ class: "foo bar" }), "'Foo bar' is not a valid class name");
    assertUnprocessable(() => create({ class: "raft" }), "reserved");
  });

  test("rejects exact and case-insensitive duplicates", () => {
    const ctx = { existingClassNames: ["Article"] };
    assertUnprocessable(() => create({ class: "Article" }, ctx), "class name Article already exists");
    assertUnprocessable(() => create({ class: "article" }, ctx), "class name Article already exists");
    assertUnprocessable(() => create({ class: "ARTICLE" }, ctx), 'class already exists: found similar class "Article"');
    assert.equal(create({ class: "Author" }, ctx).class, "Author");
  });

  test("drops top-level nulls and keeps unknown keys", () => {
    const input = create({ class: "A", vectorIndexConfig: null, objectTtlConfig: { enabled: false } });
    assert.equal("vectorIndexConfig" in input, false);
    assert.deepEqual(input["objectTtlConfig"], { enabled: false });
  });

  test("rejects wrongly typed top-level fields", () => {
    assertUnprocessable(() => create({ class: "A", properties: {} }), "properties must be an array");
    assertUnprocessable(() => create({ class: "A", description: 1 }), "description");
    assertUnprocessable(() => create({ class: "A", moduleConfig: [] }), "moduleConfig");
    assertUnprocessable(() => create({ class: "A", invertedIndexConfig: "x" }), "invertedIndexConfig");
  });
});

describe("validateNewCollection: properties", () => {
  test("normalises property names and accepts primitives", () => {
    const input = withProps({ name: "Title", dataType: ["text"] }, { name: "count", dataType: ["int"] });
    assert.deepEqual(
      input.properties?.map((p) => p.name),
      ["title", "count"],
    );
  });

  test("requires a name and a dataType array of strings", () => {
    assertUnprocessable(() => withProps({ dataType: ["text"] }), "property must contain name");
    assertUnprocessable(() => withProps({ name: "a" }), "property must contain dataType");
    assertUnprocessable(() => withProps({ name: "a", dataType: "text" }), "dataType must be an array");
    assertUnprocessable(() => withProps({ name: "a", dataType: [1] }), "dataType must be an array");
    assertUnprocessable(() => withProps({ name: "a", dataType: [] }), "at least one element");
    assertUnprocessable(() => withProps("title"), "JSON object");
  });

  test("rejects invalid and reserved property names", () => {
    assertUnprocessable(() => withProps({ name: "x y", dataType: ["text"] }), "is not a valid property name");
    assertUnprocessable(() => withProps({ name: "id", dataType: ["text"] }), "reserved");
    assertUnprocessable(() => withProps({ name: "a_searchable", dataType: ["text"] }), "reserved");
  });

  test("rejects case-insensitive duplicate property names", () => {
    assertUnprocessable(
      () => withProps({ name: "title", dataType: ["text"] }, { name: "Title", dataType: ["int"] }),
      'class "Article": conflict for property "title": already in use or provided multiple times',
    );
  });

  test("accepts deprecated string types and rejects unknown primitives", () => {
    withProps({ name: "a", dataType: ["string"] }, { name: "b", dataType: ["string[]"] });
    assertUnprocessable(() => withProps({ name: "a", dataType: ["float"] }), "Unknown primitive data type 'float'");
  });

  test("references must target existing classes, the class itself or classes of the same request", () => {
    const ctx = { existingClassNames: ["Author"], classesInSameRequest: ["Publisher"] };
    const ok = create(
      {
        class: "Article",
        properties: [
          { name: "author", dataType: ["Author"] },
          { name: "related", dataType: ["Article"] },
          { name: "publisher", dataType: ["Publisher", "Author"] },
        ],
      },
      ctx,
    );
    assert.equal(ok.properties?.length, 3);
    assertUnprocessable(
      () => create({ class: "Article", properties: [{ name: "x", dataType: ["Missing"] }] }, ctx),
      "not found",
    );
    assertUnprocessable(
      () => create({ class: "Article", properties: [{ name: "x", dataType: ["Author", "text"] }] }, ctx),
      "is not a valid class name",
    );
  });

  test("object types require valid nested properties", () => {
    withProps({
      name: "meta",
      dataType: ["object"],
      nestedProperties: [
        { name: "a", dataType: ["text"], tokenization: "field" },
        { name: "b", dataType: ["object[]"], nestedProperties: [{ name: "c", dataType: ["int"] }] },
      ],
    });
    assertUnprocessable(() => withProps({ name: "meta", dataType: ["object"] }), "At least one nested property");
    assertUnprocessable(
      () => withProps({ name: "meta", dataType: ["object"], nestedProperties: [{ name: "a-b", dataType: ["text"] }] }),
      "is not a valid nested property name of 'meta'",
    );
    assertUnprocessable(
      () => withProps({ name: "meta", dataType: ["object"], nestedProperties: [{ name: "a", dataType: ["Author"] }] }),
      "reference data type not allowed",
    );
    assertUnprocessable(
      () => withProps({ name: "meta", dataType: ["object"], nestedProperties: [{ name: "g", dataType: ["geoCoordinates"] }] }),
      "not allowed as nested property",
    );
    assertUnprocessable(
      () =>
        withProps({
          name: "meta",
          dataType: ["object"],
          nestedProperties: [{ name: "b", dataType: ["object"], nestedProperties: [] }],
        }),
      "'meta.b'",
    );
    assertUnprocessable(
      () => withProps({ name: "t", dataType: ["text"], nestedProperties: [{ name: "a", dataType: ["text"] }] }),
      "nestedProperties not allowed",
    );
  });

  test("tokenization is allowed on text only and must be known", () => {
    withProps({ name: "a", dataType: ["text"], tokenization: "trigram" });
    withProps({ name: "a", dataType: ["text[]"], tokenization: "lowercase" });
    withProps({ name: "a", dataType: ["string"], tokenization: "field" });
    assertUnprocessable(() => withProps({ name: "a", dataType: ["text"], tokenization: "fancy" }), "'fancy' is not allowed");
    assertUnprocessable(() => withProps({ name: "a", dataType: ["int"], tokenization: "word" }), "not allowed for data type 'int'");
    assertUnprocessable(() => withProps({ name: "a", dataType: ["string"], tokenization: "trigram" }), "not allowed");
    assertUnprocessable(
      () => withProps({ name: "a", dataType: ["Article"], tokenization: "word" }),
      "not allowed for reference data type",
    );
  });

  test("index flags follow their data types", () => {
    withProps({ name: "a", dataType: ["text"], indexSearchable: true });
    withProps({ name: "a", dataType: ["int"], indexSearchable: false, indexRangeFilters: true });
    withProps({ name: "a", dataType: ["date"], indexRangeFilters: true });
    assertUnprocessable(() => withProps({ name: "a", dataType: ["int"], indexSearchable: true }), "`indexSearchable` is allowed only");
    assertUnprocessable(() => withProps({ name: "a", dataType: ["int[]"], indexRangeFilters: true }), "`indexRangeFilters` is allowed only");
    assertUnprocessable(() => withProps({ name: "a", dataType: ["text"], indexFilterable: "yes" }), "must be a boolean");
  });

  test("indexInverted cannot be combined with the new flags", () => {
    withProps({ name: "a", dataType: ["text"], indexInverted: false });
    assertUnprocessable(
      () => withProps({ name: "a", dataType: ["text"], indexInverted: true, indexFilterable: true }),
      "`indexInverted` is deprecated and can not be set together with `indexFilterable`, `indexSearchable` or `indexRangeFilters`",
    );
  });
});

describe("validateNewCollection: vectors", () => {
  test("accepts the three index types and rejects others", () => {
    for (const type of ["hnsw", "flat", "dynamic"]) create({ class: "A", vectorIndexType: type });
    assertUnprocessable(() => create({ class: "A", vectorIndexType: "annoy" }), 'unsupported vectorIndexType "annoy"');
  });

  test("checks distance and HNSW bounds", () => {
    for (const distance of ["cosine", "dot", "l2-squared", "manhattan", "hamming"]) {
      create({ class: "A", vectorIndexConfig: { distance } });
    }
    assertUnprocessable(() => create({ class: "A", vectorIndexConfig: { distance: "euclid" } }), "distance");
    create({ class: "A", vectorIndexConfig: { maxConnections: 4, efConstruction: 4 } });
    create({ class: "A", vectorIndexConfig: { maxConnections: 2047 } });
    assertUnprocessable(() => create({ class: "A", vectorIndexConfig: { maxConnections: 3 } }), "maxConnections");
    assertUnprocessable(() => create({ class: "A", vectorIndexConfig: { maxConnections: 2048 } }), "maxConnections");
    assertUnprocessable(() => create({ class: "A", vectorIndexConfig: { efConstruction: 3 } }), "efConstruction");
    assertUnprocessable(() => create({ class: "A", vectorIndexConfig: { ef: "fast" } }), "ef must be an integer");
    assertUnprocessable(() => create({ class: "A", vectorIndexConfig: [] }), "must be an object");
  });

  test("checks compression and multivector rules", () => {
    create({ class: "A", vectorIndexConfig: { pq: { enabled: true } } });
    assertUnprocessable(
      () => create({ class: "A", vectorIndexConfig: { pq: { enabled: true }, bq: { enabled: true } } }),
      "two compression methods enabled",
    );
    assertUnprocessable(
      () => create({ class: "A", vectorIndexConfig: { multivector: { enabled: true } } }),
      "only configurable using named vectors",
    );
    create({ class: "A", vectorConfig: { colbert: { vectorIndexConfig: { multivector: { enabled: true } } } } });
    assertUnprocessable(
      () => create({ class: "A", vectorIndexType: "flat", vectorIndexConfig: { pq: { enabled: true } } }),
      "PQ is not currently supported for flat indices",
    );
  });

  test("named vectors cannot be combined with a class-level vector index", () => {
    create({ class: "A", vectorConfig: { title: { vectorizer: { none: {} }, vectorIndexType: "hnsw" } } });
    for (const legacy of [{ vectorizer: "none" }, { vectorIndexType: "hnsw" }, { vectorIndexConfig: {} }]) {
      assertUnprocessable(
        () => create({ class: "A", ...legacy, vectorConfig: { title: {} } }),
        "creating a class with both a class level vector index and named vectors is forbidden",
      );
    }
    // An empty vectorConfig is the legacy form.
    create({ class: "A", vectorizer: "none", vectorConfig: {} });
  });

  test("named vectors need valid names, vectorizers and index settings", () => {
    assertUnprocessable(() => create({ class: "A", vectorConfig: { "my vec": {} } }), "target vector name");
    assertUnprocessable(() => create({ class: "A", vectorConfig: { v: "hnsw" } }), "JSON object");
    assertUnprocessable(() => create({ class: "A", vectorConfig: { v: { vectorizer: "none" } } }), "must be an object");
    assertUnprocessable(
      () => create({ class: "A", vectorConfig: { v: { vectorizer: { none: {}, other: {} } } } }),
      "must consist only 1 configuration",
    );
    assertUnprocessable(() => create({ class: "A", vectorConfig: { v: { vectorIndexType: "x" } } }), "vectorIndexType");
    assertUnprocessable(
      () => create({ class: "A", vectorConfig: { v: { vectorIndexConfig: { efConstruction: 1 } } } }),
      "parse vector config for v",
    );
    assertUnprocessable(() => create({ class: "A", vectorConfig: [] }), "vectorConfig must be a JSON object");
  });

  test("vectorizer modules are checked when the module list is given", () => {
    const ctx = { existingClassNames: [], enabledModules: ["text2vec-openai"] };
    create({ class: "A", vectorizer: "text2vec-openai" }, ctx);
    create({ class: "A", vectorizer: "none" }, ctx);
    assertUnprocessable(() => create({ class: "A", vectorizer: "text2vec-cohere" }, ctx), "no module with name");
    assertUnprocessable(
      () => create({ class: "A", vectorConfig: { v: { vectorizer: { "text2vec-cohere": {} } } } }, ctx),
      "no module with name",
    );
    assertUnprocessable(() => create({ class: "A", vectorizer: 1 }), "vectorizer must be a string");
  });
});

describe("validateNewCollection: other sections", () => {
  test("multi-tenancy flags are booleans and auto-tenant needs MT", () => {
    create({ class: "A", multiTenancyConfig: { enabled: true, autoTenantCreation: true, autoTenantActivation: true } });
    assertUnprocessable(() => create({ class: "A", multiTenancyConfig: { enabled: "yes" } }), "must be a boolean");
    assertUnprocessable(
      () => create({ class: "A", multiTenancyConfig: { autoTenantCreation: true } }),
      "can't enable autoTenantCreation on a non-multi-tenant class",
    );
    assertUnprocessable(
      () => create({ class: "A", multiTenancyConfig: { enabled: false, autoTenantActivation: true } }),
      "autoTenantActivation",
    );
  });

  test("shardingConfig is forbidden with multi-tenancy and limited to Weaviate's options", () => {
    create({ class: "A", shardingConfig: { desiredCount: 1, key: "_id", strategy: "hash", function: "murmur3" } });
    assertUnprocessable(
      () => create({ class: "A", multiTenancyConfig: { enabled: true }, shardingConfig: { desiredCount: 1 } }),
      "cannot have both shardingConfig and multiTenancyConfig",
    );
    assertUnprocessable(() => create({ class: "A", shardingConfig: { key: "title" } }), "sharding only supported on key '_id'");
    assertUnprocessable(() => create({ class: "A", shardingConfig: { desiredCount: -1 } }), "desiredCount");
  });

  test("inverted index and replication values are checked", () => {
    create({ class: "A", invertedIndexConfig: { bm25: { b: 0.5, k1: 2 }, stopwords: { preset: "none", additions: ["x"] } } });
    assertUnprocessable(() => create({ class: "A", invertedIndexConfig: { bm25: { b: 2 } } }), "BM25.b");
    assertUnprocessable(() => create({ class: "A", invertedIndexConfig: { stopwords: { preset: "fr" } } }), "stopwordPreset");
    assertUnprocessable(() => create({ class: "A", invertedIndexConfig: { indexTimestamps: 1 } }), "indexTimestamps");
    create({ class: "A", replicationConfig: { factor: 1, deletionStrategy: "NoAutomatedResolution" } });
    assertUnprocessable(() => create({ class: "A", replicationConfig: { factor: 1.5 } }), "factor");
    assertUnprocessable(() => create({ class: "A", replicationConfig: { deletionStrategy: "Coin" } }), "deletionStrategy");
  });
});

describe("validateNewProperty", () => {
  const collection = withDefaults(
    validateNewCollection({ class: "Article", properties: [{ name: "title", dataType: ["text"] }] }, none),
    defaultsCtx,
  );

  test("accepts a new property and normalises its name", () => {
    assert.equal(validateNewProperty(collection, { name: "Body", dataType: ["text"] }).name, "body");
  });

  test("rejects a name already in use, case-insensitively", () => {
    assertUnprocessable(
      () => validateNewProperty(collection, { name: "Title", dataType: ["text"] }),
      'class "Article": conflict for property "title"',
    );
  });

  test("applies the same property rules", () => {
    assertUnprocessable(() => validateNewProperty(collection, { name: "n", dataType: ["int"], tokenization: "word" }));
    assertUnprocessable(() => validateNewProperty(collection, { name: "_id", dataType: ["text"] }), "reserved");
  });

  test("checks reference targets when the class list is given", () => {
    const ctx = { existingClassNames: ["Article", "Author"] };
    validateNewProperty(collection, { name: "author", dataType: ["Author"] }, ctx);
    validateNewProperty(collection, { name: "self", dataType: ["Article"] }, ctx);
    assertUnprocessable(() => validateNewProperty(collection, { name: "x", dataType: ["Nope"] }, ctx), "not found");
  });
});
