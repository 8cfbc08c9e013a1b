/**
 * Data types (reference §2.5), named vectors (as the v3 client sends them) and the distance
 * metrics (§7.1), each created through POST /v1/schema on the real service and, where the shard
 * has to cope with it, written to once.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expect422, expectOk } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import { assertClientReadable, assertHnswComplete, at, type ClassJson, type Json } from "../helpers/schema.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
const create = async (body: unknown) => expectOk<ClassJson>(await call(server.url, "POST", "/v1/schema", body));
const property = (body: ClassJson, name: string) => {
  const found = body.properties.find((p) => p["name"] === name);
  assert.ok(found, `property ${name} missing`);
  return found;
};

before(async () => {
  server = await startTestServer();
});
after(() => server.dispose());

describe("data types", () => {
  const primitives = [
    "int",
    "int[]",
    "number",
    "number[]",
    "boolean",
    "boolean[]",
    "date",
    "date[]",
    "uuid",
    "uuid[]",
    "geoCoordinates",
    "phoneNumber",
    "blob",
  ];
  let body: ClassJson;
  before(async () => {
    await create({ class: "Target" });
    body = await create({
      class: "AllTypes",
      properties: [
        { name: "text", dataType: ["text"] },
        { name: "texts", dataType: ["text[]"] },
        ...primitives.map((type) => ({ name: `p_${type.replace("[]", "s")}`, dataType: [type] })),
        { name: "str", dataType: ["string"] },
        { name: "strs", dataType: ["string[]"] },
        { name: "strField", dataType: ["string"], tokenization: "field" },
        { name: "ref", dataType: ["Target"] },
        { name: "self", dataType: ["AllTypes"] },
        { name: "multi", dataType: ["Target", "AllTypes"] },
        {
          name: "obj",
          dataType: ["object"],
          nestedProperties: [
            { name: "label", dataType: ["text"] },
            { name: "count", dataType: ["int"] },
            { name: "raw", dataType: ["blob"] },
            { name: "inner", dataType: ["object[]"], nestedProperties: [{ name: "tag", dataType: ["text[]"] }] },
          ],
        },
        { name: "objs", dataType: ["object[]"], nestedProperties: [{ name: "n", dataType: ["number"] }] },
      ],
    });
  });

  test("text and text[] get word tokenization and are searchable", () => {
    for (const name of ["text", "texts"]) {
      const p = property(body, name);
      assert.equal(p["tokenization"], "word", name);
      assert.equal(p["indexFilterable"], true, name);
      assert.equal(p["indexSearchable"], true, name);
      assert.equal(p["indexRangeFilters"], false, name);
    }
  });

  test("every other primitive is accepted, filterable, not searchable, without tokenization", () => {
    for (const type of primitives) {
      const p = property(body, `p_${type.replace("[]", "s")}`);
      assert.deepEqual(p["dataType"], [type]);
      assert.equal(p["tokenization"], undefined, type);
      assert.equal(p["indexFilterable"], true, type);
      assert.equal(p["indexSearchable"], false, type);
      assert.equal(p["indexRangeFilters"], false, type);
    }
  });

  test("string and string[] are migrated to text and text[] (word becomes whitespace, field stays)", () => {
    assert.deepEqual(property(body, "str")["dataType"], ["text"]);
    assert.equal(property(body, "str")["tokenization"], "whitespace");
    assert.deepEqual(property(body, "strs")["dataType"], ["text[]"]);
    assert.equal(property(body, "strs")["tokenization"], "whitespace");
    assert.deepEqual(property(body, "strField")["dataType"], ["text"]);
    assert.equal(property(body, "strField")["tokenization"], "field");
  });

  test("references: to another class, to the class itself, multi-target", () => {
    assert.deepEqual(property(body, "ref")["dataType"], ["Target"]);
    assert.deepEqual(property(body, "self")["dataType"], ["AllTypes"]);
    assert.deepEqual(property(body, "multi")["dataType"], ["Target", "AllTypes"]);
    assert.equal(property(body, "ref")["tokenization"], undefined);
  });

  test("nested properties get defaults too; nested blobs are not filterable", () => {
    const nested = property(body, "obj")["nestedProperties"] as Json[];
    const byName = (name: string) => nested.find((p) => p["name"] === name) as Json;
    assert.equal(byName("label")["tokenization"], "word");
    assert.equal(byName("label")["indexSearchable"], true);
    assert.equal(byName("count")["indexSearchable"], false);
    assert.equal(byName("count")["indexFilterable"], true);
    assert.equal(byName("raw")["indexFilterable"], false);
    const inner = byName("inner")["nestedProperties"] as Json[];
    assert.deepEqual(inner[0]?.["dataType"], ["text[]"]);
    assert.equal(inner[0]?.["tokenization"], "word");
    assert.deepEqual(at(property(body, "objs"), "dataType"), ["object[]"]);
  });

  test("GET shows the same properties", async () => {
    assert.deepEqual(expectOk<ClassJson>(await call(server.url, "GET", "/v1/schema/AllTypes")).properties, body.properties);
  });

  test("range filters are accepted on int, number and date", async () => {
    const ranged = await create({
      class: "Ranged",
      properties: ["int", "number", "date"].map((type) => ({ name: type, dataType: [type], indexRangeFilters: true })),
    });
    for (const p of ranged.properties) assert.equal(p["indexRangeFilters"], true, String(p["name"]));
  });

  test("legacy indexInverted alone switches filtering and searching", async () => {
    const legacy = await create({
      class: "Legacy",
      properties: [
        { name: "off", dataType: ["text"], indexInverted: false },
        { name: "num", dataType: ["int"], indexInverted: true },
      ],
    });
    assert.equal(property(legacy, "off")["indexFilterable"], false);
    assert.equal(property(legacy, "off")["indexSearchable"], false);
    assert.equal(property(legacy, "num")["indexFilterable"], true);
    assert.equal(property(legacy, "num")["indexSearchable"], false);
  });

  test("each general-purpose tokenization is accepted on text", async () => {
    const tokenizations = ["word", "lowercase", "whitespace", "field", "trigram"];
    const tokenized = await create({
      class: "Tokenized",
      properties: tokenizations.map((t) => ({ name: `t_${t}`, dataType: ["text"], tokenization: t })),
    });
    for (const t of tokenizations) assert.equal(property(tokenized, `t_${t}`)["tokenization"], t);
  });
});

describe("named vectors", () => {
  test("the v3 client's vectorConfig creates a class without a class-level vector", async () => {
    const body = await create({
      class: "Named",
      vectorConfig: { default: { vectorizer: { none: {} }, vectorIndexType: "hnsw" } },
    });
    assertClientReadable(body);
    for (const key of ["vectorizer", "vectorIndexType", "vectorIndexConfig"]) {
      assert.equal(body[key], undefined, key);
    }
    const vector = at(body, "vectorConfig", "default") as Json;
    assert.deepEqual(vector["vectorizer"], { none: {} });
    assert.equal(vector["vectorIndexType"], "hnsw");
    assertHnswComplete(vector["vectorIndexConfig"]);
    assert.equal(at(vector, "vectorIndexConfig", "distance"), "cosine");
    assert.deepEqual(expectOk(await call(server.url, "GET", "/v1/schema/Named")), body);
  });

  test("an object with a named vector can be written to it", async () => {
    const reply = await call(server.url, "POST", "/v1/objects", {
      class: "Named",
      properties: {},
      vectors: { default: [0.1, 0.2, 0.3] },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });

  test("several vectors with their own index types and settings; vectorizer defaults to none", async () => {
    const body = await create({
      class: "MultiVector",
      vectorConfig: {
        small: { vectorizer: { none: {} }, vectorIndexType: "flat", vectorIndexConfig: { distance: "dot" } },
        large: { vectorIndexConfig: { distance: "l2-squared", ef: 50 } },
      },
    });
    assert.equal(at(body, "vectorConfig", "small", "vectorIndexType"), "flat");
    assert.equal(at(body, "vectorConfig", "small", "vectorIndexConfig", "distance"), "dot");
    assert.notEqual(at(body, "vectorConfig", "small", "vectorIndexConfig", "vectorCacheMaxObjects"), undefined);
    assert.deepEqual(at(body, "vectorConfig", "large", "vectorizer"), { none: {} });
    assert.equal(at(body, "vectorConfig", "large", "vectorIndexType"), "hnsw");
    assert.equal(at(body, "vectorConfig", "large", "vectorIndexConfig", "ef"), 50);
    assertHnswComplete(at(body, "vectorConfig", "large", "vectorIndexConfig"));
  });

  test("an unsupported index type for a named vector is a 422", async () => {
    expect422(
      await call(server.url, "POST", "/v1/schema", { class: "BadNamed", vectorConfig: { v: { vectorIndexType: "annoy" } } }),
      "annoy",
    );
  });
});

describe("distance metrics", () => {
  const metrics = ["cosine", "dot", "l2-squared", "manhattan", "hamming"];
  const write = async (body: Json) => {
    const reply = await call(server.url, "POST", "/v1/objects", { ...body, properties: {} });
    assert.equal(reply.status, 200, `${String(body["class"])}: ${JSON.stringify(reply.body)}`);
  };

  for (const distance of metrics) {
    test(`${distance}: class-level and named hnsw vectors accept it and the shard takes a vector`, async () => {
      const suffix = distance.replace("-", "");
      const legacy = await create({ class: `Dist_${suffix}`, vectorIndexConfig: { distance } });
      assert.equal(at(legacy, "vectorIndexConfig", "distance"), distance);
      const named = await create({ class: `Named_${suffix}`, vectorConfig: { v: { vectorIndexConfig: { distance } } } });
      assert.equal(at(named, "vectorConfig", "v", "vectorIndexConfig", "distance"), distance);
      await write({ class: legacy.class, vector: [1, 0, 1] });
      await write({ class: named.class, vectors: { v: [1, 0, 1] } });
    });
  }

  test("a flat index accepts every metric", async () => {
    for (const distance of metrics) {
      const flat = await create({
        class: `Flat_${distance.replace("-", "")}`,
        vectorIndexType: "flat",
        vectorIndexConfig: { distance },
      });
      assert.equal(at(flat, "vectorIndexConfig", "distance"), distance);
    }
  });

  test("a flat index takes vectors, whatever its metric", async () => {
    for (const distance of metrics) await write({ class: `Flat_${distance.replace("-", "")}`, vector: [1, 0, 1] });
  });

  test("a dynamic index takes one distance for both halves, and vectors", async () => {
    const body = await create({ class: "Dynamic", vectorIndexType: "dynamic", vectorIndexConfig: { distance: "dot" } });
    assert.equal(at(body, "vectorIndexConfig", "distance"), "dot");
    assert.equal(at(body, "vectorIndexConfig", "hnsw", "distance"), "dot");
    assert.equal(at(body, "vectorIndexConfig", "flat", "distance"), "dot");
    await write({ class: "Dynamic", vector: [1, 0, 1] });
  });
});

describe("DEFAULT_VECTOR_DISTANCE_METRIC", () => {
  let other: TestServer;
  before(async () => {
    other = await startTestServer({ DEFAULT_VECTOR_DISTANCE_METRIC: "l2-squared" });
  });
  after(() => other.dispose());

  test("sets the distance of new classes and named vectors; an explicit distance wins", async () => {
    const post = async (body: unknown) => expectOk<ClassJson>(await call(other.url, "POST", "/v1/schema", body));
    assert.equal(at(await post({ class: "A" }), "vectorIndexConfig", "distance"), "l2-squared");
    const named = await post({ class: "B", vectorConfig: { default: { vectorizer: { none: {} } } } });
    assert.equal(at(named, "vectorConfig", "default", "vectorIndexConfig", "distance"), "l2-squared");
    const explicit = await post({ class: "C", vectorIndexConfig: { distance: "cosine" } });
    assert.equal(at(explicit, "vectorIndexConfig", "distance"), "cosine");
  });
});
