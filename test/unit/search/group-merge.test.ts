/**
 * The `group` merge rules on property types the e2e test does not cover: references united by
 * target, geo coordinates averaged, other types dropped; and named-vector classes grouping by
 * their first vector.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SearchHit } from "../../../src/domain/index.ts";
import { groupResults } from "../../../src/search/group-merge.ts";
import { collection } from "../graphql/fixtures.ts";

const place = collection(
  {
    class: "Place",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "where", dataType: ["geoCoordinates"] },
      { name: "seen", dataType: ["date"] },
      { name: "tags", dataType: ["text[]"] },
      { name: "near", dataType: ["Place"] },
    ],
  },
  [],
);

const beacon = (n: number) => ({ beacon: `weaviate://localhost/Place/00000000-0000-4000-8000-00000000000${n}` });

function hit(n: number, properties: Record<string, unknown>, vector: number[]): SearchHit {
  return {
    object: {
      id: `00000000-0000-4000-8000-00000000000${n}`,
      className: "Place",
      properties,
      vectors: { "": vector },
      creationTimeUnix: n,
      lastUpdateTimeUnix: n,
    },
    distance: n / 10,
  };
}

describe("group merge", () => {
  it("unites references by target, averages geo coordinates, drops dates and arrays, averages the vector", () => {
    const [merged] = groupResults(
      [
        hit(1, { title: "a", where: { latitude: 10, longitude: 20 }, seen: "2020-01-01T00:00:00Z", tags: ["x"], near: [beacon(1), beacon(2)] }, [1, 0]),
        hit(2, { title: "a", where: { latitude: 20, longitude: 40 }, near: [beacon(2), beacon(3)] }, [1, 0.1]),
      ],
      { type: "merge", force: 0.5 },
      place,
    );
    assert.deepEqual(merged!.object.properties, {
      title: "a",
      where: { latitude: 15, longitude: 30 },
      near: [beacon(1), beacon(2), beacon(3)],
    });
    assert.deepEqual(merged!.object.vectors[""], [1, 0.05]);
    assert.equal(merged!.object.id, "");
    assert.equal(merged!.distance, undefined);
  });

  it("groups a named-vector class by its first vector; objects without one stay alone", () => {
    const named = collection({ class: "Named", vectorConfig: { first: { vectorizer: { none: {} } } } }, []);
    const withNamed = (n: number, vector?: number[]): SearchHit => ({
      object: {
        id: `n${n}`,
        className: "Named",
        properties: {},
        vectors: vector ? { first: vector } : {},
        creationTimeUnix: 0,
        lastUpdateTimeUnix: 0,
      },
    });
    const groups = groupResults(
      [withNamed(1, [1, 0]), withNamed(2), withNamed(3, [1, 0.01]), withNamed(4)],
      { type: "closest", force: 0.1 },
      named,
    );
    assert.deepEqual(
      groups.map((group) => group.object.id),
      ["n1", "n2", "n4"],
    );
  });
});
