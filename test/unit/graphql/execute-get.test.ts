/**
 * The generated Get resolver, executed with graphql-js against a fake search use case: what it
 * hands to the search layer (GetParams), and how plain results come back out through the
 * generated types (`_additional`, groups, reference unions).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SearchHit } from "../../../src/domain/index.ts";
import type { ResultObject } from "../../../src/graphql/context.ts";
import { assertResolverError, fake, run, stored, uuid } from "./execute-harness.ts";
import { author } from "./fixtures.ts";

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
