/**
 * Get over HTTP, the shapes of values (reference §6.2, §6.3): every primitive data type and its
 * array, geoCoordinates, phoneNumber, blob, nested objects, references (inline fragments per
 * target class), `_additional` (id, vector, timestamps as strings of ms, distance / certainty),
 * named vectors (`_additional { vectors { name } }`, `nearVector { targetVectors }`).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assertClose, getObjects } from "../helpers/graphql.ts";
import { beacon, createClass, createObject, getObject, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

const ann = uuidOf(1);
const thing = uuidOf(2);
const plain = uuidOf(3);
const gone = uuidOf(0xff);

const properties = {
  t: "hello world",
  ts: ["a", "b"],
  i: 3,
  is: [1, -2],
  n: 1.5,
  ns: [0.5, 2],
  b: true,
  bs: [true, false],
  d: "2024-01-02T03:04:05Z",
  ds: ["2024-01-02T03:04:05+02:00", "2023-12-31T00:00:00Z"],
  u: "00000000-0000-4000-8000-00000000000A",
  us: [ann],
  geo: { latitude: 52.37, longitude: 4.89 },
  phone: { input: "020 1234567", defaultCountry: "nl" },
  blob: "aGVsbG8=",
  obj: { x: "ox", inner: { y: 5 } },
  objs: [{ x: "a", zs: [1.5] }, { x: "b" }],
  author: [{ beacon: beacon("Author", ann) }, { beacon: beacon("Author", gone) }],
};

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, { class: "Author", properties: [{ name: "name", dataType: ["text"] }] });
  const scalar = (name: string, type: string) => ({ name, dataType: [type] });
  await createClass(url, {
    class: "Thing",
    vectorConfig: {
      a: { vectorIndexType: "hnsw", vectorizer: { none: {} } },
      b: { vectorIndexType: "flat", vectorizer: { none: {} }, vectorIndexConfig: { distance: "l2-squared" } },
    },
    properties: [
      ...["text", "int", "number", "boolean", "date", "uuid"].flatMap((type) => {
        const name = type === "text" ? "t" : type[0]!;
        return [scalar(name, type), scalar(`${name}s`, `${type}[]`)];
      }),
      scalar("geo", "geoCoordinates"),
      scalar("phone", "phoneNumber"),
      scalar("blob", "blob"),
      {
        name: "obj",
        dataType: ["object"],
        nestedProperties: [
          { name: "x", dataType: ["text"] },
          { name: "inner", dataType: ["object"], nestedProperties: [{ name: "y", dataType: ["int"] }] },
        ],
      },
      {
        name: "objs",
        dataType: ["object[]"],
        nestedProperties: [
          { name: "x", dataType: ["text"] },
          { name: "zs", dataType: ["number[]"] },
        ],
      },
      scalar("author", "Author"),
    ],
  });
  await createClass(url, { class: "Plain", properties: [{ name: "label", dataType: ["text"] }] });
  await createObject(url, { class: "Author", id: ann, properties: { name: "Ann" } });
  await createObject(url, { class: "Thing", id: thing, vectors: { a: [1, 0], b: [0, 1, 2] }, properties });
  await createObject(url, { class: "Plain", id: plain, vector: [0.6, 0.8], properties: { label: "p" } });
});

after(() => server.dispose());

describe("Get: value shapes per data type", () => {
  it("returns primitives and their arrays as stored", async () => {
    const [object] = await getObjects(url, "Thing", "{ Get { Thing { t ts i is n ns b bs d ds u us blob } } }");
    assert.deepEqual(object, {
      t: "hello world",
      ts: ["a", "b"],
      i: 3,
      is: [1, -2],
      n: 1.5,
      ns: [0.5, 2],
      b: true,
      bs: [true, false],
      d: "2024-01-02T03:04:05Z",
      ds: ["2024-01-02T03:04:05+02:00", "2023-12-31T00:00:00Z"],
      u: "00000000-0000-4000-8000-00000000000a",
      us: [ann],
      blob: "aGVsbG8=",
    });
  });

  it("returns geoCoordinates and the parsed phoneNumber", async () => {
    const query = `{ Get { Thing {
      geo { latitude longitude }
      phone { input internationalFormatted countryCode national nationalFormatted valid defaultCountry }
    } } }`;
    const [object] = await getObjects(url, "Thing", query);
    assert.deepEqual(object, {
      geo: { latitude: 52.37, longitude: 4.89 },
      phone: {
        input: "020 1234567",
        internationalFormatted: "+31 20 123 4567",
        countryCode: 31,
        national: 201234567,
        nationalFormatted: "020 123 4567",
        valid: true,
        defaultCountry: "NL",
      },
    });
  });

  it("returns object and object[] properties through their nested fields", async () => {
    const [object] = await getObjects(url, "Thing", "{ Get { Thing { obj { x inner { y } } objs { x zs } } } }");
    assert.deepEqual(object, {
      obj: { x: "ox", inner: { y: 5 } },
      objs: [
        { x: "a", zs: [1.5] },
        { x: "b", zs: null },
      ],
    });
  });

  it("names nested types <Class>_<path>_object", async () => {
    const [object] = await getObjects(url, "Thing", "{ Get { Thing { obj { __typename inner { __typename } } } } }");
    assert.deepEqual(object, {
      obj: { __typename: "Thing_obj_object", inner: { __typename: "Thing_obj_inner_object" } },
    });
  });

  it("resolves references through inline fragments; a dangling one is left out", async () => {
    const query = `{ Get { Thing { author {
      __typename
      ... on Author { name _additional { id } }
      ... on Beacon { beacon }
    } } } }`;
    const [object] = await getObjects(url, "Thing", query);
    assert.deepEqual(object, { author: [{ __typename: "Author", name: "Ann", _additional: { id: ann } }] });
  });

  it("returns null for a property the object does not have", async () => {
    await createObject(url, { class: "Author", id: uuidOf(4), properties: {} });
    const list = await getObjects(url, "Author", `{ Get { Author(where: {path: ["_id"], operator: Equal, valueText: "${uuidOf(4)}"}) { name } } }`);
    assert.deepEqual(list, [{ name: null }]);
  });
});

describe("Get: _additional", () => {
  it("returns id, vector and the timestamps as strings of milliseconds; no distance without a search", async () => {
    const stored = await getObject(url, "Plain", plain);
    const list = await getObjects(
      url,
      "Plain",
      "{ Get { Plain { label _additional { id vector creationTimeUnix lastUpdateTimeUnix distance certainty } } } }",
    );
    assert.deepEqual(list, [
      {
        label: "p",
        _additional: {
          id: plain,
          vector: [0.6, 0.8],
          creationTimeUnix: String(stored.creationTimeUnix),
          lastUpdateTimeUnix: String(stored.lastUpdateTimeUnix),
          distance: null,
          certainty: null,
        },
      },
    ]);
  });

  it("returns distance and certainty of a cosine vector search", async () => {
    const [hit] = await getObjects(
      url,
      "Plain",
      "{ Get { Plain(nearVector: {vector: [1, 0]}) { _additional { distance certainty } } } }",
    );
    assertClose([hit._additional.distance, hit._additional.certainty], [0.4, 0.8]);
  });

  it("returns named vectors through _additional { vectors { name } }", async () => {
    const list = await getObjects(url, "Thing", "{ Get { Thing { _additional { id vectors { a b } } } } }");
    assert.deepEqual(list, [{ _additional: { id: thing, vectors: { a: [1, 0], b: [0, 1, 2] } } }]);
  });

  it("searches one named vector with nearVector { targetVectors }", async () => {
    await createObject(url, { class: "Thing", id: uuidOf(5), vectors: { a: [0, 1], b: [3, 1, 2] }, properties: {} });
    const onB = await getObjects(
      url,
      "Thing",
      '{ Get { Thing(nearVector: {vector: [1, 1, 2], targetVectors: ["b"]}) { _additional { id distance } } } }',
    );
    // l2-squared: |(1,1,2)-(0,1,2)|² = 1, |(1,1,2)-(3,1,2)|² = 4
    assert.deepEqual(onB, [
      { _additional: { id: thing, distance: 1 } },
      { _additional: { id: uuidOf(5), distance: 4 } },
    ]);
    const onA = await getObjects(
      url,
      "Thing",
      '{ Get { Thing(nearVector: {vector: [0, 2], targetVectors: ["a"]}) { _additional { id distance certainty } } } }',
    );
    assert.deepEqual(onA, [
      { _additional: { id: uuidOf(5), distance: 0, certainty: 1 } },
      { _additional: { id: thing, distance: 1, certainty: 0.5 } },
    ]);
  });
});
