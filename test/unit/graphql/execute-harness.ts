/**
 * A harness for executing the generated resolvers with graphql-js against a fake search use case
 * that records what Get, Aggregate and Explore hand to it and answers with canned results.
 * Shared by the execute-*.test.ts files.
 */
import assert from "node:assert/strict";
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
import type { GraphQLContext } from "../../../src/graphql/context.ts";
import type { ReferenceEntry } from "../../../src/graphql/get-types.ts";
import { allCollections, limits, lookupIn } from "./fixtures.ts";

const schema = buildSchema(allCollections);
export const uuid = "6a3a9a6b-4d5c-4e1f-9a0b-1c2d3e4f5a6b";

export function stored(className: string, properties: Record<string, unknown>, id = uuid): StoredObject {
  return {
    id,
    className,
    properties,
    vectors: { "": [0.5, 0.25] },
    creationTimeUnix: 1700000000123,
    lastUpdateTimeUnix: 1700000000456,
  };
}

export interface Fake {
  context: GraphQLContext;
  gets: GetParams[];
  aggregates: AggregateParams[];
  explores: ExploreParams[];
}

export function fake(
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
  const unused = () => Promise.reject(new Error("backups are not part of these tests"));
  const noTenants = (): never => {
    throw new Error("tenants are not part of these tests");
  };
  const context: GraphQLContext = {
    backups: { create: unused, restore: unused, status: unused, list: unused, cancel: unused },
    tenants: { list: noTenants, get: noTenants, create: noTenants, update: noTenants, delete: noTenants },
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
      referenceResolver: () => ({ load: async () => [] }),
    },
    references: { load: async () => options.references ?? [] },
    limits: { ...limits, crossReferenceDepth: options.depth ?? limits.crossReferenceDepth },
    collection: lookupIn(allCollections),
  };
  return { context, gets, aggregates, explores };
}

/** Executes `source`; `data` comes back as plain JSON (graphql-js builds null-prototype objects). */
export async function run(f: Fake, source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> {
  const result = await graphql({ schema, source, contextValue: f.context, variableValues });
  return result.data ? { ...result, data: JSON.parse(JSON.stringify(result.data)) } : result;
}

/** Asserts the single error is a 422 AppError containing `fragment`. */
export function assertResolverError(result: ExecutionResult, fragment: string): void {
  assert.equal(result.errors?.length, 1, JSON.stringify(result.errors));
  const [error] = result.errors ?? [];
  assert.ok(isAppError(error?.originalError), String(error?.message));
  assert.equal(error.originalError.code, "UNPROCESSABLE");
  assert.ok(error.message.includes(fragment), `"${error.message}" should contain "${fragment}"`);
}
