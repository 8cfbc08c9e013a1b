import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { withDefaults } from "../../../src/collections/defaults.ts";
import { applyCollectionUpdate } from "../../../src/collections/update.ts";
import { validateNewCollection } from "../../../src/collections/validate.ts";
import type { Collection } from "../../../src/domain/index.ts";
import { assertUnprocessable, defaultsCtx } from "./helpers.ts";

const build = (input: unknown): Collection =>
  withDefaults(validateNewCollection(input, { existingClassNames: [] }), defaultsCtx);

const article = build({
  class: "Article",
  description: "news",
  properties: [
    { name: "title", dataType: ["text"], description: "the title" },
    {
      name: "meta",
      dataType: ["object"],
      nestedProperties: [{ name: "source", dataType: ["text"], description: "where from" }],
    },
  ],
  moduleConfig: { "generative-openai": { model: "a" }, "text2vec-x": { k: 1 } },
});

/** A GET round trip: the body a client would send back, as plain JSON. */
const echo = (collection: Collection): Record<string, unknown> => JSON.parse(JSON.stringify(collection));
const update = (body: unknown, current = article) => applyCollectionUpdate(current, body, defaultsCtx);

describe("applyCollectionUpdate: basics", () => {
  test("an unchanged full body yields an equal definition", () => {
    assert.deepEqual(update(echo(article)), article);
  });

  test("does not mutate the current definition", () => {
    const before = echo(article);
    update({ ...echo(article), description: "changed", vectorIndexConfig: { ef: 12 } });
    assert.deepEqual(echo(article), before);
  });

  test("omitted sections keep their current values", () => {
    const next = update({ class: "Article", description: "new" });
    assert.equal(next.description, "new");
    assert.deepEqual(next.properties, article.properties);
    assert.deepEqual(next.vectorIndexConfig, article.vectorIndexConfig);
    assert.deepEqual(next.shardingConfig, article.shardingConfig);
  });

  test("the body must be an object and the class name is immutable", () => {
    assertUnprocessable(() => update([]), "JSON object");
    assert.equal(update({ class: "article" }).class, "Article");
    assertUnprocessable(
      () => update({ class: "Other" }),
      'class name is immutable: attempted change from "Article" to "Other"',
    );
  });
});

describe("applyCollectionUpdate: properties", () => {
  test("descriptions may change, also nested ones", () => {
    const body = echo(article);
    const properties = body["properties"] as Array<Record<string, unknown>>;
    properties[0]!["description"] = "new title";
    const nested = properties[1]!["nestedProperties"] as Array<Record<string, unknown>>;
    nested[0]!["description"] = "new source";
    const next = update(body);
    assert.equal(next.properties[0]!.description, "new title");
    assert.equal(next.properties[1]!.nestedProperties![0]!.description, "new source");
  });

  test("properties given without defaults compare after defaults are applied", () => {
    const next = update({
      properties: [
        { name: "Title", dataType: ["text"] },
        { name: "meta", dataType: ["object"], nestedProperties: [{ name: "source", dataType: ["text"] }] },
      ],
    });
    assert.equal(next.properties[0]!.description, undefined);
  });

  test("any other property change is rejected", () => {
    const message = "property fields other than description cannot be updated through updating the class";
    const changed = (mutate: (p: Array<Record<string, unknown>>) => void) => {
      const body = echo(article);
      mutate(body["properties"] as Array<Record<string, unknown>>);
      return body;
    };
    assertUnprocessable(() => update(changed((p) => { p[0]!["dataType"] = ["int"]; })), message);
    assertUnprocessable(() => update(changed((p) => { p[0]!["tokenization"] = "field"; })), message);
    assertUnprocessable(() => update(changed((p) => { p[0]!["name"] = "heading"; })), message);
    assertUnprocessable(() => update(changed((p) => { p.pop(); })), message);
    assertUnprocessable(() => update(changed((p) => { p.push({ name: "x", dataType: ["text"] }); })), message);
    assertUnprocessable(
      () => update(changed((p) => { (p[1]!["nestedProperties"] as Array<Record<string, unknown>>)[0]!["dataType"] = ["int"]; })),
      message,
    );
    assertUnprocessable(() => update({ properties: "title" }), "must be an array");
  });

  test("property module configs may be added but not changed or removed", () => {
    const withModule = build({
      class: "A",
      properties: [{ name: "t", dataType: ["text"], moduleConfig: { "text2vec-x": { skip: true } } }],
    });
    const body = echo(withModule);
    const property = (body["properties"] as Array<Record<string, unknown>>)[0]!;
    property["moduleConfig"] = { "text2vec-x": { skip: true }, "text2vec-y": {} };
    assert.ok(update(body, withModule).properties[0]!.moduleConfig!["text2vec-y"]);
    property["moduleConfig"] = { "text2vec-x": { skip: false } };
    assertUnprocessable(() => update(body, withModule), "configuration cannot be updated");
    property["moduleConfig"] = {};
    assertUnprocessable(() => update(body, withModule), "configuration was removed");
  });
});

describe("applyCollectionUpdate: vectors", () => {
  test("mutable HNSW settings change, the rest is kept", () => {
    const next = update({ vectorIndexConfig: { ef: 200, dynamicEfMax: 800, flatSearchCutoff: 1, pq: { enabled: true } } });
    assert.equal(next.vectorIndexConfig!.ef, 200);
    assert.equal(next.vectorIndexConfig!.dynamicEfMax, 800);
    assert.equal(next.vectorIndexConfig!.maxConnections, 32);
    assert.equal((next.vectorIndexConfig!["pq"] as Record<string, unknown>)["enabled"], true);
    assert.equal((next.vectorIndexConfig!["pq"] as Record<string, unknown>)["centroids"], 256);
  });

  test("immutable HNSW settings cannot change", () => {
    assertUnprocessable(
      () => update({ vectorIndexConfig: { efConstruction: 64 } }),
      'efConstruction is immutable: attempted change from "128" to "64"',
    );
    assertUnprocessable(() => update({ vectorIndexConfig: { maxConnections: 16 } }), "maxConnections is immutable");
    assertUnprocessable(() => update({ vectorIndexConfig: { cleanupIntervalSeconds: 5 } }), "cleanupIntervalSeconds is immutable");
    assertUnprocessable(() => update({ vectorIndexConfig: { distance: "dot" } }), "distance is immutable");
    assertUnprocessable(() => update({ vectorIndexConfig: { ef: "x" } }), "ef must be an integer");
  });

  test("vectorizer and index type are immutable", () => {
    update({ vectorizer: "none", vectorIndexType: "hnsw" });
    assertUnprocessable(
      () => update({ vectorizer: "text2vec-openai" }),
      'vectorizer is immutable: attempted change from "none" to "text2vec-openai"',
    );
    assertUnprocessable(() => update({ vectorIndexType: "flat" }), "vector index type is immutable");
  });

  const named = build({
    class: "N",
    vectorConfig: { title: { vectorizer: { "text2vec-x": { model: "m" } } } },
  });

  test("named vectors: index config mutable parts change, immutables do not", () => {
    const next = update({ vectorConfig: { title: { vectorIndexConfig: { ef: 99 } } } }, named);
    assert.equal(next.vectorConfig!["title"]!.vectorIndexConfig.ef, 99);
    assert.deepEqual(next.vectorConfig!["title"]!.vectorizer, { "text2vec-x": { model: "m" } });
    assertUnprocessable(
      () => update({ vectorConfig: { title: { vectorIndexConfig: { maxConnections: 8 } } } }, named),
      "maxConnections is immutable",
    );
    assertUnprocessable(
      () => update({ vectorConfig: { title: { vectorIndexType: "flat" } } }, named),
      'vector index type of vector "title" is immutable',
    );
    assertUnprocessable(
      () => update({ vectorConfig: { title: { vectorizer: { "text2vec-y": {} } } } }, named),
      'vectorizer of vector "title" is immutable',
    );
    assertUnprocessable(
      () => update({ vectorConfig: { title: { vectorizer: { "text2vec-x": { model: "n" } } } } }, named),
      'vectorizer config of vector "title" is immutable',
    );
  });

  test("named vectors: a full echo passes and new vectors are added with defaults", () => {
    assert.deepEqual(update(echo(named), named), named);
    const next = update({ vectorConfig: { body: { vectorIndexType: "flat" } } }, named);
    assert.ok(next.vectorConfig!["title"]);
    assert.equal(next.vectorConfig!["body"]!.vectorIndexType, "flat");
    assert.deepEqual(next.vectorConfig!["body"]!.vectorizer, { none: {} });
    assertUnprocessable(() => update({ vectorConfig: { "bad name": {} } }, named), "target vector name");
    assertUnprocessable(() => update({ vectorConfig: { default: {} } }), "vector named default cannot be created");
  });

  test("a class-level index cannot be set on a named-vector class", () => {
    assertUnprocessable(() => update({ vectorizer: "none" }, named), "vectorizer is immutable");
    assertUnprocessable(() => update({ vectorIndexConfig: { ef: 1 } }, named), "class level vector index");
  });
});

describe("applyCollectionUpdate: other sections", () => {
  test("bm25, stopwords and cleanup interval may change", () => {
    const next = update({
      invertedIndexConfig: { bm25: { k1: 1.5 }, stopwords: { preset: "none" }, cleanupIntervalSeconds: 30 },
    });
    assert.deepEqual(next.invertedIndexConfig["bm25"], { b: 0.75, k1: 1.5 });
    assert.equal((next.invertedIndexConfig["stopwords"] as Record<string, unknown>)["preset"], "none");
    assert.equal(next.invertedIndexConfig["cleanupIntervalSeconds"], 30);
  });

  test("inverted index timestamps, null state and property length are immutable", () => {
    assertUnprocessable(() => update({ invertedIndexConfig: { indexTimestamps: true } }), "IndexTimestamps cannot be changed");
    assertUnprocessable(() => update({ invertedIndexConfig: { indexNullState: true } }), "IndexNullState cannot be changed");
    assertUnprocessable(
      () => update({ invertedIndexConfig: { indexPropertyLength: true } }),
      "IndexPropertyLength cannot be changed",
    );
    update({ invertedIndexConfig: { indexTimestamps: false } });
  });

  test("multi-tenancy cannot be toggled; auto-tenant flags only on MT classes", () => {
    assertUnprocessable(
      () => update({ multiTenancyConfig: { enabled: true } }),
      "enabling multi-tenancy for an existing class is not supported",
    );
    assertUnprocessable(
      () => update({ multiTenancyConfig: { autoTenantCreation: true } }),
      "can't enable autoTenantCreation on a non-multi-tenant class",
    );
    const mt = build({ class: "T", multiTenancyConfig: { enabled: true } });
    const next = update({ multiTenancyConfig: { enabled: true, autoTenantCreation: true, autoTenantActivation: true } }, mt);
    assert.deepEqual(next.multiTenancyConfig, { enabled: true, autoTenantCreation: true, autoTenantActivation: true });
    assertUnprocessable(
      () => update({ multiTenancyConfig: { enabled: false } }, mt),
      "disabling multi-tenancy for an existing class is not supported",
    );
    // The all-zero sharding section of an MT class may be echoed back.
    assert.deepEqual(update(echo(mt), mt), mt);
  });

  test("replication factor may change; shard counts may not", () => {
    assert.equal(update({ replicationConfig: { factor: 3 } }).replicationConfig["factor"], 3);
    assertUnprocessable(() => update({ replicationConfig: { factor: -2 } }), "factor");
    assertUnprocessable(
      () => update({ shardingConfig: { desiredCount: 4 } }),
      're-sharding not supported yet: shard count is immutable: attempted change from "1" to "4"',
    );
    assertUnprocessable(() => update({ shardingConfig: { virtualPerPhysical: 7 } }), "virtual shards per physical is immutable");
  });

  test("module configs: generative and reranker swap, others are fixed, new ones are added", () => {
    const next = update({ moduleConfig: { "generative-cohere": {}, "reranker-x": {} } });
    assert.deepEqual(next.moduleConfig, { "text2vec-x": { k: 1 }, "generative-cohere": {}, "reranker-x": {} });
    assertUnprocessable(
      () => update({ moduleConfig: { "text2vec-x": { k: 2 } } }),
      "can only update generative and reranker module configs",
    );
    assertUnprocessable(
      () => update({ moduleConfig: { "generative-a": {}, "generative-b": {} } }),
      "multiple generative modules",
    );
  });

  test("unknown top-level keys are taken from the body", () => {
    assert.deepEqual(update({ objectTtlConfig: { enabled: true } })["objectTtlConfig"], { enabled: true });
  });
});
