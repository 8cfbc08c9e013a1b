/**
 * The per-class schema endpoints against the real service (reference §2.1, §2.4): GET, PUT with
 * its update rules, DELETE (idempotent), add property, shards, and the `{"classes":[...]}` body
 * the seeds post (our extension).
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { expect422, expectNoBody, expectOk } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import { at, type ClassJson, type Json } from "../helpers/schema.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const req = (method: string, url: string, body?: unknown) => call(server.url, method, url, body);
const create = async (body: unknown) => expectOk<ClassJson>(await req("POST", "/v1/schema", body));
const getClass = async (name: string) => expectOk<ClassJson>(await req("GET", `/v1/schema/${name}`));
const classNames = async () =>
  expectOk<{ classes: ClassJson[] }>(await req("GET", "/v1/schema")).classes.map((c) => c.class);

before(async () => {
  server = await startTestServer();
});
after(() => server.dispose());

describe("GET /v1/schema", () => {
  test("lists the classes in a {classes} object", async () => {
    await create({ class: "Listed" });
    const body = expectOk<Json>(await req("GET", "/v1/schema"));
    assert.deepEqual(Object.keys(body), ["classes"]);
    assert.ok((await classNames()).includes("Listed"));
  });
});

describe("GET /v1/schema/{className}", () => {
  test("an unknown class is 404 without a body", async () => {
    expectNoBody(await req("GET", "/v1/schema/Unknown"), 404);
    expectNoBody(await req("GET", "/v1/schema/unknown"), 404);
  });

  test("the path name is upper-cased on its first letter", async () => {
    await create({ class: "Lookup" });
    assert.equal((await getClass("lookup")).class, "Lookup");
  });
});

describe("PUT /v1/schema/{className}", () => {
  let current: ClassJson;
  before(async () => {
    current = await create({
      class: "Updatable",
      description: "before",
      properties: [{ name: "title", dataType: ["text"] }],
    });
  });
  const put = (body: unknown, name = "Updatable") => req("PUT", `/v1/schema/${name}`, body);

  test("an unknown class is 404 without a body", async () => {
    expectNoBody(await put({ class: "Nope" }, "Nope"), 404);
  });

  test("the body GET returned is accepted unchanged", async () => {
    assert.deepEqual(expectOk(await put(current)), current);
  });

  test("keys models.Class and models.Property do not have are ignored, not stored", async () => {
    const properties = (current["properties"] as Json[]).map((property) => ({ ...property, cardinality: "atMostOne" }));
    const body = { ...current, properties, vectorizers: [], somethingNew: { a: 1 } };
    assert.deepEqual(expectOk(await put(body)), current);
    assert.deepEqual(await getClass("Updatable"), current);
  });

  test("description, ef and other mutable settings change, and GET shows them", async () => {
    const vectorIndexConfig = {
      ...(current["vectorIndexConfig"] as Json),
      ef: 99,
      dynamicEfMax: 700,
      flatSearchCutoff: 1000,
      vectorCacheMaxObjects: 5000,
    };
    const body = {
      ...current,
      description: "after",
      properties: [{ ...current.properties[0], description: "the title" }],
      vectorIndexConfig,
      invertedIndexConfig: { ...(current["invertedIndexConfig"] as Json), bm25: { b: 0.6, k1: 1.5 } },
      replicationConfig: { factor: 2 },
    };
    const updated = expectOk<ClassJson>(await put(body, "updatable"));
    assert.equal(updated["description"], "after");
    assert.equal(updated.properties[0]?.["description"], "the title");
    assert.equal(at(updated, "vectorIndexConfig", "ef"), 99);
    assert.equal(at(updated, "vectorIndexConfig", "dynamicEfMax"), 700);
    assert.equal(at(updated, "vectorIndexConfig", "flatSearchCutoff"), 1000);
    assert.equal(at(updated, "vectorIndexConfig", "vectorCacheMaxObjects"), 5000);
    assert.deepEqual(at(updated, "invertedIndexConfig", "bm25"), { b: 0.6, k1: 1.5 });
    assert.equal(at(updated, "replicationConfig", "factor"), 2);
    assert.deepEqual(await getClass("Updatable"), updated);
    current = updated;
  });

  test("a partial body keeps every section it leaves out", async () => {
    const updated = expectOk<ClassJson>(await put({ class: "Updatable", vectorIndexConfig: { ef: 42 } }));
    assert.equal(at(updated, "vectorIndexConfig", "ef"), 42);
    assert.equal(at(updated, "vectorIndexConfig", "dynamicEfMax"), 700);
    assert.equal(updated["description"], "after");
    assert.deepEqual(updated.properties, current.properties);
    current = updated;
  });

  const immutable: Array<[string, Json, string?]> = [
    ["the class name", { class: "Renamed" }, "class name"],
    ["the vectorizer", { vectorizer: "text2vec-openai" }, "vectorizer"],
    ["the vector index type", { vectorIndexType: "flat" }],
    ["efConstruction", { vectorIndexConfig: { efConstruction: 64 } }, "efConstruction"],
    ["maxConnections", { vectorIndexConfig: { maxConnections: 16 } }, "maxConnections"],
    ["the HNSW cleanupIntervalSeconds", { vectorIndexConfig: { cleanupIntervalSeconds: 10 } }, "cleanupIntervalSeconds"],
    ["the distance", { vectorIndexConfig: { distance: "dot" } }, "distance"],
    ["a property's dataType", { properties: [{ name: "title", dataType: ["int"] }] }, "description"],
    ["a property's tokenization", { properties: [{ name: "title", dataType: ["text"], tokenization: "field" }] }],
    [
      "the property list (adding one)",
      { properties: [{ name: "title", dataType: ["text"] }, { name: "extra", dataType: ["text"] }] },
      "POST /v1/schema/{className}/properties",
    ],
    ["the property list (dropping all)", { properties: [] }],
    ["multi-tenancy enabled", { multiTenancyConfig: { enabled: true } }, "multi-tenancy"],
    ["invertedIndexConfig.indexTimestamps", { invertedIndexConfig: { indexTimestamps: true } }],
    ["the shard count", { shardingConfig: { desiredCount: 3 } }],
    ["an invalid value (ef below -1)", { vectorIndexConfig: { ef: -5 } }, "ef"],
  ];
  for (const [name, change, fragment] of immutable) {
    test(`changing ${name} is a 422 and changes nothing`, async () => {
      expect422(await put({ class: "Updatable", ...change }), fragment);
      assert.deepEqual(await getClass("Updatable"), current);
    });
  }

  describe("named vectors", () => {
    let named: ClassJson;
    before(async () => {
      named = await create({
        class: "NamedUpdate",
        vectorConfig: { default: { vectorizer: { none: {} }, vectorIndexType: "hnsw" } },
      });
    });
    const vector = (change: Json) => ({ class: "NamedUpdate", vectorConfig: { default: change } });

    test("ef of a named vector may change", async () => {
      const updated = expectOk<ClassJson>(await put(vector({ vectorIndexConfig: { ef: 77 } }), "NamedUpdate"));
      assert.equal(at(updated, "vectorConfig", "default", "vectorIndexConfig", "ef"), 77);
      assert.equal(at(updated, "vectorIndexConfig"), undefined);
      named = updated;
    });

    for (const [name, change] of [
      ["its distance", { vectorIndexConfig: { distance: "dot" } }],
      ["its vectorizer", { vectorizer: { "text2vec-openai": {} } }],
      ["its index type", { vectorIndexType: "flat" }],
    ] as const) {
      test(`changing ${name} is a 422`, async () => {
        expect422(await put(vector(change), "NamedUpdate"));
        assert.deepEqual(await getClass("NamedUpdate"), named);
      });
    }

    test("a class-level vectorIndexConfig cannot be added to a named-vector class", async () => {
      expect422(await put({ class: "NamedUpdate", vectorIndexConfig: { ef: 10 } }, "NamedUpdate"));
    });
  });
});

describe("PUT /v1/schema/{className} multi-tenancy flags", () => {
  test("auto-tenant flags toggle on a multi-tenant class; MT itself cannot be switched off", async () => {
    await create({ class: "Tenants", multiTenancyConfig: { enabled: true } });
    const put = (multiTenancyConfig: Json) => req("PUT", "/v1/schema/Tenants", { class: "Tenants", multiTenancyConfig });
    const updated = expectOk<ClassJson>(await put({ enabled: true, autoTenantCreation: true, autoTenantActivation: true }));
    assert.deepEqual(updated["multiTenancyConfig"], { enabled: true, autoTenantCreation: true, autoTenantActivation: true });
    expect422(await put({ enabled: false }), "multi-tenancy");
    await create({ class: "SingleTenant" });
    expect422(
      await req("PUT", "/v1/schema/SingleTenant", { class: "SingleTenant", multiTenancyConfig: { autoTenantCreation: true } }),
      "autoTenantCreation",
    );
    assert.equal(at(await getClass("Tenants"), "multiTenancyConfig", "enabled"), true);
  });
});

describe("DELETE /v1/schema/{className}", () => {
  test("deletes the class and answers 200 with no body", async () => {
    await create({ class: "Doomed" });
    expectNoBody(await req("DELETE", "/v1/schema/doomed"), 200);
    expectNoBody(await req("GET", "/v1/schema/Doomed"), 404);
    assert.ok(!(await classNames()).includes("Doomed"));
  });

  test("deleting an unknown class is also 200", async () => {
    expectNoBody(await req("DELETE", "/v1/schema/NeverExisted"), 200);
  });

  test("the class's objects go with it; a re-created class starts empty", async () => {
    await create({ class: "Recreated" });
    const object = expectOk<Json>(await req("POST", "/v1/objects", { class: "Recreated", properties: { a: "x" } }));
    expectNoBody(await req("DELETE", "/v1/schema/Recreated"), 200);
    await create({ class: "Recreated" });
    assert.equal((await req("GET", `/v1/objects/Recreated/${String(object["id"])}`)).status, 404);
  });
});

describe("POST /v1/schema/{className}/properties", () => {
  before(async () => {
    await create({ class: "Growing", properties: [{ name: "title", dataType: ["text"] }] });
  });
  const add = (body: unknown, name = "Growing") => req("POST", `/v1/schema/${name}/properties`, body);

  test("adds a property with defaults, echoes it and GET shows it", async () => {
    const added = expectOk<Json>(await add({ name: "Body", dataType: ["text"] }));
    assert.deepEqual(added, {
      name: "body",
      dataType: ["text"],
      tokenization: "word",
      indexFilterable: true,
      indexSearchable: true,
      indexRangeFilters: false,
    });
    assert.deepEqual((await getClass("Growing")).properties.at(-1), added);
  });

  test("non-text, string and reference properties get their defaults", async () => {
    const count = expectOk<Json>(await add({ name: "count", dataType: ["int"] }, "growing"));
    assert.equal(count["tokenization"], undefined);
    assert.equal(count["indexSearchable"], false);
    const legacy = expectOk<Json>(await add({ name: "legacy", dataType: ["string"] }));
    assert.deepEqual(legacy["dataType"], ["text"]);
    assert.equal(legacy["tokenization"], "whitespace");
    await create({ class: "Other" });
    assert.deepEqual(expectOk<Json>(await add({ name: "other", dataType: ["Other"] }))["dataType"], ["Other"]);
    assert.deepEqual(expectOk<Json>(await add({ name: "me", dataType: ["Growing"] }))["dataType"], ["Growing"]);
  });

  test("a duplicate name is a 422, also in another case", async () => {
    expect422(await add({ name: "title", dataType: ["text"] }), "already in use");
    expect422(await add({ name: "Title", dataType: ["int"] }), "already in use");
  });

  test("an unknown class is a 422 saying it was not found", async () => {
    expect422(await add({ name: "x", dataType: ["text"] }, "Missing"), "not found");
  });

  test("invalid properties are 422s and add nothing", async () => {
    const before = (await getClass("Growing")).properties.length;
    expect422(await add({ name: "r", dataType: ["Nowhere"] }));
    expect422(await add({ name: "o", dataType: ["object"] }));
    expect422(await add({ name: "id", dataType: ["text"] }));
    expect422(await add({ name: "n", dataType: ["int"], tokenization: "word" }));
    assert.equal((await getClass("Growing")).properties.length, before);
  });
});

describe("GET /v1/schema/{className}/shards", () => {
  test("one READY shard with an empty vector queue", async () => {
    await create({ class: "Sharded" });
    const shards = expectOk<Json[]>(await req("GET", "/v1/schema/sharded/shards"));
    assert.equal(shards.length, 1);
    assert.deepEqual(Object.keys(shards[0]!).sort(), ["name", "status", "vectorQueueSize"]);
    assert.match(String(shards[0]!["name"]), /^[A-Za-z0-9]+$/);
    assert.equal(shards[0]!["status"], "READY");
    assert.equal(shards[0]!["vectorQueueSize"], 0);
  });

  test("an unknown class is 404 without a body", async () => {
    expectNoBody(await req("GET", "/v1/schema/Unsharded/shards"), 404);
  });
});

describe('POST /v1/schema with {"classes":[...]}', () => {
  test("the repo's schema/schema.json posted as is creates Article and Author", async () => {
    const file = path.resolve(import.meta.dirname, "../../schema/schema.json");
    const text = await readFile(file, "utf8");
    const body = expectOk<{ classes: ClassJson[] }>(await req("POST", "/v1/schema", text));
    assert.deepEqual(
      body.classes.map((c) => c.class),
      ["Article", "Author"],
    );
    const author = await getClass("Author");
    const articles = author.properties.find((p) => p["name"] === "articles");
    assert.deepEqual(articles?.["dataType"], ["Article"]);
    const title = (await getClass("Article")).properties.find((p) => p["name"] === "title");
    assert.deepEqual(title?.["dataType"], ["text"]);
    assert.deepEqual(await getClass("Article"), body.classes[0]);
  });

  test("a class may reference one listed after it", async () => {
    const body = expectOk<{ classes: ClassJson[] }>(
      await req("POST", "/v1/schema", {
        classes: [{ class: "Fan", properties: [{ name: "idol", dataType: ["Idol"] }] }, { class: "Idol" }],
      }),
    );
    assert.equal(body.classes.length, 2);
  });

  test("one invalid class rejects the whole list", async () => {
    expect422(
      await req("POST", "/v1/schema", { classes: [{ class: "FirstOk" }, { class: "Second", properties: [{ name: "x", dataType: ["nope"] }] }] }),
    );
    expect422(await req("POST", "/v1/schema", { classes: [{ class: "Twin" }, { class: "twin" }] }), "already exists");
    const names = await classNames();
    for (const name of ["FirstOk", "Second", "Twin"]) assert.ok(!names.includes(name), name);
  });
});
