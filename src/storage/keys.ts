/**
 * Key layout of a shard keyspace. One prefix byte per family keeps families apart and lets a
 * range scan cover exactly one family:
 *   o<uuid>                     → object record (ascending UUID order = listing order)
 *   d<docId u64 BE>             → uuid of the live object holding that vector label
 *   t<docId u64 BE>             → a vector label deleted since the last index save
 *   m<name>                     → shard metadata (counters)
 *   i<prop>\0<type><value>\0<uuid> → inverted-index entry for where filters
 *   w<prop>\0<term>\0<docId>    → bm25 posting (term frequency), see postings.ts
 *   l<prop>\0<docId>            → a searchable property's length in one document
 */

export const Prefix = {
  object: 0x6f, // o
  docId: 0x64, // d
  tombstone: 0x74, // t
  meta: 0x6d, // m
  inverted: 0x69, // i
  posting: 0x77, // w
  propertyLength: 0x6c, // l
} as const;

export function objectKey(uuid: string): Buffer {
  const key = Buffer.allocUnsafe(1 + uuid.length);
  key[0] = Prefix.object;
  key.write(uuid, 1, "latin1");
  return key;
}

export function uuidFromObjectKey(key: Buffer): string {
  return key.toString("latin1", 1);
}

function docIdKeyWith(prefix: number, docId: number): Buffer {
  const key = Buffer.allocUnsafe(9);
  key[0] = prefix;
  key.writeBigUInt64BE(BigInt(docId), 1);
  return key;
}

export const docIdKey = (docId: number) => docIdKeyWith(Prefix.docId, docId);
export const tombstoneKey = (docId: number) => docIdKeyWith(Prefix.tombstone, docId);

export function docIdFromKey(key: Buffer): number {
  return Number(key.readBigUInt64BE(1));
}

export function metaKey(name: string): Buffer {
  return Buffer.concat([Buffer.from([Prefix.meta]), Buffer.from(name, "utf8")]);
}

/** The smallest key above every key of a one-byte prefix family. */
export function prefixEnd(prefix: number): Buffer {
  return Buffer.from([prefix + 1]);
}

export function prefixStart(prefix: number): Buffer {
  return Buffer.from([prefix]);
}

/** Encodes a double so that byte order equals numeric order (for range scans). */
export function sortableNumber(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(8);
  buffer.writeDoubleBE(value === 0 ? 0 : value); // folds -0 into 0
  if (buffer[0]! & 0x80) {
    for (let i = 0; i < 8; i++) buffer[i] = ~buffer[i]! & 0xff;
  } else {
    buffer[0] = buffer[0]! | 0x80;
  }
  return buffer;
}

export function numberFromSortable(buffer: Buffer): number {
  const copy = Buffer.from(buffer);
  if (copy[0]! & 0x80) {
    copy[0] = copy[0]! & 0x7f;
  } else {
    for (let i = 0; i < 8; i++) copy[i] = ~copy[i]! & 0xff;
  }
  return copy.readDoubleBE(0);
}
