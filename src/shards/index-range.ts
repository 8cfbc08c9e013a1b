/**
 * Key ranges over the inverted-index family (storage/inverted.ts) for the comparisons the index
 * answers directly: an Equal is a prefix scan, a range on a number a range scan.
 */
import {
  invertedTypePrefix,
  invertedValuePrefix,
  type KeyRange,
  sortableNumber,
  ValueTag,
} from "../storage/index.ts";

/** One comparison the inverted index can answer directly. */
export interface IndexLookup {
  property: string;
  type: "text" | "number" | "boolean" | "uuid";
  operator: "Equal" | "GreaterThan" | "GreaterThanEqual" | "LessThan" | "LessThanEqual";
  /** A token (text), a number (dates as epoch ms), a boolean, or a uuid. */
  value: string | number | boolean;
}

/** Index keys end with the object's uuid. */
export const UUID_LENGTH = 36;

export function indexRange(lookup: IndexLookup): KeyRange {
  const tag = ValueTag[lookup.type];
  const encoded =
    lookup.type === "number"
      ? sortableNumber(Number(lookup.value))
      : lookup.type === "boolean"
        ? Buffer.from([lookup.value === true ? 1 : 0])
        : Buffer.from(lookup.type === "uuid" ? String(lookup.value).toLowerCase() : String(lookup.value), "utf8");
  const exact = invertedValuePrefix(lookup.property, tag, encoded);
  const all = invertedTypePrefix(lookup.property, tag);
  const allEnd = Buffer.concat([all, Buffer.from([0xff])]);
  // Every key with this value starts with `exact` and the separator is 0x00, so `exact` followed
  // by 0xff bytes is above all of them (uuids are ASCII).
  const exactEnd = Buffer.concat([exact, Buffer.from([0xff])]);
  switch (lookup.operator) {
    case "Equal":
      return { gte: exact, lt: exactEnd };
    case "GreaterThan":
      return { gte: exactEnd, lt: allEnd };
    case "GreaterThanEqual":
      return { gte: exact, lt: allEnd };
    case "LessThan":
      return { gte: all, lt: exact };
    case "LessThanEqual":
      return { gte: all, lt: exactEnd };
  }
}

