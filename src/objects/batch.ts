/**
 * POST /v1/batch/objects: an upsert of many objects with one outcome per object. A bad object
 * fails alone; the good ones of each collection and tenant are written in one atomic, synced
 * RocksDB batch per shard. Auto-schema runs once per collection for the whole batch.
 */
import { normalizeClassName } from "../collections/index.ts";
import { type Collection, checkVectorLengths, type StoredObject } from "../domain/index.ts";
import { type AppError, isAppError, unprocessable } from "../errors/index.ts";
import { newUuid, pushTo, yieldToEventLoop } from "../lib/index.ts";
import { buildObject, parseId } from "./build.ts";
import type { BatchItem, BatchOutcome, ObjectInput } from "./inputs.ts";
import type { ObjectService } from "./service.ts";

/**
 * Objects built between two yields to the event loop, so a huge batch does not stall others;
 * batches of up to this many never yield (and keep the order in which their requests came).
 */
const YIELD_EVERY = 1000;

/** The AppError a failed step raised; anything else is a bug and goes up. */
function appErrorOf(error: unknown): AppError {
  if (isAppError(error)) return error;
  throw error;
}

export interface Pending {
  index: number;
  body: ObjectInput;
}

/** A batch split by collection, input order kept in each group. */
export interface GroupedBatch {
  /** The outcome of each item already decided (refused by its transport, or without a class). */
  failed: Map<number, AppError>;
  byClass: Map<string, Pending[]>;
}

/** Groups the batch's items by collection, setting aside those that cannot be written. Linear. */
export function groupBatch(items: ReadonlyArray<BatchItem<ObjectInput>>): GroupedBatch {
  const failed = new Map<number, AppError>();
  const byClass = new Map<string, Pending[]>();
  items.forEach((item, index) => {
    if ("invalid" in item) failed.set(index, item.invalid);
    else if (!item.ok.class) failed.set(index, unprocessable("object has an empty class"));
    else pushTo(byClass, normalizeClassName(item.ok.class), { index, body: item.ok });
  });
  return { failed, byClass };
}

/** One collection's items by tenant ("" for none), input order kept. */
export function byTenant(pending: readonly Pending[]): Map<string, Pending[]> {
  const groups = new Map<string, Pending[]>();
  for (const item of pending) pushTo(groups, item.body.tenant ?? "", item);
  return groups;
}

export async function batchObjects(
  service: ObjectService,
  items: ReadonlyArray<BatchItem<ObjectInput>>,
): Promise<BatchOutcome[]> {
  if (items.length === 0) {
    throw unprocessable("invalid param 'objects': cannot be empty, need at least one object for batching");
  }
  const outcomes = new Array<BatchOutcome>(items.length);
  const { failed, byClass } = groupBatch(items);
  for (const [index, error] of failed) outcomes[index] = { error };
  for (const [className, pending] of byClass) {
    await writeClass(service, className, pending, outcomes);
  }
  return outcomes;
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
  outcomes: BatchOutcome[],
): Promise<void> {
  let collection: Collection;
  try {
    collection = await collectionFor(service, className, pending);
  } catch (error) {
    const failure = appErrorOf(error);
    for (const { index } of pending) outcomes[index] = { error: failure };
    return;
  }
  for (const [tenant, items] of byTenant(pending)) await writeTenant(service, collection, tenant, items, outcomes);
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
  outcomes: BatchOutcome[],
): Promise<void> {
  let shard: Awaited<ReturnType<ObjectService["shardOf"]>>;
  try {
    shard = await service.shardOf(collection, tenant === "" ? undefined : tenant, "write");
  } catch (error) {
    const failure = appErrorOf(error);
    for (const { index } of pending) outcomes[index] = { error: failure };
    return;
  }
  const now = Date.now();
  const dimensions = new Map<string, number>();
  const ready: Array<{ index: number; object: StoredObject }> = [];
  for (const [n, { index, body }] of pending.entries()) {
    if (n > 0 && n % YIELD_EVERY === 0) await yieldToEventLoop();
    try {
      const id = parseId(body.id, newUuid);
      const object = await buildObject(collection, body, { id, now }, service.classLookup);
      // Checked here as well as in the shard so one bad vector fails only its own object.
      checkVectorLengths(object.vectors, (space) => shard.dimensions(space), dimensions);
      ready.push({ index, object });
    } catch (error) {
      outcomes[index] = { error: appErrorOf(error) };
    }
  }
  for (const part of shard.partition(ready, ({ object }) => object.id)) {
    try {
      await part.shard.put(part.items.map(({ object }) => object), { keepCreationTime: true });
      for (const { index, object } of part.items) outcomes[index] = { object };
    } catch (error) {
      const failure = appErrorOf(error);
      for (const { index } of part.items) outcomes[index] = { error: failure };
    }
  }
}
