/**
 * POST /v1/schema against the real service (reference §2.2, §2.3, §2.5, §0.3): the defaults a
 * created class is echoed with (the v3 client deserializes them strictly), name normalisation,
 * every validation failure as a 422, data types, named vectors and distance metrics.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expect422, expectOk } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import { assertClientReadable, assertHnswComplete, at, type ClassJson, type Json } from "../helpers/schema.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const post = (body: unknown) => call(server.url, "POST", "/v1/schema", body);
const create = async (body: unknown) => expectOk<ClassJson>(await post(body));
const get = (name: string) => call(server.url, "GET", `/v1/schema/${name}`);

before(async () => {
  server = await startTestServer();
});
after(() => server.dispose());

describe("POST /v1/schema defaults", () => {
  let created: ClassJson;
  before(async () => {
    created = await create({ class: "Article", properties: [{ name: "title", dataType: ["text"] }] });
  });

  test("every key the v3 client requires is present", () => {
    assertClientReadable(created);
    assertHnswComplete(created["vectorIndexConfig"]);
    assert.equal(created["vectorizer"], "none");
  });

  test("the values are Weaviate's defaults", () => {
    assert.equal(created.class, "Article");
    assert.equal(created["vectorIndexType"], "hnsw");
    assert.deepEqual(created["invertedIndexConfig"], {
      bm25: { b: 0.75, k1: 1.2 },
      cleanupIntervalSeconds: 60,
      stopwords: { preset: "en", additions: null, removals: null },
      usingBlockMaxWAND: true,
    });
    assert.deepEqual(created["multiTenancyConfig"], {
      enabled: false,
      autoTenantCreation: false,
      autoTenantActivation: false,
    });
    assert.equal(at(created, "replicationConfig", "factor"), 1);
    assert.deepEqual(created["shardingConfig"], {
      virtualPerPhysical: 128,
      desiredCount: 1,
      actualCount: 1,
      desiredVirtualCount: 128,
      actualVirtualCount: 128,
      key: "_id",
      strategy: "hash",
      function: "murmur3",
    });
    const hnsw = created["vectorIndexConfig"] as Json;
    const expected: Json = {
      skip: false,
      cleanupIntervalSeconds: 300,
      maxConnections: 32,
      efConstruction: 128,
      ef: -1,
      dynamicEfMin: 100,
      dynamicEfMax: 500,
      dynamicEfFactor: 8,
      vectorCacheMaxObjects: 1_000_000_000_000,
      flatSearchCutoff: 40000,
      distance: "cosine",
      filterStrategy: "sweeping",
    };
    for (const [key, value] of Object.entries(expected)) assert.equal(hnsw[key], value, key);
    assert.equal(at(hnsw, "pq", "enabled"), false);
    assert.equal(at(hnsw, "bq", "enabled"), false);
    assert.equal(at(hnsw, "sq", "enabled"), false);
    assert.deepEqual(created.properties, [
      {
        name: "title",
        dataType: ["text"],
        tokenization: "word",
        indexFilterable: true,
        indexSearchable: true,
        indexRangeFilters: false,
      },
    ]);
  });

  test("GET /v1/schema/{c} and GET /v1/schema show exactly what POST echoed", async () => {
    assert.deepEqual(expectOk(await get("Article")), created);
    const all = expectOk<{ classes: ClassJson[] }>(await call(server.url, "GET", "/v1/schema"));
    assert.deepEqual(
      all.classes.find((c) => c.class === "Article"),
      created,
    );
  });

  test("user values win over defaults and unknown keys are kept", async () => {
    const body = await create({
      class: "Tuned",
      vectorIndexConfig: { ef: 64, maxConnections: 16, pq: { enabled: true } },
      invertedIndexConfig: { bm25: { b: 0.5 }, indexTimestamps: true },
      replicationConfig: { factor: 0 },
      objectTtlConfig: { enabled: false },
    });
    assert.equal(at(body, "vectorIndexConfig", "ef"), 64);
    assert.equal(at(body, "vectorIndexConfig", "maxConnections"), 16);
    assert.equal(at(body, "vectorIndexConfig", "efConstruction"), 128);
    assert.equal(at(body, "vectorIndexConfig", "pq", "enabled"), true);
    assert.equal(at(body, "vectorIndexConfig", "pq", "centroids"), 256);
    assert.deepEqual(at(body, "invertedIndexConfig", "bm25"), { b: 0.5, k1: 1.2 });
    assert.equal(at(body, "invertedIndexConfig", "indexTimestamps"), true);
    // 0 is Go's "unset": the minimum factor applies.
    assert.equal(at(body, "replicationConfig", "factor"), 1);
    assert.deepEqual(body["objectTtlConfig"], { enabled: false });
  });

  test("unknown top-level, property and nested property fields are ignored and not stored, as Weaviate", async () => {
    const body = await create({
      class: "Lenient",
      vectorIndexConfg: {},
      // What weaviate-client v3 spreads into the body, and weaviate-ts-client v2's cardinality.
      vectorizers: [{ name: "default" }],
      properties: [
        { name: "a", dataType: ["text"], tokenisation: "word", cardinality: "atMostOne" },
        { name: "o", dataType: ["object"], nestedProperties: [{ name: "n", dataType: ["int"], extra: 1 }] },
      ],
    });
    assert.equal(body["vectorIndexConfg"], undefined);
    assert.equal(body["vectorizers"], undefined);
    const [a, o] = body.properties as Array<Record<string, unknown>>;
    assert.equal(a!["tokenisation"], undefined);
    assert.equal(a!["cardinality"], undefined);
    assert.equal(a!["tokenization"], "word");
    assert.deepEqual(
      (o!["nestedProperties"] as Array<Record<string, unknown>>).map((nested) => Object.keys(nested).sort()),
      [["dataType", "indexFilterable", "indexRangeFilters", "indexSearchable", "name"]],
    );
    const stored = expectOk<ClassJson>(await get("Lenient"));
    assert.equal(stored["vectorizers"], undefined);
    const added = await call<Record<string, unknown>>(server.url, "POST", "/v1/schema/Lenient/properties", {
      name: "b",
      dataType: ["int"],
      cardinality: "many",
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body["cardinality"], undefined);
  });

  test("wrong types of known fields are still refused, naming the field", async () => {
    expect422(await call(server.url, "POST", "/v1/schema", { class: "Typo", vectorizer: 3 }), "vectorizer");
    expect422(await call(server.url, "POST", "/v1/schema", { class: "Typo", properties: {} }), "properties");
    expect422(
      await call(server.url, "POST", "/v1/schema", {
        class: "Typo",
        properties: [{ name: "a", dataType: ["text"], indexFilterable: "yes" }],
      }),
      "indexFilterable",
    );
    expect422(
      await call(server.url, "POST", "/v1/schema", { class: "Typo", multiTenancyConfig: { enabled: "true" } }),
      "multiTenancyConfig.enabled",
    );
    assert.equal((await call(server.url, "GET", "/v1/schema/Typo")).status, 404);
  });

  test("a multi-tenant class gets the empty sharding section", async () => {
    const body = await create({ class: "Tenanted", multiTenancyConfig: { enabled: true, autoTenantCreation: true } });
    assert.deepEqual(body["multiTenancyConfig"], {
      enabled: true,
      autoTenantCreation: true,
      autoTenantActivation: false,
    });
    assert.equal(at(body, "shardingConfig", "desiredCount"), 0);
    assertClientReadable(body);
  });
});

describe("name normalisation", () => {
  test("the first letter of a class name is upper-cased, the rest kept", async () => {
    const body = await create({ class: "blogPost" });
    assert.equal(body.class, "BlogPost");
    assert.equal(expectOk<ClassJson>(await get("blogPost")).class, "BlogPost");
    assert.equal(expectOk<ClassJson>(await get("BlogPost")).class, "BlogPost");
    assert.equal((await get("blogpost")).status, 404);
  });

  test("the first letter of a property name is lower-cased, the rest kept", async () => {
    const body = await create({
      class: "Named",
      properties: [
        { name: "Title", dataType: ["text"] },
        { name: "URL", dataType: ["text"] },
        { name: "_private", dataType: ["int"] },
      ],
    });
    assert.deepEqual(
      body.properties.map((p) => p["name"]),
      ["title", "uRL", "_private"],
    );
  });
});

describe("POST /v1/schema validation failures answer 422", () => {
  before(async () => {
    await create({ class: "Existing", properties: [{ name: "title", dataType: ["text"] }] });
  });

  const cases: Array<[string, unknown, string?]> = [
    ["a class name with a space", { class: "foo bar" }, "not a valid class name"],
    ["a class name starting with a digit", { class: "1Article" }, "not a valid class name"],
    ["a class name with a dash", { class: "My-Class" }, "not a valid class name"],
    ["an empty class name", { class: "" }],
    ["a class name of 256 characters", { class: `A${"a".repeat(255)}` }],
    ["the reserved class name raft", { class: "raft" }, "reserved"],
    ["the reserved class name RAFT", { class: "RAFT" }, "reserved"],
    ["an existing class name", { class: "Existing" }, "already exists"],
    ["an existing class name, lower-cased first letter", { class: "existing" }, "already exists"],
    ["an existing class name in another case", { class: "EXISTING" }, 'found similar class "Existing"'],
    ["a property named id", { class: "P1", properties: [{ name: "id", dataType: ["text"] }] }, "reserved"],
    ["a property named _id", { class: "P1", properties: [{ name: "_id", dataType: ["text"] }] }, "reserved"],
    [
      "a property named _additional",
      { class: "P1", properties: [{ name: "_additional", dataType: ["text"] }] },
      "reserved",
    ],
    [
      "a property with a reserved suffix",
      { class: "P1", properties: [{ name: "title_searchable", dataType: ["text"] }] },
      "reserved",
    ],
    ["an invalid property name", { class: "P1", properties: [{ name: "my-prop", dataType: ["text"] }] }],
    [
      "a property name of 232 characters",
      { class: "P1", properties: [{ name: `p${"a".repeat(231)}`, dataType: ["text"] }] },
    ],
    [
      "a duplicate property",
      { class: "P1", properties: [{ name: "title", dataType: ["text"] }, { name: "title", dataType: ["int"] }] },
      "already in use",
    ],
    [
      "a duplicate property in another case",
      { class: "P1", properties: [{ name: "title", dataType: ["text"] }, { name: "Title", dataType: ["text"] }] },
      "already in use",
    ],
    ["an unknown data type", { class: "P1", properties: [{ name: "p", dataType: ["foo"] }] }, "foo"],
    ["an empty dataType", { class: "P1", properties: [{ name: "p", dataType: [] }] }],
    ["a dataType of an empty string", { class: "P1", properties: [{ name: "p", dataType: [""] }] }],
    ["two primitive types", { class: "P1", properties: [{ name: "p", dataType: ["text", "int"] }] }],
    ["the new blobHash type (not in 1.32)", { class: "P1", properties: [{ name: "p", dataType: ["blobHash"] }] }],
    [
      "a reference to an unknown class",
      { class: "P1", properties: [{ name: "p", dataType: ["Nowhere"] }] },
      "Nowhere",
    ],
    ["an object without nestedProperties", { class: "P1", properties: [{ name: "o", dataType: ["object"] }] }],
    [
      "an object[] with empty nestedProperties",
      { class: "P1", properties: [{ name: "o", dataType: ["object[]"], nestedProperties: [] }] },
    ],
    [
      "nestedProperties on a text property",
      { class: "P1", properties: [{ name: "t", dataType: ["text"], nestedProperties: [{ name: "a", dataType: ["text"] }] }] },
    ],
    [
      "a nested reference",
      { class: "P1", properties: [{ name: "o", dataType: ["object"], nestedProperties: [{ name: "a", dataType: ["Existing"] }] }] },
    ],
    [
      "an invalid nested property name",
      { class: "P1", properties: [{ name: "o", dataType: ["object"], nestedProperties: [{ name: "a-b", dataType: ["text"] }] }] },
    ],
    [
      "tokenization on an int",
      { class: "P1", properties: [{ name: "n", dataType: ["int"], tokenization: "word" }] },
      "Tokenization is not allowed for data type 'int'",
    ],
    [
      "tokenization on an object",
      {
        class: "P1",
        properties: [{ name: "o", dataType: ["object"], tokenization: "word", nestedProperties: [{ name: "a", dataType: ["text"] }] }],
      },
      "Tokenization is not allowed for object/object[] data types",
    ],
    [
      "tokenization on a reference",
      { class: "P1", properties: [{ name: "r", dataType: ["Existing"], tokenization: "word" }] },
      "Tokenization is not allowed for reference data type",
    ],
    [
      "an unknown tokenization",
      { class: "P1", properties: [{ name: "t", dataType: ["text"], tokenization: "shouting" }] },
      "shouting",
    ],
    [
      "indexSearchable on an int",
      { class: "P1", properties: [{ name: "n", dataType: ["int"], indexSearchable: true }] },
      "indexSearchable",
    ],
    [
      "indexRangeFilters on text",
      { class: "P1", properties: [{ name: "t", dataType: ["text"], indexRangeFilters: true }] },
      "indexRangeFilters",
    ],
    [
      "indexInverted together with indexFilterable",
      { class: "P1", properties: [{ name: "t", dataType: ["text"], indexInverted: true, indexFilterable: true }] },
      "indexInverted",
    ],
    [
      "vectorConfig with a class-level vectorIndexConfig",
      { class: "P1", vectorConfig: { default: { vectorizer: { none: {} } } }, vectorIndexConfig: { ef: 10 } },
      "forbidden",
    ],
    [
      "vectorConfig with a class-level vectorizer",
      { class: "P1", vectorConfig: { default: { vectorizer: { none: {} } } }, vectorizer: "none" },
      "forbidden",
    ],
    [
      "vectorConfig with a class-level vectorIndexType",
      { class: "P1", vectorConfig: { default: { vectorizer: { none: {} } } }, vectorIndexType: "hnsw" },
      "forbidden",
    ],
    ["an invalid named-vector name", { class: "P1", vectorConfig: { "my-vector": { vectorizer: { none: {} } } } }],
    [
      "a named vector with two vectorizers",
      { class: "P1", vectorConfig: { v: { vectorizer: { none: {}, other: {} } } } },
    ],
    ["an unknown vectorIndexType", { class: "P1", vectorIndexType: "annoy" }, "annoy"],
    ["an unknown distance", { class: "P1", vectorIndexConfig: { distance: "euclid" } }, "euclid"],
    ["maxConnections below 4", { class: "P1", vectorIndexConfig: { maxConnections: 2 } }, "maxConnections"],
    ["efConstruction below 4", { class: "P1", vectorIndexConfig: { efConstruction: 1 } }, "efConstruction"],
    [
      "two compression methods",
      { class: "P1", vectorIndexConfig: { pq: { enabled: true }, bq: { enabled: true } } },
    ],
    ["an unknown stopword preset", { class: "P1", invertedIndexConfig: { stopwords: { preset: "fr" } } }],
    ["bm25.b above 1", { class: "P1", invertedIndexConfig: { bm25: { b: 2 } } }],
    [
      "multi-tenancy with a sharding config",
      { class: "P1", multiTenancyConfig: { enabled: true }, shardingConfig: { desiredCount: 1 } },
      "shardingConfig",
    ],
    [
      "autoTenantCreation without multi-tenancy",
      { class: "P1", multiTenancyConfig: { autoTenantCreation: true } },
      "autoTenantCreation",
    ],
    ["a sharding key other than _id", { class: "P1", shardingConfig: { key: "title" } }],
    ["more shards than this server takes", { class: "P1", shardingConfig: { desiredCount: 257 } }, "desiredCount"],
    [
      "more virtual shards than this server takes",
      { class: "P1", shardingConfig: { desiredCount: 8, virtualPerPhysical: 10000 } },
      "virtualPerPhysical",
    ],
    ["a fractional shard count", { class: "P1", shardingConfig: { desiredCount: 1.5 } }, "desiredCount"],
  ];
  for (const [name, body, fragment] of cases) {
    test(name, async () => {
      expect422(await post(body), fragment);
    });
  }

  test("no rejected class was created", async () => {
    const all = expectOk<{ classes: ClassJson[] }>(await call(server.url, "GET", "/v1/schema"));
    const names = all.classes.map((c) => c.class);
    assert.ok(!names.includes("P1"), names.join());
    assert.equal(names.filter((n) => n.toLowerCase() === "existing").length, 1);
  });
});
