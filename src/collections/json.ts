/**
 * Small helpers for the untyped JSON that collection definitions arrive as. Kept local to the
 * collections folder because every rule here works on parsed request bodies, never on classes.
 */

/** A parsed JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for plain JSON objects; arrays and null are excluded because JSON.parse yields both. */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Absent and explicit `null` mean the same thing in Weaviate's Go decoding. */
export function isMissing(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** A short type name for error messages ("string", "array", "null", ...). */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Structural equality of JSON values; key order is irrelevant, as in Go's reflect.DeepEqual on maps. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
    const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * Overlays `override` on `base`, recursing into nested objects so a user who sends `{pq:{enabled:
 * true}}` keeps every other pq default. Arrays and scalars are replaced whole; `undefined` and
 * `null` in the override are ignored (Go decodes a JSON null as "not set"). Neither input is
 * mutated; key order follows `base`, then new keys.
 */
export function deepMerge(base: JsonObject, override: JsonObject | undefined): JsonObject {
  const out: JsonObject = cloneJson(base);
  if (!override) return out;
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined || value === null) continue;
    const existing = out[key];
    out[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : cloneJson(value);
  }
  return out;
}

/** A deep copy of a JSON value, so stored definitions never alias request bodies. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = cloneJson(item);
    }
    return out as T;
  }
  return value;
}
