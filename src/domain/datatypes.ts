/** Weaviate data types and the questions every layer asks about them. */

export type PrimitiveDataType =
  | "text"
  | "text[]"
  | "int"
  | "int[]"
  | "number"
  | "number[]"
  | "boolean"
  | "boolean[]"
  | "date"
  | "date[]"
  | "uuid"
  | "uuid[]"
  | "geoCoordinates"
  | "phoneNumber"
  | "blob"
  | "object"
  | "object[]";

export const primitiveDataTypes: readonly PrimitiveDataType[] = [
  "text",
  "text[]",
  "int",
  "int[]",
  "number",
  "number[]",
  "boolean",
  "boolean[]",
  "date",
  "date[]",
  "uuid",
  "uuid[]",
  "geoCoordinates",
  "phoneNumber",
  "blob",
  "object",
  "object[]",
];

/** Deprecated types that are rewritten when a collection is created. */
export const deprecatedDataTypes: Readonly<Record<string, PrimitiveDataType>> = {
  string: "text",
  "string[]": "text[]",
};

export function isPrimitiveDataType(value: string): value is PrimitiveDataType {
  return (primitiveDataTypes as readonly string[]).includes(value);
}

/** A dataType array names a cross-reference when its entries are class names. */
export function isReferenceType(dataType: readonly string[]): boolean {
  const first = dataType[0];
  return first !== undefined && /^[A-Z]/.test(first);
}

export function isArrayType(type: string): boolean {
  return type.endsWith("[]");
}

export function isNestedObjectType(type: string): boolean {
  return type === "object" || type === "object[]";
}
