/** A shard keyspace's object reads in order: by UUID (listings, scans) and by docId (insertion order). */
import type { StoredObject } from "../domain/index.ts";
import { decodeRecord, type KeyValueStore, type ObjectRecord, objectKey, Prefix, prefixEnd, prefixStart } from "../storage/index.ts";

/** Records read per RocksDB multi-get when scanning in docId order. */
const READ_CHUNK = 512;

/** Objects in ascending UUID order, starting after `after` when given. */
export async function listObjects(store: KeyValueStore, options: { after?: string; limit: number }): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  if (options.limit <= 0) return objects;
  const range = {
    ...(options.after ? { gt: objectKey(options.after) } : { gte: prefixStart(Prefix.object) }),
    lt: prefixEnd(Prefix.object),
    limit: options.limit,
  };
  for await (const [key, value] of store.entries(range)) {
    objects.push(decodeRecord(key.toString("latin1", 1), value).object);
  }
  return objects;
}

/** Every object with its vector label, in UUID order. */
export async function* scanByUuid(store: KeyValueStore): AsyncIterable<ObjectRecord> {
  const range = { gte: prefixStart(Prefix.object), lt: prefixEnd(Prefix.object) };
  for await (const [key, value] of store.entries(range)) {
    yield decodeRecord(key.toString("latin1", 1), value);
  }
}

/** Every object with its vector label, in insertion (docId) order, read in chunks by id. */
export async function* scanByDocId(
  store: KeyValueStore,
  getRecords: (ids: string[]) => Promise<Array<ObjectRecord | undefined>>,
): AsyncIterable<ObjectRecord> {
  const range = { gte: prefixStart(Prefix.docId), lt: prefixEnd(Prefix.docId) };
  let pending: string[] = [];
  const flush = async function* (): AsyncIterable<ObjectRecord> {
    const records = await getRecords(pending);
    pending = [];
    for (const record of records) if (record) yield record;
  };
  for await (const [, value] of store.entries(range)) {
    pending.push(value.toString("latin1"));
    if (pending.length >= READ_CHUNK) yield* flush();
  }
  if (pending.length > 0) yield* flush();
}
