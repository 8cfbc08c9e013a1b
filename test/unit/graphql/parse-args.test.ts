/**
 * GraphQL argument values (as graphql-js hands them to resolvers) → the search parameters:
 * near*, where, sort, groupBy, the limit/offset window, Explore. Client faults are 422s with
 * Weaviate's messages (§6.2, §6.8).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  parseExploreArgs,
  parseGroupBy,
  parseNear,
  parseSort,
  parseWhere,
  parseWindow,
} from "../../../src/graphql/parse-args.ts";
import { article, assertUnprocessable, author, limits, lookupIn } from "./fixtures.ts";

const uuid = "6a3a9a6b-4d5c-4e1f-9a0b-1c2d3e4f5a6b";

describe("parseNear", () => {
  test("no near argument → undefined", () => {
    assert.equal(parseNear({}), undefined);
    assert.equal(parseNear({ limit: 3 }), undefined);
  });

  test("nearVector with a distance", () => {
    assert.deepEqual(parseNear({ nearVector: { vector: [1, 2, 3], distance: 0.3 } }), {
      target: { kind: "vector", vector: [1, 2, 3] },
      targetVectors: undefined,
      distance: 0.3,
      certainty: undefined,
    });
  });

  test("nearVector with certainty and targetVectors", () => {
    const near = parseNear({ nearVector: { vector: [1], certainty: 0.8, targetVectors: ["first"] } });
    assert.equal(near?.certainty, 0.8);
    assert.equal(near?.distance, undefined);
    assert.deepEqual(near?.targetVectors, ["first"]);
  });

  test("certainty and distance together are conflicting (§6.8)", () => {
    assertUnprocessable(
      () => parseNear({ nearVector: { vector: [1], certainty: 0.8, distance: 0.2 } }),
      "found 'certainty' and 'distance' set in nearVector which are conflicting, choose one instead",
    );
    assertUnprocessable(
      () => parseNear({ nearObject: { id: uuid, certainty: 0.8, distance: 0.2 } }),
      "found 'certainty' and 'distance' set in nearObject which are conflicting, choose one instead",
    );
  });

  test("certainty out of [0, 1]", () => {
    assertUnprocessable(() => parseNear({ nearVector: { vector: [1], certainty: 1.5 } }), "certainty");
    assertUnprocessable(() => parseNear({ nearObject: { id: uuid, certainty: -0.1 } }), "certainty");
    assert.equal(parseNear({ nearVector: { vector: [1], certainty: 1 } })?.certainty, 1);
    assert.equal(parseNear({ nearVector: { vector: [1], certainty: 0 } })?.certainty, 0);
  });

  test("an empty vector is refused", () => {
    assertUnprocessable(() => parseNear({ nearVector: { vector: [] } }), "vector");
  });

  test("nearVector and nearObject together are conflicting", () => {
    assertUnprocessable(
      () => parseNear({ nearVector: { vector: [1] }, nearObject: { id: uuid } }),
      "conflicting",
    );
  });

  test("nearObject by id (lower-cased)", () => {
    assert.deepEqual(parseNear({ nearObject: { id: uuid.toUpperCase(), distance: 0.1 } }), {
      target: { kind: "object", id: uuid },
      targetVectors: undefined,
      distance: 0.1,
      certainty: undefined,
    });
  });

  test("nearObject by beacon, with or without the class", () => {
    assert.deepEqual(parseNear({ nearObject: { beacon: `weaviate://localhost/Article/${uuid}` } })?.target, {
      kind: "object",
      id: uuid,
      className: "Article",
    });
    const legacy = parseNear({ nearObject: { beacon: `weaviate://localhost/${uuid.toUpperCase()}` } })?.target;
    assert.equal(legacy?.kind, "object");
    assert.equal(legacy.kind === "object" && legacy.id, uuid);
    assert.equal(legacy.kind === "object" && legacy.className, undefined);
  });

  test("nearObject with neither id nor beacon", () => {
    assertUnprocessable(() => parseNear({ nearObject: { distance: 0.2 } }), "id or beacon");
  });

  test("nearObject with a malformed beacon", () => {
    assertUnprocessable(() => parseNear({ nearObject: { beacon: "http://example.com/x" } }), "nearObject: invalid beacon");
    assertUnprocessable(() => parseNear({ nearObject: { beacon: "weaviate://localhost/Article/not-a-uuid" } }), "not a valid uuid");
  });
});

describe("parseWindow", () => {
  test("nothing given → QUERY_DEFAULTS_LIMIT_GRAPHQL", () => {
    assert.deepEqual(parseWindow({}, limits), { limit: 100, offset: 0 });
  });

  test("offset or autocut without limit → QUERY_DEFAULTS_LIMIT", () => {
    assert.deepEqual(parseWindow({ offset: 5 }, limits), { limit: 10, offset: 5 });
    assert.deepEqual(parseWindow({ autocut: 1 }, limits), { limit: 10, offset: 0 });
  });

  test("an explicit limit wins", () => {
    assert.deepEqual(parseWindow({ limit: 7, offset: 2 }, limits), { limit: 7, offset: 2 });
    assert.deepEqual(parseWindow({ limit: 0 }, limits), { limit: 0, offset: 0 });
  });

  test("offset + limit may reach but not pass QUERY_MAXIMUM_RESULTS", () => {
    assert.deepEqual(parseWindow({ limit: 9990, offset: 10 }, limits), { limit: 9990, offset: 10 });
    assertUnprocessable(
      () => parseWindow({ limit: 9991, offset: 10 }, limits),
      "query maximum results exceeded: the total limit calculated from the provided offset '10' and limit '9991' exceeds the configured value for QUERY_MAXIMUM_RESULTS '10000'",
    );
  });

  test("the default limit counts toward the maximum too", () => {
    const small = { ...limits, maximumResults: 50 };
    assertUnprocessable(() => parseWindow({}, small), "limit '100'");
    assertUnprocessable(() => parseWindow({ offset: 45 }, small), "offset '45' and limit '10'");
  });

  test("negative limit or offset", () => {
    assertUnprocessable(() => parseWindow({ limit: -1 }, limits), "limit");
    assertUnprocessable(() => parseWindow({ offset: -1 }, limits), "offset");
  });
});

describe("parseSort", () => {
  test("absent → undefined", () => {
    assert.equal(parseSort(undefined), undefined);
  });

  test("path with one element; order defaults to asc", () => {
    assert.deepEqual(parseSort([{ path: ["title"], order: "desc" }, { path: ["_id"] }]), [
      { path: "title", order: "desc" },
      { path: "_id", order: "asc" },
    ]);
  });

  test("a path with other than exactly one element is refused", () => {
    assertUnprocessable(() => parseSort([{ path: ["a", "b"] }]), "sort: path must have exactly one element");
    assertUnprocessable(() => parseSort([{ path: [] }]), "sort: path must have exactly one element");
    assertUnprocessable(() => parseSort([{ order: "asc" }]), "sort: path must have exactly one element");
  });
});

describe("parseGroupBy", () => {
  test("absent → undefined", () => {
    assert.equal(parseGroupBy(undefined), undefined);
  });

  test("path, groups, objectsPerGroup", () => {
    assert.deepEqual(parseGroupBy({ path: ["title"], groups: 2, objectsPerGroup: 3 }), {
      path: "title",
      groups: 2,
      objectsPerGroup: 3,
    });
  });

  test("path must have one element; groups and objectsPerGroup must be positive", () => {
    assertUnprocessable(() => parseGroupBy({ path: ["a", "b"], groups: 2, objectsPerGroup: 3 }), "groupBy: path");
    assertUnprocessable(() => parseGroupBy({ path: ["a"], groups: 0, objectsPerGroup: 3 }), "groups");
    assertUnprocessable(() => parseGroupBy({ path: ["a"], groups: 2, objectsPerGroup: 0 }), "objectsPerGroup");
  });
});

describe("parseWhere", () => {
  const lookup = lookupIn([article, author]);

  test("absent → undefined", () => {
    assert.equal(parseWhere(undefined, article, lookup), undefined);
    assert.equal(parseWhere(null, article, lookup), undefined);
  });

  test("a valid filter: And of Like, a list in valueText, a reference path", () => {
    const filter = parseWhere(
      {
        operator: "And",
        operands: [
          { operator: "Like", valueText: "a*", path: ["title"] },
          { operator: "ContainsAny", valueText: ["a", "b"], path: ["tags"] },
          { operator: "Equal", valueText: "Ann", path: ["hasAuthor", "Author", "name"] },
          { operator: "GreaterThan", valueInt: 100, path: ["wordCount"] },
        ],
      },
      article,
      lookup,
    );
    assert.equal(filter?.kind, "logical");
    assert.equal(filter.kind === "logical" && filter.operands.length, 4);
    assert.deepEqual(filter.kind === "logical" && filter.operands[1], {
      kind: "compare",
      operator: "ContainsAny",
      path: ["tags"],
      valueType: "text",
      value: ["a", "b"],
    });
  });

  test("valueGeoRange as graphql-js coerces it", () => {
    const filter = parseWhere(
      {
        operator: "WithinGeoRange",
        path: ["location"],
        valueGeoRange: { geoCoordinates: { latitude: 52.3, longitude: 4.9 }, distance: { max: 2000 } },
      },
      article,
      lookup,
    );
    assert.deepEqual(filter, {
      kind: "compare",
      operator: "WithinGeoRange",
      path: ["location"],
      valueType: "geoRange",
      value: { latitude: 52.3, longitude: 4.9, maxDistance: 2000 },
    });
  });

  test("input objects with a null prototype (graphql-js coercion) are accepted", () => {
    const clause = Object.assign(Object.create(null) as Record<string, unknown>, {
      operator: "Equal",
      valueText: "x",
      path: ["title"],
    });
    assert.equal(parseWhere(clause, article, lookup)?.kind, "compare");
  });

  test("an unknown property names the class", () => {
    assertUnprocessable(
      () => parseWhere({ operator: "Equal", valueText: "x", path: ["nope"] }, article, lookup),
      "invalid where filter: no such prop with name 'nope' found in class 'Article' in the schema",
    );
  });

  test("an unknown property behind a reference names the target class", () => {
    assertUnprocessable(
      () => parseWhere({ operator: "Equal", valueText: "x", path: ["hasAuthor", "Author", "nope"] }, article, lookup),
      "no such prop with name 'nope' found in class 'Author'",
    );
  });

  test("a value type that does not fit the property", () => {
    assertUnprocessable(
      () => parseWhere({ operator: "Equal", valueInt: 1, path: ["title"] }, article, lookup),
      'data type filter cannot use "valueInt" on type "text", use "valueText" instead',
    );
  });

  test("a structural fault gets the parse prefix", () => {
    assertUnprocessable(
      () => parseWhere({ operator: "Equal", path: ["title"] }, article, lookup),
      "failed to parse where filter:",
    );
  });
});

describe("parseExploreArgs", () => {
  test("nearVector with limit and offset", () => {
    assert.deepEqual(parseExploreArgs({ nearVector: { vector: [1, 2], certainty: 0.7 }, limit: 3, offset: 1 }, limits), {
      near: { target: { kind: "vector", vector: [1, 2] }, targetVectors: undefined, distance: undefined, certainty: 0.7 },
      limit: 3,
      offset: 1,
    });
  });

  test("defaults: QUERY_DEFAULTS_LIMIT and offset 0", () => {
    const params = parseExploreArgs({ nearObject: { id: uuid } }, limits);
    assert.equal(params.limit, 10);
    assert.equal(params.offset, 0);
    assert.deepEqual(params.near.target, { kind: "object", id: uuid });
  });

  test("needs nearVector or nearObject", () => {
    assertUnprocessable(() => parseExploreArgs({ limit: 3 }, limits), "nearVector or nearObject");
  });

  test("near faults surface (certainty with distance)", () => {
    assertUnprocessable(
      () => parseExploreArgs({ nearVector: { vector: [1], certainty: 0.5, distance: 0.5 } }, limits),
      "found 'certainty' and 'distance' set in nearVector which are conflicting, choose one instead",
    );
  });

  test("negative values and the maximum", () => {
    assertUnprocessable(() => parseExploreArgs({ nearVector: { vector: [1] }, limit: -1 }, limits), "negative");
    assertUnprocessable(
      () => parseExploreArgs({ nearVector: { vector: [1] }, limit: 10000, offset: 1 }, limits),
      "query maximum results exceeded",
    );
  });
});
