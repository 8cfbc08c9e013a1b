/**
 * Get's legacy `group: {type: closest|merge, force}` through weaviate-ts-client v2's withGroup:
 * results join a group when a member is closer than `force` ((1 − cos) / 2), `closest` answers
 * each group's best result, `merge` one fused object per group. Expected answers are worked out
 * here from the data, independently of the server's code.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, type WeaviateClient } from "../helpers/client.ts";
import { uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let client: WeaviateClient;

interface Fruit {
  id: string;
  name: string;
  sweetness: number;
  ripe: boolean;
  vector: number[];
}

// Three tight bundles of directions (apples, lemons, berries), far apart from each other.
const fruits: Fruit[] = [
  { name: "apple", sweetness: 6, ripe: true, vector: [1, 0.02, 0] },
  { name: "green apple", sweetness: 4, ripe: false, vector: [1, 0.05, 0.01] },
  { name: "apple", sweetness: 8, ripe: true, vector: [0.98, 0, 0.03] },
  { name: "lemon", sweetness: 1, ripe: true, vector: [0, 1, 0.02] },
  { name: "lime", sweetness: 2, ripe: false, vector: [0.03, 1, 0] },
  { name: "strawberry", sweetness: 9, ripe: true, vector: [0, 0.02, 1] },
].map((fruit, n) => ({ ...fruit, id: uuidOf(0x3000 + n) }));

const query = [0.9, 0.3, 0.2];

const cosineDistance = (a: number[], b: number[]) => {
  const dot = a.reduce((sum, x, i) => sum + x * b[i]!, 0);
  const norm = (v: number[]) => Math.hypot(...v);
  return 1 - dot / (norm(a) * norm(b));
};
const ranked = [...fruits].sort((a, b) => cosineDistance(a.vector, query) - cosineDistance(b.vector, query));

/** Reference grouping: in rank order, join the first group holding a member within force. */
function referenceGroups(force: number): Fruit[][] {
  const groups: Fruit[][] = [];
  for (const fruit of ranked) {
    const home = groups.find((group) => group.some((other) => cosineDistance(fruit.vector, other.vector) / 2 < force));
    if (home) home.push(fruit);
    else groups.push([fruit]);
  }
  return groups;
}

before(async () => {
  server = await startTestServer();
  client = clientFor(server.url);
  await client.schema
    .classCreator()
    .withClass({
      class: "Fruit",
      properties: [
        { name: "name", dataType: ["text"] },
        { name: "sweetness", dataType: ["int"] },
        { name: "ripe", dataType: ["boolean"] },
      ],
    })
    .do();
  let batcher = client.batch.objectsBatcher();
  for (const { id, vector, ...properties } of fruits) batcher = batcher.withObject({ class: "Fruit", id, properties, vector });
  await batcher.do();
});

after(() => server.dispose());

const grouped = (type: string, force: number) =>
  client.graphql
    .get()
    .withClassName("Fruit")
    .withNearVector({ vector: query })
    .withGroup({ type, force })
    .withFields("name sweetness ripe _additional { id }")
    .do();

describe("Get group", () => {
  test("the bundles form three groups at force 0.01 (and the reference agrees)", () => {
    assert.deepEqual(
      referenceGroups(0.01).map((group) => group.length),
      [3, 2, 1],
    );
  });

  test("closest answers the best-ranked member of each group, in rank order", async () => {
    const reply = await grouped("closest", 0.01);
    const expected = referenceGroups(0.01).map((group) => group[0]!);
    assert.deepEqual(
      reply.data.Get.Fruit.map((hit: { _additional: { id: string } }) => hit._additional.id),
      expected.map((fruit) => fruit.id),
    );
  });

  test("merge fuses each group: text joined without repeats, numbers averaged, booleans by majority", async () => {
    const reply = await grouped("merge", 0.01);
    const expected = referenceGroups(0.01).map((group) => {
      const names = [...new Set(group.map((fruit) => fruit.name))];
      const trues = group.filter((fruit) => fruit.ripe).length;
      return {
        name: names.length === 1 ? names[0] : `${names[0]} (${names.slice(1).join(", ")})`,
        sweetness: group.reduce((sum, fruit) => sum + fruit.sweetness, 0) / group.length,
        ripe: trues >= group.length - trues,
      };
    });
    assert.deepEqual(
      reply.data.Get.Fruit.map(({ name, sweetness, ripe }: Fruit) => ({ name, sweetness, ripe })),
      expected,
    );
    // A single-member group is the object itself.
    assert.equal(reply.data.Get.Fruit[2]._additional.id, referenceGroups(0.01)[2]![0]!.id);
  });

  test("force 0 keeps every result apart; a large force puts all together", async () => {
    // The client leaves a force of 0 out of the query, so that one goes as raw GraphQL.
    const apart = await client.graphql
      .raw()
      .withQuery(`{Get{Fruit(nearVector:{vector:${JSON.stringify(query)}},group:{type:closest,force:0}){name}}}`)
      .do();
    assert.equal(apart.data.Get.Fruit.length, fruits.length);
    const all = await grouped("merge", 1);
    assert.equal(all.data.Get.Fruit.length, 1);
    assert.equal(all.data.Get.Fruit[0].sweetness, fruits.reduce((sum, fruit) => sum + fruit.sweetness, 0) / fruits.length);
  });

  test("a listing groups too; a missing type is an error naming group", async () => {
    const listed = await client.graphql.get().withClassName("Fruit").withGroup({ type: "closest", force: 0.01 }).withFields("name").do();
    assert.equal(listed.data.Get.Fruit.length, 3);
    await assert.rejects(
      client.graphql.raw().withQuery("{Get{Fruit(group:{force:0.5}){name}}}").do(),
      /group: type must be closest or merge/,
    );
  });
});
