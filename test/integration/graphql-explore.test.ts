/**
 * Explore over HTTP (reference §6.6): one vector search across every class (nearVector, and
 * nearObject by id or beacon), answered as beacon / className / distance / certainty closest
 * first; classes whose vectors have another length are left out; classes with different distance
 * metrics cannot be searched together.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expectGraphQLReply, graphql, queryData } from "../helpers/graphql.ts";
import { beacon, createClass, createObject, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

const at = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
const distanceOf = (degrees: number) => 1 - Math.cos((degrees * Math.PI) / 180);

/** [class, id, angle in degrees] */
const objects: Array<[string, string, number]> = [
  ["Apple", uuidOf(1), 0],
  ["Apple", uuidOf(2), 40],
  ["Berry", uuidOf(3), 10],
  ["Berry", uuidOf(4), 60],
];
const byId = new Map(objects.map(([className, id, angle]) => [id, { className, angle }]));

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  for (const name of ["Apple", "Berry", "Cube"]) {
    await createClass(url, { class: name, properties: [{ name: "name", dataType: ["text"] }] });
  }
  for (const [className, id, angle] of objects) {
    await createObject(url, { class: className, id, vector: at(angle), properties: { name: id } });
  }
  // Three dimensions: never comparable with a two-dimensional query.
  await createObject(url, { class: "Cube", id: uuidOf(5), vector: [1, 0, 0], properties: { name: "cube" } });
});

after(() => server.dispose());

interface Hit {
  beacon: string;
  className: string;
  distance: number;
  certainty: number;
}

async function explore(args: string): Promise<Hit[]> {
  const data = await queryData(url, `{ Explore(${args}) { beacon className distance certainty } }`);
  return data.Explore;
}

/** Asserts the hits are exactly `ids` in order, with distances measured from `origin` degrees. */
function assertHits(hits: Hit[], ids: string[], origin: number): void {
  assert.deepEqual(
    hits.map(({ beacon, className }) => ({ beacon, className })),
    ids.map((id) => ({ beacon: beacon(byId.get(id)!.className, id), className: byId.get(id)!.className })),
  );
  hits.forEach((hit, i) => {
    const distance = distanceOf(byId.get(ids[i]!)!.angle - origin);
    assert.ok(Math.abs(hit.distance - distance) < 1e-5, `distance ${hit.distance} ≈ ${distance}`);
    assert.ok(Math.abs(hit.certainty - (1 - distance / 2)) < 1e-5, `certainty of ${hit.beacon}`);
  });
}

describe("Explore", () => {
  it("searches every class with nearVector, closest first", async () => {
    const hits = await explore("nearVector: {vector: [1, 0]}");
    assertHits(hits, [uuidOf(1), uuidOf(3), uuidOf(2), uuidOf(4)], 0);
  });

  it("keeps hits within a distance", async () => {
    const hits = await explore(`nearVector: {vector: [1, 0], distance: ${distanceOf(20)}}`);
    assertHits(hits, [uuidOf(1), uuidOf(3)], 0);
  });

  it("keeps hits above a certainty", async () => {
    const hits = await explore(`nearVector: {vector: [1, 0], certainty: ${1 - distanceOf(45) / 2}}`);
    assertHits(hits, [uuidOf(1), uuidOf(3), uuidOf(2)], 0);
  });

  it("applies limit and offset", async () => {
    const hits = await explore("nearVector: {vector: [1, 0]}, limit: 2, offset: 1");
    assertHits(hits, [uuidOf(3), uuidOf(2)], 0);
  });

  it("searches near an object given by id, in whichever class holds it", async () => {
    const hits = await explore(`nearObject: {id: "${uuidOf(3)}"}`);
    assertHits(hits, [uuidOf(3), uuidOf(1), uuidOf(2), uuidOf(4)], 10);
  });

  it("searches near an object given by beacon", async () => {
    const hits = await explore(`nearObject: {beacon: "${beacon("Apple", uuidOf(2))}"}`);
    assertHits(hits, [uuidOf(2), uuidOf(4), uuidOf(3), uuidOf(1)], 40);
  });

  it("finds the class whose vectors have the query's length", async () => {
    const hits = await explore("nearVector: {vector: [1, 0, 0]}");
    assert.deepEqual(hits, [{ beacon: beacon("Cube", uuidOf(5)), className: "Cube", distance: 0, certainty: 1 }]);
  });
});

describe("Explore across distance metrics", () => {
  it("refuses classes with different distance metrics", async () => {
    await createClass(url, {
      class: "Dot",
      vectorIndexConfig: { distance: "dot" },
      properties: [{ name: "name", dataType: ["text"] }],
    });
    const body = expectGraphQLReply(
      await graphql(url, "{ Explore(nearVector: {vector: [1, 0]}) { beacon distance } }"),
    );
    assert.deepEqual(body.data, { Explore: null });
    assert.equal(body.errors?.length, 1);
    const [error] = body.errors!;
    assert.deepEqual(error!.path, ["Explore"]);
    assert.match(error!.message, /^vector search across classes not possible: found different distance metrics/);
    assert.match(error!.message, /cosine/);
    assert.match(error!.message, /dot/);
  });
});
