/**
 * The keyword index between RocksDB and memory: loading a shard's `l` / `w` families into a
 * KeywordIndex (lengths first, so each posting's block bounds know its document's length), and
 * indexing a shard written before keyword search existed, once, when it opens.
 */
import type { Collection, PropertyTerms } from "../domain/index.ts";
import type { Mutex } from "../lib/index.ts";
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

/** What KEYWORD_FORMAT holds once the postings are complete; another value means "rebuild". */
export const KEYWORD_FORMAT_VERSION = 1;

/**
 * Writes the postings of every stored object unless the shard already has them in this format
 * (KEYWORD_FORMAT), then marks it: shards from before keyword search have none, shards of another
 * format lose theirs first. Idempotent: a crash half-way leaves postings the next open rewrites.
 */
export async function ensureKeywordPostings(store: KeyValueStore, collection: Collection): Promise<void> {
  const mark = await store.get(KEYWORD_FORMAT);
  if (mark?.[0] === KEYWORD_FORMAT_VERSION) return;
  let ops: WriteOp[] = [];
  if (mark !== undefined) {
    for (const prefix of [Prefix.posting, Prefix.propertyLength]) {
      for await (const key of store.keys(family(prefix))) ops.push({ type: "del", key });
    }
  }
  let pending = 0;
  for await (const [key, value] of store.entries(family(Prefix.object))) {
    keywordOps(collection, decodeRecord(uuidFromObjectKey(key), value), ops, "put");
    if (++pending >= REINDEX_CHUNK) {
      await store.write(ops, { sync: false });
      ops = [];
      pending = 0;
    }
  }
  ops.push({ type: "put", key: KEYWORD_FORMAT, value: Buffer.from([KEYWORD_FORMAT_VERSION]) });
  await store.write(ops, { sync: true });
}

/** A shard's keyword index in memory: loaded once, then kept current with each acknowledged write. */
export class KeywordMemory {
  private loading: Promise<KeywordIndex> | undefined;
  private loaded: KeywordIndex | undefined;

  constructor(private readonly store: KeyValueStore) {}

  /** Loads under the shard's write lock, so no write falls between the load and the upkeep. */
  index(writes: Mutex): Promise<KeywordIndex> {
    this.loading ??= writes.run(async () => {
      this.loaded = await loadKeywordIndex(this.store);
      return this.loaded;
    });
    return this.loading;
  }

  /** Applies an acknowledged write (removed versions first), once the index is loaded. */
  update(removed: ReadonlyArray<[number, PropertyTerms[]]>, added: ReadonlyArray<[number, PropertyTerms[]]>): void {
    const index = this.loaded;
    if (!index) return;
    for (const [docId, terms] of removed) index.remove(docId, terms);
    for (const [docId, terms] of added) index.add(docId, terms);
  }
}
