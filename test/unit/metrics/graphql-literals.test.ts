/**
 * GraphQL metrics read the query as the executor parses it: vector literals cut out by the
 * GraphQL layer's stripper (vector-literals.ts), nothing else rewritten.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { extractVectorLiterals } from "../../../src/graphql/index.ts";
import { OperationSummaries } from "../../../src/metrics/graphql.ts";

test("a raw query and the executor's literal-free text share one summary", () => {
  const summaries = new OperationSummaries();
  const raw = "{ Get { A(nearVector: {vector: [0.1, -2e-3, 4]}) { x } } }";
  const fromRaw = summaries.summarise(raw);
  assert.equal(summaries.summariseLiteralFree(extractVectorLiterals(raw).query), fromRaw);
  assert.deepEqual([fromRaw.type, fromRaw.fields], ["query", ["Get"]]);
});

test("a number list the executor cannot parse is a syntax error here too: operation unknown", () => {
  const summaries = new OperationSummaries();
  for (const query of ["{Get{A(nearVector:{vector:[01,2]}){x}}}", "{Get{A(where:{valueNumber:[1.5e]}){x}}}"]) {
    assert.equal(summaries.summarise(query).type, "unknown", query);
  }
});
