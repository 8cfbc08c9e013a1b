/**
 * The keyword index between RocksDB and memory: loading a shard's `l` / `w` families into a
 * KeywordIndex (lengths first, so each posting's block bounds know its document's length), and
 * indexing a shard written before keyword search existed, once, when it opens.
 */
import type { Collection } from "../domain/index.ts";
import {
  decodePostingKey,
  decodePropertyLengthKey,
  decodeRecord,
  type KeyValueStore,
  Prefix,
  prefixEnd,
  prefixStart,
  uuidFromObjectKey,
  type WriteOp,
} from "../storage/index.ts";
import { KeywordIndex } from "./keyword-index.ts";
import { KEYWORD_FORMAT, keywordOps } from "./record-ops.ts";

const READ_AHEAD = 1024 * 1024;
/** Objects whose postings go into one RocksDB batch when an old shard is indexed. */
const REINDEX_CHUNK = 1000;

const family = (prefix: number) => ({ gte: prefixStart(prefix), lt: prefixEnd(prefix), readAheadBytes: READ_AHEAD });

export async function loadKeywordIndex(store: KeyValueStore): Promise<KeywordIndex> {
  const index = new KeywordIndex();
  for await (const [key, value] of store.entries(family(Prefix.propertyLength))) {
    const { property, docId } = decodePropertyLengthKey(key);
    index.loadLength(property, docId, value.readUInt32BE(0));
  }
  for await (const [key, value] of store.entries(family(Prefix.posting))) {
    const { property, term, docId } = decodePostingKey(key);
    index.load(property, term, docId, value.readUInt32BE(0));
  }
  return index;
}

/**
 * Writes the postings of every stored object unless the shard already has them (KEYWORD_FORMAT),
 * then marks it. Idempotent: a crash half-way leaves postings that the next open rewrites as is.
 */
export async function ensureKeywordPostings(store: KeyValueStore, collection: Collection): Promise<void> {
  if ((await store.get(KEYWORD_FORMAT)) !== undefined) return;
  let ops: WriteOp[] = [];
  let pending = 0;
  for await (const [key, value] of store.entries(family(Prefix.object))) {
    keywordOps(collection, decodeRecord(uuidFromObjectKey(key), value), ops, "put");
    if (++pending >= REINDEX_CHUNK) {
      await store.write(ops, { sync: false });
      ops = [];
      pending = 0;
    }
  }
  ops.push({ type: "put", key: KEYWORD_FORMAT, value: Buffer.from([1]) });
  await store.write(ops, { sync: true });
}
