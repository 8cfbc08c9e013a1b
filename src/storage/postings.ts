/**
 * Keyword-search (bm25) keys. Per searchable property and term, one posting per document
 *   w <property> 0x00 <term> 0x00 <docId u64 BE>   →   term frequency (u32 BE)
 * so one term's postings are one range in docId order; per property and document its length
 *   l <property> 0x00 <docId u64 BE>                →   token count (u32 BE)
 * Keyed by docId (the object version's vector label), postings of a replaced version are simply
 * deleted with it, and a filter's allow-list (docIds) applies to them directly.
 */
import { Prefix } from "./keys.ts";

const SEPARATOR = 0x00;

function u64(docId: number): Buffer {
  const buffer = Buffer.allocUnsafe(8);
  buffer.writeBigUInt64BE(BigInt(docId));
  return buffer;
}

export function u32(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

export function postingKey(property: string, term: string, docId: number): Buffer {
  return Buffer.concat([
    Buffer.from([Prefix.posting]),
    Buffer.from(property, "utf8"),
    Buffer.from([SEPARATOR]),
    Buffer.from(term, "utf8"),
    Buffer.from([SEPARATOR]),
    u64(docId),
  ]);
}

export function propertyLengthKey(property: string, docId: number): Buffer {
  return Buffer.concat([Buffer.from([Prefix.propertyLength]), Buffer.from(property, "utf8"), Buffer.from([SEPARATOR]), u64(docId)]);
}

/** Splits a posting key (terms never hold 0x00: the tokenizer strips it). */
export function decodePostingKey(key: Buffer): { property: string; term: string; docId: number } {
  const first = key.indexOf(SEPARATOR, 1);
  const end = key.length - 8;
  return {
    property: key.toString("utf8", 1, first),
    term: key.toString("utf8", first + 1, end - 1),
    docId: Number(key.readBigUInt64BE(end)),
  };
}

export function decodePropertyLengthKey(key: Buffer): { property: string; docId: number } {
  const end = key.length - 8;
  return { property: key.toString("utf8", 1, end - 1), docId: Number(key.readBigUInt64BE(end)) };
}
