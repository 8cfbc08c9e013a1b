/**
 * A shard's data as one stream, for backups (and later tenant offloads): its object records as
 * read by one RocksDB iterator, i.e. one point-in-time view. Vectors live inside the records, so a
 * snapshot never holds an object without its vector or the other way round; everything derived
 * (inverted entries, vector labels, the HNSW index) is rebuilt when the snapshot is loaded.
 *
 * Stream format (our own; the version lets a newer reader refuse nothing it understands):
 *   "WVTSSNAP" | u16 version | frames: u32 keyLength | key | u32 valueLength | value | ... |
 *   u32 0xFFFFFFFF (end marker, so a truncated stream is detected)
 */
import { promises as fs } from "node:fs";
import { Readable } from "node:stream";
import type { Collection, StoredObject } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { decodeRecord, Prefix, uuidFromObjectKey } from "../storage/index.ts";
import { Shard } from "./shard.ts";

export const SNAPSHOT_FORMAT_VERSION = 1;
const MAGIC = Buffer.from("WVTSSNAP", "latin1");
const END = 0xffffffff;
const BATCH_BYTES = 256 * 1024;

/** Encodes key/value pairs as a snapshot stream, in batches of about 256 KiB. */
export function encodeSnapshot(entries: AsyncIterable<[Buffer, Buffer]>): Readable {
  async function* frames(): AsyncIterable<Buffer> {
    const header = Buffer.alloc(MAGIC.length + 2);
    MAGIC.copy(header);
    header.writeUInt16BE(SNAPSHOT_FORMAT_VERSION, MAGIC.length);
    yield header;
    let batch: Buffer[] = [];
    let size = 0;
    for await (const [key, value] of entries) {
      const lengths = Buffer.allocUnsafe(4);
      lengths.writeUInt32BE(key.length);
      const valueLength = Buffer.allocUnsafe(4);
      valueLength.writeUInt32BE(value.length);
      batch.push(lengths, key, valueLength, value);
      size += 8 + key.length + value.length;
      if (size >= BATCH_BYTES) {
        yield Buffer.concat(batch);
        batch = [];
        size = 0;
      }
    }
    const end = Buffer.allocUnsafe(4);
    end.writeUInt32BE(END);
    batch.push(end);
    yield Buffer.concat(batch);
  }
  return Readable.from(frames());
}

/** Reads a snapshot stream back into key/value pairs; a damaged or truncated stream throws. */
export async function* decodeSnapshot(stream: AsyncIterable<Buffer | string>): AsyncIterable<[Buffer, Buffer]> {
  let pending = Buffer.alloc(0);
  let headerRead = false;
  let ended = false;
  for await (const chunk of stream) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, Buffer.from(chunk)]);
    let at = 0;
    if (!headerRead) {
      if (pending.length < MAGIC.length + 2) continue;
      if (!pending.subarray(0, MAGIC.length).equals(MAGIC)) throw unprocessable("not a shard snapshot");
      const version = pending.readUInt16BE(MAGIC.length);
      if (version > SNAPSHOT_FORMAT_VERSION) {
        throw unprocessable(`shard snapshot format ${version} is newer than this server reads (${SNAPSHOT_FORMAT_VERSION})`);
      }
      at = MAGIC.length + 2;
      headerRead = true;
    }
    while (!ended && pending.length - at >= 4) {
      const keyLength = pending.readUInt32BE(at);
      if (keyLength === END) {
        ended = true;
        at += 4;
        break;
      }
      if (pending.length - at < 4 + keyLength + 4) break;
      const valueLength = pending.readUInt32BE(at + 4 + keyLength);
      const frameEnd = at + 8 + keyLength + valueLength;
      if (pending.length < frameEnd) break;
      const key = Buffer.from(pending.subarray(at + 4, at + 4 + keyLength));
      const value = Buffer.from(pending.subarray(at + 8 + keyLength, frameEnd));
      at = frameEnd;
      yield [key, value];
    }
    pending = pending.subarray(at);
    if (ended && pending.length > 0) throw unprocessable("shard snapshot has data after its end marker");
  }
  if (!headerRead || !ended) throw unprocessable("shard snapshot is truncated");
}

const LOAD_BATCH = 512;

/**
 * Builds a shard in the empty directory `dir` from a snapshot's object records and opens it: the
 * objects are written as a batch import would write them (inverted entries, vector labels and
 * counters derived again, vectors indexed), keeping their ids and timestamps.
 */
export async function loadShard(
  dir: string,
  name: string,
  collection: Collection,
  entries: AsyncIterable<[Buffer, Buffer]>,
): Promise<Shard> {
  await fs.mkdir(dir, { recursive: true });
  if ((await fs.readdir(dir)).length > 0) throw unprocessable(`cannot load a shard into ${dir}: not empty`);
  const shard = await Shard.open(dir, name, collection);
  try {
    let batch: StoredObject[] = [];
    for await (const [key, value] of entries) {
      if (key[0] !== Prefix.object) throw unprocessable("shard snapshot holds something other than object records");
      batch.push(decodeRecord(uuidFromObjectKey(key), value).object);
      if (batch.length >= LOAD_BATCH) {
        await shard.put(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await shard.put(batch);
  } catch (error) {
    await shard.close({ save: false });
    throw error;
  }
  return shard;
}
