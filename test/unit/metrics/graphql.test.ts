/** GraphQL requests as metric labels: operation type, root fields, errors charged to them. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { GraphQLError } from "graphql";
import { OperationSummaries, outcomeOf } from "../../../src/metrics/graphql.ts";

const summaries = new OperationSummaries();

test("operation type and root fields, through aliases and fragments", () => {
  assert.deepEqual(summaries.summarise("{ Get { A { x } } }").fields, ["Get"]);
  const both = summaries.summarise("query { g: Get { A { x } } ...F } fragment F on Query { Aggregate { A { meta { count } } } }");
  assert.equal(both.type, "query");
  assert.deepEqual(both.fields, ["Get", "Aggregate"]);
  assert.equal(both.byKey.get("g"), "Get");
  const mutation = summaries.summarise('mutation { createBackup(backend: "filesystem", id: "x") { status } }');
  assert.deepEqual([mutation.type, mutation.fields], ["mutation", ["createBackup"]]);
});

test("the operation named, or the only one", () => {
  const query = "query A { Get { A { x } } } mutation B { cancelBackup(backend: \"s3\", id: \"x\") }";
  assert.equal(summaries.summarise(query, "B").type, "mutation");
  assert.equal(summaries.summarise(query, "A").type, "query");
  assert.equal(summaries.summarise(query).type, "unknown");
  assert.equal(summaries.summarise("{ Get {").type, "unknown");
});

test("vector literals do not matter", () => {
  const a = summaries.summarise("{ Get { A(nearVector: {vector: [0.1, -2e-3, 4]}) { x } } }");
  const b = summaries.summarise("{ Get { A(nearVector: {vector: [9, 8, 7, 6.5E+2]}) { x } } }");
  assert.equal(a, b, "one cache entry");
});

test("errors: charged to their root field, or to none when nothing ran", () => {
  const summary = summaries.summarise("{ g: Get { A { x } } Aggregate { A { meta { count } } } }");
  const ok = outcomeOf(summary, { data: {} });
  assert.deepEqual([...ok.fields], [["Get", false], ["Aggregate", false]]);
  const resolver = outcomeOf(summary, { data: {}, errors: [new GraphQLError("bad", { path: ["g", "A", 0] })] });
  assert.deepEqual([...resolver.fields], [["Get", true], ["Aggregate", false]]);
  const invalid = outcomeOf(summary, { errors: [new GraphQLError("Cannot query field")] });
  assert.deepEqual([...invalid.fields], [["none", true]]);
  assert.deepEqual([...outcomeOf(summary, undefined).fields], [["none", true]]);
});
