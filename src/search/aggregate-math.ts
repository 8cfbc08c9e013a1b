/**
 * Per-property aggregations for GraphQL `Aggregate`: pure functions over the stored values of one
 * property across the aggregated objects. Every aggregation the type supports is returned, keyed
 * by Weaviate's GraphQL field names; the GraphQL layer picks the selected ones.
 *
 * Confirmed against Weaviate's aggregator and GraphQL sources (facts only, no code):
 * - `type` is the property's dataType string ("text", "text[]", "int[]", ...); references print
 *   "cref" with `pointingTo` = the dataType (target class names). References get nothing else.
 * - Array elements are counted one by one in `count`, top occurrences and numeric statistics.
 * - topOccurrences: whole values, occurs descending then value ascending (Go byte order, i.e.
 *   code-point order), default limit 5. A limit below 1 still yields one entry, as Weaviate's
 *   insertion routine does.
 * - Numeric mode: highest count, tie → the smallest value. Median: the middle value, the mean of
 *   the two middle values for an even count. With no values only `count` (0) is set, the others
 *   are null. Int results are plain floats.
 * - Boolean percentages are fractions of `count`; with no values every field is 0.
 * - Dates: min/max/mode/odd median echo a stored string; an even median whose middle values
 *   differ is their midpoint printed as Go's RFC3339Nano in UTC. With no values only `count`.
 * - geoCoordinates, phoneNumber, uuid(/[]), object(/[]) are not aggregatable. Weaviate's schema
 *   offers text fields for blob but its aggregator rejects blob, so blob yields nothing here.
 * Our choices where Weaviate is not deterministic or differs by path:
 * - Date mode tie → the earliest instant (Weaviate's depends on Go map order). Equal instants
 *   spelled differently count as one value, shown in the first spelling seen.
 * - Weaviate's unfiltered path prints scalar-date min/max/mode in UTC (from the index); its
 *   filtered and array paths echo the stored string, which is what we do everywhere.
 * - `type` is also returned for dates although Weaviate's date object has no such field.
 */
import type { Property } from "../domain/index.ts";
import { isReferenceType } from "../domain/index.ts";
import { aggregateDates } from "./aggregate-date.ts";

export interface AggregateOptions {
  /** topOccurrences limit for text properties; Weaviate's default is 5. */
  topOccurrencesLimit?: number;
}

export interface TextOccurrence {
  value: string;
  occurs: number;
}

const defaultTopOccurrencesLimit = 5;

/**
 * Every aggregation the property's type supports over `values` (one stored value per object,
 * `undefined`/`null` when absent, arrays for `[]` types). Unaggregatable types yield `{}`.
 */
export function aggregateValues(
  property: Property,
  values: readonly unknown[],
  options: AggregateOptions = {},
): Record<string, unknown> {
  const dataType = property.dataType;
  if (isReferenceType(dataType)) return { type: "cref", pointingTo: [...dataType] };
  const type = dataType[0] ?? "";
  const elements = flatten(values);
  switch (type) {
    case "text":
    case "text[]":
    case "string":
    case "string[]":
      return aggregateTexts(type, elements, options.topOccurrencesLimit ?? defaultTopOccurrencesLimit);
    case "int":
    case "int[]":
    case "number":
    case "number[]":
      return aggregateNumbers(type, elements);
    case "boolean":
    case "boolean[]":
      return aggregateBooleans(type, elements);
    case "date":
    case "date[]":
      return aggregateDates(type, elements);
    default:
      return {};
  }
}

/** Array values contribute each element; absent values (null/undefined) contribute nothing. */
function flatten(values: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (Array.isArray(value)) {
      for (const element of value) if (element !== null && element !== undefined) out.push(element);
    } else if (value !== null && value !== undefined) {
      out.push(value);
    }
  }
  return out;
}

/**
 * Orders strings as Go compares them (UTF-8 bytes, i.e. code points). UTF-16 code-unit order
 * agrees except where a surrogate meets a BMP unit at or above U+E000: the surrogate stands for a
 * code point above U+FFFF, so it sorts after.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function aggregateTexts(type: string, elements: readonly unknown[], limit: number): Record<string, unknown> {
  const occurrences = new Map<string, number>();
  let count = 0;
  for (const element of elements) {
    if (typeof element !== "string") continue;
    count += 1;
    occurrences.set(element, (occurrences.get(element) ?? 0) + 1);
  }
  const ranked: TextOccurrence[] = [...occurrences].map(([value, occurs]) => ({ value, occurs }));
  ranked.sort((a, b) => b.occurs - a.occurs || compareCodePoints(a.value, b.value));
  const kept = Math.max(1, Math.floor(limit));
  return { count, type, topOccurrences: ranked.slice(0, kept) };
}

function aggregateNumbers(type: string, elements: readonly unknown[]): Record<string, unknown> {
  const numbers = elements.filter((element): element is number => typeof element === "number" && Number.isFinite(element));
  const count = numbers.length;
  if (count === 0) {
    return { count: 0, type, minimum: null, maximum: null, mean: null, median: null, mode: null, sum: null };
  }
  numbers.sort((a, b) => a - b);
  const sum = numbers.reduce((total, value) => total + value, 0);
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? numbers[middle]! : (numbers[middle - 1]! + numbers[middle]!) / 2;
  return {
    count,
    type,
    minimum: numbers[0]!,
    maximum: numbers[count - 1]!,
    mean: sum / count,
    median,
    mode: modeOfSorted(numbers),
    sum,
  };
}

/** Most frequent value of an ascending list; the first run wins a tie, i.e. the smallest value. */
function modeOfSorted(sorted: readonly number[]): number {
  let mode = sorted[0]!;
  let modeRun = 0;
  let run = 0;
  for (let index = 0; index < sorted.length; index++) {
    run = index > 0 && sorted[index] === sorted[index - 1] ? run + 1 : 1;
    if (run > modeRun) {
      modeRun = run;
      mode = sorted[index]!;
    }
  }
  return mode;
}

function aggregateBooleans(type: string, elements: readonly unknown[]): Record<string, unknown> {
  let totalTrue = 0;
  let totalFalse = 0;
  for (const element of elements) {
    if (element === true) totalTrue += 1;
    else if (element === false) totalFalse += 1;
  }
  const count = totalTrue + totalFalse;
  return {
    count,
    type,
    totalTrue,
    totalFalse,
    percentageTrue: count === 0 ? 0 : totalTrue / count,
    percentageFalse: count === 0 ? 0 : totalFalse / count,
  };
}
