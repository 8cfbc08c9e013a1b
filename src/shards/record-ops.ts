/**
 * The RocksDB writes that add or remove one object record in a shard's keyspace: the record
 * itself, its docId → uuid label, its inverted-index entries (valued with the label, so a
 * filter result is directly an allow-list) and, on removal, a tombstone for the vector index
 * to catch up with after a crash. Plus the shard's counters and flags under meta keys.
 */
import type { Collection } from "../domain/index.ts";
import {
  docIdKey,
  encodeRecord,
  invertedKeysFor,
  metaKey,
  type ObjectRecord,
  objectKey,
  tombstoneKey,
  type WriteOp,
} from "../storage/index.ts";

export const DOC_ID_COUNTER = metaKey("docIdCounter");
export const OBJECT_COUNT = metaKey("objectCount");
/** Present (empty) while the shard is READONLY; kept with the data so a restart keeps it. */
export const READ_ONLY = metaKey("readOnly");

export function encodeCounter(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
}

export function decodeCounter(buffer: Buffer | undefined): number {
  return buffer ? Number(buffer.readBigUInt64BE(0)) : 0;
}

export function additionOps(collection: Collection, record: ObjectRecord, ops: WriteOp[]): void {
  const { object, docId } = record;
  ops.push({ type: "put", key: objectKey(object.id), value: encodeRecord(record) });
  ops.push({ type: "put", key: docIdKey(docId), value: Buffer.from(object.id, "latin1") });
  const label = encodeCounter(docId);
  for (const key of invertedKeysFor(collection, object.id, object.properties)) {
    ops.push({ type: "put", key, value: label });
  }
}

export function removalOps(collection: Collection, record: ObjectRecord, ops: WriteOp[]): void {
  const { object, docId } = record;
  ops.push({ type: "del", key: objectKey(object.id) });
  ops.push({ type: "del", key: docIdKey(docId) });
  ops.push({ type: "put", key: tombstoneKey(docId), value: Buffer.alloc(0) });
  for (const key of invertedKeysFor(collection, object.id, object.properties)) {
    ops.push({ type: "del", key });
  }
}
