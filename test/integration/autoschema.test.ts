/**
 * Auto-schema (reference §9) through POST /v1/objects on the real service: unknown classes are
 * created and unknown properties added with types inferred from the first values, unless
 * AUTOSCHEMA_ENABLED=false, in which case both are 422s.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { isAppError } from "../../src/errors/index.ts";
import { expect422, expectNoBody, expectOk } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import { assertClientReadable, at, type ClassJson, type Json } from "../helpers/schema.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const UUID = "6a3c9f5e-1b1a-4c8e-9b1a-1a2b3c4d5e6f";
const DATE = "2024-03-01T12:30:00Z";

const propertiesOf = (body: ClassJson) => new Map(body.properties.map((p) => [String(p["name"]), p]));
const typeOf = (body: ClassJson, name: string) => propertiesOf(body).get(name)?.["dataType"];

describe("auto-schema enabled (default)", () => {
  let server: TestServer;
  const insert = (body: unknown) => call(server.url, "POST", "/v1/objects", body);
  const getClass = async (name: string) => expectOk<ClassJson>(await call(server.url, "GET", `/v1/schema/${name}`));
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  describe("an unknown class is created with inferred types", () => {
    let created: ClassJson;
    before(async () => {
      expectOk(
        await insert({
          class: "autoThing",
          properties: {
            count: 5,
            ratio: 0.25,
            Name: "plain text",
            published: DATE,
            ref_id: UUID,
            active: true,
            location: { latitude: 52.37, longitude: 4.89 },
            phone: { input: "020 123 4567", defaultCountry: "nl" },
            meta: { pages: 12, author: { first: "Ada" }, tags: ["x"] },
            tags: ["a", "b"],
            scores: [1, 2.5],
            flags: [true, false],
            dates: [DATE, DATE],
            ids: [UUID],
            empty: [],
            mixedStrings: ["text", DATE, UUID],
            items: [{ a: "x" }, { b: 2 }],
          },
        }),
      );
      created = await getClass("AutoThing");
    });

    test("the class name is upper-cased and the class carries the normal defaults", () => {
      assert.equal(created.class, "AutoThing");
      assertClientReadable(created);
      assert.equal(created["vectorizer"], "none");
      assert.equal(created["vectorIndexType"], "hnsw");
      assert.match(String(created["description"]), /auto-schema/);
    });

    test("scalars: JSON integers and fractions are number, strings text/date/uuid, booleans boolean", () => {
      assert.deepEqual(typeOf(created, "count"), ["number"]);
      assert.deepEqual(typeOf(created, "ratio"), ["number"]);
      assert.deepEqual(typeOf(created, "name"), ["text"]);
      assert.deepEqual(typeOf(created, "published"), ["date"]);
      assert.deepEqual(typeOf(created, "ref_id"), ["uuid"]);
      assert.deepEqual(typeOf(created, "active"), ["boolean"]);
    });

    test("geo and phone shapes are recognised", () => {
      assert.deepEqual(typeOf(created, "location"), ["geoCoordinates"]);
      assert.deepEqual(typeOf(created, "phone"), ["phoneNumber"]);
    });

    test("other objects become object with nestedProperties, recursively", () => {
      const meta = propertiesOf(created).get("meta")!;
      assert.deepEqual(meta["dataType"], ["object"]);
      const nested = new Map((meta["nestedProperties"] as Json[]).map((p) => [p["name"], p]));
      assert.deepEqual(nested.get("pages")?.["dataType"], ["number"]);
      assert.deepEqual(nested.get("tags")?.["dataType"], ["text[]"]);
      const author = nested.get("author")!;
      assert.deepEqual(author["dataType"], ["object"]);
      assert.deepEqual((author["nestedProperties"] as Json[]).map((p) => [p["name"], p["dataType"]]), [["first", ["text"]]]);
    });

    test("arrays take their element type; empty is text[]; mixed strings are text[]", () => {
      assert.deepEqual(typeOf(created, "tags"), ["text[]"]);
      assert.deepEqual(typeOf(created, "scores"), ["number[]"]);
      assert.deepEqual(typeOf(created, "flags"), ["boolean[]"]);
      assert.deepEqual(typeOf(created, "dates"), ["date[]"]);
      assert.deepEqual(typeOf(created, "ids"), ["uuid[]"]);
      assert.deepEqual(typeOf(created, "empty"), ["text[]"]);
      assert.deepEqual(typeOf(created, "mixedStrings"), ["text[]"]);
    });

    test("arrays of objects are object[] with the union of their keys", () => {
      const items = propertiesOf(created).get("items")!;
      assert.deepEqual(items["dataType"], ["object[]"]);
      const nested = (items["nestedProperties"] as Json[]).map((p) => [p["name"], p["dataType"]]);
      assert.deepEqual(nested, [
        ["a", ["text"]],
        ["b", ["number"]],
      ]);
    });

    test("inferred properties get the usual property defaults", () => {
      const name = propertiesOf(created).get("name")!;
      assert.equal(name["tokenization"], "word");
      assert.equal(name["indexSearchable"], true);
      const count = propertiesOf(created).get("count")!;
      assert.equal(count["indexFilterable"], true);
      assert.equal(count["indexSearchable"], false);
    });
  });

  test("a beacon array infers a reference to the beacon's class", async () => {
    const target = expectOk<Json>(await insert({ class: "RefTarget", properties: { name: "t" } }));
    const beacon = `weaviate://localhost/RefTarget/${String(target["id"])}`;
    expectOk(await insert({ class: "RefSource", properties: { link: [{ beacon }] } }));
    assert.deepEqual(typeOf(await getClass("RefSource"), "link"), ["RefTarget"]);
  });

  test("missing properties are added to an existing class; known ones are left alone", async () => {
    expectOk(
      await call(server.url, "POST", "/v1/schema", {
        class: "Existing",
        properties: [{ name: "title", dataType: ["text"], tokenization: "field" }],
      }),
    );
    expectOk(await insert({ class: "Existing", properties: { Title: "t", views: 3, tags: ["x"] } }));
    const body = await getClass("Existing");
    assert.deepEqual(
      body.properties.map((p) => [p["name"], p["dataType"]]),
      [
        ["title", ["text"]],
        ["views", ["number"]],
        ["tags", ["text[]"]],
      ],
    );
    assert.equal(propertiesOf(body).get("title")?.["tokenization"], "field");
  });

  test("a value of the wrong type for an existing property is a 422; the property keeps its type", async () => {
    expect422(await insert({ class: "Existing", properties: { views: "many" } }), "views");
    assert.deepEqual(typeOf(await getClass("Existing"), "views"), ["number"]);
  });

  test("invalid or reserved keys are 422s on an existing class too, and add nothing", async () => {
    expectOk(await insert({ class: "Strict", properties: { ok: "x", o: { inner: "y" } } }));
    const before = await getClass("Strict");
    for (const properties of [{ "my-prop": 1 }, { _additional: 1 }, { id_temp: 1 }, { o: { "bad-key": 1 } }]) {
      expect422(await insert({ class: "Strict", properties }));
    }
    expect422(await insert({ class: "StrictNew", properties: { "my-prop": 1 } }));
    assert.deepEqual(await getClass("Strict"), before);
    expectNoBody(await call(server.url, "GET", "/v1/schema/StrictNew"), 404);
  });

  test("a new key inside a known object property is added as a nested property", async () => {
    expectOk(await insert({ class: "Nesting", properties: { o: { a: "x" } } }));
    expectOk(await insert({ class: "Nesting", properties: { o: { a: "y", b: 2 } } }));
    const o = propertiesOf(await getClass("Nesting")).get("o")!;
    assert.deepEqual(
      (o["nestedProperties"] as Json[]).map((p) => [p["name"], p["dataType"]]),
      [
        ["a", ["text"]],
        ["b", ["number"]],
      ],
    );
  });

  test("a null value creates a text property and stores nothing", async () => {
    const created = await insert({ class: "Nulls", properties: { gone: null, kept: "v" } });
    expectOk(created);
    assert.deepEqual(propertiesOf(await getClass("Nulls")).get("gone")?.["dataType"], ["text"]);
    assert.deepEqual((created.body as { properties: Json }).properties, { kept: "v" });
  });

  test("an array mixing incompatible types is a 422 and creates no class", async () => {
    expect422(await insert({ class: "Mixed", properties: { bad: ["a", 1] } }), "mismatched data type");
    expectNoBody(await call(server.url, "GET", "/v1/schema/Mixed"), 404);
  });

  test("an object without a class is a 422", async () => {
    expect422(await insert({ properties: { a: 1 } }));
  });
});

describe("CollectionService.ensure, the port auto-schema writes through", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());
  const plan = (properties: Json[]) => () => ({ description: "auto", properties: properties as never });

  test("merges missing nested properties into object properties, with defaults, and persists them", async () => {
    const collections = server.app.collections;
    await collections.ensure("Merged", plan([{ name: "o", dataType: ["object"], nestedProperties: [{ name: "a", dataType: ["text"] }] }]));
    const generation = collections.generation;
    await collections.ensure(
      "Merged",
      plan([
        {
          name: "O",
          dataType: ["object"],
          nestedProperties: [
            { name: "a", dataType: ["text"] },
            { name: "deep", dataType: ["object"], nestedProperties: [{ name: "z", dataType: ["number"] }] },
          ],
        },
      ]),
    );
    assert.ok(collections.generation > generation);
    const body = expectOk<ClassJson>(await call(server.url, "GET", "/v1/schema/Merged"));
    assert.equal(body.properties.length, 1);
    const nested = body.properties[0]!["nestedProperties"] as Json[];
    assert.deepEqual(
      nested.map((p) => p["name"]),
      ["a", "deep"],
    );
    assert.equal(nested[1]!["indexFilterable"], true);
    assert.deepEqual(at(nested[1], "nestedProperties"), [
      { name: "z", dataType: ["number"], indexFilterable: true, indexSearchable: false, indexRangeFilters: false },
    ]);
  });

  test("changes nothing when everything exists or the types differ", async () => {
    const collections = server.app.collections;
    await collections.ensure("Stable", plan([{ name: "o", dataType: ["object"], nestedProperties: [{ name: "a", dataType: ["text"] }] }]));
    const generation = collections.generation;
    await collections.ensure("Stable", plan([{ name: "o", dataType: ["object"], nestedProperties: [{ name: "A", dataType: ["text"] }] }]));
    await collections.ensure("Stable", plan([{ name: "o", dataType: ["object[]"], nestedProperties: [{ name: "b", dataType: ["text"] }] }]));
    assert.equal(collections.generation, generation);
  });

  test("rejects invalid nested additions with a 422 and changes nothing", async () => {
    const collections = server.app.collections;
    await collections.ensure("Guarded", plan([{ name: "o", dataType: ["object"], nestedProperties: [{ name: "a", dataType: ["text"] }] }]));
    const generation = collections.generation;
    for (const nested of [{ name: "bad-key", dataType: ["text"] }, { name: "p", dataType: ["phoneNumber"] }]) {
      await assert.rejects(
        collections.ensure("Guarded", plan([{ name: "o", dataType: ["object"], nestedProperties: [nested] }])),
        (error: unknown) => isAppError(error) && error.code === "UNPROCESSABLE",
      );
    }
    assert.equal(collections.generation, generation);
  });
});

describe("AUTOSCHEMA_DEFAULT_* settings", () => {
  test("NUMBER=int infers int for numbers; DATE=text keeps dates as text", async () => {
    const server = await startTestServer({ AUTOSCHEMA_DEFAULT_NUMBER: "int", AUTOSCHEMA_DEFAULT_DATE: "text" });
    try {
      expectOk(await call(server.url, "POST", "/v1/objects", { class: "Tuned", properties: { n: 3, ns: [1, 2], d: DATE } }));
      const body = expectOk<ClassJson>(await call(server.url, "GET", "/v1/schema/Tuned"));
      assert.deepEqual(typeOf(body, "n"), ["int"]);
      assert.deepEqual(typeOf(body, "ns"), ["int[]"]);
      assert.deepEqual(typeOf(body, "d"), ["text"]);
    } finally {
      await server.dispose();
    }
  });
});

describe("AUTOSCHEMA_ENABLED=false", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
    expectOk(
      await call(server.url, "POST", "/v1/schema", { class: "Known", properties: [{ name: "title", dataType: ["text"] }] }),
    );
  });
  after(() => server.dispose());

  test("an unknown class is a 422 and is not created", async () => {
    expect422(await call(server.url, "POST", "/v1/objects", { class: "Unknown", properties: { a: "x" } }), "Unknown");
    expectNoBody(await call(server.url, "GET", "/v1/schema/Unknown"), 404);
  });

  test("an unknown property is a 422 and is not added", async () => {
    const reply = await call(server.url, "POST", "/v1/objects", { class: "Known", properties: { title: "t", extra: 1 } });
    expect422(reply, "extra");
    const body = expectOk<ClassJson>(await call(server.url, "GET", "/v1/schema/Known"));
    assert.deepEqual(
      body.properties.map((p) => p["name"]),
      ["title"],
    );
  });

  test("objects matching the schema are still written", async () => {
    expectOk(await call(server.url, "POST", "/v1/objects", { class: "known", properties: { Title: "t" } }));
  });
});
