/** Plugins of the lean POST executor: each observes every request once, after its answer. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSchema } from "../../../src/graphql/build-schema.ts";
import { GraphQLExecutor } from "../../../src/graphql/execute.ts";
import type { OperationEvent } from "../../../src/graphql/plugins.ts";
import { fake } from "./execute-harness.ts";
import { allCollections } from "./fixtures.ts";

const limits = { maxDepth: 30, maxAliases: 100, maxTokens: 10_000 };
const quiet = { error: () => {} };

test("every plugin sees the request, its literal-free text, the time taken and the result", async () => {
  const seen: Array<[string, OperationEvent]> = [];
  const plugins = ["a", "b"].map((name) => ({ onOperation: (event: OperationEvent) => seen.push([name, event]) }));
  const executor = new GraphQLExecutor(quiet, limits, plugins);
  const schema = buildSchema(allCollections);
  const { context } = fake();
  const request = { query: "{Get{Article(nearVector:{vector:[1,2]}){title}}}", operationName: null };
  const result = await executor.run(request, { schema: () => schema, context: () => context });
  assert.deepEqual(
    seen.map(([name]) => name),
    ["a", "b"],
  );
  const [, event] = seen[0]!;
  assert.equal(event.request, request);
  assert.equal(event.literalFreeQuery, '{Get{Article(nearVector:{vector:["__vector_literal_0__"]}){title}}}');
  assert.equal(event.result, result);
  assert.ok(event.seconds >= 0 && event.seconds < 60);
});

test("a request that throws is reported without a result, and still throws", async () => {
  const events: OperationEvent[] = [];
  const executor = new GraphQLExecutor(quiet, limits, [{ onOperation: (event) => events.push(event) }]);
  const broken = {
    schema: () => {
      throw new Error("no schema");
    },
    context: () => fake().context,
  };
  await assert.rejects(executor.run({ query: "{Get{Article{title}}}" }, broken), /no schema/);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.result, undefined);
});
