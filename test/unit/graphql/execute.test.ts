/**
 * The generated resolvers, executed with graphql-js against a fake search use case: what Get,
 * Aggregate and Explore hand to the search layer, and how plain results come back out through
 * the generated types (`_additional`, groups, reference unions, Aggregate fields).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ExecutionResult, graphql } from "graphql";
import type {
  AggregateGroup,
  AggregateParams,
  ExploreHit,
  ExploreParams,
  GetParams,
  SearchHit,
  StoredObject,
} from "../../../src/domain/index.ts";
import { isAppError } from "../../../src/errors/index.ts";
import { buildSchema } from "../../../src/graphql/build-schema.ts";
import type { GraphQLContext, ResultObject } from "../../../src/graphql/context.ts";
import type { ReferenceEntry } from "../../../src/graphql/get-types.ts";
import { allCollections, article, author, everything, limits, lookupIn } from "./fixtures.ts";

const schema = buildSchema(allCollections);
const uuid = "6a3a9a6b-4d5c-4e1f-9a0b-1c2d3e4f5a6b";

function stored(className: string, properties: Record<string, unknown>, id = uuid): StoredObject {
  return {
    id,
    className,
    properties,
    vectors: { "": [0.5, 0.25] },
    creationTimeUnix: 1700000000123,
    lastUpdateTimeUnix: 1700000000456,
  };
}

interface Fake {
  context: GraphQLContext;
  gets: GetParams[];
  aggregates: AggregateParams[];
  explores: ExploreParams[];
}

function fake(
  options: {
    hits?: SearchHit[];
    groups?: AggregateGroup[];
    explore?: ExploreHit[];
    references?: ReferenceEntry[];
    depth?: number;
  } = {},
): Fake {
  const gets: GetParams[] = [];
  const aggregates: AggregateParams[] = [];
  const explores: ExploreParams[] = [];
  const context: GraphQLContext = {
    search: {
      get: async (params) => {
        gets.push(params);
        return options.hits ?? [];
      },
      aggregate: async (params) => {
        aggregates.push(params);
        return options.groups ?? [];
      },
      explore: async (params) => {
        explores.push(params);
        return options.explore ?? [];
      },
      fetchObjects: async () => [],
    },
    references: { load: async () => options.references ?? [] },
    limits: { ...limits, crossReferenceDepth: options.depth ?? limits.crossReferenceDepth },
    collection: lookupIn(allCollections),
  };
  return { context, gets, aggregates, explores };
}

/** Executes `source`; `data` comes back as plain JSON (graphql-js builds null-prototype objects). */
async function run(f: Fake, source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> {
  const result = await graphql({ schema, source, contextValue: f.context, variableValues });
  return result.data ? { ...result, data: JSON.parse(JSON.stringify(result.data)) } : result;
}

/** Asserts the single error is a 422 AppError containing `fragment`. */
function assertResolverError(result: ExecutionResult, fragment: string): void {
  assert.equal(result.errors?.length, 1, JSON.stringify(result.errors));
  const [error] = result.errors ?? [];
  assert.ok(isAppError(error?.originalError), String(error?.message));
  assert.equal(error.originalError.code, "UNPROCESSABLE");
  assert.ok(error.message.includes(fragment), `"${error.message}" should contain "${fragment}"`);
}

describe("Get resolver → GetParams", () => {
  test("where, nearVector, limit, offset, sort as the client sends them", async () => {
    const f = fake();
    const result = await run(
      f,
      '{Get{Article(where:{operator:And,operands:[{operator:Like,valueText:"a*",path:["title"]}]},nearVector:{vector:[1,2,3],distance:0.3},limit:10,offset:2,sort:[{path:["title"],order:desc}]){title}}}',
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, { Get: { Article: [] } });
    const [params] = f.gets;
    assert.equal(params?.className, "Article");
    assert.equal(params.limit, 10);
    assert.equal(params.offset, 2);
    assert.deepEqual(params.near, {
      target: { kind: "vector", vector: [1, 2, 3] },
      targetVectors: undefined,
      distance: 0.3,
      certainty: undefined,
    });
    assert.deepEqual(params.sort, [{ path: "title", order: "desc" }]);
    assert.equal(params.where?.kind, "logical");
    assert.equal(params.tenant, undefined);
    assert.equal(params.wantsCertainty, false);
  });

  test("defaults: QUERY_DEFAULTS_LIMIT_GRAPHQL; _additional certainty sets wantsCertainty", async () => {
    const f = fake();
    await run(f, "{Get{Article{title _additional{certainty}}}}");
    assert.equal(f.gets[0]?.limit, 100);
    assert.equal(f.gets[0]?.offset, 0);
    assert.equal(f.gets[0]?.wantsCertainty, true);
  });

  test("tenant reaches the search on a multi-tenant class", async () => {
    const f = fake();
    const result = await run(f, '{Get{Tenanted(tenant:"t1"){x}}}');
    assert.equal(result.errors, undefined);
    assert.equal(f.gets[0]?.tenant, "t1");
    assert.equal(f.gets[0]?.className, "Tenanted");
  });

  test("after: needs a limit, excludes where/offset, must be a uuid (messages name the fault)", async () => {
    const ok = fake();
    await run(ok, `{Get{Article(after:"${uuid.toUpperCase()}",limit:5){title}}}`);
    assert.equal(ok.gets[0]?.after, uuid);
    assertResolverError(await run(fake(), `{Get{Article(after:"${uuid}"){title}}}`), "limit");
    assertResolverError(
      await run(fake(), `{Get{Article(after:"${uuid}",limit:5,offset:1){title}}}`),
      "offset",
    );
    assertResolverError(
      await run(fake(), `{Get{Article(after:"${uuid}",limit:5,where:{operator:Equal,valueText:"a",path:["title"]}){title}}}`),
      "where",
    );
    assertResolverError(await run(fake(), '{Get{Article(after:"nope",limit:5){title}}}'), "not a valid uuid");
  });

  test("groupBy needs a vector search", async () => {
    assertResolverError(
      await run(fake(), '{Get{Article(groupBy:{path:["title"],groups:2,objectsPerGroup:3}){title}}}'),
      "groupBy needs a vector search",
    );
    const f = fake();
    await run(f, '{Get{Article(nearVector:{vector:[1]},groupBy:{path:["title"],groups:2,objectsPerGroup:3}){title}}}');
    assert.deepEqual(f.gets[0]?.groupBy, { path: "title", groups: 2, objectsPerGroup: 3 });
  });

  test("parse faults become resolver errors at Get.Article with data null", async () => {
    const result = await run(fake(), "{Get{Article(nearVector:{vector:[1],certainty:0.5,distance:0.5}){title}}}");
    assertResolverError(
      result,
      "found 'certainty' and 'distance' set in nearVector which are conflicting, choose one instead",
    );
    assert.deepEqual(result.errors?.[0]?.path, ["Get", "Article"]);
    assert.deepEqual(result.data, { Get: { Article: null } });
    assertResolverError(
      await run(fake(), '{Get{Article(where:{operator:Equal,valueText:"x",path:["nope"]}){title}}}'),
      "no such prop with name 'nope'",
    );
  });

  test("references nested past QUERY_CROSS_REFERENCE_DEPTH_LIMIT are refused before searching", async () => {
    const f = fake({ depth: 0 });
    assertResolverError(
      await run(f, "{Get{Article{hasAuthor{... on Author{name}}}}}"),
      "QUERY_CROSS_REFERENCE_DEPTH_LIMIT",
    );
    assert.equal(f.gets.length, 0);
  });

  test("where values from variables (lists in value scalars, vectors)", async () => {
    const f = fake();
    const result = await run(
      f,
      "query($w: GetObjectsArticleWhereInpObj, $n: GetObjectsArticleNearVectorInpObj){Get{Article(where:$w,nearVector:$n){title}}}",
      {
        w: { operator: "ContainsAny", path: ["tags"], valueText: ["a", "b"] },
        n: { vector: [0.1, 0.2] },
      },
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(f.gets[0]?.where, {
      kind: "compare",
      operator: "ContainsAny",
      path: ["tags"],
      valueType: "text",
      value: ["a", "b"],
    });
    assert.deepEqual(f.gets[0]?.near?.target, { kind: "vector", vector: [0.1, 0.2] });
  });

  test("variables of the wrong kind are refused before the resolver runs", async () => {
    const f = fake();
    const bad = await run(f, "query($w: GetObjectsArticleWhereInpObj){Get{Article(where:$w){title}}}", {
      w: { operator: "Equal", path: ["wordCount"], valueInt: 1.5 },
    });
    assert.equal(bad.errors?.length, 1);
    const vector = await run(f, "query($n: GetObjectsArticleNearVectorInpObj){Get{Article(nearVector:$n){title}}}", {
      n: { vector: [1, "a"] },
    });
    assert.equal(vector.errors?.length, 1);
    assert.equal(f.gets.length, 0);
  });
});

describe("Get results through the generated types", () => {
  test("properties and _additional", async () => {
    const hit: SearchHit = {
      object: stored("Article", { title: "Hello", wordCount: 42, tags: ["a"] }),
      distance: 0.25,
      certainty: 0.875,
    };
    const result = await run(
      fake({ hits: [hit] }),
      "{Get{Article{title wordCount tags published _additional{id distance certainty vector creationTimeUnix lastUpdateTimeUnix}}}}",
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Get: {
        Article: [
          {
            title: "Hello",
            wordCount: 42,
            tags: ["a"],
            published: null,
            _additional: {
              id: uuid,
              distance: 0.25,
              certainty: 0.875,
              vector: [0.5, 0.25],
              creationTimeUnix: "1700000000123",
              lastUpdateTimeUnix: "1700000000456",
            },
          },
        ],
      },
    });
  });

  test("geo, phone, nested objects and named vectors", async () => {
    const object = stored("Everything", {
      geo: { latitude: 52.3, longitude: 4.9 },
      phone: { input: "020 1234567", defaultCountry: "nl", valid: true, countryCode: 31 },
      obj: { a: "x", inner: { b: 3 } },
      objs: [{ c: true }, { c: false }],
    });
    object.vectors = { first: [1, 0], second: [0, 1] };
    const result = await run(
      fake({ hits: [{ object }] }),
      "{Get{Everything{geo{latitude longitude} phone{input valid countryCode} obj{a inner{b}} objs{c} _additional{vectors{first second} vector distance}}}}",
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Get: {
        Everything: [
          {
            geo: { latitude: 52.3, longitude: 4.9 },
            phone: { input: "020 1234567", valid: true, countryCode: 31 },
            obj: { a: "x", inner: { b: 3 } },
            objs: [{ c: true }, { c: false }],
            _additional: { vectors: { first: [1, 0], second: [0, 1] }, vector: null, distance: null },
          },
        ],
      },
    });
  });

  test("reference unions resolve to the target class or Beacon", async () => {
    const target: ResultObject = { hit: { object: stored("Author", { name: "Ann" }) }, collection: author };
    const beacon = { beacon: `weaviate://localhost/Author/${uuid}` };
    const result = await run(
      fake({ hits: [{ object: stored("Article", {}) }], references: [target, beacon] }),
      "{Get{Article{hasAuthor{__typename ... on Author{name _additional{id}} ... on Beacon{beacon}}}}}",
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Get: {
        Article: [
          {
            hasAuthor: [
              { __typename: "Author", name: "Ann", _additional: { id: uuid } },
              { __typename: "Beacon", beacon: beacon.beacon },
            ],
          },
        ],
      },
    });
  });

  test("groups in _additional", async () => {
    const member: SearchHit = { object: stored("Article", { title: "member" }), distance: 0.1 };
    const hit: SearchHit = {
      object: stored("Article", { title: "top" }),
      distance: 0.1,
      group: {
        id: 0,
        groupedBy: { path: ["title"], value: "top" },
        count: 1,
        minDistance: 0.1,
        maxDistance: 0.1,
        hits: [member],
      },
    };
    const result = await run(
      fake({ hits: [hit, { object: stored("Article", { title: "plain" }) }] }),
      '{Get{Article(nearVector:{vector:[1]},groupBy:{path:["title"],groups:1,objectsPerGroup:1}){_additional{group{id count minDistance maxDistance groupedBy{path value} hits{title _additional{id distance}}}}}}}',
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Get: {
        Article: [
          {
            _additional: {
              group: {
                id: 0,
                count: 1,
                minDistance: 0.1,
                maxDistance: 0.1,
                groupedBy: { path: ["title"], value: "top" },
                hits: [{ title: "member", _additional: { id: uuid, distance: 0.1 } }],
              },
            },
          },
          { _additional: { group: null } },
        ],
      },
    });
  });
});

describe("Aggregate resolver", () => {
  test("arguments → AggregateParams; only selected properties (fragments included) are computed", async () => {
    const f = fake({ groups: [{ count: 3, properties: {} }] });
    const result = await run(
      f,
      '{Aggregate{Tenanted(where:{operator:Equal,valueText:"a",path:["x"]},nearVector:{vector:[1,2],certainty:0.8},groupBy:["x"],limit:2,objectLimit:5,tenant:"t"){meta{count} ...F}}} fragment F on AggregateTenanted { x { count } }',
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, { Aggregate: { Tenanted: [{ meta: { count: 3 }, x: null }] } });
    const [params] = f.aggregates;
    assert.equal(params?.className, "Tenanted");
    assert.equal(params.tenant, "t");
    assert.equal(params.objectLimit, 5);
    assert.equal(params.limit, 2);
    assert.deepEqual(params.groupBy, ["x"]);
    assert.equal(params.near?.certainty, 0.8);
    assert.equal(params.where?.kind, "compare");
    assert.deepEqual(
      params.properties.map((p) => p.name),
      ["x"],
    );
  });

  test("results per data type; topOccurrences default 5 and its own limit", async () => {
    const occurrences = Array.from({ length: 7 }, (_, i) => ({ value: `v${i}`, occurs: 7 - i }));
    const group: AggregateGroup = {
      count: 7,
      groupedBy: { path: ["title"], value: "v0" },
      properties: {
        title: { count: 7, type: "text", topOccurrences: occurrences },
        wordCount: { count: 7, type: "int", minimum: 1, maximum: 9, mean: 4.5, median: 4, mode: 1, sum: 30 },
        hasAuthor: { type: "cref", pointingTo: ["Author"] },
      },
    };
    const result = await run(
      fake({ groups: [group] }),
      "{Aggregate{Article{meta{count} groupedBy{path value} title{count type all: topOccurrences{value} two: topOccurrences(limit:2){value occurs}} wordCount{mean sum} hasAuthor{type pointingTo}}}}",
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Aggregate: {
        Article: [
          {
            meta: { count: 7 },
            groupedBy: { path: ["title"], value: "v0" },
            title: {
              count: 7,
              type: "text",
              all: occurrences.slice(0, 5).map(({ value }) => ({ value })),
              two: occurrences.slice(0, 2),
            },
            wordCount: { mean: 4.5, sum: 30 },
            hasAuthor: { type: "cref", pointingTo: ["Author"] },
          },
        ],
      },
    });
  });

  test("a where fault is a resolver error", async () => {
    assertResolverError(
      await run(fake(), '{Aggregate{Article(where:{operator:Equal,valueInt:1,path:["title"]}){meta{count}}}}'),
      "valueInt",
    );
  });
});

describe("Explore resolver", () => {
  test("arguments → ExploreParams; hits → beacon, className, distance, certainty", async () => {
    const f = fake({ explore: [{ className: "Article", id: uuid, distance: 0.2, certainty: 0.9 }, { className: "Author", id: uuid, distance: 0.4 }] });
    const result = await run(f, "{Explore(nearVector:{vector:[1,2]},limit:3){beacon className distance certainty}}");
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, {
      Explore: [
        { beacon: `weaviate://localhost/Article/${uuid}`, className: "Article", distance: 0.2, certainty: 0.9 },
        { beacon: `weaviate://localhost/Author/${uuid}`, className: "Author", distance: 0.4, certainty: null },
      ],
    });
    assert.deepEqual(f.explores[0], {
      near: { target: { kind: "vector", vector: [1, 2] }, targetVectors: undefined, distance: undefined, certainty: undefined },
      limit: 3,
      offset: 0,
    });
  });

  test("without a near argument", async () => {
    assertResolverError(await run(fake(), "{Explore(limit:3){beacon}}"), "nearVector or nearObject");
  });
});

describe("fixtures sanity", () => {
  test("the collections are the defaulted ones", () => {
    assert.equal(article.properties.find((p) => p.name === "title")?.tokenization, "word");
    assert.ok(everything.vectorConfig?.["first"]);
  });
});
