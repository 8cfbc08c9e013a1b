/**
 * The RocksDB writes that add or remove one object record in a shard's keyspace: the record
 * itself, its docId → uuid label, its inverted-index entries (valued with the label, so a
 * filter result is directly an allow-list) and, on removal, a tombstone for the vector index
 * to catch up with after a crash; its bm25 postings and property lengths. Plus the shard's
 * counters and flags under meta keys.
 */
import { type Collection, documentTerms, type PropertyTerms } from "../domain/index.ts";
import {
  docIdKey,
  encodeRecord,
  invertedKeysFor,
  metaKey,
  type ObjectRecord,
  objectKey,
  postingKey,
  propertyLengthKey,
  tombstoneKey,
  u32,
  type WriteOp,
} from "../storage/index.ts";

export const DOC_ID_COUNTER = metaKey("docIdCounter");
export const OBJECT_COUNT = metaKey("objectCount");
/** Present (empty) while the shard is READONLY; kept with the data so a restart keeps it. */
export const READ_ONLY = metaKey("readOnly");
/**
 * Present once the shard's bm25 postings cover every object: shards written before keyword
 * search existed lack it and are indexed when they open.
 */
export const KEYWORD_FORMAT = metaKey("keywordFormat");

export function encodeCounter(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
}

export function decodeCounter(buffer: Buffer | undefined): number {
  return buffer ? Number(buffer.readBigUInt64BE(0)) : 0;
}

/** The postings and property lengths of one object version; returns what they index. */
export function keywordOps(collection: Collection, record: ObjectRecord, ops: WriteOp[], type: "put" | "del"): PropertyTerms[] {
  const terms = documentTerms(collection, record.object.properties);
  for (const { property, length, frequencies } of terms) {
    const lengthKey = propertyLengthKey(property, record.docId);
    ops.push(type === "put" ? { type, key: lengthKey, value: u32(length) } : { type, key: lengthKey });
    for (const [term, freq] of frequencies) {
      const key = postingKey(property, term, record.docId);
      ops.push(type === "put" ? { type, key, value: u32(freq) } : { type, key });
    }
  }
  return terms;
}

/** The writes that store one object version; returns what it puts into the keyword index. */
export function additionOps(collection: Collection, record: ObjectRecord, ops: WriteOp[]): PropertyTerms[] {
  const { object, docId } = record;
  ops.push({ type: "put", key: objectKey(object.id), value: encodeRecord(record) });
  ops.push({ type: "put", key: docIdKey(docId), value: Buffer.from(object.id, "latin1") });
  const label = encodeCounter(docId);
  for (const key of invertedKeysFor(collection, object.id, object.properties)) {
    ops.push({ type: "put", key, value: label });
  }
  return keywordOps(collection, record, ops, "put");
}

/** The writes that remove one object version; returns what it took out of the keyword index. */
export function removalOps(collection: Collection, record: ObjectRecord, ops: WriteOp[]): PropertyTerms[] {
  const { object, docId } = record;
  ops.push({ type: "del", key: objectKey(object.id) });
  ops.push({ type: "del", key: docIdKey(docId) });
  ops.push({ type: "put", key: tombstoneKey(docId), value: Buffer.alloc(0) });
  for (const key of invertedKeysFor(collection, object.id, object.properties)) {
    ops.push({ type: "del", key });
  }
  return keywordOps(collection, record, ops, "del");
}
