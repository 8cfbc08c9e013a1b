/** The depth and alias rules on their own: fragments followed, cycles survived, fan-out in linear time. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildSchema, parse, specifiedRules, validate } from "graphql";
import { limitRules, parseWithLimits } from "../../../src/graphql/limits.ts";

const schema = buildSchema(`
  type Query { node: Node }
  type Node { id: ID next: Node }
`);

const limits = { maxDepth: 4, maxAliases: 2, maxTokens: 10_000 };

function messages(query: string, rules = limitRules(limits)): string[] {
  return validate(schema, parse(query), rules).map((error) => error.message);
}

describe("limit rules", () => {
  it("measures depth as field nesting, through inline fragments and spreads", () => {
    assert.deepEqual(messages("{ node { next { next { id } } } }"), []);
    assert.deepEqual(messages("{ node { ... on Node { next { ...F } } } } fragment F on Node { next { next { id } } }"), [
      "query depth 5 exceeds the maximum of 4 (GRAPHQL_MAX_DEPTH)",
    ]);
  });

  it("checks each operation on its own", () => {
    const query = "query A { node { id } } query B { node { next { next { next { id } } } } }";
    assert.deepEqual(messages(query), ["query depth 5 exceeds the maximum of 4 (GRAPHQL_MAX_DEPTH)"]);
  });

  it("survives fragment cycles (graphql-js's own rule reports them)", () => {
    const query = "{ node { ...A } } fragment A on Node { next { ...B } } fragment B on Node { next { ...A } }";
    const all = messages(query, [...specifiedRules, ...limitRules(limits)]);
    assert.ok(all.some((message) => message.includes("Cannot spread fragment")), all.join("\n"));
  });

  it("counts aliases per spread and measures a doubling fan-out in linear time", () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^60 aliased fields if expanded.
    const fragments = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ node { ...F0 } } ${fragments.join(" ")} fragment F60 on Node { a: id }`;
    const started = performance.now();
    assert.deepEqual(messages(query), [
      `query uses ${2 ** 60 > Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER}` : 2 ** 60} aliases, exceeding the maximum of 2 (GRAPHQL_MAX_ALIASES)`,
    ]);
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(messages("{ a: node { id } b: node { id } }"), []);
  });

  it("refuses a document over the token limit while parsing", () => {
    assert.throws(() => parseWithLimits("{ node { id id id } }", { ...limits, maxTokens: 5 }), {
      message: "query exceeds the maximum of 5 tokens (GRAPHQL_MAX_TOKENS)",
    });
    assert.equal(parseWithLimits("{ node { id } }", { ...limits, maxTokens: 6 }).kind, "Document");
  });
});
