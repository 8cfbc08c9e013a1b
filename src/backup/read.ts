/**
 * Reading a backup back: descriptors, and each chunk as the key/value pairs of its shard
 * snapshot, decompressed and hashed as it streams. A chunk whose SHA-256 differs from the
 * descriptor's fails at its end, before the caller makes anything visible.
 */
import type { Readable } from "node:stream";
import { unprocessable } from "../errors/index.ts";
import { Tally } from "../lib/index.ts";
import { decompressor } from "./compression.ts";
import type { ChunkDescriptor, CompressionType } from "./format.ts";
import type { BackupBackend, BackupLocation } from "./ports.ts";

/** Reads a JSON descriptor (small by construction). */
export async function readJson<T>(backend: BackupBackend, id: string, key: string, location?: BackupLocation): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of await backend.read(id, key, location)) chunks.push(Buffer.from(chunk));
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
  } catch {
    throw unprocessable(`backup ${id}: ${key} is not valid JSON`);
  }
}

/**
 * The decompressed snapshot stream of one chunk. `verified()` resolves once the stream has been
 * read to its end with the right checksum, and rejects otherwise.
 */
export async function readChunk(
  backend: BackupBackend,
  id: string,
  chunk: ChunkDescriptor,
  compression: CompressionType,
  location?: BackupLocation,
): Promise<{ stream: Readable; verified: () => void }> {
  const tally = new Tally();
  const hashing = tally.transform();
  const source = (await backend.read(id, chunk.key, location)) as Readable;
  const decompress = decompressor(compression);
  const fail = (error: Error) => decompress.destroy(error);
  source.on("error", fail);
  hashing.on("error", fail);
  const stream = source.pipe(hashing).pipe(decompress);
  return {
    stream,
    verified: () => {
      const { bytes, sha256 } = tally;
      if (bytes !== chunk.bytes || sha256 !== chunk.sha256) {
        throw unprocessable(
          `backup ${id}: ${chunk.key} is damaged: expected ${chunk.bytes} bytes with sha256 ${chunk.sha256}, read ${bytes} bytes with ${sha256}`,
        );
      }
    },
  };
}
