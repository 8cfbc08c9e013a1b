/**
 * SHA-256 and byte count of a stream as it passes, without holding it: backups hash their chunks
 * on the way out and in, tenant offloads their archives.
 */
import { createHash, type Hash } from "node:crypto";
import { Transform } from "node:stream";

export class Tally {
  readonly #hash: Hash = createHash("sha256");
  #bytes = 0;
  #digest: string | undefined;

  get bytes(): number {
    return this.#bytes;
  }

  /** The hex SHA-256; the tally is closed afterwards. */
  get sha256(): string {
    this.#digest ??= this.#hash.digest("hex");
    return this.#digest;
  }

  #count(chunk: Buffer): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
  }

  /** Passes `source` through unchanged, counting and hashing every chunk. */
  async *tallied(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer, void, undefined> {
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      this.#count(buffer);
      yield buffer;
    }
  }

  /** The same as a stream stage; `onChunk` hears each piece's size (progress). */
  transform(onChunk?: (bytes: number) => void): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.#count(chunk);
        onChunk?.(chunk.length);
        done(null, chunk);
      },
    });
  }
}

/** Reads `source` to its end and returns its tally. */
export async function tallyOf(source: AsyncIterable<Uint8Array>): Promise<Tally> {
  const tally = new Tally();
  for await (const _ of tally.tallied(source));
  return tally;
}
