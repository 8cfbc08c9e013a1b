/**
 * The codecs of backup chunks, in one place: gzip (Weaviate's default), zstd and none, each as a
 * stream so a chunk never sits whole in memory.
 *
 * gzip with more than one worker compresses blocks of 1 MiB concurrently on libuv's thread pool
 * and writes them as consecutive gzip members, in order. A multi-member file is ordinary gzip
 * (RFC 1952 §2.2; gunzip, Go's gzip reader and Node's createGunzip read it whole); it is how a
 * backup uses more than one core, as CPUPercentage asks, where one deflate stream is serial.
 *
 * zstd comes from zstd-napi (zstd's own C library, Node-API, so the same build runs on Node 20 and
 * 24): node:zlib only gained zstd in Node 22.15.
 */
import { availableParallelism } from "node:os";
import { PassThrough, Transform } from "node:stream";
import { promisify } from "node:util";
import { createGunzip, createGzip, gzip } from "node:zlib";
import { CompressStream, DecompressStream } from "zstd-napi";
import type { CompressionType } from "./format.ts";

export interface ChunkCompression {
  type: CompressionType;
  /** gzip 1..9 or -1 (zlib's default); zstd 1..22; ignored for none. */
  level: number;
  /** Blocks compressed at once (gzip only). */
  workers: number;
}

/** Compression threads for a CPUPercentage (Weaviate: the share of the cores a backup may use). */
export function workersFor(cpuPercentage: number): number {
  return Math.max(1, Math.floor((availableParallelism() * cpuPercentage) / 100));
}

const GZIP_BLOCK_BYTES = 1024 * 1024;
const gzipBlock = promisify(gzip);

/** gzip members of GZIP_BLOCK_BYTES input each, `workers` of them compressing at a time. */
function parallelGzip(level: number, workers: number): Transform {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const inFlight: Array<Promise<Buffer>> = [];
  const launch = () => {
    const block = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const compressed = gzipBlock(block, { level });
    // Awaited in order below; this only keeps a failure from being reported as unhandled first.
    compressed.catch(() => undefined);
    inFlight.push(compressed);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < GZIP_BLOCK_BYTES) return done();
      launch();
      // Holding `done` until a slot frees is the backpressure: at most `workers` blocks in flight.
      if (inFlight.length < workers) return done();
      (inFlight.shift() as Promise<Buffer>).then((block) => done(null, block), done);
    },
    flush(done) {
      if (pendingBytes > 0) launch();
      Promise.all(inFlight.splice(0)).then((blocks) => {
        for (const block of blocks) this.push(block);
        done();
      }, done);
    },
  });
}

export function compressor(compression: ChunkCompression): Transform {
  switch (compression.type) {
    case "none":
      return new PassThrough();
    case "zstd":
      return new CompressStream({ compressionLevel: compression.level });
    case "gzip":
      return compression.workers > 1
        ? parallelGzip(compression.level, compression.workers)
        : createGzip({ level: compression.level });
  }
}

export function decompressor(type: CompressionType): Transform {
  switch (type) {
    case "none":
      return new PassThrough();
    case "zstd":
      return new DecompressStream();
    case "gzip":
      return createGunzip();
  }
}
