/**
 * Vector literals on the lean POST path (GraphQLExecutor): the numbers reach the vector scalar
 * from the request's own document, wherever graphql-js coerces the argument, and a request that
 * writes the placeholder text itself neither gets another request's vector nor spoils the cached
 * validation for the queries that share its text.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GraphQLFloat, GraphQLList, GraphQLObjectType, GraphQLSchema } from "graphql";
import { buildSchema } from "../../../src/graphql/build-schema.ts";
import { GraphQLExecutor } from "../../../src/graphql/execute.ts";
import { vectorScalar } from "../../../src/graphql/scalars.ts";
import { fake } from "./execute-harness.ts";
import { allCollections } from "./fixtures.ts";

const limits = { maxDepth: 30, maxAliases: 100, maxTokens: 10_000 };
const quiet = { error: () => {} };

describe("GraphQLExecutor and vector literals", () => {
  test("a vector argument coerced after an await still gets its numbers", async () => {
    const vector = vectorScalar("TestVectorScalar");
    const later = new GraphQLObjectType({
      name: "Later",
      fields: {
        echo: { type: new GraphQLList(GraphQLFloat), args: { vector: { type: vector } }, resolve: (_s, args) => args["vector"] },
      },
    });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: "Query",
        fields: { later: { type: later, resolve: () => new Promise((resolve) => setImmediate(() => resolve({}))) } },
      }),
    });
    const executor = new GraphQLExecutor(quiet, limits);
    const { context } = fake();
    const source = { schema: () => schema, context: () => context };
    const results = await Promise.all(
      [[1, 2], [3], [4, 5, 6]].map((numbers) =>
        executor.run({ query: `{later{echo(vector:${JSON.stringify(numbers)})}}` }, source),
      ),
    );
    assert.deepEqual(
      results.map((result) => [result.errors, JSON.parse(JSON.stringify(result.data))]),
      [
        [undefined, { later: { echo: [1, 2] } }],
        [undefined, { later: { echo: [3] } }],
        [undefined, { later: { echo: [4, 5, 6] } }],
      ],
    );
  });

  test("a vector literal in a variable's default value", async () => {
    const schema = buildSchema(allCollections);
    const executor = new GraphQLExecutor(quiet, limits);
    const f = fake();
    const query = "query($n: GetObjectsArticleNearVectorInpObj = {vector:[1,2]}){Get{Article(nearVector:$n){title}}}";
    const result = await executor.run({ query }, { schema: () => schema, context: () => f.context });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(f.gets[0]?.near?.target, { kind: "vector", vector: [1, 2] });
  });

  test("placeholder text sent by a client is an invalid vector and does not spoil the cache", async () => {
    const schema = buildSchema(allCollections);
    const executor = new GraphQLExecutor(quiet, limits);
    const f = fake();
    const source = { schema: () => schema, context: () => f.context };
    const crafted = await executor.run({ query: '{Get{Article(nearVector:{vector:["__vector_literal_0__"]}){title}}}' }, source);
    assert.equal(crafted.errors?.length, 1);
    assert.match(crafted.errors[0]!.message, /vector must be a list of numbers/);
    assert.equal(f.gets.length, 0);
    const real = await executor.run({ query: "{Get{Article(nearVector:{vector:[0.5,0.25]}){title}}}" }, source);
    assert.equal(real.errors, undefined, JSON.stringify(real.errors));
    assert.deepEqual(f.gets[0]?.near?.target, { kind: "vector", vector: [0.5, 0.25] });
  });
});
