/**
 * Sorting objects by properties or the special paths `_id`, `_creationTimeUnix`,
 * `_lastUpdateTimeUnix` — shared by REST listing and GraphQL Get. Missing values sort first, as
 * Weaviate orders nil before any value; ties fall back to the uuid.
 */
import { unprocessable } from "../errors/index.ts";
import { type Collection, findProperty } from "./collection.ts";
import { isReferenceType } from "./datatypes.ts";
import type { StoredObject } from "./object.ts";
import type { SortClause } from "./search.ts";

type SortKey = (object: StoredObject) => unknown;

const unsortable = ["object", "object[]", "geoCoordinates", "phoneNumber", "blob"];

function sortKeyFor(collections: readonly Collection[], path: string): SortKey {
  if (path === "_id" || path === "id") return (object) => object.id;
  if (path === "_creationTimeUnix") return (object) => object.creationTimeUnix;
  if (path === "_lastUpdateTimeUnix") return (object) => object.lastUpdateTimeUnix;
  for (const collection of collections) {
    const property = findProperty(collection.properties, path);
    if (!property) continue;
    const type = property.dataType[0] ?? "";
    if (isReferenceType(property.dataType) || unsortable.includes(type)) {
      throw unprocessable(`sort: property '${path}' of type ${type} cannot be sorted`);
    }
    const name = property.name;
    if (type === "date") return (object) => Date.parse(String(object.properties[name] ?? "")) || undefined;
    return (object) => object.properties[name];
  }
  throw unprocessable(`sort: no such property '${path}' found in class ${collections[0]?.class ?? ""}`);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  const left = Array.isArray(a) ? a[0] : a;
  const right = Array.isArray(b) ? b[0] : b;
  if (typeof left === "number" && typeof right === "number") return left - right;
  if (typeof left === "boolean" && typeof right === "boolean") return Number(left) - Number(right);
  const x = String(left);
  const y = String(right);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Checks every clause against the schema up front, so a bad path fails before any work. */
export function objectComparator(
  clauses: readonly SortClause[],
  collections: readonly Collection[],
): (a: StoredObject, b: StoredObject) => number {
  const keys = clauses.map((clause) => ({ key: sortKeyFor(collections, clause.path), order: clause.order }));
  return (a, b) => {
    for (const { key, order } of keys) {
      const result = compareValues(key(a), key(b));
      if (result !== 0) return order === "desc" ? -result : result;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
