import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { propertyWithDefaults, withDefaults } from "../../../src/collections/defaults.ts";
import { validateNewCollection } from "../../../src/collections/validate.ts";
import type { Collection } from "../../../src/domain/index.ts";
import { defaultsCtx } from "./helpers.ts";

const build = (input: unknown, ctx = defaultsCtx): Collection =>
  withDefaults(validateNewCollection(input, { existingClassNames: ["Author"] }), ctx);

// Keys the v3 client refuses to deserialize without (clients.md §3).
const strictHnswKeys = [
  "cleanupIntervalSeconds",
  "distance",
  "dynamicEfMin",
  "dynamicEfMax",
  "dynamicEfFactor",
  "ef",
  "efConstruction",
  "flatSearchCutoff",
  "maxConnections",
  "skip",
  "vectorCacheMaxObjects",
];
const strictShardingKeys = [
  "virtualPerPhysical",
  "desiredCount",
  "actualCount",
  "desiredVirtualCount",
  "actualVirtualCount",
  "key",
  "strategy",
  "function",
];

describe("withDefaults: legacy class", () => {
  const article = build({ class: "Article", properties: [{ name: "title", dataType: ["text"] }] });

  test("gets vectorizer, hnsw and the full index config", () => {
    assert.equal(article.vectorizer, "none");
    assert.equal(article.vectorIndexType, "hnsw");
    const config = article.vectorIndexConfig!;
    for (const key of strictHnswKeys) assert.ok(key in config, key);
    assert.equal(config.distance, "cosine");
    assert.equal(config.maxConnections, 32);
    assert.equal(config.efConstruction, 128);
    assert.equal(config.ef, -1);
    // Weaviate 1.32's default (acorn from 1.34).
    assert.equal(config["filterStrategy"], "sweeping");
    assert.equal(config["vectorCacheMaxObjects"], 1e12);
    assert.deepEqual(config["pq"], {
      enabled: false,
      bitCompression: false,
      segments: 0,
      centroids: 256,
      trainingLimit: 100000,
      encoder: { type: "kmeans", distribution: "log-normal" },
    });
    assert.deepEqual(config["bq"], { enabled: false });
    assert.deepEqual(config["sq"], { enabled: false, trainingLimit: 100000, rescoreLimit: 20 });
    assert.deepEqual(config["rq"], { enabled: false, bits: 8, rescoreLimit: 20 });
    assert.deepEqual(config["multivector"], {
      enabled: false,
      aggregation: "maxSim",
      muvera: { enabled: false, ksim: 4, dprojections: 16, repetitions: 10 },
    });
    // Added in Weaviate 1.33: not part of 1.32's field set.
    assert.equal("skipDefaultQuantization" in config, false);
    assert.equal("trackDefaultQuantization" in config, false);
    assert.equal(article.vectorConfig, undefined);
  });

  test("gets the inverted index, multi-tenancy, replication and sharding sections", () => {
    assert.deepEqual(article.invertedIndexConfig, {
      bm25: { b: 0.75, k1: 1.2 },
      cleanupIntervalSeconds: 60,
      stopwords: { preset: "en", additions: null, removals: null },
      usingBlockMaxWAND: true,
    });
    assert.deepEqual(article.multiTenancyConfig, {
      enabled: false,
      autoTenantCreation: false,
      autoTenantActivation: false,
    });
    // Weaviate 1.32: NoAutomatedResolution (TimeBasedResolution from 1.36), asyncEnabled shown.
    assert.deepEqual(article.replicationConfig, { asyncEnabled: false, deletionStrategy: "NoAutomatedResolution", factor: 1 });
    assert.deepEqual(article.shardingConfig, {
      virtualPerPhysical: 128,
      desiredCount: 1,
      actualCount: 1,
      desiredVirtualCount: 128,
      actualVirtualCount: 128,
      key: "_id",
      strategy: "hash",
      function: "murmur3",
    });
  });

  test("uses the server's default distance and vectorizer", () => {
    const c = build({ class: "A" }, { defaultDistance: "dot", defaultVectorizer: "text2vec-openai" });
    assert.equal(c.vectorIndexConfig?.distance, "dot");
    assert.equal(c.vectorizer, "text2vec-openai");
  });

  test("user values win, sub-objects merge and unknown keys survive", () => {
    const c = build({
      class: "A",
      vectorizer: "none",
      vectorIndexConfig: { distance: "l2-squared", ef: 64, pq: { enabled: true, segments: 8 }, custom: 1 },
      invertedIndexConfig: { bm25: { b: 0.5 }, indexTimestamps: true },
      replicationConfig: { asyncEnabled: true },
      moduleConfig: { "generative-openai": {} },
      objectTtlConfig: { enabled: false },
    });
    const config = c.vectorIndexConfig!;
    assert.equal(config.distance, "l2-squared");
    assert.equal(config.ef, 64);
    assert.equal(config.maxConnections, 32);
    assert.deepEqual(config["pq"], {
      enabled: true,
      bitCompression: false,
      segments: 8,
      centroids: 256,
      trainingLimit: 100000,
      encoder: { type: "kmeans", distribution: "log-normal" },
    });
    assert.equal(config["custom"], 1);
    assert.deepEqual(c.invertedIndexConfig["bm25"], { b: 0.5, k1: 1.2 });
    assert.equal(c.invertedIndexConfig["indexTimestamps"], true);
    assert.deepEqual(c.replicationConfig, { factor: 1, deletionStrategy: "NoAutomatedResolution", asyncEnabled: true });
    assert.deepEqual(c.moduleConfig, { "generative-openai": {} });
    assert.deepEqual(c["objectTtlConfig"], { enabled: false });
  });

  test("nulls inside sections mean unset", () => {
    const c = build({ class: "A", vectorIndexConfig: { pq: null, ef: null }, invertedIndexConfig: { bm25: null } });
    assert.equal((c.vectorIndexConfig!["pq"] as Record<string, unknown>)["centroids"], 256);
    assert.equal(c.vectorIndexConfig!.ef, -1);
    assert.deepEqual(c.invertedIndexConfig["bm25"], { b: 0.75, k1: 1.2 });
  });

  test("flat and dynamic indexes get their own defaults", () => {
    const flat = build({ class: "A", vectorIndexType: "flat", vectorIndexConfig: { bq: { enabled: true } } });
    assert.deepEqual(flat.vectorIndexConfig, {
      distance: "cosine",
      vectorCacheMaxObjects: 1e12,
      pq: { enabled: false, rescoreLimit: -1, cache: false },
      bq: { enabled: true, rescoreLimit: -1, cache: false },
      sq: { enabled: false, rescoreLimit: -1, cache: false },
      rq: { enabled: false, rescoreLimit: -1, cache: false },
    });
    const dynamic = build({ class: "A", vectorIndexType: "dynamic", vectorIndexConfig: { distance: "dot" } });
    const config = dynamic.vectorIndexConfig as Record<string, Record<string, unknown>>;
    assert.equal(config["threshold"] as unknown, 10000);
    assert.equal(config["hnsw"]!["distance"], "dot");
    assert.equal(config["hnsw"]!["maxConnections"], 32);
    assert.equal(config["flat"]!["distance"], "dot");
  });

  test("sharding keeps a requested shard count; factor 0 becomes 1", () => {
    const c = build({ class: "A", shardingConfig: { desiredCount: 2, virtualPerPhysical: 64 }, replicationConfig: { factor: 0 } });
    assert.equal(c.shardingConfig["desiredCount"], 2);
    assert.equal(c.shardingConfig["desiredVirtualCount"], 128);
    assert.equal(c.replicationConfig["factor"], 1);
  });
});

describe("withDefaults: multi-tenant and named-vector classes", () => {
  test("multi-tenant classes get an all-zero sharding config with every key", () => {
    const c = build({ class: "A", multiTenancyConfig: { enabled: true, autoTenantCreation: true } });
    assert.deepEqual(c.multiTenancyConfig, { enabled: true, autoTenantCreation: true, autoTenantActivation: false });
    for (const key of strictShardingKeys) assert.ok(key in c.shardingConfig, key);
    assert.equal(c.shardingConfig["desiredCount"], 0);
    assert.equal(c.shardingConfig["actualCount"], 0);
  });

  test("named vectors get per-vector defaults and no class-level vector fields", () => {
    const c = build({
      class: "A",
      vectorConfig: {
        title: { vectorizer: { none: {} } },
        body: { vectorIndexType: "flat", vectorIndexConfig: { distance: "dot" } },
      },
    });
    assert.equal("vectorizer" in c, false);
    assert.equal("vectorIndexType" in c, false);
    assert.equal("vectorIndexConfig" in c, false);
    const title = c.vectorConfig!["title"]!;
    assert.deepEqual(title.vectorizer, { none: {} });
    assert.equal(title.vectorIndexType, "hnsw");
    for (const key of strictHnswKeys) assert.ok(key in title.vectorIndexConfig, key);
    const body = c.vectorConfig!["body"]!;
    assert.deepEqual(body.vectorizer, { none: {} });
    assert.equal(body.vectorIndexType, "flat");
    assert.equal(body.vectorIndexConfig.distance, "dot");
  });
});

describe("propertyWithDefaults", () => {
  test("text gets word tokenization and both indexes", () => {
    assert.deepEqual(propertyWithDefaults({ name: "title", dataType: ["text"] }), {
      name: "title",
      dataType: ["text"],
      tokenization: "word",
      indexFilterable: true,
      indexSearchable: true,
      indexRangeFilters: false,
    });
  });

  test("non-text types get no tokenization and are not searchable", () => {
    for (const type of ["int", "number", "boolean", "date", "uuid", "geoCoordinates", "Author"]) {
      const property = propertyWithDefaults({ name: "p", dataType: [type] });
      assert.equal(property.tokenization, undefined, type);
      assert.equal(property.indexFilterable, true, type);
      assert.equal(property.indexSearchable, false, type);
      assert.equal(property.indexRangeFilters, false, type);
    }
    assert.equal(propertyWithDefaults({ name: "t", dataType: ["text[]"] }).tokenization, "word");
  });

  test("user flags win", () => {
    const property = propertyWithDefaults({
      name: "n",
      dataType: ["int"],
      indexFilterable: false,
      indexRangeFilters: true,
      description: "count",
      moduleConfig: { x: {} },
    });
    assert.equal(property.indexFilterable, false);
    assert.equal(property.indexRangeFilters, true);
    assert.equal(property.description, "count");
    assert.deepEqual(property.moduleConfig, { x: {} });
  });

  test("indexInverted alone is converted and removed", () => {
    const text = propertyWithDefaults({ name: "t", dataType: ["text"], indexInverted: false });
    assert.equal(text.indexFilterable, false);
    assert.equal(text.indexSearchable, false);
    assert.equal("indexInverted" in text, false);
    const int = propertyWithDefaults({ name: "n", dataType: ["int"], indexInverted: true });
    assert.equal(int.indexFilterable, true);
    assert.equal(int.indexSearchable, false);
  });

  test("string types migrate to text with whitespace tokenization", () => {
    const plain = propertyWithDefaults({ name: "s", dataType: ["string"] });
    assert.deepEqual(plain.dataType, ["text"]);
    assert.equal(plain.tokenization, "whitespace");
    const word = propertyWithDefaults({ name: "s", dataType: ["string[]"], tokenization: "word" });
    assert.deepEqual(word.dataType, ["text[]"]);
    assert.equal(word.tokenization, "whitespace");
    assert.equal(propertyWithDefaults({ name: "s", dataType: ["string"], tokenization: "field" }).tokenization, "field");
  });

  test("nested properties are defaulted recursively; nested blobs are not filterable", () => {
    const property = propertyWithDefaults({
      name: "meta",
      dataType: ["object"],
      nestedProperties: [
        { name: "a", dataType: ["text"] },
        { name: "b", dataType: ["blob"] },
        { name: "c", dataType: ["object[]"], nestedProperties: [{ name: "d", dataType: ["int"] }] },
      ],
    });
    assert.equal(property.tokenization, undefined);
    assert.equal(property.indexSearchable, false);
    const [a, b, c] = property.nestedProperties!;
    assert.equal(a!.tokenization, "word");
    assert.equal(a!.indexSearchable, true);
    assert.equal(b!.indexFilterable, false);
    assert.deepEqual(c!.nestedProperties![0], {
      name: "d",
      dataType: ["int"],
      indexFilterable: true,
      indexSearchable: false,
      indexRangeFilters: false,
    });
  });
});
