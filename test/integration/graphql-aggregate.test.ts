/**
 * Aggregate over HTTP (reference §6.5): meta count, the aggregations of each data type (text
 * topOccurrences with limit, int / number statistics, boolean totals, date statistics, reference
 * pointingTo), where, groupBy with groupedBy and limit, nearVector with objectLimit and with
 * distance / certainty, and the two vector-search errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expectResolverError, queryData } from "../helpers/graphql.ts";
import { beacon, createClass, createObject, uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let url: string;

/** Product n's vector: angle 10·(n-1) degrees from [1, 0]. */
const vectorOf = (n: number) => {
  const radians = ((n - 1) * 10 * Math.PI) / 180;
  return [Math.cos(radians), Math.sin(radians)];
};
const maker = [{ beacon: beacon("Company", uuidOf(0x99)) }];

const products = [
  { name: "alpha", tags: ["a", "b"], price: 10, stock: 5, inStock: true, released: "2024-01-01T00:00:00Z", category: "x", maker },
  { name: "beta", tags: ["a"], price: 20, stock: 0, inStock: false, released: "2024-02-01T00:00:00Z", category: "x" },
  { name: "alpha", tags: ["c"], price: 30, stock: 5, inStock: true, released: "2024-03-01T00:00:00Z", category: "y" },
  { name: "gamma", tags: ["a", "c"], price: 40, stock: 10, inStock: true, released: "2024-02-01T00:00:00Z", category: "y" },
  { name: "alpha", price: 50, stock: 3, inStock: false, released: "2024-05-01T00:00:00Z", category: "z" },
  { category: "x" },
];

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, { class: "Company", properties: [{ name: "name", dataType: ["text"] }] });
  await createClass(url, {
    class: "Product",
    properties: [
      { name: "name", dataType: ["text"], tokenization: "field" },
      { name: "tags", dataType: ["text[]"], tokenization: "field" },
      { name: "price", dataType: ["number"] },
      { name: "stock", dataType: ["int"] },
      { name: "inStock", dataType: ["boolean"] },
      { name: "released", dataType: ["date"] },
      { name: "category", dataType: ["text"], tokenization: "field" },
      { name: "maker", dataType: ["Company"] },
    ],
  });
  await createObject(url, { class: "Company", id: uuidOf(0x99), properties: { name: "Acme" } });
  for (const [i, properties] of products.entries()) {
    await createObject(url, { class: "Product", id: uuidOf(i + 1), vector: vectorOf(i + 1), properties });
  }
});

after(() => server.dispose());

const aggregate = async (args: string, selection: string) => {
  const data = await queryData(url, `{ Aggregate { Product${args} { ${selection} } } }`);
  return data.Aggregate.Product;
};

describe("Aggregate: per data type", () => {
  it("counts the objects", async () => {
    assert.deepEqual(await aggregate("", "meta { count }"), [{ meta: { count: 6 } }]);
  });

  it("text: count, type and topOccurrences with a limit", async () => {
    const [result] = await aggregate(
      "",
      `name { count type topOccurrences { value occurs } }
       top: name { topOccurrences(limit: 1) { value occurs } }
       tags { count type topOccurrences { value occurs } }`,
    );
    assert.deepEqual(result, {
      name: {
        count: 5,
        type: "text",
        topOccurrences: [
          { value: "alpha", occurs: 3 },
          { value: "beta", occurs: 1 },
          { value: "gamma", occurs: 1 },
        ],
      },
      top: { topOccurrences: [{ value: "alpha", occurs: 3 }] },
      tags: {
        count: 6,
        type: "text[]",
        topOccurrences: [
          { value: "a", occurs: 3 },
          { value: "c", occurs: 2 },
          { value: "b", occurs: 1 },
        ],
      },
    });
  });

  it("int and number: count, minimum, maximum, mean, median, mode, sum", async () => {
    const fields = "count type minimum maximum mean median mode sum";
    const [result] = await aggregate("", `stock { ${fields} } price { count type minimum maximum mean median sum }`);
    assert.deepEqual(result, {
      stock: { count: 5, type: "int", minimum: 0, maximum: 10, mean: 4.6, median: 5, mode: 5, sum: 23 },
      price: { count: 5, type: "number", minimum: 10, maximum: 50, mean: 30, median: 30, sum: 150 },
    });
  });

  it("boolean: totals and percentages", async () => {
    const [result] = await aggregate("", "inStock { count type totalTrue totalFalse percentageTrue percentageFalse }");
    assert.deepEqual(result, {
      inStock: { count: 5, type: "boolean", totalTrue: 3, totalFalse: 2, percentageTrue: 0.6, percentageFalse: 0.4 },
    });
  });

  it("date: count, minimum, maximum, median, mode", async () => {
    const [result] = await aggregate("", "released { count minimum maximum median mode }");
    assert.deepEqual(result, {
      released: {
        count: 5,
        minimum: "2024-01-01T00:00:00Z",
        maximum: "2024-05-01T00:00:00Z",
        median: "2024-02-01T00:00:00Z",
        mode: "2024-02-01T00:00:00Z",
      },
    });
  });

  it("reference: type and pointingTo", async () => {
    assert.deepEqual(await aggregate("", "maker { type pointingTo }"), [
      { maker: { type: "cref", pointingTo: ["Company"] } },
    ]);
  });
});

describe("Aggregate: where and groupBy", () => {
  it("aggregates the objects a where filter selects", async () => {
    const where = `(where: {path: ["category"], operator: Equal, valueText: "x"})`;
    assert.deepEqual(await aggregate(where, "meta { count } price { sum } name { topOccurrences { value occurs } }"), [
      {
        meta: { count: 3 },
        price: { sum: 30 },
        name: {
          topOccurrences: [
            { value: "alpha", occurs: 1 },
            { value: "beta", occurs: 1 },
          ],
        },
      },
    ]);
  });

  it("groups by a property, largest group first, with groupedBy", async () => {
    const groups = await aggregate(`(groupBy: ["category"])`, "groupedBy { path value } meta { count } stock { sum }");
    assert.deepEqual(groups, [
      { groupedBy: { path: ["category"], value: "x" }, meta: { count: 3 }, stock: { sum: 5 } },
      { groupedBy: { path: ["category"], value: "y" }, meta: { count: 2 }, stock: { sum: 15 } },
      { groupedBy: { path: ["category"], value: "z" }, meta: { count: 1 }, stock: { sum: 3 } },
    ]);
  });

  it("limits the number of groups", async () => {
    const groups = await aggregate(`(groupBy: ["category"], limit: 2)`, "groupedBy { value } meta { count }");
    assert.deepEqual(groups, [
      { groupedBy: { value: "x" }, meta: { count: 3 } },
      { groupedBy: { value: "y" }, meta: { count: 2 } },
    ]);
  });

  it("combines where and groupBy", async () => {
    const where = `where: {path: ["inStock"], operator: Equal, valueBoolean: true}`;
    const groups = await aggregate(`(${where}, groupBy: ["category"])`, "groupedBy { value } meta { count }");
    assert.deepEqual(groups, [
      { groupedBy: { value: "y" }, meta: { count: 2 } },
      { groupedBy: { value: "x" }, meta: { count: 1 } },
    ]);
  });
});

describe("Aggregate: vector search", () => {
  it("aggregates the objectLimit closest objects", async () => {
    assert.deepEqual(await aggregate("(nearVector: {vector: [1, 0]}, objectLimit: 2)", "meta { count } price { sum }"), [
      { meta: { count: 2 }, price: { sum: 30 } },
    ]);
  });

  it("aggregates the objects within a distance", async () => {
    const distance = 1 - Math.cos((25 * Math.PI) / 180); // angles 0, 10, 20 are within
    assert.deepEqual(await aggregate(`(nearVector: {vector: [1, 0], distance: ${distance}})`, "meta { count }"), [
      { meta: { count: 3 } },
    ]);
  });

  it("aggregates the objects above a certainty", async () => {
    const certainty = 1 - (1 - Math.cos((35 * Math.PI) / 180)) / 2; // angles 0 … 30 are within
    assert.deepEqual(await aggregate(`(nearVector: {vector: [1, 0], certainty: ${certainty}})`, "meta { count }"), [
      { meta: { count: 4 } },
    ]);
  });

  it("applies objectLimit and a where filter together", async () => {
    const where = `where: {path: ["category"], operator: Equal, valueText: "y"}`;
    assert.deepEqual(
      await aggregate(`(nearVector: {vector: [1, 0]}, objectLimit: 1, ${where})`, "meta { count } price { sum }"),
      [{ meta: { count: 1 }, price: { sum: 30 } }],
    );
  });

  it("refuses a vector search without certainty, distance or objectLimit", async () => {
    const query = "{ Aggregate { Product(nearVector: {vector: [1, 0]}) { meta { count } } } }";
    await expectResolverError(url, query, "Product", ["must provide certainty or objectLimit with vector search"], "Aggregate");
  });

  it("refuses objectLimit without a vector search", async () => {
    const query = "{ Aggregate { Product(objectLimit: 2) { meta { count } } } }";
    await expectResolverError(
      url,
      query,
      "Product",
      ["objectLimit can only be used with a near<Media> or hybrid filter"],
      "Aggregate",
    );
  });
});
