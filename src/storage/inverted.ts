/**
 * Inverted-index entries for where filters. Each filterable property value becomes one key
 *   i <property> 0x00 <type byte> <value bytes> 0x00 <uuid>   →   docId (u64 BE)
 * so an Equal is a prefix scan and a range on a number or date is a range scan, and the value
 * (the object's current vector label) turns hits straight into an allow-list for vector search.
 */
import {
  type Collection,
  type Property,
  isReferenceType,
  tokenize,
} from "../domain/index.ts";
import { Prefix, sortableNumber } from "./keys.ts";

export const ValueTag = {
  text: 0x74, // t
  number: 0x6e, // n
  boolean: 0x62, // b
  uuid: 0x75, // u
} as const;

const SEPARATOR = 0x00;

/** The key prefix shared by every entry of one property and one encoded value. */
export function invertedValuePrefix(property: string, tag: number, value: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([Prefix.inverted]),
    Buffer.from(property, "utf8"),
    Buffer.from([SEPARATOR, tag]),
    value,
    Buffer.from([SEPARATOR]),
  ]);
}

/** The key prefix of every entry of one property with one value type. */
export function invertedTypePrefix(property: string, tag: number): Buffer {
  return Buffer.concat([
    Buffer.from([Prefix.inverted]),
    Buffer.from(property, "utf8"),
    Buffer.from([SEPARATOR, tag]),
  ]);
}

/** Encodes one scalar as the bytes its inverted entry holds; undefined when not indexable. */
export function encodeIndexValue(baseType: string, value: unknown): Buffer[] {
  switch (baseType) {
    case "int":
    case "number":
      return typeof value === "number" ? [sortableNumber(value)] : [];
    case "date": {
      const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
      return Number.isNaN(ms) ? [] : [sortableNumber(ms)];
    }
    case "boolean":
      return typeof value === "boolean" ? [Buffer.from([value ? 1 : 0])] : [];
    case "uuid":
      return typeof value === "string" ? [Buffer.from(value.toLowerCase(), "latin1")] : [];
    default:
      return [];
  }
}

export function tagFor(baseType: string): number | undefined {
  switch (baseType) {
    case "text":
      return ValueTag.text;
    case "int":
    case "number":
    case "date":
      return ValueTag.number;
    case "boolean":
      return ValueTag.boolean;
    case "uuid":
      return ValueTag.uuid;
    default:
      return undefined;
  }
}

function valuesOf(property: Property, raw: unknown): Buffer[] {
  const type = property.dataType[0] ?? "";
  const baseType = type.replace("[]", "");
  const items = type.endsWith("[]") && Array.isArray(raw) ? raw : [raw];
  if (baseType === "text") {
    const tokens = new Set<string>();
    for (const item of items) {
      if (typeof item !== "string") continue;
      for (const token of tokenize(item, property.tokenization ?? "word")) {
        tokens.add(token.replaceAll("\u0000", ""));
      }
    }
    return [...tokens].map((token) => Buffer.from(token, "utf8"));
  }
  return items.flatMap((item) => encodeIndexValue(baseType, item));
}

/** Every inverted key an object's properties produce, deduplicated. */
export function invertedKeysFor(
  collection: Collection,
  uuid: string,
  properties: Record<string, unknown>,
): Buffer[] {
  const keys: Buffer[] = [];
  const suffix = Buffer.from(uuid, "latin1");
  for (const property of collection.properties) {
    if (property.indexFilterable === false || isReferenceType(property.dataType)) continue;
    const raw = properties[property.name];
    if (raw === undefined || raw === null) continue;
    const tag = tagFor((property.dataType[0] ?? "").replace("[]", ""));
    if (tag === undefined) continue;
    for (const value of valuesOf(property, raw)) {
      keys.push(Buffer.concat([invertedValuePrefix(property.name, tag, value), suffix]));
    }
  }
  return keys;
}
