/**
 * Property and vector validation on the write path, through HTTP (reference §2.5, §3.4): every
 * data type accepted in its valid shape and refused with Weaviate's message otherwise, values
 * read back in their stored form, the vector rules, and POST /v1/objects/validate.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import { beacon, createClass, createObject, getObject, uuidOf, type WireObject } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, { class: "Target", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, { class: "Other", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, {
    class: "Typed",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "count", dataType: ["int"] },
      { name: "score", dataType: ["number"] },
      { name: "flag", dataType: ["boolean"] },
      { name: "when", dataType: ["date"] },
      { name: "uid", dataType: ["uuid"] },
      { name: "tags", dataType: ["text[]"] },
      { name: "counts", dataType: ["int[]"] },
      { name: "scores", dataType: ["number[]"] },
      { name: "flags", dataType: ["boolean[]"] },
      { name: "whens", dataType: ["date[]"] },
      { name: "uids", dataType: ["uuid[]"] },
      { name: "place", dataType: ["geoCoordinates"] },
      { name: "phone", dataType: ["phoneNumber"] },
      { name: "image", dataType: ["blob"] },
      {
        name: "meta",
        dataType: ["object"],
        nestedProperties: [
          { name: "source", dataType: ["text"] },
          { name: "pages", dataType: ["int[]"] },
        ],
      },
      { name: "sections", dataType: ["object[]"], nestedProperties: [{ name: "heading", dataType: ["text"] }] },
      { name: "target", dataType: ["Target"] },
    ],
  });
  await createClass(url, { class: "Vectored", properties: [{ name: "title", dataType: ["text"] }] });
});

after(() => server.dispose());

/** Writes one property value and returns it as the server stores and reads it back. */
async function roundTrip(name: string, value: unknown): Promise<unknown> {
  const object = await createObject(url, { class: "Typed", properties: { [name]: value } });
  const stored = await getObject(url, "Typed", object.id);
  return stored.properties?.[name];
}

/** Asserts that writing `properties` fails with 422 and a message matching `message`. */
async function refuses(properties: Record<string, unknown>, message: RegExp): Promise<void> {
  const reply = await call(url, "POST", "/v1/objects", { class: "Typed", properties });
  assert.equal(reply.status, 422, `${JSON.stringify(properties)} → ${JSON.stringify(reply.body)}`);
  assert.match(errorMessage(reply), message);
  // The same checks back POST /v1/objects/validate.
  const validate = await call(url, "POST", "/v1/objects/validate", { class: "Typed", properties });
  assert.equal(validate.status, 422, `validate ${JSON.stringify(properties)}`);
  assert.match(errorMessage(validate), message);
}

describe("primitive data types", () => {
  it("text", async () => {
    assert.equal(await roundTrip("title", "Hello"), "Hello");
    await refuses({ title: 3 }, /^invalid object: invalid text property 'title' on class 'Typed': not a string, but json.Number$/);
    await refuses({ title: true }, /not a string, but bool/);
  });

  it("int, refusing fractions", async () => {
    assert.equal(await roundTrip("count", 42), 42);
    assert.equal(await roundTrip("count", -7), -7);
    await refuses({ count: 1.5 }, /invalid integer property 'count' on class 'Typed': requires an integer, the given value is '1.5'/);
    await refuses({ count: "1" }, /invalid integer property 'count'/);
  });

  it("number", async () => {
    assert.equal(await roundTrip("score", 0.125), 0.125);
    assert.equal(await roundTrip("score", 3), 3);
    await refuses({ score: "0.5" }, /invalid number property 'score'/);
  });

  it("boolean", async () => {
    assert.equal(await roundTrip("flag", false), false);
    await refuses({ flag: "true" }, /invalid boolean property 'flag' on class 'Typed': not a bool, but string/);
    await refuses({ flag: 1 }, /invalid boolean property 'flag'/);
  });

  it("date in RFC 3339 only", async () => {
    assert.equal(await roundTrip("when", "2024-02-29T10:20:30Z"), "2024-02-29T10:20:30Z");
    assert.equal(await roundTrip("when", "2024-01-01T10:00:00+02:00"), "2024-01-01T10:00:00+02:00");
    assert.equal(await roundTrip("when", "2024-01-01T10:00:00.500Z"), "2024-01-01T10:00:00.5Z");
    for (const bad of ["2024-01-01", "yesterday", "2023-02-29T00:00:00Z"]) {
      await refuses(
        { when: bad },
        new RegExp(`invalid date property 'when' on class 'Typed': requires a string with a RFC3339 formatted date, but the given value is '${bad}'`),
      );
    }
  });

  it("uuid, lower-cased", async () => {
    const id = "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D";
    assert.equal(await roundTrip("uid", id), id.toLowerCase());
    await refuses({ uid: "not-a-uuid" }, /invalid uuid property 'uid' on class 'Typed': requires a string of UUID format/);
  });

  it("blob as base64", async () => {
    const data = Buffer.from("hello blob").toString("base64");
    assert.equal(await roundTrip("image", data), data);
    await refuses({ image: "not base64!" }, /invalid blob property 'image'/);
    await refuses({ image: 12 }, /invalid blob property 'image'/);
  });
});

describe("array data types", () => {
  it("accepts arrays of the element type", async () => {
    assert.deepEqual(await roundTrip("tags", ["a", "b"]), ["a", "b"]);
    assert.deepEqual(await roundTrip("counts", [1, 2, 3]), [1, 2, 3]);
    assert.deepEqual(await roundTrip("scores", [0.5, 2]), [0.5, 2]);
    assert.deepEqual(await roundTrip("flags", [true, false]), [true, false]);
    assert.deepEqual(await roundTrip("whens", ["2020-01-01T00:00:00Z"]), ["2020-01-01T00:00:00Z"]);
    assert.deepEqual(await roundTrip("uids", [uuidOf(1).toUpperCase()]), [uuidOf(1)]);
  });

  it("refuses a scalar or a bad element", async () => {
    await refuses({ tags: "a" }, /invalid text array property 'tags'/);
    await refuses({ tags: ["a", 1] }, /invalid text array property 'tags'.*element \[1\]/);
    await refuses({ counts: [1, 2.5] }, /invalid integer array property 'counts'.*'2.5'/);
    await refuses({ scores: [1, "x"] }, /invalid number array property 'scores'/);
    await refuses({ flags: [true, "no"] }, /invalid boolean array property 'flags'/);
    await refuses({ whens: ["2020-01-01"] }, /invalid date array property 'whens'/);
    await refuses({ uids: ["x"] }, /invalid uuid array property 'uids'/);
  });
});

describe("geoCoordinates and phoneNumber", () => {
  it("stores coordinates and checks their ranges", async () => {
    assert.deepEqual(await roundTrip("place", { latitude: 52.37, longitude: 4.89 }), {
      latitude: 52.37,
      longitude: 4.89,
    });
    await refuses({ place: { latitude: 91, longitude: 0 } }, /invalid geoCoordinates property 'place'.*latitude/);
    await refuses({ place: { latitude: 10 } }, /invalid geoCoordinates property 'place'.*longitude/);
    await refuses({ place: "52,4" }, /invalid geoCoordinates property 'place'/);
  });

  it("reads phone numbers back in the parsed shape", async () => {
    const stored = await roundTrip("phone", { input: "020 1234567", defaultCountry: "nl" });
    assert.deepEqual(stored, {
      input: "020 1234567",
      defaultCountry: "NL",
      internationalFormatted: "+31 20 123 4567",
      countryCode: 31,
      national: 201234567,
      nationalFormatted: "020 123 4567",
      valid: true,
    });
    const international = (await roundTrip("phone", { input: "+31 20 1234567" })) as Record<string, unknown>;
    assert.equal(international["countryCode"], 31);
    assert.equal(international["valid"], true);
    await refuses({ phone: { input: "020 1234567" } }, /invalid phoneNumber property 'phone'.*defaultCountry/);
    await refuses({ phone: "+31 20 1234567" }, /invalid phoneNumber property 'phone'/);
  });
});

describe("object and object[] properties", () => {
  it("stores nested values", async () => {
    assert.deepEqual(await roundTrip("meta", { source: "web", pages: [1, 2] }), { source: "web", pages: [1, 2] });
    assert.deepEqual(await roundTrip("sections", [{ heading: "a" }, { heading: "b" }]), [
      { heading: "a" },
      { heading: "b" },
    ]);
  });

  it("refuses unknown nested names, wrong nested types and wrong shapes", async () => {
    await refuses({ meta: { author: "x" } }, /invalid object property 'meta'.*'meta.author'/);
    await refuses({ meta: { pages: [1.5] } }, /invalid object property 'meta'.*'1.5'/);
    await refuses({ meta: ["web"] }, /invalid object property 'meta'/);
    await refuses({ sections: { heading: "a" } }, /invalid object\[\] property 'sections'/);
    await refuses({ sections: [{ heading: 3 }] }, /invalid object\[\] property 'sections'/);
  });
});

describe("reference properties", () => {
  const target = uuidOf(0xa1);
  before(async () => {
    await createObject(url, { class: "Target", id: target, properties: { name: "t" } });
  });

  it("stores beacons with the target class and reads them back with href", async () => {
    assert.deepEqual(await roundTrip("target", [{ beacon: beacon("Target", target) }]), [
      { beacon: beacon("Target", target), href: `/v1/objects/Target/${target}` },
    ]);
    // A class-less beacon on a single-target property is stored with that class.
    assert.deepEqual(await roundTrip("target", [{ beacon: beacon(undefined, target) }]), [
      { beacon: beacon("Target", target), href: `/v1/objects/Target/${target}` },
    ]);
  });

  it("refuses a non-array, a bad beacon and a class the property does not allow", async () => {
    await refuses({ target: { beacon: beacon("Target", target) } }, /invalid cref/);
    await refuses({ target: [{ beacon: "http://elsewhere/x" }] }, /invalid cref/);
    await refuses({ target: [{ beacon: beacon("Target", "nope") }] }, /invalid cref/);
    await refuses({ target: [{ beacon: beacon("Other", target) }] }, /target class 'Other' not allowed/);
    await refuses({ target: ["x"] }, /invalid cref/);
  });
});

describe("property names", () => {
  it("refuses unknown properties with Weaviate's message", async () => {
    await refuses(
      { colour: "red" },
      /^invalid object: no such prop with name 'colour' found in class 'Typed' in the schema\. Check your schema files for which properties in this class are available$/,
    );
  });

  it("matches keys case-insensitively after lower-casing the first letter, and drops nulls", async () => {
    const object = await createObject(url, { class: "Typed", properties: { Title: "Case", count: null } });
    assert.deepEqual((await getObject(url, "Typed", object.id)).properties, { title: "Case" });
  });
});

describe("vectors", () => {
  it("refuses strings and nested arrays inside a vector", async () => {
    for (const vector of [[1, "2", 3], ["NaN"], [1, null], [[1, 2]]]) {
      const reply = await call(url, "POST", "/v1/objects", { class: "Vectored", vector });
      assert.equal(reply.status, 422, JSON.stringify(vector));
      assert.match(errorMessage(reply), /vector/);
    }
    const notArray = await call(url, "POST", "/v1/objects", { class: "Vectored", vector: "1,2" });
    assert.equal(notArray.status, 422);
  });

  it("fixes the length with the first vector and refuses other lengths", async () => {
    const first = await createObject(url, { class: "Vectored", vector: [0.1, 0.2, 0.3] });
    assert.deepEqual(first.vector, [0.1, 0.2, 0.3]);
    const reply = await call(url, "POST", "/v1/objects", { class: "Vectored", vector: [1, 2] });
    assert.equal(reply.status, 422);
    assert.match(errorMessage(reply), /new node has a vector with length 2\. Existing nodes have vectors with length 3/);
    const put = await call(url, "PUT", `/v1/objects/Vectored/${first.id}`, { class: "Vectored", vector: [1, 2, 3, 4] });
    assert.equal(put.status, 422);
    assert.match(errorMessage(put), /new node has a vector with length 4/);
    assert.deepEqual((await getObject(url, "Vectored", first.id)).vector, [0.1, 0.2, 0.3]);
  });

  it("accepts an object without a vector", async () => {
    const object = await createObject(url, { class: "Vectored", properties: { title: "no vector" } });
    const read = await call<WireObject>(url, "GET", `/v1/objects/Vectored/${object.id}?include=vector`);
    assert.equal(read.body.vector, undefined);
  });
});

describe("POST /v1/objects/validate", () => {
  it("answers 200 with an empty body for a valid object and writes nothing", async () => {
    const id = uuidOf(0x700);
    const reply = await call(url, "POST", "/v1/objects/validate", {
      class: "Typed",
      id,
      properties: { title: "fine", count: 2 },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, undefined);
    assert.equal((await call(url, "GET", `/v1/objects/Typed/${id}`)).status, 404);
  });

  it("answers 422 for invalid properties, unknown properties, unknown or missing classes", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ class: "Typed", properties: { title: 1 } }, /^invalid object: invalid text property 'title' on class 'Typed'/],
      [{ class: "Typed", properties: { nope: 1 } }, /no such prop with name 'nope' found in class 'Typed'/],
      [{ class: "Nowhere", properties: {} }, /class "Nowhere" not found in schema/],
      [{ properties: { title: "x" } }, /the given class is empty/],
    ];
    for (const [body, message] of cases) {
      const reply = await call(url, "POST", "/v1/objects/validate", body);
      assert.equal(reply.status, 422, JSON.stringify(body));
      assert.match(errorMessage(reply), message);
    }
  });
});
