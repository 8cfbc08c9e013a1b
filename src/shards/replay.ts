/**
 * Bringing a shard's vector indexes up to date with RocksDB when it opens: the indexes are
 * saved only now and then, so anything acknowledged after the last save (inserts newer than
 * it, deletions since) is replayed from the keyspace, and a kill -9 loses nothing.
 */
import {
  decodeRecord,
  docIdFromKey,
  type KeyValueStore,
  objectKey,
  Prefix,
  prefixEnd,
  prefixStart,
} from "../storage/index.ts";
import type { ShardVectors } from "./vectors.ts";

const REPLAY_CHUNK = 512;

/**
 * One pass over the vector labels: fills label → uuid for every live object, re-adds vectors
 * newer than the saved indexes (or all, for spaces to rebuild), then replays deletions made since.
 */
export async function replayIntoIndexes(
  store: KeyValueStore,
  vectors: ShardVectors,
  uuidByLabel: Map<number, string>,
  plan: { savedThrough: number; rebuild: Set<string> },
): Promise<void> {
  const { savedThrough, rebuild } = plan;
  const from = rebuild.size > 0 ? 0 : savedThrough + 1;
  const wanted = (docId: number) => (space: string) => rebuild.has(space) || docId > savedThrough;
  let pending: Array<[number, string]> = [];
  const flush = async () => {
    const records = await store.getMany(pending.map(([, id]) => objectKey(id)));
    pending.forEach(([docId, id], i) => {
      const raw = records[i];
      if (!raw) return;
      const record = decodeRecord(id, raw);
      if (record.docId === docId) vectors.add(docId, record.object.vectors, wanted(docId));
    });
    pending = [];
  };
  const range = { gte: prefixStart(Prefix.docId), lt: prefixEnd(Prefix.docId) };
  for await (const [key, value] of store.entries(range)) {
    const docId = docIdFromKey(key);
    const id = value.toString("latin1");
    uuidByLabel.set(docId, id);
    if (docId < from) continue;
    pending.push([docId, id]);
    if (pending.length >= REPLAY_CHUNK) await flush();
  }
  await flush();
  const tombstones = { gte: prefixStart(Prefix.tombstone), lt: prefixEnd(Prefix.tombstone) };
  for await (const key of store.keys(tombstones)) {
    const docId = docIdFromKey(key);
    if (docId <= savedThrough) vectors.remove(docId);
  }
}
