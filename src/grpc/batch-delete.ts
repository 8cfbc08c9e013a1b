/**
 * BatchDelete: the collection and filter of the request go through the use case REST's
 * DELETE /v1/batch/objects uses (same limit, same dry run); the reply counts what matched and,
 * when verbose, lists each object with its id as 16 raw bytes.
 */
import type { BatchDeleteOutcome, BatchDeleteRequest as DeleteRequest } from "../objects/index.ts";
import { invalidArgument } from "./errors.ts";
import { type CollectionLookup, filterOf } from "./filters.ts";
import type { BatchDeleteReply, BatchDeleteRequest } from "./generated/v1/batch_delete.ts";

/** What BatchDelete needs from the objects use case. */
export interface ObjectDeleter {
  batchDelete(request: DeleteRequest, tenant?: string): Promise<BatchDeleteOutcome>;
}

/** A UUID's 16 bytes, as the wire carries ids in this reply. */
export const uuidBytes = (id: string): Buffer => Buffer.from(id.replaceAll("-", ""), "hex");

export async function batchDelete(
  objects: ObjectDeleter,
  collections: CollectionLookup,
  request: BatchDeleteRequest,
  started: number,
): Promise<BatchDeleteReply> {
  if (request.collection === "") throw invalidArgument("empty match.class clause");
  if (!request.filters) throw invalidArgument("empty match.where clause");
  const filter = filterOf(request.filters, collections(request.collection), collections);
  const outcome = await objects.batchDelete(
    { className: request.collection, filter, dryRun: request.dryRun },
    request.tenant || undefined,
  );
  return {
    took: (performance.now() - started) / 1000,
    failed: outcome.failed,
    matches: outcome.objects.length,
    successful: outcome.successful,
    objects: request.verbose
      ? outcome.objects.map((entry) => ({
          uuid: uuidBytes(entry.id),
          successful: entry.status !== "FAILED",
          ...(entry.error ? { error: entry.error.message } : {}),
        }))
      : [],
  };
}
