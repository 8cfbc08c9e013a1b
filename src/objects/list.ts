/**
 * GET /v1/objects: listing in ascending UUID order (per class, classes in name order), with
 * limit / offset, the `after` cursor, and sort / order (reference §3.3).
 */
import { checkResultWindow, type Collection, normalizeUuid, objectComparator, type StoredObject } from "../domain/index.ts";
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
  /** Multi-tenant classes: whose objects. */
  tenant?: string;
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
  const collections = classesToList(service, query.className, query.tenant);
  if (query.after !== undefined) {
    const after = checkCursor(query);
    checkResultWindow(0, limit, service.config.queryMaximumResults);
    return (await service.shardOf(collections[0]!, query.tenant, "read")).list({ after, limit });
  }
  checkResultWindow(offset, limit, service.config.queryMaximumResults);
  if (query.sort !== undefined) return sortedPage(service, collections, query, offset, limit);
  const objects: StoredObject[] = [];
  for (const collection of collections) {
    const wanted = offset + limit - objects.length;
    if (wanted <= 0) break;
    objects.push(...(await (await service.shardOf(collection, query.tenant, "read")).list({ limit: wanted })));
  }
  return objects.slice(offset, offset + limit);
}

/** One class, or every class a listing without `class` covers (those of the tenant, if given). */
function classesToList(service: ObjectService, className: string | undefined, tenant: string | undefined): Collection[] {
  if (className === undefined) {
    const wantTenants = tenant !== undefined && tenant !== "";
    return service.collections
      .list()
      .filter((collection) => collection.multiTenancyConfig.enabled === wantTenants)
      .sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : 0));
  }
  const collection = service.collections.get(className);
  if (!collection) throw notFoundSilent("class");
  return [collection];
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
  const compare = objectComparator(
    paths.map((path, i) => ({ path, order: orders[i] === "desc" ? "desc" : "asc" })),
    collections,
  );
  const all: StoredObject[] = [];
  for (const collection of collections) {
    for await (const { object } of (await service.shardOf(collection, query.tenant, "read")).scan()) all.push(object);
  }
  all.sort(compare);
  return all.slice(offset, offset + limit);
}
