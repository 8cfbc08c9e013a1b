/**
 * The bodies of the batch endpoints and the reference endpoints, parsed into the object use
 * cases' inputs. Whole-request faults (not a JSON object, a missing list) are 422s with
 * Weaviate's messages; a bad item of a batch fails alone, so it is handed on as `invalid`.
 */
import { parseRestWhere } from "../../filters/index.ts";
import { type AppError, isAppError, unprocessable } from "../../errors/index.ts";
import type { BatchDeleteRequest, BatchItem, ObjectInput, ReferenceInput } from "../../objects/index.ts";
import { type IgnoredObjectKeys, parseObjectBody } from "./object.ts";

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function invalid(error: unknown): { invalid: AppError } {
  if (isAppError(error)) return { invalid: error };
  throw error;
}

/** POST /v1/batch/objects: `{"objects": [...]}`, each item parsed alone. */
export function parseBatchObjects(
  body: unknown,
  ignored?: IgnoredObjectKeys,
): { items: Array<BatchItem<ObjectInput>>; raw: unknown[] } {
  if (!isObject(body)) throw unprocessable('invalid body: expected {"objects": [...]}');
  const objects = body["objects"];
  if (!Array.isArray(objects) || objects.length === 0) {
    throw unprocessable("invalid param 'objects': cannot be empty, need at least one object for batching");
  }
  const items = objects.map((item, index): BatchItem<ObjectInput> => {
    try {
      return { ok: parseObjectBody(item, ignored, `objects[${index}]`) };
    } catch (error) {
      return invalid(error);
    }
  });
  return { items, raw: objects };
}

/** POST /v1/batch/references: an array of `{from, to, tenant?}`. */
export function parseBatchReferences(body: unknown): { items: Array<BatchItem<ReferenceInput>>; raw: unknown[] } {
  if (!Array.isArray(body)) throw unprocessable("invalid body: expected an array of references");
  const items = body.map((item): BatchItem<ReferenceInput> => {
    const { from, to, tenant } = (isObject(item) ? item : {}) as { from?: unknown; to?: unknown; tenant?: unknown };
    if (typeof from !== "string") return { invalid: unprocessable("from must be a string") };
    if (typeof to !== "string") return { invalid: unprocessable("beacon must be a string") };
    return { ok: { from, to, ...(typeof tenant === "string" && tenant !== "" ? { tenant } : {}) } };
  });
  return { items, raw: body };
}

/** The `{"beacon": "..."}` body of adding or deleting one reference. */
export function parseReferenceBody(body: unknown): string {
  if (!isObject(body)) throw unprocessable("invalid reference: body must be an object with a 'beacon'");
  const beacon = body["beacon"];
  if (typeof beacon !== "string") throw unprocessable("invalid reference: beacon must be a string");
  return beacon;
}

/** The `[{"beacon": "..."}, ...]` body that replaces a property's references. */
export function parseReferenceList(body: unknown): string[] {
  if (!Array.isArray(body)) throw unprocessable("invalid references: body must be an array of {beacon}");
  return body.map(parseReferenceBody);
}

/** DELETE /v1/batch/objects, with Weaviate's messages for a broken match clause. */
export function parseBatchDelete(body: unknown): BatchDeleteRequest & { output: "minimal" | "verbose"; where: unknown; deletionTimeUnixMilli?: number } {
  if (!isObject(body)) throw unprocessable("empty match clause");
  const match = body["match"];
  if (!isObject(match)) throw unprocessable("empty match clause");
  const className = match["class"];
  if (typeof className !== "string" || className === "") throw unprocessable("empty match.class clause");
  const where = match["where"];
  if (where === undefined || where === null) throw unprocessable("empty match.where clause");
  const output = body["output"] ?? "minimal";
  if (output !== "minimal" && output !== "verbose") {
    throw unprocessable(`invalid output '${String(output)}': expected minimal or verbose`);
  }
  const dryRun = body["dryRun"];
  if (dryRun !== undefined && typeof dryRun !== "boolean") throw unprocessable("dryRun must be a boolean");
  const time = body["deletionTimeUnixMilli"];
  if (time !== undefined && time !== null && typeof time !== "number") {
    throw unprocessable("deletionTimeUnixMilli must be a number");
  }
  return {
    className,
    where,
    filter: parseRestWhere(where),
    output,
    dryRun: dryRun ?? false,
    ...(typeof time === "number" ? { deletionTimeUnixMilli: time } : {}),
  };
}
