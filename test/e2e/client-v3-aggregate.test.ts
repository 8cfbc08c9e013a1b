/**
 * weaviate-client v3's aggregate API, which talks gRPC Aggregate to servers of 1.29 and later:
 * overAll with every per-type metric and filters, groupBy, nearVector / nearObject with an
 * objectLimit or a distance, and the errors the client raises. Expected figures are computed
 * here from the inserted data.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connectV3, weaviate, type WeaviateClient } from "../helpers/client-v3.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

type Recipe = { name: string; cuisine: string; minutes: number; rating: number; vegetarian: boolean; published: Date };

const recipes: Array<Recipe & { vector: number[] }> = [
  { name: "Ramen", cuisine: "japanese", minutes: 40, rating: 4.5, vegetarian: false, published: new Date("2020-01-01T00:00:00Z"), vector: [1, 0] },
  { name: "Sushi", cuisine: "japanese", minutes: 60, rating: 4.8, vegetarian: false, published: new Date("2021-01-01T00:00:00Z"), vector: [0.9, 0.1] },
  { name: "Udon", cuisine: "japanese", minutes: 20, rating: 4, vegetarian: true, published: new Date("2022-01-01T00:00:00Z"), vector: [0.8, 0.2] },
  { name: "Pizza", cuisine: "italian", minutes: 30, rating: 4.2, vegetarian: true, published: new Date("2023-01-01T00:00:00Z"), vector: [0, 1] },
  { name: "Risotto", cuisine: "italian", minutes: 40, rating: 3.9, vegetarian: true, published: new Date("2024-01-01T00:00:00Z"), vector: [0.1, 0.9] },
];
const ids: string[] = [];

let server: TestServer;
let client: WeaviateClient;

before(async () => {
  server = await startTestServer();
  client = await connectV3(server);
  await client.collections.create({
    name: "Recipe",
    properties: [
      { name: "name", dataType: "text" },
      { name: "cuisine", dataType: "text" },
      { name: "minutes", dataType: "int" },
      { name: "rating", dataType: "number" },
      { name: "vegetarian", dataType: "boolean" },
      { name: "published", dataType: "date" },
    ],
    vectorizers: weaviate.configure.vectors.selfProvided(),
  });
  const inserted = await client.collections
    .get("Recipe")
    .data.insertMany(recipes.map(({ vector, ...properties }) => ({ properties, vectors: vector })));
  assert.equal(inserted.hasErrors, false, JSON.stringify(inserted.errors));
  for (const [i] of recipes.entries()) ids.push(inserted.uuids[i]!);
});

after(async () => {
  await client.close();
  await server.dispose();
});

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe("weaviate-client v3 aggregate over gRPC", () => {
  test("overAll: the count and every metric of int, number, text, boolean and date", async () => {
    const recipe = client.collections.get<Recipe>("Recipe");
    const result = await recipe.aggregate.overAll({
      returnMetrics: [
        recipe.metrics.aggregate("minutes").integer(),
        recipe.metrics.aggregate("rating").number(["mean", "maximum", "minimum", "count"]),
        recipe.metrics.aggregate("cuisine").text(["count", "topOccurrencesOccurs", "topOccurrencesValue"]),
        recipe.metrics.aggregate("vegetarian").boolean(),
        recipe.metrics.aggregate("published").date(["count", "minimum", "maximum", "median"]),
      ],
    });
    const minutes = recipes.map((r) => r.minutes);
    const ratings = recipes.map((r) => r.rating);
    assert.equal(result.totalCount, 5);
    assert.deepEqual(result.properties.minutes, {
      count: 5,
      maximum: 60,
      mean: sum(minutes) / 5,
      median: 40,
      minimum: 20,
      mode: 40,
      sum: sum(minutes),
    });
    assert.equal(result.properties.rating.count, 5);
    assert.equal(result.properties.rating.maximum, Math.max(...ratings));
    assert.equal(result.properties.rating.minimum, Math.min(...ratings));
    assert.ok(Math.abs(result.properties.rating.mean! - sum(ratings) / 5) < 1e-9);
    assert.equal(result.properties.rating.median, undefined, "not asked for");
    assert.deepEqual(result.properties.cuisine, {
      count: 5,
      topOccurrences: [
        { occurs: 3, value: "japanese" },
        { occurs: 2, value: "italian" },
      ],
    });
    assert.deepEqual(result.properties.vegetarian, {
      count: 5,
      percentageFalse: 0.4,
      percentageTrue: 0.6,
      totalFalse: 2,
      totalTrue: 3,
    });
    assert.equal(result.properties.published.count, 5);
    assert.equal(new Date(result.properties.published.minimum!).toISOString(), "2020-01-01T00:00:00.000Z");
    assert.equal(new Date(result.properties.published.maximum!).toISOString(), "2024-01-01T00:00:00.000Z");
    assert.equal(new Date(result.properties.published.median!).toISOString(), "2022-01-01T00:00:00.000Z");
    assert.equal(result.properties.published.mode, undefined, "not asked for");
  });

  test("overAll with filters, and the count alone", async () => {
    const recipe = client.collections.get<Recipe>("Recipe");
    const quick = await recipe.aggregate.overAll({
      filters: recipe.filter.byProperty("minutes").lessOrEqual(30),
      returnMetrics: recipe.metrics.aggregate("rating").number(["mean"]),
    });
    assert.equal(quick.totalCount, 2);
    assert.ok(Math.abs(quick.properties.rating.mean! - (4 + 4.2) / 2) < 1e-9);
    assert.equal((await recipe.aggregate.overAll()).totalCount, 5);
    assert.equal((await recipe.length()), 5);
  });

  test("groupBy: one group per value, largest first, with the metrics per group and a group limit", async () => {
    const recipe = client.collections.get<Recipe>("Recipe");
    const groups = await recipe.aggregate.groupBy.overAll({
      groupBy: "cuisine",
      returnMetrics: recipe.metrics.aggregate("minutes").integer(["sum"]),
    });
    assert.deepEqual(
      groups.map((group) => [group.groupedBy.prop, group.groupedBy.value, group.totalCount, group.properties.minutes.sum]),
      [
        ["cuisine", "japanese", 3, 120],
        ["cuisine", "italian", 2, 70],
      ],
    );
    const byFlag = await recipe.aggregate.groupBy.overAll({ groupBy: { property: "vegetarian", limit: 1 } });
    assert.deepEqual(
      byFlag.map((group) => [group.groupedBy.value, group.totalCount]),
      [[true, 3]],
    );
    const byMinutes = await recipe.aggregate.groupBy.overAll({ groupBy: "minutes" });
    assert.deepEqual(byMinutes[0]!.groupedBy.value, 40, "numbers come back as numbers");
    assert.equal(byMinutes[0]!.totalCount, 2);
  });

  test("nearVector and nearObject with objectLimit or distance, alone and grouped", async () => {
    const recipe = client.collections.get<Recipe>("Recipe");
    const nearest = await recipe.aggregate.nearVector([1, 0], {
      objectLimit: 3,
      returnMetrics: recipe.metrics.aggregate("cuisine").text(["topOccurrencesValue", "topOccurrencesOccurs"]),
    });
    assert.equal(nearest.totalCount, 3);
    assert.deepEqual(nearest.properties.cuisine.topOccurrences, [{ occurs: 3, value: "japanese" }]);
    // Cosine distance from Pizza [0, 1]: Risotto ≈ 0.006, Udon ≈ 0.757, the rest more.
    const close = await recipe.aggregate.nearObject(ids[3]!, { distance: 0.1 });
    assert.equal(close.totalCount, 2);
    const grouped = await recipe.aggregate.groupBy.nearVector([0, 1], { objectLimit: 3, groupBy: "cuisine" });
    assert.deepEqual(
      grouped.map((group) => [group.groupedBy.value, group.totalCount]),
      [
        ["italian", 2],
        ["japanese", 1],
      ],
    );
  });

  test("errors as the client raises them", async () => {
    const recipe = client.collections.get<Recipe>("Recipe");
    await assert.rejects(recipe.aggregate.nearVector([1, 0]), /must provide certainty or objectLimit with vector search/);
    await assert.rejects(
      client.collections.get("Nope").aggregate.overAll(),
      /could not find class Nope in schema/,
    );
    await assert.rejects(
      client.collections.get("Recipe").aggregate.overAll({
        returnMetrics: client.collections.get("Recipe").metrics.aggregate("missing").integer(),
      }),
      /no such prop with name 'missing' found in class 'Recipe'/,
    );
  });
});
