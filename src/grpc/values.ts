/**
 * Stored property values → the typed `Properties` message of Search replies. The official
 * clients decode each value by its kind (an int is an int64, a number list is packed float64,
 * a date is a date string), so the kind comes from the property's data type, never from the JS
 * value: 3 in an int property is `int_value`, 3 in a number property `number_value`.
 */
import { findProperty, type Property } from "../domain/index.ts";
import type { ListValue, PhoneNumber, Properties, Value } from "./generated/v1/properties.ts";
import type { PropertyPick } from "./search-request.ts";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function packed(values: readonly unknown[], width: 8, write: (buffer: Buffer, value: number, at: number) => void): Buffer {
  const buffer = Buffer.allocUnsafe(values.length * width);
  values.forEach((value, index) => {
    write(buffer, Number(value), index * width);
  });
  return buffer;
}

const int64s = (values: readonly unknown[]) =>
  packed(values, 8, (buffer, value, at) => buffer.writeBigInt64LE(BigInt(Math.trunc(value)), at));
const float64s = (values: readonly unknown[]) => packed(values, 8, (buffer, value, at) => buffer.writeDoubleLE(value, at));

function phoneOf(value: Record<string, unknown>): PhoneNumber {
  return {
    countryCode: Number(value["countryCode"] ?? 0),
    defaultCountry: String(value["defaultCountry"] ?? ""),
    input: String(value["input"] ?? ""),
    internationalFormatted: String(value["internationalFormatted"] ?? ""),
    national: Number(value["national"] ?? 0),
    nationalFormatted: String(value["nationalFormatted"] ?? ""),
    valid: value["valid"] === true,
  };
}

function listOf(dataType: string, values: unknown[]): ListValue {
  switch (dataType) {
    case "int[]":
      return { intValues: { values: int64s(values) } };
    case "number[]":
      return { numberValues: { values: float64s(values) } };
    case "boolean[]":
      return { boolValues: { values: values.map((value) => value === true) } };
    case "date[]":
      return { dateValues: { values: values.map(String) } };
    case "uuid[]":
      return { uuidValues: { values: values.map(String) } };
    default:
      return { textValues: { values: values.map(String) } };
  }
}

/** One stored value as the Value kind of its data type. */
function typedValue(property: Property, raw: unknown, picks: PropertyPick[] | undefined): Value | undefined {
  const dataType = property.dataType[0] ?? "text";
  if (raw === null || raw === undefined) return { nullValue: 0 };
  if (dataType.endsWith("[]")) {
    if (!Array.isArray(raw)) return undefined;
    if (dataType === "object[]") {
      const values = raw.filter(isRecord).map((value) => propertiesOf(value, picks, property.nestedProperties ?? []));
      return { listValue: { objectValues: { values } } };
    }
    return { listValue: listOf(dataType, raw) };
  }
  switch (dataType) {
    case "int":
      return { intValue: Number(raw) };
    case "number":
      return { numberValue: Number(raw) };
    case "boolean":
      return { boolValue: raw === true };
    case "date":
      return { dateValue: String(raw) };
    case "uuid":
      return { uuidValue: String(raw) };
    case "blob":
      return { blobValue: String(raw) };
    case "geoCoordinates":
      if (!isRecord(raw)) return undefined;
      return { geoValue: { latitude: Number(raw["latitude"]), longitude: Number(raw["longitude"]) } };
    case "phoneNumber":
      return isRecord(raw) ? { phoneValue: phoneOf(raw) } : undefined;
    case "object":
      return isRecord(raw) ? { objectValue: propertiesOf(raw, picks, property.nestedProperties ?? []) } : undefined;
    default:
      return { textValue: String(raw) };
  }
}

/**
 * The picked properties of a stored property map (every one the schema knows when `picks` is
 * undefined, as for a nested object returned whole); values the object does not hold are left out.
 */
export function propertiesOf(stored: Record<string, unknown>, picks: PropertyPick[] | undefined, schema: readonly Property[]): Properties {
  const fields: Record<string, Value> = {};
  const wanted: PropertyPick[] = picks ?? schema.map((property) => ({ name: property.name }));
  for (const pick of wanted) {
    const property = findProperty(schema, pick.name);
    if (!property || !(property.name in stored)) continue;
    const value = typedValue(property, stored[property.name], pick.nested);
    if (value) fields[property.name] = value;
  }
  return { fields };
}
