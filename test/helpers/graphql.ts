/** GraphQL over HTTP for the integration tests: queries, expected data and expected errors. */
import assert from "node:assert/strict";
import { call, type Reply } from "./http.ts";

export interface GraphQLErrorEntry {
  message: string;
  locations?: Array<{ line: number; column: number }> | null;
  path?: Array<string | number> | null;
}

// biome-ignore lint/suspicious/noExplicitAny: result shapes are checked by deepEqual, not by types
export type Data = any;

export interface GraphQLBody {
  data?: Data;
  errors?: GraphQLErrorEntry[];
}

/** POST /v1/graphql with `query` (and `variables`); the raw reply. */
export function graphql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Reply<GraphQLBody>> {
  return call<GraphQLBody>(url, "POST", "/v1/graphql", variables ? { query, variables } : { query }, headers);
}

/** Asserts Weaviate's GraphQL transport: status 200 with a JSON body. */
export function expectGraphQLReply(reply: Reply<GraphQLBody>): GraphQLBody {
  assert.equal(reply.status, 200, `expected 200, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  assert.match(reply.headers.get("content-type") ?? "", /^application\/json/);
  assert.ok(reply.body && typeof reply.body === "object", `expected a JSON body, got ${String(reply.body)}`);
  return reply.body;
}

/** Runs `query` and returns its `data`; fails on any error. */
export async function queryData(url: string, query: string, variables?: Record<string, unknown>): Promise<Data> {
  const body = expectGraphQLReply(await graphql(url, query, variables));
  assert.equal(body.errors, undefined, `unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** `data.Get.<className>` of a query that must succeed. */
export async function getObjects(url: string, className: string, query: string): Promise<Data[]> {
  const data = await queryData(url, query);
  const list = data?.Get?.[className];
  assert.ok(Array.isArray(list), `expected a list at Get.${className}: ${JSON.stringify(data)}`);
  return list;
}

/** Runs `query`, expects exactly one error and returns it with the whole body. */
export async function queryError(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ error: GraphQLErrorEntry; body: GraphQLBody }> {
  const body = expectGraphQLReply(await graphql(url, query, variables));
  assert.ok(Array.isArray(body.errors) && body.errors.length === 1, `expected one error: ${JSON.stringify(body)}`);
  const [error] = body.errors;
  assert.ok(error && typeof error.message === "string" && error.message !== "", "errors[0].message");
  return { error, body };
}

/**
 * A resolver-time error (§6.9): `data.<root>.<className>` is null, the error's path is
 * `[root, className]` and its message contains every fragment. Returns the message.
 */
export async function expectResolverError(
  url: string,
  query: string,
  className: string,
  fragments: string[],
  root: "Get" | "Aggregate" = "Get",
): Promise<string> {
  const { error, body } = await queryError(url, query);
  assert.deepEqual(body.data, { [root]: { [className]: null } }, JSON.stringify(body));
  assert.deepEqual(error.path, [root, className]);
  assert.ok(Array.isArray(error.locations) && error.locations.length > 0, "locations");
  for (const fragment of fragments) {
    assert.ok(error.message.includes(fragment), `"${error.message}" should contain "${fragment}"`);
  }
  return error.message;
}

/** A validation error (graphql-js refused the document): no data, the message as given. */
export async function expectValidationError(url: string, query: string, message: string | RegExp): Promise<void> {
  const { error, body } = await queryError(url, query);
  assert.equal(body.data, undefined, `validation errors carry no data: ${JSON.stringify(body)}`);
  if (typeof message === "string") assert.equal(error.message, message);
  else assert.match(error.message, message);
}

/** Imports objects through POST /v1/batch/objects; fails unless every one succeeded. */
export async function importObjects(url: string, objects: Array<Record<string, unknown>>): Promise<void> {
  for (let start = 0; start < objects.length; start += 500) {
    const chunk = objects.slice(start, start + 500);
    const reply = await call<Array<{ result: { errors?: unknown } }>>(url, "POST", "/v1/batch/objects", {
      objects: chunk,
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const failed = reply.body.filter((entry) => entry.result.errors !== undefined);
    assert.deepEqual(failed, [], "every object imported");
  }
}

/** The ids of a Get result list (each entry selected `_additional { id }`). */
export function idsOf(list: Data[]): string[] {
  return list.map((entry) => entry._additional.id);
}

/**
 * Asserts computed floats (distances, certainties) match within `tolerance`: stored vectors are
 * float32, so exact decimals are not to be expected. Arrays are compared element by element.
 */
export function assertClose(actual: number | number[], expected: number | number[], tolerance = 1e-5): void {
  const left = Array.isArray(actual) ? actual : [actual];
  const right = Array.isArray(expected) ? expected : [expected];
  assert.equal(left.length, right.length, `${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
  left.forEach((value, i) => {
    assert.ok(
      typeof value === "number" && Math.abs(value - right[i]!) <= tolerance,
      `${JSON.stringify(actual)} should be close to ${JSON.stringify(expected)}`,
    );
  });
}

/**
 * Counts calls to `methods` of a real object (a shard of the running server) by wrapping them on
 * the instance; `restore()` puts the originals back. `args` keeps each call's first argument.
 */
export function countCalls<T extends object>(target: T, methods: ReadonlyArray<keyof T & string>) {
  const counts: Record<string, number> = Object.fromEntries(methods.map((name) => [name, 0]));
  const args: Record<string, unknown[]> = Object.fromEntries(methods.map((name) => [name, []]));
  const record = target as Record<string, unknown>;
  for (const name of methods) {
    const original = record[name] as (...input: unknown[]) => unknown;
    record[name] = function (this: unknown, ...input: unknown[]) {
      counts[name]! += 1;
      args[name]!.push(input[0]);
      return original.apply(this, input);
    };
  }
  return {
    counts,
    args,
    restore: () => {
      for (const name of methods) delete record[name];
    },
  };
}
