/**
 * The wire shape of an object in request bodies (POST/PUT/PATCH /v1/objects, batch items).
 * Wrong types are rejected with a message naming the field; keys models.Object does not have
 * are dropped, as Weaviate's JSON decoding drops them (and reported to `ignored`). Semantic rules
 * (property types, vector lengths) come later in build.ts.
 */
import { z } from "zod";
import { unprocessable } from "../../errors/index.ts";
import type { ObjectInput } from "../../objects/index.ts";

const objectBodySchema = z
  .object({
    class: z.string().optional(),
    id: z.string().optional(),
    properties: z.record(z.string(), z.unknown()).nullable().optional(),
    vector: z.array(z.unknown()).nullable().optional(),
    vectors: z.record(z.string(), z.unknown()).nullable().optional(),
    tenant: z.string().optional(),
    // Accepted because clients echo objects back to us; the server sets these itself.
    creationTimeUnix: z.number().optional(),
    lastUpdateTimeUnix: z.number().optional(),
    additional: z.unknown().optional(),
    vectorWeights: z.unknown().optional(),
  })
  .strip();

const objectFields: ReadonlySet<string> = new Set(Object.keys(objectBodySchema.shape));

/** Told which keys of a request body were dropped, and where. */
export type IgnoredObjectKeys = (where: string, keys: string[]) => void;


function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join(".");
  if (issue.code === "invalid_type") {
    return `field '${field}' must be ${issue.expected === "record" ? "an object" : `a ${issue.expected}`}`;
  }
  return `field '${field}': ${issue.message}`;
}

/** Checks the shape of an object body; throws 422 naming the first bad field. */
export function parseObjectBody(input: unknown, ignored?: IgnoredObjectKeys, where = "object"): ObjectInput {
  if (input === undefined || input === null) throw unprocessable("invalid object: body is empty");
  if (typeof input !== "object" || Array.isArray(input)) {
    throw unprocessable("invalid object: body must be a JSON object");
  }
  const parsed = objectBodySchema.safeParse(input);
  if (!parsed.success) {
    throw unprocessable(`invalid object: ${describeIssue(parsed.error.issues[0]!)}`);
  }
  if (ignored) {
    const unknown = Object.keys(input).filter((key) => !objectFields.has(key));
    if (unknown.length > 0) ignored(where, unknown);
  }
  const { creationTimeUnix: _created, lastUpdateTimeUnix: _updated, additional: _additional, vectorWeights: _weights, ...object } =
    parsed.data;
  return object;
}
