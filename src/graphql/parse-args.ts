/**
 * GraphQL argument values (already coerced by graphql-js) → the search use case's plain
 * parameters. Faults a client can make get Weaviate's messages; structural ones were caught by
 * graphql-js validation before we get here.
 */
import {
  checkResultWindow,
  type Collection,
  type ExploreParams,
  type Filter,
  type GroupBySpec,
  type GroupSpec,
  type NearSearch,
  parseBeacon,
  type SortClause,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { parseRestWhere, validateFilterAgainst } from "../filters/index.ts";
import type { GraphQLLimits } from "./context.ts";

type Args = Record<string, unknown>;

const record = (value: unknown): Args | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Args) : undefined;

const optionalNumber = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

function thresholds(input: Args, argument: string): Pick<NearSearch, "distance" | "certainty"> {
  const distance = optionalNumber(input["distance"]);
  const certainty = optionalNumber(input["certainty"]);
  if (distance !== undefined && certainty !== undefined) {
    throw unprocessable(
      `found 'certainty' and 'distance' set in ${argument} which are conflicting, choose one instead`,
    );
  }
  if (certainty !== undefined && (certainty < 0 || certainty > 1)) {
    throw unprocessable(`${argument}: certainty must be between 0 and 1, got ${certainty}`);
  }
  return { distance, certainty };
}

function targetVectors(input: Args): string[] | undefined {
  const raw = input["targetVectors"];
  return Array.isArray(raw) ? raw.filter((name): name is string => typeof name === "string") : undefined;
}

/** nearVector / nearObject → NearSearch; at most one of them. */
export function parseNear(args: Args): NearSearch | undefined {
  const nearVector = record(args["nearVector"]);
  const nearObject = record(args["nearObject"]);
  if (nearVector && nearObject) {
    throw unprocessable("found both 'nearVector' and 'nearObject' parameters which are conflicting, choose one instead");
  }
  if (nearVector) {
    const vector = nearVector["vector"];
    if (!Array.isArray(vector) || vector.length === 0) throw unprocessable("nearVector: vector cannot be empty");
    return {
      target: { kind: "vector", vector: vector as number[] },
      targetVectors: targetVectors(nearVector),
      ...thresholds(nearVector, "nearVector"),
    };
  }
  if (nearObject) {
    const id = typeof nearObject["id"] === "string" ? nearObject["id"] : undefined;
    const beacon = typeof nearObject["beacon"] === "string" ? nearObject["beacon"] : undefined;
    if (id === undefined && beacon === undefined) throw unprocessable("nearObject: id or beacon needs to be set");
    let target: NearSearch["target"];
    if (beacon !== undefined) {
      const parsed = parseBeacon(beacon);
      if (typeof parsed === "string") throw unprocessable(`nearObject: ${parsed}`);
      target = { kind: "object", id: parsed.id, className: parsed.className };
    } else {
      target = { kind: "object", id: id!.toLowerCase() };
    }
    return { target, targetVectors: targetVectors(nearObject), ...thresholds(nearObject, "nearObject") };
  }
  return undefined;
}

/** where → a Filter checked against the collection (and, through references, the others). */
export function parseWhere(
  value: unknown,
  collection: Collection,
  lookup: (className: string) => Collection | undefined,
): Filter | undefined {
  if (value === undefined || value === null) return undefined;
  const filter = parseRestWhere(value);
  validateFilterAgainst(filter, collection, { getCollection: lookup });
  return filter;
}

export function parseSort(value: unknown): SortClause[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((entry) => {
    const clause = record(entry) ?? {};
    const path = clause["path"];
    if (!Array.isArray(path) || path.length !== 1 || typeof path[0] !== "string") {
      throw unprocessable(
        `sort: path must have exactly one element, the property name, got ${JSON.stringify(path ?? null)}`,
      );
    }
    return { path: path[0], order: clause["order"] === "desc" ? "desc" : "asc" };
  });
}

export function parseGroup(value: unknown): GroupSpec | undefined {
  const input = record(value);
  if (!input) return undefined;
  const type = input["type"];
  if (type !== "closest" && type !== "merge") {
    throw unprocessable("group: type must be closest or merge");
  }
  return { type, force: input["force"] as number };
}

export function parseGroupBy(value: unknown): GroupBySpec | undefined {
  const input = record(value);
  if (!input) return undefined;
  const path = input["path"] as unknown[];
  if (path.length !== 1 || typeof path[0] !== "string") {
    throw unprocessable("groupBy: path must have exactly one element, the property name");
  }
  const groups = input["groups"] as number;
  const objectsPerGroup = input["objectsPerGroup"] as number;
  if (groups <= 0) throw unprocessable("groupBy: groups must be greater than 0");
  if (objectsPerGroup <= 0) throw unprocessable("groupBy: objectsPerGroup must be greater than 0");
  return { path: path[0], groups, objectsPerGroup };
}

/**
 * limit / offset defaults (§6.2): nothing given → QUERY_DEFAULTS_LIMIT_GRAPHQL; offset or
 * autocut without limit → QUERY_DEFAULTS_LIMIT; offset + limit may not pass QUERY_MAXIMUM_RESULTS.
 */
export function parseWindow(args: Args, limits: GraphQLLimits): { limit: number; offset: number } {
  const limit = optionalNumber(args["limit"]);
  const offset = optionalNumber(args["offset"]) ?? 0;
  const autocut = optionalNumber(args["autocut"]);
  if (limit !== undefined && limit < 0) throw unprocessable(`limit must not be negative, got ${limit}`);
  if (offset < 0) throw unprocessable(`offset must not be negative, got ${offset}`);
  const fallback =
    args["offset"] === undefined && autocut === undefined ? limits.defaultLimitGraphql : limits.defaultLimit;
  const effective = limit ?? fallback;
  checkResultWindow(offset, effective, limits.maximumResults);
  return { limit: effective, offset };
}

/** Explore's arguments: exactly one of nearVector / nearObject, limit and offset. */
export function parseExploreArgs(args: Args, limits: GraphQLLimits): ExploreParams {
  const near = parseNear(args);
  if (!near) throw unprocessable("Explore needs a nearVector or nearObject argument");
  const limit = optionalNumber(args["limit"]) ?? limits.defaultLimit;
  const offset = optionalNumber(args["offset"]) ?? 0;
  if (limit < 0 || offset < 0) throw unprocessable("limit and offset must not be negative");
  checkResultWindow(offset, limit, limits.maximumResults);
  return { near, limit, offset };
}
