/**
 * POST /v1/batch/objects: an upsert of many objects with one result per object. A bad object
 * fails alone; the good ones of each collection are written in one atomic, synced RocksDB
 * batch. Auto-schema runs once per collection for the whole batch.
 */
import { normalizeClassName } from "../collections/index.ts";
import { type Collection, checkVectorLengths, type StoredObject } from "../domain/index.ts";
import { isAppError, unprocessable } from "../errors/index.ts";
import { newUuid, pushTo, yieldToEventLoop } from "../lib/index.ts";
import { type IgnoredObjectKeys, type ObjectBody, parseObjectBody } from "./body.ts";
import { buildObject, parseId } from "./build.ts";
import type { ObjectService } from "./service.ts";

/** Objects built between two yields to the event loop, so a huge batch does not stall others. */
const YIELD_EVERY = 1000;

/** One input object's outcome, in input order. */
export interface BatchItemResult {
  /** The input as received, or as parsed once its shape was valid (echoed when the object failed). */
  input: unknown;
  object?: StoredObject;
  error?: string;
}

function messageOf(error: unknown): string {
  if (isAppError(error)) return error.message;
  throw error;
}

export interface Pending {
  index: number;
  body: ObjectBody;
}

/** A batch split by collection, input order kept in each group. */
export interface GroupedBatch {
  results: BatchItemResult[];
  byClass: Map<string, Pending[]>;
}

/**
 * Parses each item and groups the good ones by collection; a bad item gets its error in
 * `results` and no group. Linear in the batch size.
 */
export function groupBatch(objects: readonly unknown[], ignored?: IgnoredObjectKeys): GroupedBatch {
  const results: BatchItemResult[] = objects.map((item) => ({ input: item }));
  const byClass = new Map<string, Pending[]>();
  objects.forEach((item, index) => {
    try {
      const body = parseObjectBody(item, ignored, `objects[${index}]`);
      // A failure echoes the object as parsed, as Weaviate echoes its models.Object.
      results[index]!.input = body;
      if (!body.class) throw unprocessable("object has an empty class");
      pushTo(byClass, normalizeClassName(body.class), { index, body });
    } catch (error) {
      results[index]!.error = messageOf(error);
    }
  });
  return { results, byClass };
}

/** One collection's items by tenant ("" for none), input order kept. */
export function byTenant(pending: readonly Pending[]): Map<string, Pending[]> {
  const groups = new Map<string, Pending[]>();
  for (const item of pending) pushTo(groups, item.body.tenant ?? "", item);
  return groups;
}

export async function batchObjects(service: ObjectService, input: unknown): Promise<BatchItemResult[]> {
  const objects = (input as { objects?: unknown } | undefined)?.objects;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw unprocessable("invalid body: expected {\"objects\": [...]}");
  }
  if (!Array.isArray(objects) || objects.length === 0) {
    throw unprocessable("invalid param 'objects': cannot be empty, need at least one object for batching");
  }
  const { results, byClass } = groupBatch(objects, service.ignoredKeys);
  for (const [className, pending] of byClass) {
    await writeClass(service, className, pending, results);
  }
  return results;
}

async function collectionFor(service: ObjectService, className: string, pending: Pending[]) {
  if (!service.config.autoschema.enabled && !service.collections.get(className)) {
    throw unprocessable(`class '${className}' not present in schema`);
  }
  return service.collectionForWrite(className, pending.map(({ body }) => body.properties ?? {}));
}

async function writeClass(
  service: ObjectService,
  className: string,
  pending: Pending[],
  results: BatchItemResult[],
): Promise<void> {
  let collection: Collection;
  try {
    collection = await collectionFor(service, className, pending);
  } catch (error) {
    const message = messageOf(error);
    for (const { index } of pending) results[index]!.error = message;
    return;
  }
  for (const [tenant, items] of byTenant(pending)) await writeTenant(service, collection, tenant, items, results);
}

/**
 * The objects of one collection and one tenant ("" for none): one atomic write per physical
 * shard, so a shard that refuses (e.g. READONLY) fails only the objects placed in it.
 */
async function writeTenant(
  service: ObjectService,
  collection: Collection,
  tenant: string,
  pending: Pending[],
  results: BatchItemResult[],
): Promise<void> {
  let shard: Awaited<ReturnType<ObjectService["shardOf"]>>;
  try {
    shard = await service.shardOf(collection, tenant === "" ? undefined : tenant, "write");
  } catch (error) {
    const message = messageOf(error);
    for (const { index } of pending) results[index]!.error = message;
    return;
  }
  const now = Date.now();
  const dimensions = new Map<string, number>();
  const ready: Array<{ index: number; object: StoredObject }> = [];
  for (const [n, { index, body }] of pending.entries()) {
    if (n % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    try {
      const id = parseId(body.id, newUuid);
      const object = await buildObject(collection, body, { id, now }, service.classLookup);
      // Checked here as well as in the shard so one bad vector fails only its own object.
      checkVectorLengths(object.vectors, (space) => shard.dimensions(space), dimensions);
      ready.push({ index, object });
    } catch (error) {
      results[index]!.error = messageOf(error);
    }
  }
  for (const part of shard.partition(ready, ({ object }) => object.id)) {
    try {
      await part.shard.put(part.items.map(({ object }) => object), { keepCreationTime: true });
      for (const { index, object } of part.items) results[index]!.object = object;
    } catch (error) {
      const message = messageOf(error);
      for (const { index } of part.items) results[index]!.error = message;
    }
  }
}
