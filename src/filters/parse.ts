/**
 * The REST `WhereFilter` JSON (batch delete, and any door that hands us plain JSON) → the Filter
 * tree. Structural faults are reported here with Weaviate's `failed to parse where filter: `
 * prefix; checks against a collection's schema live in validate.ts.
 *
 * GraphQL arguments arrive as the same plain shape except that `valueText` and friends may carry
 * a list; a list in a scalar value field is accepted as the matching `value*Array`, so the GraphQL
 * layer can reuse this parser.
 */
import {
  type ComparisonFilter,
  type ComparisonOperator,
  comparisonOperators,
  type Filter,
  type FilterScalar,
  type FilterValueType,
  type GeoRange,
  parseRfc3339,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";

/** A fault found while parsing; the chain of operand positions is prepended on the way up. */
class WhereParseError extends Error {}

const logicalOperators = ["And", "Or", "Not"] as const;
type LogicalOperator = (typeof logicalOperators)[number];

const containsOperators: readonly ComparisonOperator[] = ["ContainsAny", "ContainsAll", "ContainsNone"];

interface ValueField {
  field: string;
  type: FilterValueType;
  array: boolean;
}

/** Every value field of the REST shape, with the value type it yields. */
const valueFields: readonly ValueField[] = [
  { field: "valueInt", type: "int", array: false },
  { field: "valueNumber", type: "number", array: false },
  { field: "valueBoolean", type: "boolean", array: false },
  { field: "valueText", type: "text", array: false },
  { field: "valueString", type: "text", array: false },
  { field: "valueDate", type: "date", array: false },
  { field: "valueGeoRange", type: "geoRange", array: false },
  { field: "valueIntArray", type: "int", array: true },
  { field: "valueNumberArray", type: "number", array: true },
  { field: "valueBooleanArray", type: "boolean", array: true },
  { field: "valueTextArray", type: "text", array: true },
  { field: "valueStringArray", type: "text", array: true },
  { field: "valueDateArray", type: "date", array: true },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw new WhereParseError(message);
}

/** Present in Weaviate's sense: set and, for arrays, non-empty (an empty array counts as unset). */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

function scalarOf(type: FilterValueType, raw: unknown, field: string): FilterScalar {
  switch (type) {
    case "int":
      if (typeof raw !== "number" || !Number.isInteger(raw)) {
        fail(`field '${field}': requires an integer, got '${String(raw)}'`);
      }
      return raw;
    case "number":
      if (typeof raw !== "number" || !Number.isFinite(raw)) {
        fail(`field '${field}': requires a finite number, got '${String(raw)}'`);
      }
      return raw;
    case "boolean":
      if (typeof raw !== "boolean") fail(`field '${field}': requires a boolean, got '${String(raw)}'`);
      return raw;
    case "date":
      if (typeof raw !== "string" || !parseRfc3339(raw)) {
        fail(`field '${field}': requires a string with a RFC3339 formatted date, got '${String(raw)}'`);
      }
      return raw;
    default:
      if (typeof raw !== "string") fail(`field '${field}': requires a string, got '${String(raw)}'`);
      return raw;
  }
}

function geoRangeOf(raw: unknown): GeoRange {
  if (!isRecord(raw)) fail("valueGeoRange: must be an object");
  const distance = raw["distance"];
  if (!isRecord(distance)) fail("valueGeoRange: field 'distance' must be set");
  const max = distance["max"];
  if (typeof max !== "number" || !Number.isFinite(max) || max < 0) {
    fail("valueGeoRange: field 'distance.max' must be a positive number");
  }
  const coordinates = raw["geoCoordinates"];
  if (!isRecord(coordinates)) fail("valueGeoRange: field 'geoCoordinates' must be set");
  const { latitude, longitude } = coordinates;
  if (typeof latitude !== "number" || !Number.isFinite(latitude) || Math.abs(latitude) > 90) {
    fail("valueGeoRange: field 'geoCoordinates.latitude' must be a number between -90 and 90");
  }
  if (typeof longitude !== "number" || !Number.isFinite(longitude) || Math.abs(longitude) > 180) {
    fail("valueGeoRange: field 'geoCoordinates.longitude' must be a number between -180 and 180");
  }
  return { latitude, longitude, maxDistance: max };
}

function readValue(
  spec: ValueField,
  raw: unknown,
): { type: FilterValueType; value: ComparisonFilter["value"]; isArray: boolean } {
  if (spec.type === "geoRange") return { type: "geoRange", value: geoRangeOf(raw), isArray: false };
  if (spec.array || Array.isArray(raw)) {
    if (!Array.isArray(raw)) fail(`field '${spec.field}': requires an array`);
    const values = raw.map((element) => scalarOf(spec.type, element, spec.field));
    return { type: spec.type, value: values, isArray: true };
  }
  return { type: spec.type, value: scalarOf(spec.type, raw, spec.field), isArray: false };
}

function parsePath(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0) fail("field 'path': must have at least one element");
  raw.forEach((element, i) => {
    if (typeof element !== "string" || element === "") fail(`field 'path': element ${i + 1} is not a string`);
  });
  const path = raw as string[];
  if (path.length % 2 === 0) {
    // Reference paths alternate property, Class, property; an even length lacks the last property.
    fail(`field 'path': missing an argument after '${path[path.length - 1]}'`);
  }
  return path.map((segment, i) => (i % 2 === 1 ? normalizeClassSegment(segment) : segment));
}

function normalizeClassSegment(segment: string): string {
  if (!/^[A-Za-z][_0-9A-Za-z]*$/.test(segment)) {
    fail(`field 'path': expected a valid class name in 'path' field for the filter but got '${segment}'`);
  }
  return segment[0]!.toUpperCase() + segment.slice(1);
}

function checkOperatorValue(operator: ComparisonOperator, type: FilterValueType, isArray: boolean) {
  const isContains = containsOperators.includes(operator);
  if (isContains && !isArray) {
    fail(`operator '${operator}' requires an array value, e.g. 'valueTextArray' or 'valueIntArray'`);
  }
  if (!isContains && isArray) fail(`operator '${operator}' requires a single value, but got an array`);
  if (operator === "WithinGeoRange" && type !== "geoRange") {
    fail("operator 'WithinGeoRange' requires field 'valueGeoRange'");
  }
  if (operator !== "WithinGeoRange" && type === "geoRange") {
    fail(`field 'valueGeoRange' can only be used with operator 'WithinGeoRange', got '${operator}'`);
  }
  if (operator === "IsNull" && type !== "boolean") {
    fail(`operator 'IsNull' requires field 'valueBoolean'`);
  }
  if (operator === "Like" && type !== "text") fail("operator 'Like' requires field 'valueText'");
}

function parseComparison(input: Record<string, unknown>, operator: ComparisonOperator): ComparisonFilter {
  const present = valueFields.filter((spec) => isPresent(input[spec.field]));
  if (present.length === 0) fail(`got operator '${operator}', but no value<Type> field set`);
  if (present.length > 1) {
    fail(`found more than one values the clause '${JSON.stringify(input)}'`);
  }
  const spec = present[0]!;
  const { type, value, isArray } = readValue(spec, input[spec.field]);
  const path = parsePath(input["path"]);
  checkOperatorValue(operator, type, isArray);
  return { kind: "compare", operator, path, valueType: type, value };
}

function parseLogical(input: Record<string, unknown>, operator: LogicalOperator): Filter {
  if (isPresent(input["path"])) {
    fail(
      `operator '${operator}' not compatible with field 'path', remove 'path' ` +
        "or switch to compare operator (eg. Equal, NotEqual, etc.)",
    );
  }
  if (valueFields.some((spec) => isPresent(input[spec.field]))) {
    fail(
      `operator '${operator}' not compatible with field 'value<Type>', remove value field ` +
        "or switch to compare operator (eg. Equal, NotEqual, etc.)",
    );
  }
  const raw = input["operands"];
  if (!Array.isArray(raw) || raw.length === 0) {
    fail(`operator '${operator}', but no operands set - add at least one operand`);
  }
  if (operator === "Not" && raw.length !== 1) {
    fail(`operator 'Not' requires exactly one operand, but got ${raw.length}`);
  }
  const operands = raw.map((operand, i) => {
    try {
      return parseNode(operand);
    } catch (error) {
      if (error instanceof WhereParseError) fail(`operand ${i}: ${error.message}`);
      throw error;
    }
  });
  return { kind: "logical", operator, operands };
}

function parseNode(input: unknown): Filter {
  if (!isRecord(input)) fail("a where filter must be an object");
  const operator = input["operator"];
  if (typeof operator !== "string" || operator === "") fail("field 'operator' must be set");
  if ((logicalOperators as readonly string[]).includes(operator)) {
    return parseLogical(input, operator as LogicalOperator);
  }
  if ((comparisonOperators as readonly string[]).includes(operator)) {
    return parseComparison(input, operator as ComparisonOperator);
  }
  fail(`unrecognized operator: ${operator}`);
}

/**
 * Parses Weaviate's REST `WhereFilter` JSON into a {@link Filter}. Throws `unprocessable` with a
 * message starting `failed to parse where filter: `.
 */
export function parseRestWhere(json: unknown): Filter {
  try {
    return parseNode(json);
  } catch (error) {
    if (!(error instanceof WhereParseError)) throw error;
    // Weaviate reports an unknown root operator bare and every other fault as an invalid filter.
    const detail = error.message.startsWith("unrecognized operator")
      ? error.message
      : `invalid where filter: ${error.message}`;
    throw unprocessable(`failed to parse where filter: ${detail}`);
  }
}
