/**
 * GET /v1/objects: listing in ascending UUID order (per class, classes in name order), with
 * limit / offset, the `after` cursor, and sort / order (reference §3.3).
 */
import { type Collection, findProperty, isReferenceType, normalizeUuid, type StoredObject } from "../domain/index.ts";
import { badRequest, notFoundSilent, unprocessable } from "../errors/index.ts";
import type { ObjectService } from "./service.ts";

export interface ListQuery {
  className?: string;
  limit?: number;
  offset?: number;
  after?: string;
  /** Property paths, positional with `order`. */
  sort?: string[];
  order?: string[];
}

function checkWindow(service: ObjectService, offset: number, limit: number): void {
  const max = service.config.queryMaximumResults;
  if (offset + limit > max) {
    throw unprocessable(
      `query maximum results exceeded: the total limit calculated from the provided offset '${offset}' and limit '${limit}' exceeds the configured value for QUERY_MAXIMUM_RESULTS '${max}'. Use the cursor API (after) or raise QUERY_MAXIMUM_RESULTS`,
    );
  }
}

function checkCursor(query: ListQuery): string {
  if (query.className === undefined) {
    throw unprocessable(
      "list objects: after parameter not allowed, cursor must be specific to one class, set class query param",
    );
  }
  if (query.offset !== undefined && query.offset !== 0) {
    throw unprocessable("offset cannot be set with after and limit parameters");
  }
  if (query.limit === undefined) throw unprocessable("limit parameter must be set");
  if (query.sort !== undefined) throw unprocessable("sort cannot be set with after and limit parameters");
  const after = normalizeUuid(query.after ?? "");
  if (!after) throw unprocessable(`after parameter '${query.after}' is not a valid uuid`);
  return after;
}

export async function listObjects(service: ObjectService, query: ListQuery): Promise<StoredObject[]> {
  const limit = query.limit ?? service.config.queryDefaultsLimit;
  const offset = query.offset ?? 0;
  if (limit < 0 || offset < 0) throw unprocessable("limit and offset must not be negative");
  const collections = classesToList(service, query.className);
  if (query.after !== undefined) {
    const after = checkCursor(query);
    checkWindow(service, 0, limit);
    return service.shardOf(collections[0]!).list({ after, limit });
  }
  checkWindow(service, offset, limit);
  if (query.sort !== undefined) return sortedPage(service, collections, query, offset, limit);
  const objects: StoredObject[] = [];
  for (const collection of collections) {
    const wanted = offset + limit - objects.length;
    if (wanted <= 0) break;
    objects.push(...(await service.shardOf(collection).list({ limit: wanted })));
  }
  return objects.slice(offset, offset + limit);
}

function classesToList(service: ObjectService, className: string | undefined): Collection[] {
  if (className === undefined) {
    return service.collections.list().sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : 0));
  }
  const collection = service.collections.get(className);
  if (!collection) throw notFoundSilent("class");
  return [collection];
}

type SortKey = (object: StoredObject) => unknown;

function sortKeyFor(collections: Collection[], path: string): SortKey {
  if (path === "_id" || path === "id") return (object) => object.id;
  if (path === "_creationTimeUnix") return (object) => object.creationTimeUnix;
  if (path === "_lastUpdateTimeUnix") return (object) => object.lastUpdateTimeUnix;
  for (const collection of collections) {
    const property = findProperty(collection.properties, path);
    if (!property) continue;
    const type = property.dataType[0] ?? "";
    if (isReferenceType(property.dataType) || ["object", "object[]", "geoCoordinates", "phoneNumber", "blob"].includes(type)) {
      throw unprocessable(`sort: property '${path}' of type ${type} cannot be sorted`);
    }
    const name = property.name;
    if (type === "date") return (object) => Date.parse(String(object.properties[name] ?? "")) || undefined;
    return (object) => object.properties[name];
  }
  throw unprocessable(`sort: no such property '${path}' found in class ${collections[0]?.class ?? ""}`);
}

/** Missing values sort first, as Weaviate orders nil before any value. */
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

async function sortedPage(
  service: ObjectService,
  collections: Collection[],
  query: ListQuery,
  offset: number,
  limit: number,
): Promise<StoredObject[]> {
  const paths = query.sort ?? [];
  const orders = query.order ?? [];
  for (const order of orders) {
    if (order !== "asc" && order !== "desc") {
      throw badRequest(`invalid order parameter '${order}', possible values are: asc, desc`);
    }
  }
  const keys = paths.map((path) => sortKeyFor(collections, path));
  const all: StoredObject[] = [];
  for (const collection of collections) {
    for await (const { object } of service.shardOf(collection).scan()) all.push(object);
  }
  all.sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const result = compareValues(key(a), key(b));
      if (result !== 0) return orders[i] === "desc" ? -result : result;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return all.slice(offset, offset + limit);
}
