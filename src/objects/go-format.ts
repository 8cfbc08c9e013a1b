/**
 * Weaviate's validation messages print values the way Go's fmt does (`%T`, `%v`) on JSON decoded
 * into interface{}. Clients and users compare those texts, so we reproduce the notation.
 */

/** A validation fault whose message is the detail; callers prepend context on the way up. */
export class ValueFault extends Error {}

/** Throws a ValueFault. */
export function fault(message: string): never {
  throw new ValueFault(message);
}

/**
 * Go's `%T` of a value Weaviate's REST layer decoded: it decodes with UseNumber, so numbers are
 * json.Number (`not a string, but json.Number`); objects are maps, arrays slices.
 */
export function goType(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return "[]interface {}";
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
      return "json.Number";
    case "boolean":
      return "bool";
    case "object":
      return "map[string]interface {}";
    default:
      return typeof value;
  }
}

/** Go's `%v` of a JSON-decoded value: `[a b]` for slices, `map[k:v]` with sorted keys for maps. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goValue).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, inner]) => `${key}:${goValue(inner)}`).join(" ")}]`;
  }
  return String(value);
}

/** True for plain JSON objects (not arrays, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
