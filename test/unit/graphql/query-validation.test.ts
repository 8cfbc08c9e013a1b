/**
 * Queries validated against the generated schema with graphql-js `validate`. The valid ones are
 * the exact strings weaviate-ts-client 2.2.0 builds (captured from its own builders through a
 * fake connection), so a schema change that breaks the client shows up here.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type GraphQLError, parse, validate } from "graphql";
import { Aggregator, Explorer, GraphQLGetter } from "weaviate-ts-client";
import { buildSchema } from "../../../src/graphql/build-schema.ts";
import { allCollections } from "./fixtures.ts";

const schema = buildSchema(allCollections);

const errorsOf = (query: string): readonly GraphQLError[] => validate(schema, parse(query));
const messagesOf = (query: string): string[] => errorsOf(query).map((error) => error.message);

function assertValid(query: string): void {
  assert.deepEqual(messagesOf(query), [], query);
}

type Connection = ConstructorParameters<typeof GraphQLGetter>[0];

/** Runs a client builder against a fake connection and returns the query string it sent. */
async function captured(build: (connection: Connection) => { do: () => Promise<unknown> }): Promise<string> {
  let sent: string | undefined;
  const connection = {
    query: async (query: string) => {
      sent = query;
      return { data: {} };
    },
  } as unknown as Connection;
  await build(connection).do();
  assert.ok(sent, "the builder sent no query");
  return sent;
}

const uuid = "6a3a9a6b-4d5c-4e1f-9a0b-1c2d3e4f5a6b";

describe("weaviate-ts-client Get queries validate", () => {
  test("where (And + Like) with nearVector, limit, offset", async () => {
    const query = await captured((c) =>
      new GraphQLGetter(c)
        .withClassName("Article")
        .withFields("title")
        .withWhere({ operator: "And", operands: [{ operator: "Like", valueText: "a*", path: ["title"] }] })
        .withNearVector({ vector: [1, 2, 3], distance: 0.3 })
        .withLimit(10)
        .withOffset(2),
    );
    assert.equal(
      query,
      '{Get{Article(where:{operator:And,operands:[{operator:Like,valueText:"a*",path:["title"]}]},nearVector:{vector:[1,2,3],distance:0.3},limit:10,offset:2){title}}}',
    );
    assertValid(query);
  });

  test("sort with an unquoted enum, after, autocut", async () => {
    const query = await captured((c) =>
      new GraphQLGetter(c).withClassName("Article").withFields("title").withSort([{ path: ["title"], order: "desc" }]),
    );
    assert.equal(query, '{Get{Article(sort:[{path:["title"],order:desc}]){title}}}');
    assertValid(query);
    assertValid(await captured((c) => new GraphQLGetter(c).withClassName("Article").withFields("title").withAfter(uuid).withLimit(5)));
    assertValid(await captured((c) => new GraphQLGetter(c).withClassName("Article").withFields("title").withAutocut(1)));
  });

  test("groupBy with nearObject and _additional group", async () => {
    const query = await captured((c) =>
      new GraphQLGetter(c)
        .withClassName("Article")
        .withFields("title _additional { group { id count minDistance maxDistance groupedBy { path value } hits { title _additional { id distance } } } }")
        .withNearObject({ id: uuid, certainty: 0.7 })
        .withGroupBy({ path: ["title"], groups: 2, objectsPerGroup: 3 }),
    );
    assert.match(query, /groupBy:\{path:\["title"\],groups:2,objectsPerGroup:3\}/);
    assertValid(query);
  });

  test("list values in a scalar value field (ContainsAny)", async () => {
    const query = await captured((c) =>
      new GraphQLGetter(c)
        .withClassName("Article")
        .withFields("title")
        .withWhere({ operator: "ContainsAny", valueTextArray: ["a", "b"], path: ["tags"] }),
    );
    assert.equal(query, '{Get{Article(where:{operator:ContainsAny,valueText:["a","b"],path:["tags"]}){title}}}');
    assertValid(query);
    assertValid('{Get{Article(where:{operator:ContainsAll,valueInt:[1,2],path:["wordCount"]}){title}}}');
  });

  test("valueGeoRange, valueDate, valueInt, valueNumber, valueBoolean, valueString", async () => {
    const geo = await captured((c) =>
      new GraphQLGetter(c)
        .withClassName("Article")
        .withFields("title")
        .withWhere({
          operator: "WithinGeoRange",
          valueGeoRange: { geoCoordinates: { latitude: 52.3, longitude: 4.9 }, distance: { max: 2000 } },
          path: ["location"],
        }),
    );
    assert.match(geo, /valueGeoRange:\{geoCoordinates:\{latitude:52.3,longitude:4.9\},distance:\{max:2000\}\}/);
    assertValid(geo);
    const operands = [
      '{operator:GreaterThan,valueDate:"2020-01-01T00:00:00Z",path:["published"]}',
      '{operator:Equal,valueInt:3000000000,path:["wordCount"]}',
      '{operator:LessThan,valueNumber:2,path:["wordCount"]}',
      '{operator:IsNull,valueBoolean:true,path:["title"]}',
      '{operator:Equal,valueString:"x",path:["title"]}',
      '{operator:Not,operands:[{operator:Equal,valueText:"Ann",path:["hasAuthor","Author","name"]}]}',
    ];
    assertValid(`{Get{Article(where:{operator:Or,operands:[${operands.join(",")}]}){title}}}`);
  });

  test("tenant on a multi-tenant class", async () => {
    const query = await captured((c) => new GraphQLGetter(c).withClassName("Tenanted").withFields("x").withTenant("t1"));
    assert.equal(query, '{Get{Tenanted(tenant:"t1"){x}}}');
    assertValid(query);
  });

  test("references through inline fragments, with Beacon and _additional", () => {
    assertValid(
      "{Get{Article{title hasAuthor{... on Author{name _additional{id creationTimeUnix lastUpdateTimeUnix vector}} ... on Beacon{beacon}}}}}",
    );
    assertValid("{Get{Everything{ref{... on Article{title} ... on Author{name}}}}}");
  });

  test("geo, phone, nested objects and named vectors", () => {
    assertValid(
      "{Get{Everything{geo{latitude longitude} phone{input internationalFormatted countryCode national nationalFormatted valid defaultCountry} obj{a inner{b}} objs{c} _additional{id vectors{first second}}}}}",
    );
  });
});

describe("weaviate-ts-client Aggregate and Explore queries validate", () => {
  test("Aggregate with where, nearVector, groupBy, limit, objectLimit, tenant", async () => {
    const query = await captured((c) =>
      new Aggregator(c)
        .withClassName("Tenanted")
        .withFields("meta { count } x { count topOccurrences(limit: 3) { value occurs } }")
        .withWhere({ operator: "Equal", valueText: "a", path: ["x"] })
        .withNearVector({ vector: [1, 2], certainty: 0.8 })
        .withGroupBy(["x"])
        .withLimit(2)
        .withObjectLimit(5)
        .withTenant("t"),
    );
    assert.equal(
      query,
      '{Aggregate{Tenanted(where:{operator:Equal,valueText:"a",path:["x"]},nearVector:{vector:[1,2],certainty:0.8},groupBy:["x"],limit:2,objectLimit:5,tenant:"t"){meta { count } x { count topOccurrences(limit: 3) { value occurs } }}}}',
    );
    assertValid(query);
  });

  test("Aggregate fields per data type", () => {
    assertValid(
      "{Aggregate{Everything{meta{count} groupedBy{path value} text{count type topOccurrences{value occurs}} int{count type minimum maximum mean median mode sum} boolean{count type totalTrue totalFalse percentageTrue percentageFalse} date{count minimum maximum median mode} ref{type pointingTo}}}}",
    );
    assertValid('{Aggregate{Article(nearObject:{beacon:"weaviate://localhost/Article/x",distance:0.2}){meta{count}}}}');
  });

  test("Explore", async () => {
    const query = await captured((c) => new Explorer(c).withFields("beacon certainty className").withNearVector({ vector: [1, 2] }).withLimit(3));
    assert.equal(query, "{Explore(nearVector:{vector:[1,2]},limit:3){beacon certainty className}}");
    assertValid(query);
    assertValid(`{Explore(nearObject:{id:"${uuid}",distance:0.3},offset:1){beacon className distance}}`);
  });
});

describe("wrong shapes get graphql-js's messages", () => {
  test("unknown class and unknown field", () => {
    assert.deepEqual(messagesOf("{Get{Foo{title}}}"), ['Cannot query field "Foo" on type "GetObjectsObj".']);
    assert.deepEqual(messagesOf("{Aggregate{Foo{meta{count}}}}"), ['Cannot query field "Foo" on type "AggregateObjectsObj".']);
    assert.deepEqual(messagesOf("{Get{Article{x}}}"), ['Cannot query field "x" on type "Article".']);
  });

  test("unknown argument, and tenant on a class without multi-tenancy", () => {
    // graphql-js 16 words it `field "GetObjectsObj.Article"`; Weaviate (graphql-go) says
    // `field "Article" of type "GetObjectsObj"` (§6.9).
    assert.deepEqual(messagesOf("{Get{Article(foo:1){title}}}"), ['Unknown argument "foo" on field "GetObjectsObj.Article".']);
    assert.deepEqual(messagesOf('{Get{Article(tenant:"t"){title}}}'), [
      'Unknown argument "tenant" on field "GetObjectsObj.Article".',
    ]);
    assert.deepEqual(messagesOf('{Aggregate{Article(tenant:"t"){meta{count}}}}'), [
      'Unknown argument "tenant" on field "AggregateObjectsObj.Article".',
    ]);
    // consistencyLevel exists only with replication factor > 1 (not generated at all yet).
    assert.match(messagesOf("{Get{Article(consistencyLevel:ONE){title}}}")[0] ?? "", /Unknown argument "consistencyLevel"/);
  });

  test("a bad or quoted enum names the operator enum type", () => {
    const [bad] = messagesOf('{Get{Article(where:{operator:Foo,path:["title"],valueText:"x"}){title}}}');
    assert.match(bad ?? "", /"GetObjectsArticleWhereOperatorEnum"/);
    assert.match(bad ?? "", /Foo/);
    const [quoted] = messagesOf('{Get{Article(where:{operator:"Equal",path:["title"],valueText:"x"}){title}}}');
    assert.match(quoted ?? "", /Enum "GetObjectsArticleWhereOperatorEnum" cannot represent non-enum value: "Equal"/);
    const [sort] = messagesOf('{Get{Article(sort:[{path:["title"],order:"desc"}]){title}}}');
    assert.match(sort ?? "", /GetObjectsArticleSortInpObjTypeEnum/);
  });

  test("unknown where field and missing required groupBy fields", () => {
    assert.match(
      messagesOf('{Get{Article(where:{operator:Equal,path:["title"],valueFoo:"x"}){title}}}')[0] ?? "",
      /Field "valueFoo" is not defined by type "GetObjectsArticleWhereInpObj"/,
    );
    assert.deepEqual(messagesOf('{Get{Article(groupBy:{path:["title"],groups:2}){title}}}'), [
      'Field "GetObjectsArticleGroupByInpObj.objectsPerGroup" of required type "Int!" was not provided.',
    ]);
  });

  test("a reference field needs a fragment", () => {
    assert.match(
      messagesOf("{Get{Article{hasAuthor{name}}}}")[0] ?? "",
      /Cannot query field "name" on type "ArticlehasAuthorObj"/,
    );
  });

  test("values of the wrong kind in value scalars and vectors are rejected", () => {
    for (const query of [
      '{Get{Article(where:{operator:Equal,path:["wordCount"],valueInt:1.5}){title}}}',
      '{Get{Article(where:{operator:Equal,path:["wordCount"],valueInt:"1"}){title}}}',
      '{Get{Article(where:{operator:Equal,path:["title"],valueText:1}){title}}}',
      '{Get{Article(where:{operator:ContainsAny,path:["tags"],valueText:["a",1]}){title}}}',
      '{Get{Article(where:{operator:Equal,path:["title"],valueBoolean:"true"}){title}}}',
      '{Get{Article(nearVector:{vector:["a"]}){title}}}',
      '{Get{Article(nearVector:{vector:1}){title}}}',
      '{Explore(nearVector:{vector:[1,"a"]}){beacon}}',
    ]) {
      assert.equal(errorsOf(query).length, 1, query);
    }
  });

  test(
    "a value-scalar error names the scalar type and carries a location",
    () => {
      const [error] = errorsOf('{Get{Article(where:{operator:Equal,path:["wordCount"],valueInt:1.5}){title}}}');
      assert.match(error?.message ?? "", /IntGetObjectsArticle/);
      assert.ok(error?.locations?.length, "locations should be present (§6.9)");
    },
  );
});
