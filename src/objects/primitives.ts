/**
 * Validators for primitive property values, one per data type. Each returns the value as it is
 * stored (dates and uuids normalised the way Weaviate echoes them) or throws a ValueFault whose
 * message is Weaviate's detail text; validate.ts prefixes the property and class.
 */
import { normalizeUuid, parseRfc3339 } from "../domain/index.ts";
import { fault, goType, goValue, isRecord, ValueFault } from "./go-format.ts";
import { phoneNumberValue } from "./phone.ts";

/** A validator for one data type, and the word Weaviate's messages use for that type. */
export interface TypeRule {
  label: string;
  check: (value: unknown) => unknown;
}

// Go's int64 bounds; beyond them Weaviate cannot convert the JSON number to an int.
const INT64_LIMIT = 2 ** 63;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

function textValue(value: unknown): string {
  if (typeof value !== "string") fault(`not a string, but ${goType(value)}`);
  return value;
}

function intValue(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    fault(`requires an integer, the given value is '${goValue(value)}'`);
  }
  if (value >= INT64_LIMIT || value < -INT64_LIMIT) {
    fault(`the JSON number '${value}' could not be converted to an int`);
  }
  return value;
}

function numberValue(value: unknown): number {
  if (typeof value !== "number") fault(`requires a float, the given value is '${goValue(value)}'`);
  if (!Number.isFinite(value)) fault(`requires a finite number, the given value is '${value}'`);
  return value;
}

function booleanValue(value: unknown): boolean {
  if (typeof value !== "boolean") fault(`not a bool, but ${goType(value)}`);
  return value;
}

function dateValue(value: unknown): string {
  const parsed = typeof value === "string" ? parseRfc3339(value) : undefined;
  if (!parsed) fault(`requires a string with a RFC3339 formatted date, but the given value is '${goValue(value)}'`);
  return parsed.normalized;
}

/** Accepts what Go's uuid.Parse accepts (plain, no dashes, `{...}`, `urn:uuid:...`), lower-cased. */
function uuidValue(value: unknown): string {
  let text = typeof value === "string" ? value : "";
  if (/^urn:uuid:/i.test(text)) text = text.slice(9);
  else if (text.startsWith("{") && text.endsWith("}")) text = text.slice(1, -1);
  const id = text.length === 36 || text.length === 32 ? normalizeUuid(text) : undefined;
  if (!id) fault(`requires a string of UUID format, but the given value is '${goValue(value)}'`);
  return id;
}

function blobValue(value: unknown): string {
  if (typeof value !== "string") fault(`not a blob base64 string, but ${goType(value)}`);
  if (!base64.test(value)) fault("not a valid blob base64 string");
  return value;
}

function coordinate(raw: unknown, name: string, limit: number): number {
  if (typeof raw !== "number") fault(`invalid ${name}: must be json.Number or float, but got ${goType(raw)}`);
  if (!Number.isFinite(raw) || Math.abs(raw) > limit) {
    fault(`invalid ${name}: must be between -${limit} and ${limit}, but got ${raw}`);
  }
  return raw;
}

function geoValue(value: unknown): { latitude: number; longitude: number } {
  if (!isRecord(value)) fault(`geoCoordinates must be a map, but got: ${goType(value)}`);
  if (!("longitude" in value)) fault("geoCoordinates is missing required field 'longitude'");
  if (!("latitude" in value)) fault("geoCoordinates is missing required field 'latitude'");
  const longitude = coordinate(value["longitude"], "longitude", 180);
  const latitude = coordinate(value["latitude"], "latitude", 90);
  return { latitude, longitude };
}

function arrayOf(name: string, article: string, check: (value: unknown) => unknown) {
  return (value: unknown): unknown[] => {
    if (!Array.isArray(value)) fault(`not ${article} ${name} array, but ${goType(value)}`);
    return value.map((element, i) => {
      try {
        return check(element);
      } catch (error) {
        if (error instanceof ValueFault) fault(`invalid ${name} array value: element [${i}]: ${error.message}`);
        throw error;
      }
    });
  };
}

/** Every primitive data type this server stores, keyed by its `dataType` entry. */
export const primitiveRules: Readonly<Record<string, TypeRule>> = {
  text: { label: "text", check: textValue },
  string: { label: "string", check: textValue },
  int: { label: "integer", check: intValue },
  number: { label: "number", check: numberValue },
  boolean: { label: "boolean", check: booleanValue },
  date: { label: "date", check: dateValue },
  uuid: { label: "uuid", check: uuidValue },
  blob: { label: "blob", check: blobValue },
  geoCoordinates: { label: "geoCoordinates", check: geoValue },
  phoneNumber: { label: "phoneNumber", check: phoneNumberValue },
  "text[]": { label: "text array", check: arrayOf("text", "a", textValue) },
  "string[]": { label: "string array", check: arrayOf("string", "a", textValue) },
  "int[]": { label: "integer array", check: arrayOf("integer", "an", intValue) },
  "number[]": { label: "number array", check: arrayOf("number", "a", numberValue) },
  "boolean[]": { label: "boolean array", check: arrayOf("boolean", "a", booleanValue) },
  "date[]": { label: "date array", check: arrayOf("date", "a", dateValue) },
  "uuid[]": { label: "uuid array", check: arrayOf("uuid", "a", uuidValue) },
};
