/** Batch endpoints of reference §3.6-3.8: bodies parsed here, outcomes rendered as Weaviate's. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { BatchDeleteOutcome } from "../../objects/index.ts";
import { parseBatchDelete, parseBatchObjects, parseBatchReferences } from "../bodies/batch.ts";
import type { HttpDeps } from "../context.ts";
import { errorList } from "../errors.ts";
import { renderObject } from "../render.ts";

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

/** A body key dropped because Weaviate's models lack it, noted in the request's debug log. */
const ignoredKeysOf = (request: FastifyRequest) => (where: string, keys: string[]) =>
  request.log.debug({ where, keys }, "unknown keys in the request body ignored");

export function batchRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { objects, collections, config } = deps;

  app.post("/v1/batch/objects", async (request) => {
    const { items, raw } = parseBatchObjects(request.body, ignoredKeysOf(request));
    const outcomes = await objects.batch(items);
    return outcomes.map((outcome, index) => {
      if ("object" in outcome) {
        const collection = collections.get(outcome.object.className);
        return {
          ...renderObject(outcome.object, collection, {
            origin: config.origin,
            // Echoing every vector back doubles the bytes of an import for no client's benefit
            // (they read `result` only), so batch replies leave vectors out.
            withVector: false,
          }),
          deprecations: null,
          result: { status: "SUCCESS" },
        };
      }
      // A failure echoes the object as parsed (as Weaviate echoes its models.Object), or as sent.
      const item = items[index]!;
      const echoed = "ok" in item ? item.ok : typeof raw[index] === "object" && raw[index] !== null ? raw[index] : {};
      return { ...echoed, deprecations: null, result: { status: "FAILED", errors: errorList(outcome.error.message) } };
    });
  });

  app.delete<{ Querystring: { tenant?: string } }>("/v1/batch/objects", async (request) => {
    const parsed = parseBatchDelete(request.body);
    const outcome = await objects.batchDelete(parsed, request.query.tenant);
    return {
      match: { class: outcome.className, where: whereAsModel(parsed.where) },
      output: parsed.output,
      dryRun: parsed.dryRun,
      ...(parsed.deletionTimeUnixMilli !== undefined ? { deletionTimeUnixMilli: parsed.deletionTimeUnixMilli } : {}),
      results: deleteResults(outcome, parsed.output),
    };
  });

  app.post("/v1/batch/references", async (request) => {
    const { items, raw } = parseBatchReferences(request.body);
    const outcomes = await objects.batchReferences(items);
    return outcomes.map((outcome, index) => {
      const { from, to } = (raw[index] ?? {}) as { from?: unknown; to?: unknown };
      return {
        from,
        to,
        result: "error" in outcome ? { status: "FAILED", errors: errorList(outcome.error.message) } : { status: "SUCCESS" },
      };
    });
  });
}

/** `results` of a batch delete: minimal output lists failures only; nothing to list is null (Go's nil slice). */
function deleteResults(outcome: BatchDeleteOutcome, output: "minimal" | "verbose") {
  const objects = outcome.objects
    .filter((entry) => output === "verbose" || entry.status === "FAILED")
    .map(({ id, status, error }) => (error ? { id, status, errors: errorList(error.message) } : { id, status }));
  return {
    matches: outcome.objects.length,
    limit: outcome.limit,
    successful: outcome.successful,
    failed: outcome.failed,
    objects: objects.length > 0 ? objects : null,
  };
}
