/**
 * In-memory evaluation of a Filter against one stored object. It is the reference semantics the
 * index planner must reproduce, so it follows the inverted index's view of an object: a text
 * property is the set of its tokens (across all elements of a text[]), an array property matches a
 * comparison when any element does, and NotEqual / ContainsNone are the complements of Equal /
 * ContainsAny (so objects without the property match them).
 */
import {
  type Collection,
  type ComparisonFilter,
  type ComparisonOperator,
  type Filter,
  type FilterScalar,
  findProperty,
  type GeoRange,
  isReferenceType,
  matchesLikePerToken,
  normalizeUuid,
  parseRfc3339,
  type Property,
  type StoredObject,
  type Tokenization,
  tokenize,
  tokenizeWithWildcards,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { lengthTarget } from "./validate.ts";

/**
 * Follows one reference hop: the objects `object.properties[property]` points to that belong to
 * `targetClass`, with that class's definition. Undefined when the class does not exist.
 */
export type ResolveRefs = (
  object: StoredObject,
  property: string,
  targetClass: string,
) => { collection: Collection; objects: readonly StoredObject[] } | undefined;

type Compare<T> = (a: T, b: T) => number;

const EARTH_RADIUS_M = 6_371_000;

const compareNumbers: Compare<number> = (a, b) => a - b;
const compareStrings: Compare<string> = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const compareBooleans: Compare<boolean> = (a, b) => Number(a) - Number(b);

function ordered(operator: ComparisonOperator, order: number): boolean {
  switch (operator) {
    case "Equal":
      return order === 0;
    case "NotEqual":
      return order !== 0;
    case "GreaterThan":
      return order > 0;
    case "GreaterThanEqual":
      return order >= 0;
    case "LessThan":
      return order < 0;
    case "LessThanEqual":
      return order <= 0;
    default:
      return false;
  }
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "su");
}

/**
 * Matches a set of values (the elements of a property) against query value(s). Any element
 * satisfying a comparison is enough; NotEqual and ContainsNone are complements.
 */
function matchValues<T>(
  operator: ComparisonOperator,
  elements: readonly T[],
  query: T | readonly T[],
  cmp: Compare<T>,
): boolean {
  const queries = Array.isArray(query) ? (query as readonly T[]) : [query as T];
  const contains = (q: T) => elements.some((element) => cmp(element, q) === 0);
  switch (operator) {
    case "NotEqual":
      return !matchValues("Equal", elements, query, cmp);
    case "ContainsAny":
      return queries.some(contains);
    case "ContainsAll":
      return queries.every(contains);
    case "ContainsNone":
      return !queries.some(contains);
    case "Like": {
      const patterns = queries.map((q) => globToRegExp(String(q)));
      return patterns.every((pattern) => elements.some((element) => pattern.test(String(element))));
    }
    default:
      return queries.every((q) => elements.some((element) => ordered(operator, cmp(element, q))));
  }
}

/**
 * Text semantics: the property is the set of its tokens; a query value is tokenized the same way
 * and every query token must be satisfied (Equal "hello world" needs both words).
 */
function matchText(clause: ComparisonFilter, elements: readonly string[], tokenization: Tokenization): boolean {
  const tokens = elements.flatMap((element) => tokenize(element, tokenization));
  const queries = Array.isArray(clause.value) ? clause.value.map(String) : [String(clause.value)];
  switch (clause.operator) {
    case "Like": {
      const perToken = matchesLikePerToken(tokenization);
      const patterns = queries.flatMap((q) => tokenizeWithWildcards(q, tokenization));
      const haystack = perToken ? tokens : elements.map((element) => element.toLowerCase());
      return patterns.length > 0 && matchValues("Like", haystack, patterns, compareStrings);
    }
    case "NotEqual":
      return !matchText({ ...clause, operator: "Equal" }, elements, tokenization);
    case "ContainsAny":
    case "ContainsAll":
    case "ContainsNone":
      return matchValues(clause.operator, tokens, queries.flatMap((q) => tokenize(q, tokenization)), compareStrings);
    default: {
      const queryTokens = queries.flatMap((q) => tokenize(q, tokenization));
      return queryTokens.length > 0 && matchValues(clause.operator, tokens, queryTokens, compareStrings);
    }
  }
}

/**
 * A date value as epoch milliseconds (NaN when it is not an RFC 3339 text). The planner keys its
 * date lookups with this too, so both sides agree on the instant.
 */
export function dateMs(value: unknown): number {
  return typeof value === "string" ? (parseRfc3339(value)?.epochMs ?? Number.NaN) : Number.NaN;
}

/** A uuid value as compared here and looked up by the planner: canonical, else lower-cased. */
export function uuidKey(value: unknown): string {
  const text = String(value);
  return normalizeUuid(text) ?? text.toLowerCase();
}

interface LatLon {
  latitude: number;
  longitude: number;
}

function haversineMetres(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function withinGeoRange(raw: unknown, range: GeoRange): boolean {
  if (typeof raw !== "object" || raw === null) return false;
  const { latitude, longitude } = raw as Record<string, unknown>;
  if (typeof latitude !== "number" || typeof longitude !== "number") return false;
  return haversineMetres({ latitude, longitude }, range) <= range.maxDistance;
}

function isNullValue(raw: unknown): boolean {
  return raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0);
}

/** `len(prop)`: characters of a text, elements of an array, 0 when absent. */
function lengthOfValue(raw: unknown): number {
  if (typeof raw === "string") return Array.from(raw).length;
  if (Array.isArray(raw)) return raw.length;
  return 0;
}

function scalarsOf(value: ComparisonFilter["value"]): FilterScalar | FilterScalar[] {
  return value as FilterScalar | FilterScalar[];
}

function matchProperty(clause: ComparisonFilter, property: Property, raw: unknown): boolean {
  const { operator } = clause;
  if (operator === "IsNull") return isNullValue(raw) === clause.value;
  if (isReferenceType(property.dataType)) {
    // Directly on a reference property the value is the number of references.
    const count = Array.isArray(raw) ? raw.length : 0;
    return matchValues(operator, [count], clause.value as number, compareNumbers);
  }
  if (isNullValue(raw)) return operator === "NotEqual" || operator === "ContainsNone";
  const elements: unknown[] = Array.isArray(raw) ? raw : [raw];
  const dataType = property.dataType[0] ?? "";
  const base = dataType.endsWith("[]") ? dataType.slice(0, -2) : dataType;
  const query = scalarsOf(clause.value);
  const asList = <T>(map: (value: unknown) => T): T | T[] => (Array.isArray(query) ? query.map(map) : map(query));
  switch (base) {
    case "text":
    case "string":
      return matchText(clause, elements.map(String), property.tokenization ?? "word");
    case "uuid":
      return matchValues(operator, elements.map(uuidKey), asList(uuidKey), compareStrings);
    case "int":
    case "number":
      return matchValues(operator, elements.map(Number), asList(Number), compareNumbers);
    case "boolean":
      return matchValues(operator, elements.map(Boolean), asList(Boolean), compareBooleans);
    case "date":
      return matchValues(operator, elements.map(dateMs), asList(dateMs), compareNumbers);
    case "geoCoordinates":
      return operator === "WithinGeoRange" && withinGeoRange(raw, clause.value as GeoRange);
    default:
      return false;
  }
}

/** `_creationTimeUnix` / `_lastUpdateTimeUnix`: milliseconds, given as a text of digits or a date. */
function timestampMs(value: unknown): number {
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return dateMs(value);
}

/**
 * The schema property a path segment names, or unprocessable; the planner and the executor
 * report an unknown property with this same error.
 */
export function requireProperty(collection: Collection, name: string): Property {
  const property = findProperty(collection.properties, name);
  if (!property) {
    throw unprocessable(
      `no such prop with name '${name}' found in class '${collection.class}' in the schema. ` +
        "Check your schema files for which properties in this class are available",
    );
  }
  return property;
}

function matchComparison(
  clause: ComparisonFilter,
  object: StoredObject,
  collection: Collection,
  resolveRefs: ResolveRefs | undefined,
): boolean {
  const [head, targetClass, ...rest] = clause.path;
  if (targetClass !== undefined) {
    if (!resolveRefs) throw unprocessable("filtering through references is not supported here");
    const property = requireProperty(collection, head!);
    const hop = resolveRefs(object, property.name, targetClass);
    if (!hop) return false;
    const inner: ComparisonFilter = { ...clause, path: rest };
    return hop.objects.some((target) => matchComparison(inner, target, hop.collection, resolveRefs));
  }
  const name = head!;
  const query = scalarsOf(clause.value);
  if (name === "_id" || name === "id") {
    const asList = Array.isArray(query) ? query.map(uuidKey) : uuidKey(query);
    return matchValues(clause.operator, [object.id.toLowerCase()], asList, compareStrings);
  }
  if (name === "_creationTimeUnix" || name === "_lastUpdateTimeUnix") {
    const stamp = name === "_creationTimeUnix" ? object.creationTimeUnix : object.lastUpdateTimeUnix;
    const asList = Array.isArray(query) ? query.map(timestampMs) : timestampMs(query);
    return matchValues(clause.operator, [stamp], asList, compareNumbers);
  }
  const lengthOf = lengthTarget(name);
  const property = requireProperty(collection, lengthOf ?? name);
  const raw = object.properties[property.name];
  if (lengthOf !== undefined) {
    return matchValues(clause.operator, [lengthOfValue(raw)], clause.value as number, compareNumbers);
  }
  return matchProperty(clause, property, raw);
}

/**
 * Evaluates `filter` against one object of `collection`. Reference paths are followed through
 * `resolveRefs`; without it they throw `unprocessable`. The filter is expected to have passed
 * validateFilterAgainst; an unknown property still throws rather than silently not matching.
 */
export function matchesFilter(
  filter: Filter,
  object: StoredObject,
  collection: Collection,
  resolveRefs?: ResolveRefs,
): boolean {
  if (filter.kind === "compare") return matchComparison(filter, object, collection, resolveRefs);
  switch (filter.operator) {
    case "And":
      return filter.operands.every((operand) => matchesFilter(operand, object, collection, resolveRefs));
    case "Or":
      return filter.operands.some((operand) => matchesFilter(operand, object, collection, resolveRefs));
    default: {
      const [operand] = filter.operands;
      return operand !== undefined && !matchesFilter(operand, object, collection, resolveRefs);
    }
  }
}
