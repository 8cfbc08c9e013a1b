/**
 * Get's arguments over HTTP (reference §6.2): limit / offset and their defaults (small values
 * through env), the after cursor, sort, nearVector / nearObject with thresholds, autocut and
 * groupBy. Every result is checked as the exact list of ids in the expected order.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assertClose, expectResolverError, getObjects, idsOf } from "../helpers/graphql.ts";
import { beacon, createClass, createObject, nextMillisecond, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

/** Insertion order; ids are uuidOf(n), so uuid order is 1..10. */
const inserted = [5, 2, 9, 1, 7, 3, 10, 4, 8, 6];
/** Item n's vector angle in degrees: distinct gaps, so no two distances tie. */
const angle = (n: number) => 7 * n + (n * n) / 2;
const vectorOf = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
const ids = (numbers: number[]) => numbers.map(uuidOf);
const cosineDistance = (a: number, b: number) => 1 - Math.cos(((a - b) * Math.PI) / 180);

before(async () => {
  server = await startTestServer({
    AUTOSCHEMA_ENABLED: "false",
    QUERY_DEFAULTS_LIMIT: "3",
    QUERY_DEFAULTS_LIMIT_GRAPHQL: "5",
    QUERY_MAXIMUM_RESULTS: "8",
  });
  url = server.url;
  await createClass(url, { class: "Owner", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, {
    class: "Item",
    properties: [
      { name: "rank", dataType: ["int"] },
      { name: "category", dataType: ["text"], tokenization: "field" },
      { name: "owner", dataType: ["Owner"] },
    ],
  });
  for (const n of inserted) {
    const properties = { rank: n, category: n % 2 === 1 ? "odd" : "even" };
    await createObject(url, { class: "Item", id: uuidOf(n), vector: vectorOf(angle(n)), properties });
    await nextMillisecond();
  }
});

after(() => server.dispose());

const itemIds = async (args: string) =>
  idsOf(await getObjects(url, "Item", `{ Get { Item${args} { _additional { id } } } }`));

describe("Get: limit and offset", () => {
  const byUuid = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it("without pagination arguments returns QUERY_DEFAULTS_LIMIT_GRAPHQL objects in uuid order", async () => {
    assert.deepEqual(await itemIds(""), ids(byUuid.slice(0, 5)));
  });

  it("with offset but no limit returns QUERY_DEFAULTS_LIMIT objects", async () => {
    assert.deepEqual(await itemIds("(offset: 2)"), ids(byUuid.slice(2, 5)));
  });

  it("applies limit and offset together", async () => {
    assert.deepEqual(await itemIds("(limit: 4, offset: 2)"), ids(byUuid.slice(2, 6)));
    assert.deepEqual(await itemIds("(limit: 2)"), ids(byUuid.slice(0, 2)));
  });

  it("lists a filtered class in insertion order", async () => {
    const where = `where: {path: ["rank"], operator: GreaterThan, valueInt: 0}`;
    assert.deepEqual(await itemIds(`(${where}, limit: 8)`), ids(inserted.slice(0, 8)));
    assert.deepEqual(await itemIds(`(${where}, limit: 3, offset: 4)`), ids(inserted.slice(4, 7)));
  });

  it("pages like the cursor: a first page without after, then after the last id", async () => {
    const first = await itemIds("(limit: 4)");
    const next = await itemIds(`(limit: 4, after: "${first.at(-1)}")`);
    assert.deepEqual([...first, ...next], ids(byUuid.slice(0, 8)));
  });

  it("refuses offset + limit above QUERY_MAXIMUM_RESULTS", async () => {
    const query = "{ Get { Item(limit: 4, offset: 5) { rank } } }";
    await expectResolverError(url, query, "Item", ["query maximum results exceeded", "QUERY_MAXIMUM_RESULTS"]);
    // offset 6 + the default limit 3 passes 8 too
    await expectResolverError(url, "{ Get { Item(offset: 6) { rank } } }", "Item", ["QUERY_MAXIMUM_RESULTS"]);
  });
});

describe("Get: the after cursor", () => {
  it("pages in uuid order", async () => {
    assert.deepEqual(await itemIds(`(limit: 3, after: "")`), ids([1, 2, 3]));
    assert.deepEqual(await itemIds(`(limit: 3, after: "${uuidOf(3)}")`), ids([4, 5, 6]));
    assert.deepEqual(await itemIds(`(limit: 5, after: "${uuidOf(8)}")`), ids([9, 10]));
    assert.deepEqual(await itemIds(`(limit: 5, after: "${uuidOf(10)}")`), []);
  });

  it("requires a limit", async () => {
    const message = await expectResolverError(url, `{ Get { Item(after: "${uuidOf(3)}") { rank } } }`, "Item", []);
    assert.equal(message, "cursor api: invalid 'after' parameter: limit parameter must be set");
  });

  it("refuses where, sort and offset, naming them", async () => {
    const where = `where: {path: ["rank"], operator: Equal, valueInt: 1}`;
    const cases: Array<[string, string]> = [
      [where, "where"],
      [`sort: [{path: ["rank"]}]`, "sort"],
      ["offset: 1", "offset"],
      [`offset: 1, ${where}`, "offset,where"],
    ];
    for (const [extra, named] of cases) {
      const query = `{ Get { Item(limit: 2, after: "", ${extra}) { rank } } }`;
      const message = await expectResolverError(url, query, "Item", []);
      assert.equal(message, `cursor api: invalid 'after' parameter: ${named} cannot be set with after and limit parameters`);
    }
  });

  it("refuses a vector search", async () => {
    const query = `{ Get { Item(limit: 2, after: "", nearVector: {vector: [1, 0]}) { rank } } }`;
    const message = await expectResolverError(url, query, "Item", []);
    assert.equal(message, "cursor api: invalid 'after' parameter: other params cannot be set with after and limit parameters");
  });

  it("refuses an after that is not a uuid", async () => {
    const query = `{ Get { Item(limit: 2, after: "nope") { rank } } }`;
    await expectResolverError(url, query, "Item", ["cursor api: invalid 'after' parameter: after parameter 'nope'"]);
  });
});

describe("Get: sort", () => {
  it("sorts by a property, ascending and descending", async () => {
    assert.deepEqual(await itemIds(`(limit: 8, sort: [{path: ["rank"], order: asc}])`), ids([1, 2, 3, 4, 5, 6, 7, 8]));
    assert.deepEqual(await itemIds(`(limit: 3, sort: [{path: ["rank"], order: desc}])`), ids([10, 9, 8]));
    assert.deepEqual(await itemIds(`(limit: 3, offset: 2, sort: [{path: ["rank"]}])`), ids([3, 4, 5]));
  });

  it("sorts by _id and by _creationTimeUnix", async () => {
    assert.deepEqual(await itemIds(`(limit: 4, sort: [{path: ["_id"], order: desc}])`), ids([10, 9, 8, 7]));
    assert.deepEqual(
      await itemIds(`(limit: 8, sort: [{path: ["_creationTimeUnix"], order: desc}])`),
      ids([...inserted].reverse().slice(0, 8)),
    );
  });

  it("sorts by several clauses in turn", async () => {
    const sort = `sort: [{path: ["category"], order: asc}, {path: ["rank"], order: desc}]`;
    assert.deepEqual(await itemIds(`(limit: 8, ${sort})`), ids([10, 8, 6, 4, 2, 9, 7, 5]));
  });

  it("sorts a filtered listing", async () => {
    const where = `where: {path: ["category"], operator: Equal, valueText: "odd"}`;
    assert.deepEqual(await itemIds(`(${where}, sort: [{path: ["rank"], order: desc}])`), ids([9, 7, 5, 3, 1]));
  });

  it("refuses a reference property", async () => {
    const query = `{ Get { Item(sort: [{path: ["owner"]}]) { rank } } }`;
    await expectResolverError(url, query, "Item", ["owner"]);
  });
});

describe("Get: nearVector and nearObject", () => {
  const byDistance = (from: number) =>
    [...inserted].sort((a, b) => cosineDistance(angle(a), angle(from)) - cosineDistance(angle(b), angle(from)));

  it("orders hits by distance, with distance and certainty", async () => {
    const query = `{ Get { Item(nearVector: {vector: [1, 0]}, limit: 4) { rank _additional { distance certainty } } } }`;
    const hits = await getObjects(url, "Item", query);
    assert.deepEqual(
      hits.map((hit) => hit.rank),
      [1, 2, 3, 4],
    );
    const distances = [1, 2, 3, 4].map((n) => cosineDistance(angle(n), 0));
    assertClose(
      hits.map((hit) => hit._additional.distance),
      distances,
    );
    assertClose(
      hits.map((hit) => hit._additional.certainty),
      distances.map((distance) => 1 - distance / 2),
    );
  });

  it("keeps hits within a distance threshold", async () => {
    const threshold = cosineDistance(angle(3) + 1, 0);
    assert.deepEqual(await itemIds(`(nearVector: {vector: [1, 0], distance: ${threshold}})`), ids([1, 2, 3]));
  });

  it("keeps hits above a certainty threshold", async () => {
    const certainty = 1 - cosineDistance(angle(4) + 1, 0) / 2;
    assert.deepEqual(await itemIds(`(nearVector: {vector: [1, 0], certainty: ${certainty}})`), ids([1, 2, 3, 4]));
  });

  it("applies offset to the ranked hits", async () => {
    assert.deepEqual(await itemIds(`(nearVector: {vector: [1, 0]}, limit: 2, offset: 3)`), ids([4, 5]));
  });

  it("searches near an object given by id", async () => {
    const hits = await getObjects(
      url,
      "Item",
      `{ Get { Item(nearObject: {id: "${uuidOf(5)}"}, limit: 4) { _additional { id distance } } } }`,
    );
    assert.deepEqual(idsOf(hits), ids(byDistance(5).slice(0, 4)));
    assertClose(hits[0]._additional.distance, 0);
  });

  it("searches near an object given by beacon", async () => {
    const query = `(nearObject: {beacon: "${beacon("Item", uuidOf(8))}"}, limit: 5)`;
    assert.deepEqual(await itemIds(query), ids(byDistance(8).slice(0, 5)));
  });
});

describe("Get: autocut", () => {
  before(async () => {
    await createClass(url, { class: "Cluster", properties: [{ name: "n", dataType: ["int"] }] });
    // Two hits close to [1, 0], then a jump to four far ones.
    const distances = [0, 0.001, 0.5, 0.51, 0.52, 0.53];
    for (const [n, distance] of distances.entries()) {
      const degrees = (Math.acos(1 - distance) * 180) / Math.PI;
      await createObject(url, { class: "Cluster", id: uuidOf(100 + n), vector: vectorOf(degrees), properties: { n } });
    }
  });

  it("cuts the results at the first jump in distance", async () => {
    const query = "{ Get { Cluster(nearVector: {vector: [1, 0]}, limit: 6, autocut: 1) { n } } }";
    assert.deepEqual(await getObjects(url, "Cluster", query), [{ n: 0 }, { n: 1 }]);
  });

  it("keeps every result when autocut is off", async () => {
    const query = "{ Get { Cluster(nearVector: {vector: [1, 0]}, limit: 6, autocut: 0) { n } } }";
    assert.equal((await getObjects(url, "Cluster", query)).length, 6);
  });
});

describe("Get: groupBy", () => {
  it("groups the closest hits by a property", async () => {
    const query = `{ Get { Item(nearVector: {vector: [1, 0]}, groupBy: {path: ["category"], groups: 2, objectsPerGroup: 2}) {
      rank
      _additional { group { id count groupedBy { path value } hits { rank _additional { id } } } }
    } } }`;
    const groups = await getObjects(url, "Item", query);
    assert.deepEqual(groups, [
      {
        rank: 1,
        _additional: {
          group: {
            id: 0,
            count: 2,
            groupedBy: { path: ["category"], value: "odd" },
            hits: [
              { rank: 1, _additional: { id: uuidOf(1) } },
              { rank: 3, _additional: { id: uuidOf(3) } },
            ],
          },
        },
      },
      {
        rank: 2,
        _additional: {
          group: {
            id: 1,
            count: 2,
            groupedBy: { path: ["category"], value: "even" },
            hits: [
              { rank: 2, _additional: { id: uuidOf(2) } },
              { rank: 4, _additional: { id: uuidOf(4) } },
            ],
          },
        },
      },
    ]);
  });

  it("reports the distance range of each group", async () => {
    const query = `{ Get { Item(nearVector: {vector: [1, 0]}, groupBy: {path: ["category"], groups: 1, objectsPerGroup: 3}) {
      _additional { group { count minDistance maxDistance hits { _additional { distance } } } }
    } } }`;
    const [only, ...rest] = await getObjects(url, "Item", query);
    assert.equal(rest.length, 0);
    const group = only._additional.group;
    assert.equal(group.count, 3);
    const distances = [1, 3, 5].map((n) => cosineDistance(angle(n), 0));
    assertClose(
      group.hits.map((hit: { _additional: { distance: number } }) => hit._additional.distance),
      distances,
    );
    assertClose([group.minDistance, group.maxDistance], [distances[0]!, distances[2]!]);
  });
});
