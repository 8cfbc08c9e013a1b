/**
 * DELETE /v1/batch/objects: deletes the objects of one collection matching a where filter, at
 * most QUERY_MAXIMUM_RESULTS per call (callers repeat until nothing matches), or only counts
 * them with dryRun (reference §3.7). Shard by shard: a shard that refuses (READONLY) fails its
 * own matches, with its reason, and the others are deleted.
 */
import { type AppError, isAppError, unprocessable } from "../errors/index.ts";
import { matchesFilter, validateFilterAgainst } from "../filters/index.ts";
import type { BatchDeleteOutcome, BatchDeleteRequest } from "./inputs.ts";
import type { ObjectService } from "./service.ts";

export async function batchDelete(
  service: ObjectService,
  request: BatchDeleteRequest,
  tenant?: string,
): Promise<BatchDeleteOutcome> {
  const collection = service.collections.get(request.className);
  if (!collection) throw unprocessable(`failed to get class: ${request.className}`);
  validateFilterAgainst(request.filter, collection, { getCollection: (name) => service.collections.get(name) });
  const limit = service.config.queryMaximumResults;
  const shard = await service.shardOf(collection, tenant, "write");
  const matched: string[] = [];
  if (service.matcher) {
    matched.push(...(await service.matcher.matchingIds(collection, request.filter, limit, tenant)));
  } else {
    for await (const { object } of shard.scan()) {
      if (matchesFilter(request.filter, object, collection)) matched.push(object.id);
      if (matched.length >= limit) break;
    }
  }
  const failures = new Map<string, AppError>();
  const deleted = new Set<string>();
  if (!request.dryRun) {
    for (const part of shard.partition(matched, (id) => id)) {
      try {
        for (const id of await part.shard.delete(part.items)) deleted.add(id);
      } catch (error) {
        if (!isAppError(error)) throw error;
        for (const id of part.items) failures.set(id, error);
      }
    }
  }
  const objects = matched.map((id): BatchDeleteOutcome["objects"][number] => {
    if (request.dryRun) return { id, status: "DRYRUN" };
    if (deleted.has(id)) return { id, status: "SUCCESS" };
    return { id, status: "FAILED", error: failures.get(id) ?? unprocessable("object was deleted concurrently") };
  });
  return {
    className: collection.class,
    limit,
    objects,
    successful: request.dryRun ? 0 : deleted.size,
    failed: request.dryRun ? 0 : matched.length - deleted.size,
  };
}
