/**
 * DELETE /v1/batch/objects: deletes the objects of one collection matching a where filter, at
 * most QUERY_MAXIMUM_RESULTS per call (callers repeat until `matches` is 0), or only counts them
 * with dryRun (reference §3.7).
 */
import { isAppError, unprocessable } from "../errors/index.ts";
import { matchesFilter, parseRestWhere, validateFilterAgainst } from "../filters/index.ts";
import type { ObjectService } from "./service.ts";

export interface BatchDeleteResult {
  match: { class: string; where: unknown };
  output: "minimal" | "verbose";
  dryRun: boolean;
  deletionTimeUnixMilli?: number;
  results: {
    matches: number;
    limit: number;
    successful: number;
    failed: number;
    /** null when there is nothing to list (Weaviate's empty slice encodes as null). */
    objects: Array<{ id: string; status: "SUCCESS" | "DRYRUN" | "FAILED"; errors?: unknown }> | null;
  };
}

interface DeleteRequest {
  match?: { class?: unknown; where?: unknown };
  output?: unknown;
  dryRun?: unknown;
  deletionTimeUnixMilli?: unknown;
}

function parseRequest(input: unknown) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw unprocessable("empty match clause");
  }
  const request = input as DeleteRequest;
  if (!request.match || typeof request.match !== "object") throw unprocessable("empty match clause");
  if (typeof request.match.class !== "string" || request.match.class === "") {
    throw unprocessable("empty match.class clause");
  }
  if (request.match.where === undefined || request.match.where === null) {
    throw unprocessable("empty match.where clause");
  }
  const output = request.output ?? "minimal";
  if (output !== "minimal" && output !== "verbose") {
    throw unprocessable(`invalid output '${String(output)}': expected minimal or verbose`);
  }
  if (request.dryRun !== undefined && typeof request.dryRun !== "boolean") {
    throw unprocessable("dryRun must be a boolean");
  }
  const time = request.deletionTimeUnixMilli;
  if (time !== undefined && time !== null && typeof time !== "number") {
    throw unprocessable("deletionTimeUnixMilli must be a number");
  }
  return {
    className: request.match.class,
    where: request.match.where,
    output: output as "minimal" | "verbose",
    dryRun: request.dryRun ?? false,
    deletionTimeUnixMilli: typeof time === "number" ? time : undefined,
  };
}

/** The value fields of models.WhereFilter; each is left out when not sent (omitempty). */
const whereValueFields = [
  "valueBoolean",
  "valueBooleanArray",
  "valueDate",
  "valueDateArray",
  "valueGeoRange",
  "valueInt",
  "valueIntArray",
  "valueNumber",
  "valueNumberArray",
  "valueString",
  "valueStringArray",
  "valueText",
  "valueTextArray",
] as const;

/**
 * A where filter as Weaviate echoes it: decoded into models.WhereFilter and encoded again, so
 * `operands` and `path` are always there (null when not sent: a leaf has `operands: null`),
 * the operator and values only when sent, anything else dropped. Clients deep-compare it.
 */
export function whereAsModel(raw: unknown): Record<string, unknown> | null {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return null;
  const where = raw as Record<string, unknown>;
  const operands = Array.isArray(where["operands"]) ? where["operands"].map(whereAsModel) : null;
  const out: Record<string, unknown> = { operands };
  if (typeof where["operator"] === "string" && where["operator"] !== "") out["operator"] = where["operator"];
  out["path"] = Array.isArray(where["path"]) ? where["path"] : null;
  for (const field of whereValueFields) {
    if (where[field] !== undefined && where[field] !== null) out[field] = where[field];
  }
  return out;
}

export async function batchDelete(service: ObjectService, input: unknown, tenant?: string): Promise<BatchDeleteResult> {
  const request = parseRequest(input);
  const collection = service.collections.get(request.className);
  if (!collection) throw unprocessable(`failed to get class: ${request.className}`);
  const filter = parseRestWhere(request.where);
  validateFilterAgainst(filter, collection, { getCollection: (name) => service.collections.get(name) });
  const limit = service.config.queryMaximumResults;
  const shard = await service.shardOf(collection, tenant, "write");
  const matched: string[] = [];
  if (service.matcher) {
    matched.push(...(await service.matcher.matchingIds(collection, filter, limit, tenant)));
  } else {
    for await (const { object } of shard.scan()) {
      if (matchesFilter(filter, object, collection)) matched.push(object.id);
      if (matched.length >= limit) break;
    }
  }
  // Shard by shard: one that refuses (READONLY) fails its own objects, with its reason.
  const failures = new Map<string, string>();
  const deleted = new Set<string>();
  if (!request.dryRun) {
    for (const part of shard.partition(matched, (id) => id)) {
      try {
        for (const id of await part.shard.delete(part.items)) deleted.add(id);
      } catch (error) {
        if (!isAppError(error)) throw error;
        for (const id of part.items) failures.set(id, error.message);
      }
    }
  }
  const status = (id: string) => (request.dryRun ? "DRYRUN" : deleted.has(id) ? "SUCCESS" : "FAILED");
  const objects = matched
    .map((id) => ({ id, status: status(id) as "SUCCESS" | "DRYRUN" | "FAILED" }))
    .filter((entry) => request.output === "verbose" || entry.status === "FAILED")
    .map((entry) =>
      entry.status === "FAILED"
        ? { ...entry, errors: { error: [{ message: failures.get(entry.id) ?? "object was deleted concurrently" }] } }
        : entry,
    );
  const successful = request.dryRun ? 0 : deleted.size;
  return {
    match: { class: collection.class, where: whereAsModel(request.where) },
    output: request.output,
    dryRun: request.dryRun,
    ...(request.deletionTimeUnixMilli !== undefined
      ? { deletionTimeUnixMilli: request.deletionTimeUnixMilli }
      : {}),
    results: {
      matches: matched.length,
      limit,
      successful,
      failed: request.dryRun ? 0 : matched.length - successful,
      objects: objects.length > 0 ? objects : null,
    },
  };
}
